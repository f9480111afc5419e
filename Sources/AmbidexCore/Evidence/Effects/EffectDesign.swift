import Foundation

/// How the effect of one standard is estimated, decided before any outcome
/// is looked at: for each strategy in its scope (a *stratum*), the window
/// around the adoption that no other change touches, and the out-of-scope
/// strategies that can serve as its comparison group.
///
/// Strata are analysed separately and combined only at the end, so a shift
/// in the mix of, say, ATO and CTO orders cannot move the estimate. The
/// design needs only the standards' dates and scopes and the date of each
/// strategy's first order; the estimate then needs only the orders of the
/// design's strategies received inside its span (`sliceStrategies`,
/// `sliceStart` … `sliceEnd`) — the slice a store reads for this standard.
public struct EffectDesign: Codable, Sendable, Hashable {
    /// Why a comparison strategy was not used.
    public struct Exclusion: Codable, Sendable, Hashable {
        public let strategy: DeliveryStrategy
        public let reason: String
    }

    public struct Stratum: Codable, Sendable, Hashable {
        public let strategy: DeliveryStrategy
        /// Orders received from `start` to the adoption are *before*; from the adoption to `end` (exclusive) *after*.
        public let start: Date
        public let end: Date
        /// What set the start and the end: the window's length, the start of the data, another change, retirement, the as-of date.
        public let startReason: String
        public let endReason: String
        /// Out-of-scope strategies with no change inside the window: the not-yet-or-never-changed orders to compare with.
        public let comparison: [DeliveryStrategy]
        public let excluded: [Exclusion]
        /// Set when the stratum cannot be estimated at all, with the reason.
        public let blocker: String?
    }

    public let standard: StandardID
    public let adoptedAt: Date
    public let preDays: Int
    public let postDays: Int
    public let strata: [Stratum]

    /// The strategies whose orders the estimate reads: the scope's and their comparisons'.
    public var sliceStrategies: [DeliveryStrategy] {
        Set(strata.flatMap { [$0.strategy] + $0.comparison }).sorted()
    }
    public var sliceStart: Date { strata.map(\.start).min() ?? adoptedAt }
    public var sliceEnd: Date { strata.map(\.end).max() ?? adoptedAt }

    /// The design for `standard`, adopted by `asOf`. `changes` are every
    /// adoption, retirement and monitoring signal known (`OfficeChange`);
    /// `firstOrder` is the date of each strategy's first order (where the
    /// data start). A change on the adoption day itself blocks the stratum;
    /// a change exactly at a window's edge does not make it unclean.
    public static func make(_ standard: Standard, changes: [OfficeChange], firstOrder: [DeliveryStrategy: Date], asOf: Date,
                            preDays: Int, postDays: Int) -> EffectDesign? {
        guard let adopted = standard.adoptedAt, adopted <= asOf else { return nil }
        let scope = standard.scope.strategies.isEmpty ? Set(DeliveryStrategy.allCases) : standard.scope.strategies
        let others = changes.filter { $0.standard != standard.id }
        let strata = scope.sorted().map { s in
            stratum(s, standard: standard, adopted: adopted, scope: scope, others: others, firstOrder: firstOrder, asOf: asOf,
                    preDays: preDays, postDays: postDays)
        }
        return EffectDesign(standard: standard.id, adoptedAt: adopted, preDays: preDays, postDays: postDays, strata: strata)
    }

    static func stratum(_ s: DeliveryStrategy, standard: Standard, adopted: Date, scope: Set<DeliveryStrategy>, others: [OfficeChange],
                        firstOrder: [DeliveryStrategy: Date], asOf: Date, preDays: Int, postDays: Int) -> Stratum {
        let touching = others.filter { $0.touches(s) }
        var start = adopted.adding(days: -Double(preDays)), startReason = "the \(preDays)-day window before adoption"
        if let first = firstOrder[s], first > start {
            let days = Int((adopted.timeIntervalSince(first) / 86_400).rounded())
            start = first
            startReason = "the start of the data (\(max(0, days)) of \(preDays) days)"
        }
        if let last = touching.last(where: { $0.date < adopted }), last.date > start {
            start = last.date
            startReason = "the \(last.description)"
        }
        var end = adopted.adding(days: Double(postDays)), endReason = "the \(postDays)-day window after adoption"
        if let retired = standard.retiredAt, retired < end {
            end = retired
            endReason = "its retirement on \(retired.isoDay)"
        }
        if let next = touching.first(where: { $0.date > adopted }), next.date < end {
            end = next.date
            endReason = "the \(next.description)"
        }
        if asOf < end {
            end = asOf
            endReason = "the as-of date"
        }
        var blocker: String?
        if firstOrder[s] == nil || firstOrder[s]! > asOf {
            blocker = "no \(s.code) orders yet"
        } else if let same = touching.first(where: { $0.date == adopted }) {
            blocker = "\(same.standard) had its \(same.kind.label) on the same day: their effects cannot be told apart"
        }
        var comparison: [DeliveryStrategy] = [], excluded: [Exclusion] = []
        for c in DeliveryStrategy.allCases where !scope.contains(c) {
            if let change = others.first(where: { $0.touches(c) && $0.date > start && $0.date < end }) {
                excluded.append(Exclusion(strategy: c, reason: "the \(change.description) falls inside the window"))
            } else if let first = firstOrder[c], first < adopted {
                comparison.append(c)
            } else {
                excluded.append(Exclusion(strategy: c, reason: "no orders before the adoption"))
            }
        }
        return Stratum(strategy: s, start: start, end: end, startReason: startReason, endReason: endReason,
                       comparison: comparison, excluded: excluded, blocker: blocker)
    }
}
