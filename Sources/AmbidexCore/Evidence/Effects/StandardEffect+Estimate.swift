import Foundation

extension StandardEffect {
    /// The tunable parts of the estimate.
    public struct Settings: Codable, Sendable, Hashable {
        /// Longest before-window, in days.
        public var preDays = 180
        /// Longest after-window, in days.
        public var postDays = 540
        /// A stratum needs at least this many orders carrying the metric on each side …
        public var minimumOrdersPerSide = 20
        /// … spread over at least this many calendar weeks.
        public var minimumWeeksPerSide = 6
        /// A time series extrapolates a trend only when it was seen over at least this many months before adoption.
        public var minimumMonthsForTrend = 6
        public var resamples = 400
        /// Mixed into every standard's bootstrap seed.
        public var seed: UInt64 = 0
        public init() {}
    }

    /// Estimates every metric of `standard` from its slice (`EffectObservation.slice`)
    /// under `design`, with block-bootstrap intervals. The verdicts after the
    /// false-discovery control are set by `adjust(_:q:)` across all standards.
    public static func estimate(_ standard: Standard, design: EffectDesign, observations: [EffectObservation], asOf: Date,
                                settings: Settings, monitoring: [MonitoringChart] = []) -> StandardEffect {
        var blockIndex: [Int: Int] = [:]
        var sideOfBlock: [Int] = []
        let blocks = observations.map { o -> Int in
            let side = o.received < design.adoptedAt ? 0 : 1
            let key = WeekBlocks.week(of: o.received) * 2 + side
            if let b = blockIndex[key] { return b }
            blockIndex[key] = sideOfBlock.count
            sideOfBlock.append(side)
            return sideOfBlock.count - 1
        }
        let completeBefore = completeCohorts(observations, asOf: asOf)
        var panels = Metric.allCases.map {
            EffectPanel(metric: $0, design: design, observations: observations, blocks: blocks, asOf: asOf, completeBefore: completeBefore)
        }
        let ones = [Double](repeating: 1, count: sideOfBlock.count)
        var excluded = [[[EffectDesign.Exclusion]]](repeating: [], count: panels.count)
        for m in panels.indices { excluded[m] = dropThinComparisons(&panels[m], settings: settings, weights: ones) }
        let keys = panels.map { p in p.strata.indices.map { p.monthKeys($0) } }
        let point = panels.indices.map { m in
            let rates = panels[m].responseRates(ones)
            return panels[m].strata.indices.map { panels[m].evaluate($0, keys: keys[m][$0], weights: ones, rates: rates) }
        }
        // Replicates: every metric under the same draw of weeks.
        var replicates = panels.map { p in p.strata.map { _ in [EffectPanel.Values]() } }
        let draw = WeekBlocks(stratumOfBlock: sideOfBlock)
        var rng = SeededGenerator(seed: standard.id.rawValue.stableHash &+ settings.seed)
        var w = ones
        for _ in 0..<max(0, settings.resamples) {
            draw.draw(&rng, into: &w)
            for m in panels.indices {
                let rates = panels[m].metric == .feedbackScore ? panels[m].responseRates(w) : []
                for s in panels[m].strata.indices {
                    replicates[m][s].append(panels[m].evaluate(s, keys: keys[m][s], weights: w, rates: rates))
                }
            }
        }
        let metrics = panels.indices.map { m in
            MetricEstimate(panel: panels[m], design: design, keys: keys[m], point: point[m], replicates: replicates[m],
                           excluded: excluded[m], settings: settings, asOf: asOf).effect()
        }
        let asOfRetired = standard.retiredAt.flatMap { $0 <= asOf ? $0 : nil }
        return StandardEffect(standard: standard.id, name: standard.name, kind: standard.kind, strategies: standard.scope.strategies.sorted(),
                              units: standard.scope.units.sorted(), adoptedAt: design.adoptedAt, retiredAt: asOfRetired,
                              retirementReason: asOfRetired == nil ? nil : standard.retirementReason, design: design,
                              notes: notes(standard, design: design, observations: observations), metrics: metrics, monitoring: monitoring)
    }

