import AmbidexLog

/// A variant: a sequence of activities, and how many cases follow it.
public struct Variant: Sendable, Equatable {
    public var activities: [String]
    public var count: Int

    /// The variants of a log, most frequent first (ties by sequence).
    public static func all(_ s: CaseSequences) -> [Variant] {
        var counts: [[Int32]: Int] = [:]
        for c in 0..<s.caseCount {
            counts[s.positions(ofCase: c).map { s.activity(at: $0) }, default: 0] += 1
        }
        return counts.map { Variant(activities: $0.key.map { s.log.strings[Int($0)] }, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.activities.lexicographicallyPrecedes($1.activities) }
    }
}

/// How long each case took: from its first event's start to its last event's end.
public struct CaseDuration: Sendable, Equatable {
    public var caseName: String
    public var seconds: Double

    public static func all(_ s: CaseSequences) -> [CaseDuration] {
        (0..<s.caseCount).compactMap { c in
            let r = s.positions(ofCase: c)
            guard !r.isEmpty else { return nil }
            let first = r.map { s.startTime[$0] }.min()!
            return CaseDuration(caseName: s.log.strings[Int(s.log.caseName[c])], seconds: AmbidexMining.seconds(from: first, to: s.endTime[r.upperBound - 1]))
        }
    }
}

/// Rework: an activity done more than once in a case.
public struct Rework: Sendable, Equatable {
    public var activity: String
    /// Cases in which the activity occurs more than once.
    public var cases: Int
    /// Occurrences beyond the first, summed over cases.
    public var repetitions: Int

    public static func all(_ s: CaseSequences) -> [Rework] {
        var cases: [Int32: Int] = [:], repetitions: [Int32: Int] = [:]
        var seen: [Int32: Int] = [:]
        for c in 0..<s.caseCount {
            seen.removeAll(keepingCapacity: true)
            for p in s.positions(ofCase: c) { seen[s.activity(at: p), default: 0] += 1 }
            for (a, k) in seen where k > 1 {
                cases[a, default: 0] += 1
                repetitions[a, default: 0] += k - 1
            }
        }
        return cases.map { Rework(activity: s.log.strings[Int($0.key)], cases: $0.value, repetitions: repetitions[$0.key]!) }
            .sorted { ($0.cases, $0.repetitions, $1.activity) > ($1.cases, $1.repetitions, $0.activity) }
    }
}
