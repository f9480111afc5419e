import AmbidexLog

/// The directly-follows graph of a case-centric log: for each pair of
/// activities a → b that follow each other directly in a case, how often, and
/// the durations between them (from a's end to b's start, never negative, as
/// pm4py measures it). Start and end activities count the cases they begin
/// and end.
public struct DirectlyFollowsGraph: Sendable {
    public struct Edge: Sendable, Equatable {
        public var source: String
        public var target: String
        public var count: Int
        public var performance: DurationStatistics
    }

    public var activities: [String: Int]
    public var edges: [Edge]
    public var startActivities: [String: Int]
    public var endActivities: [String: Int]

    public init(_ s: CaseSequences) {
        let log = s.log
        var pairs: [Int: [Double]] = [:]
        var starts: [Int32: Int] = [:], ends: [Int32: Int] = [:], counts: [Int32: Int] = [:]
        let n = log.strings.count
        for c in 0..<s.caseCount {
            let range = s.positions(ofCase: c)
            guard !range.isEmpty else { continue }
            starts[s.activity(at: range.lowerBound), default: 0] += 1
            ends[s.activity(at: range.upperBound - 1), default: 0] += 1
            for p in range {
                counts[s.activity(at: p), default: 0] += 1
                guard p + 1 < range.upperBound else { continue }
                let key = Int(s.activity(at: p)) * n + Int(s.activity(at: p + 1))
                let from = s.endTime[p], to = Swift.max(s.startTime[p + 1], from)
                pairs[key, default: []].append(seconds(from: from, to: to))
            }
        }
        func name(_ id: Int32) -> String { log.strings[Int(id)] }
        activities = Dictionary(uniqueKeysWithValues: counts.map { (name($0.key), $0.value) })
        startActivities = Dictionary(uniqueKeysWithValues: starts.map { (name($0.key), $0.value) })
        endActivities = Dictionary(uniqueKeysWithValues: ends.map { (name($0.key), $0.value) })
        edges = pairs.map { key, values in
            Edge(source: name(Int32(key / n)), target: name(Int32(key % n)), count: values.count, performance: DurationStatistics(values))
        }.sorted { ($0.count, $1.source, $1.target) > ($1.count, $0.source, $0.target) }
    }
}
