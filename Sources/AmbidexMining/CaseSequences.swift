import AmbidexLog

/// Which lifecycle events count. `all`: every event, as pm4py does by
/// default. `complete`: only `complete` events (and events without a
/// lifecycle). `interval`: each `start` is paired with the next `complete` of
/// the same activity in the case, giving one event with a start and an end.
public enum LifecycleMode: String, Sendable, CaseIterable {
    case all, complete, interval
}

/// The events of each case in the order mining uses: sorted by time with a
/// stable sort, so events with equal times keep their file order. Always
/// sorted: pm4py sorts for its DFG but not for variants or start/end
/// activities; Ambidex never mines an unsorted case.
public struct CaseSequences: Sendable {
    public let log: EventLog
    public let mode: LifecycleMode
    /// The events of case `c` are `order[caseStart[c]..<caseStart[c + 1]]`.
    public let caseStart: [Int32]
    public let order: [Int32]
    /// Start time of each position in `order` (in `interval` mode the paired
    /// start; otherwise the event's own time).
    public let startTime: [Int64]
    /// End time of each position (the event's time).
    public let endTime: [Int64]

    public init(_ log: EventLog, lifecycle mode: LifecycleMode = .all) {
        self.log = log
        self.mode = mode
        var caseStart: [Int32] = [0]
        var order: [Int32] = []
        var startTime: [Int64] = []
        order.reserveCapacity(log.eventCount)
        startTime.reserveCapacity(log.eventCount)
        let complete = log.id(of: "complete") ?? -2
        let start = log.id(of: "start") ?? -2
        var scratch: [Int32] = []
        var scratchStart: [Int64] = []
        var openStarts: [Int32: [Int64]] = [:]
        for c in 0..<log.caseCount {
            scratch.removeAll(keepingCapacity: true)
            scratchStart.removeAll(keepingCapacity: true)
            let events = log.events(ofCase: c)
            switch mode {
            case .all:
                for e in events { scratch.append(Int32(e)); scratchStart.append(log.time[e]) }
            case .complete:
                for e in events where log.lifecycle[e] < 0 || log.lifecycle[e] == complete {
                    scratch.append(Int32(e)); scratchStart.append(log.time[e])
                }
            case .interval:
                // Pair in time order: sort the case first, then match starts to completes.
                let sorted = CaseSequences.stableSorted(Array(events).map(Int32.init)) { log.time[Int($0)] }
                openStarts.removeAll(keepingCapacity: true)
                for e32 in sorted {
                    let e = Int(e32)
                    let l = log.lifecycle[e]
                    if l == start {
                        openStarts[log.activity[e], default: []].append(log.time[e])
                    } else if l < 0 || l == complete {
                        var s = log.time[e]
                        if var waiting = openStarts[log.activity[e]], !waiting.isEmpty {
                            s = waiting.removeFirst()
                            openStarts[log.activity[e]] = waiting
                        }
                        scratch.append(e32); scratchStart.append(s)
                    }
                }
            }
            // Stable sort by (start, end): a no-op for the usual, already ordered case.
            let n = scratch.count
            var sorted = true
            for i in 1..<max(n, 1) where (scratchStart[i], log.time[Int(scratch[i])]) < (scratchStart[i - 1], log.time[Int(scratch[i - 1])]) {
                sorted = false
                break
            }
            if sorted {
                order.append(contentsOf: scratch)
                startTime.append(contentsOf: scratchStart)
            } else {
                let idx = (0..<n).sorted { a, b in
                    let ka = (scratchStart[a], log.time[Int(scratch[a])]), kb = (scratchStart[b], log.time[Int(scratch[b])])
                    return ka != kb ? ka < kb : a < b
                }
                for i in idx { order.append(scratch[i]); startTime.append(scratchStart[i]) }
            }
            caseStart.append(Int32(order.count))
        }
        self.caseStart = caseStart
        self.order = order
        self.startTime = startTime
        self.endTime = order.map { log.time[Int($0)] }
    }

    static func stableSorted(_ items: [Int32], by key: (Int32) -> Int64) -> [Int32] {
        items.enumerated().sorted { a, b in
            let ka = key(a.element), kb = key(b.element)
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }

    public var caseCount: Int { caseStart.count - 1 }
    public func positions(ofCase c: Int) -> Range<Int> { Int(caseStart[c])..<Int(caseStart[c + 1]) }
    public func activity(at position: Int) -> Int32 { log.activity[Int(order[position])] }
    public func resource(at position: Int) -> Int32 { log.resource[Int(order[position])] }
}

/// Seconds between two times as pandas' `Timedelta` gives them to pm4py
/// (`86400 * days + seconds + 1e-6 * microseconds`), so sums and means agree
/// to the last bit where the arithmetic is the same.
@inline(__always)
public func seconds(from start: Int64, to end: Int64) -> Double {
    let d = end - start
    var days = d / 86_400_000_000
    var rest = d % 86_400_000_000
    if rest < 0 { rest += 86_400_000_000; days -= 1 }
    let whole = days * 86_400 + rest / 1_000_000
    return Double(whole) + 1e-6 * Double(rest % 1_000_000)
}