    /// The orders each stratum's estimate of `metric` covers after adoption —
    /// the population the estimate speaks of, and over which a known truth
    /// (a generated company's) must be computed to compare like with like.
    public static func treatedAfter(_ metric: Metric, design: EffectDesign, observations: [EffectObservation], asOf: Date)
        -> [DeliveryStrategy: [OrderID]] {
        let blocks = [Int](repeating: 0, count: observations.count)
        let panel = EffectPanel(metric: metric, design: design, observations: observations, blocks: blocks, asOf: asOf,
                                completeBefore: completeCohorts(observations, asOf: asOf))
        return Dictionary(uniqueKeysWithValues: panel.strata.map { ($0.strategy, $0.treated.after.orders) })
    }

    /// Per strategy, the receipt date after which a cohort is too young to
    /// count for rework and feedback: the as-of date less the 90th percentile
    /// of the strategy's lead time (Kaplan–Meier, open orders censored).
    static func completeCohorts(_ observations: [EffectObservation], asOf: Date) -> [DeliveryStrategy: Date] {
        var result: [DeliveryStrategy: Date] = [:]
        for (strategy, orders) in Dictionary(grouping: observations, by: \.strategy) {
            let times = orders.map { ($0.closed ?? asOf).timeIntervalSince($0.received) / 86_400 }
            let events = orders.map { $0.closed != nil }
            let order = KaplanMeier.sorted(times: times, events: events)
            let q = KaplanMeier.quantile(0.9, times: order.map { times[$0] }, events: order.map { events[$0] },
                                         weights: [Double](repeating: 1, count: order.count)) ?? (times.max() ?? 0)
            result[strategy] = asOf.adding(days: -q)
        }
        return result
    }

    /// Takes out comparison strategies with too few orders (or no defined
    /// level) on a side, before anything is estimated.
    static func dropThinComparisons(_ panel: inout EffectPanel, settings: Settings, weights: [Double]) -> [[EffectDesign.Exclusion]] {
        let rates = panel.responseRates(weights)
        return panel.strata.indices.map { s in
            var kept: [(strategy: DeliveryStrategy, group: EffectPanel.Group)] = [], out: [EffectDesign.Exclusion] = []
            for c in panel.strata[s].comparisons {
                let (b, a) = (c.group.before.count, c.group.after.count)
                if b < settings.minimumOrdersPerSide || a < settings.minimumOrdersPerSide {
                    out.append(.init(strategy: c.strategy, reason: "too few orders (\(b) before, \(a) after)"))
                } else if panel.statistic(c.group.before, strategy: c.strategy, weights, rates: rates) == nil
                            || panel.statistic(c.group.after, strategy: c.strategy, weights, rates: rates) == nil {
                    out.append(.init(strategy: c.strategy, reason: "its level is not known on both sides yet"))
                } else {
                    kept.append(c)
                }
            }
            panel.strata[s].comparisons = kept
            panel.strata[s].comparisonWeights = kept.map { Double($0.group.before.count + $0.group.after.count) }
            return out
        }
    }

    /// What holds for every metric of the standard: windows, unit scope, and
    /// how orders under way at adoption are counted.
    static func notes(_ standard: Standard, design: EffectDesign, observations: [EffectObservation]) -> [String] {
        var notes = design.strata.map { s in
            "\(s.strategy.code): before from \(s.start.isoDay) (set by \(s.startReason)), after until \(s.end.isoDay) (set by \(s.endReason))"
                + (s.comparison.isEmpty ? "; no comparison strategy is free of other changes in this window"
                                        : "; compared with \(s.comparison.map(\.code).joined(separator: ", "))")
                + (s.excluded.isEmpty ? "" : " (not with " + s.excluded.map { "\($0.strategy.code): \($0.reason)" }.joined(separator: "; ") + ")")
        }
        if !standard.scope.units.isEmpty {
            let left = observations.filter { !$0.inUnitScope }.count
            notes.append("Only orders that \(standard.scope.units.sorted().map(\.rawValue).joined(separator: ", ")) worked on count"
                         + (left > 0 ? " (\(left) others of the same strategies are left out)." : "."))
        }
        notes.append("Orders count by the day they were received: one under way at adoption counts as before, though the standard may have touched its last steps.")
        notes.append("Intervals resample whole calendar weeks (orders of one week move together); correlation lasting longer than a week is not allowed for.")
        return notes
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
