import Foundation

/// What an adopted standard changed on the orders it scopes: internal
/// efficiency (lead time, rework) and external effectiveness (on time,
/// feedback), before vs after adoption, with uncertainty.
public struct StandardEffect: Codable, Sendable, Hashable {
    public enum Metric: String, Codable, Sendable, CaseIterable {
        case leadTimeDays, onTimeRate, reworkCount, feedbackScore
        public var label: String {
            switch self {
            case .leadTimeDays: "lead time (days)"
            case .onTimeRate: "on time"
            case .reworkCount: "rework per order"
            case .feedbackScore: "customer feedback (1–5)"
            }
        }
        /// Lower lead time and rework are better; higher on-time and feedback are.
        public var lowerIsBetter: Bool { self == .leadTimeDays || self == .reworkCount }
    }

    public struct Comparison: Codable, Sendable, Hashable {
        public var metric: Metric
        public var before: Double?
        public var after: Double?
        public var nBefore: Int
        public var nAfter: Int
        public var interval: Bootstrap.Interval?
        /// Why there is no interval, when there is none.
        public var note: String?
        public var difference: Double? { before.flatMap { b in after.map { $0 - b } } }
        /// True when the whole interval lies on the better side of zero.
        public var clearlyBetter: Bool {
            guard let i = interval else { return false }
            return metric.lowerIsBetter ? i.upper < 0 : i.lower > 0
        }
        public var clearlyWorse: Bool {
            guard let i = interval else { return false }
            return metric.lowerIsBetter ? i.lower > 0 : i.upper < 0
        }
    }

    public var standard: StandardID
    public var name: String
    public var kind: Standard.Kind
    public var strategies: [DeliveryStrategy]
    public var adoptedAt: Date
    public var windowDays: Int
    public var comparisons: [Comparison]

    /// Effects of every adopted standard, comparing orders in scope closed in
    /// the `windowDays` before adoption with those received after it and
    /// closed within `windowDays` of it (orders straddling adoption are left
    /// out: they were partly made the old way).
    public static func measure(_ office: LearningOffice, asOf: Date, windowDays: Int = 180, minimumPerSide: Int = 10,
                               resamples: Int = 1_000) -> [StandardEffect] {
        let index = office.index()
        let window = Double(windowDays) * 86_400
        return office.standards.compactMap { standard -> StandardEffect? in
            guard let adopted = standard.adoptedAt, adopted <= asOf else { return nil }
            let end = min(asOf, standard.retiredAt ?? asOf)
            func inScope(_ o: Order) -> Bool {
                guard standard.scope.covers(o.strategy) else { return false }
                if standard.scope.units.isEmpty { return true }
                return !(index.unitsByOrder[o.id] ?? []).isDisjoint(with: standard.scope.units)
            }
            var before: [OrderOutcome] = [], after: [OrderOutcome] = []
            for o in office.orders {
                guard let closed = o.closed, let outcome = o.outcome, inScope(o) else { continue }
                if closed < adopted && closed >= adopted.addingTimeInterval(-window) { before.append(outcome) }
                else if o.received >= adopted && closed <= end && closed <= adopted.addingTimeInterval(window) { after.append(outcome) }
            }
            let comparisons = Metric.allCases.enumerated().map { i, metric in
                compare(metric, before: values(metric, before), after: values(metric, after), minimumPerSide: minimumPerSide,
                        resamples: resamples, seed: UInt64(truncatingIfNeeded: standard.id.rawValue.hashValueStable &+ UInt64(i)))
            }
            return StandardEffect(standard: standard.id, name: standard.name, kind: standard.kind,
                                  strategies: standard.scope.strategies.sorted(), adoptedAt: adopted,
                                  windowDays: windowDays, comparisons: comparisons)
        }
    }

    static func values(_ metric: Metric, _ outcomes: [OrderOutcome]) -> [Double] {
        switch metric {
        case .leadTimeDays: outcomes.map(\.leadTimeDays)
        case .onTimeRate: outcomes.map { $0.onTime ? 1 : 0 }
        case .reworkCount: outcomes.map { Double($0.reworkCount) }
        case .feedbackScore: outcomes.compactMap(\.feedbackScore)
        }
    }

    static func compare(_ metric: Metric, before: [Double], after: [Double], minimumPerSide: Int, resamples: Int, seed: UInt64) -> Comparison {
        var c = Comparison(metric: metric, before: Statistics.mean(before), after: Statistics.mean(after),
                           nBefore: before.count, nAfter: after.count, interval: nil, note: nil)
        if before.count < minimumPerSide || after.count < minimumPerSide {
            c.note = "fewer than \(minimumPerSide) orders on a side (\(before.count) before, \(after.count) after)"
        } else {
            c.interval = Bootstrap.differenceInterval(before: before, after: after, resamples: resamples, seed: seed)
        }
        return c
    }
}

extension String {
    /// FNV-1a: a hash that, unlike `hashValue`, is the same in every process,
    /// so bootstrap seeds (and so intervals) are reproducible.
    var hashValueStable: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
