import AmbidexLog

/// Hand-over of work between resources as pm4py defines it
/// (`discover_handover_of_work_network`, beta = 0): every pair of directly
/// consecutive events in a case is a hand-over from the first event's
/// resource to the second's (a resource handing over to itself included);
/// its value is its share of all such pairs. Events without a resource are
/// counted under `Handover.noResource`.
public struct Handover: Sendable, Equatable {
    public static let noResource = "(no resource)"

    public var source: String
    public var target: String
    public var count: Int
    public var value: Double

    public static func all(_ s: CaseSequences) -> [Handover] {
        var counts: [Int64: Int] = [:]
        var total = 0
        for c in 0..<s.caseCount {
            let r = s.positions(ofCase: c)
            guard r.count > 1 else { continue }
            for p in r.lowerBound..<(r.upperBound - 1) {
                let key = Int64(s.resource(at: p)) << 32 | Int64(UInt32(bitPattern: s.resource(at: p + 1)))
                counts[key, default: 0] += 1
                total += 1
            }
        }
        func name(_ id: Int32) -> String { id < 0 ? noResource : s.log.strings[Int(id)] }
        return counts.map { key, k in
            Handover(source: name(Int32(truncatingIfNeeded: key >> 32)), target: name(Int32(truncatingIfNeeded: key)),
                     count: k, value: Double(k) / Double(total))
        }.sorted { ($0.count, $1.source, $1.target) > ($1.count, $0.source, $0.target) }
    }
}
