import Foundation

/// What an adopted standard changed on the orders it scopes: internal
/// efficiency (lead time, rework) and external effectiveness (on time,
/// feedback), before vs after adoption, with a bootstrap interval so a
/// difference that noise could produce is not read as an effect.
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

    /// How to read a comparison.
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        /// The whole interval lies on the better side of zero.
        case better
        /// The whole interval lies on the worse side of zero.
        case worse
        /// The interval includes zero.
        case unclear
        /// Too few orders on a side for an interval; `note` says why.
        case notMeasured
    }

    /// One metric, before vs after. Means are over the orders that have a
    /// value (feedback may be missing, so its n can be smaller).
    public struct Comparison: Codable, Sendable, Hashable {
        public let metric: Metric
        public let before: Double?
        public let after: Double?
        public let nBefore: Int
        public let nAfter: Int
        /// after − before; nil when a side has no values.
        public let difference: Double?
        /// Percentile bootstrap interval of the difference; nil with a `note`
        /// when a side has fewer values than the minimum.
        public let interval: Bootstrap.Interval?
        /// Why there is no interval, when there is none.
        public let note: String?
        public let verdict: Verdict

        public init(metric: Metric, before: [Double], after: [Double], minimumPerSide: Int, resamples: Int, seed: UInt64) {
            self.metric = metric
            self.before = Statistics.mean(before)
            self.after = Statistics.mean(after)
            nBefore = before.count
            nAfter = after.count
            difference = Statistics.mean(before).flatMap { b in Statistics.mean(after).map { $0 - b } }
            if before.count < max(1, minimumPerSide) || after.count < max(1, minimumPerSide) {
                let what = metric == .feedbackScore ? "orders with feedback" : "orders"
                interval = nil
                note = "fewer than \(max(1, minimumPerSide)) \(what) on a side (\(before.count) before, \(after.count) after)"
            } else {
                interval = Bootstrap.differenceInterval(before: before, after: after, resamples: resamples, seed: seed)
                note = interval == nil ? "no interval: fewer than 2 resamples requested" : nil
            }
            if let i = interval {
                let improved = metric.lowerIsBetter ? i.upper < 0 : i.lower > 0
                let worsened = metric.lowerIsBetter ? i.lower > 0 : i.upper < 0
                verdict = improved ? .better : worsened ? .worse : .unclear
            } else {
                verdict = .notMeasured
            }
        }

        public var clearlyBetter: Bool { verdict == .better }
        public var clearlyWorse: Bool { verdict == .worse }
    }

    public let standard: StandardID
    public let name: String
    public let kind: Standard.Kind
    /// The scope's strategies, sorted; empty means every strategy.
    public let strategies: [DeliveryStrategy]
    /// The scope's units, sorted; empty means every unit.
    public let units: [UnitID]
    public let adoptedAt: Date
    public let retiredAt: Date?
    public let windowDays: Int
    /// Orders in scope on each side (before any metric drops missing values).
    public let ordersBefore: Int
    public let ordersAfter: Int
    /// One per metric, in `Metric.allCases` order.
    public let comparisons: [Comparison]

    /// Effects of every standard adopted by `asOf`, in `office.standards` order.
    /// Standards never adopted (or adopted later) have no effect to measure and
    /// are left out.
    ///
    /// The orders a standard scopes: those of a strategy in its scope and, when
    /// the scope names units, those any of these units worked on (has events
    /// on). *Before*: closed in the `windowDays` before adoption. *After*:
    /// received at or after adoption and closed within `windowDays` of it, by
    /// `asOf` and before any retirement. Orders straddling adoption are in
    /// neither group: they were partly made the old way.
    ///
    /// Each metric's interval resamples both groups independently with a seed
    /// derived from the standard's id, the metric and `seed`, so a report is
    /// reproducible and changing one standard does not move another's interval.
    public static func measure(_ office: LearningOffice, asOf: Date, windowDays: Int = 180, minimumPerSide: Int = 10,
                               resamples: Int = 1_000, seed: UInt64 = 0) -> [StandardEffect] {
        measure(office, asOf: asOf, windowDays: windowDays, minimumPerSide: minimumPerSide, resamples: resamples,
                seed: seed, index: office.index())
    }

    static func measure(_ office: LearningOffice, asOf: Date, windowDays: Int, minimumPerSide: Int, resamples: Int,
                        seed: UInt64, index: LearningOffice.Index) -> [StandardEffect] {
        let closedOrders = office.orders.filter { $0.closed != nil && $0.outcome != nil }
        return office.standards.compactMap { standard -> StandardEffect? in
            guard let adopted = standard.adoptedAt, adopted <= asOf else { return nil }
            let windowStart = adopted.adding(days: -Double(windowDays))
            let windowEnd = min(adopted.adding(days: Double(windowDays)), asOf, standard.retiredAt ?? .distantFuture)
            let scope = standard.scope
            var before: [OrderOutcome] = [], after: [OrderOutcome] = []
            for o in closedOrders where scope.covers(o.strategy) {
                guard let closed = o.closed, let outcome = o.outcome else { continue }
                if !scope.units.isEmpty, (index.unitsByOrder[o.id] ?? []).isDisjoint(with: scope.units) { continue }
                if closed >= windowStart && closed < adopted { before.append(outcome) }
                else if o.received >= adopted && closed <= windowEnd { after.append(outcome) }
            }
            let base = standard.id.rawValue.stableHash &+ seed
            let comparisons = Metric.allCases.enumerated().map { i, metric in
                Comparison(metric: metric, before: values(metric, before), after: values(metric, after),
                           minimumPerSide: minimumPerSide, resamples: resamples, seed: base &+ UInt64(i))
            }
            return StandardEffect(standard: standard.id, name: standard.name, kind: standard.kind,
                                  strategies: scope.strategies.sorted(), units: scope.units.sorted(), adoptedAt: adopted,
                                  retiredAt: standard.retiredAt.flatMap { $0 <= asOf ? $0 : nil }, windowDays: windowDays,
                                  ordersBefore: before.count, ordersAfter: after.count, comparisons: comparisons)
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
}

extension String {
    /// FNV-1a: a hash that, unlike `hashValue`, is the same in every process,
    /// so bootstrap seeds (and so intervals) are reproducible.
    var stableHash: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
