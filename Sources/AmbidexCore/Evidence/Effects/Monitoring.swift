import Foundation

/// A CUSUM chart of one metric of one standard's orders, from adoption to
/// retirement (or the as-of date): statistical process control of whether
/// the standard keeps working (Page 1954; Montgomery, *Introduction to
/// Statistical Quality Control*, ch. 9).
///
/// Points are calendar weeks of *delivery*: a week's point is known when the
/// week ends, so a signal's date is the day the office could have seen it.
/// The baseline (Phase I) is the first `baselineWeeks` weeks once the orders
/// delivered are mostly ones received after adoption; after it, each week's
/// orders are standardized against the baseline of their own strategy and
/// summed into one weekly statistic (scaled by the baseline's week-to-week
/// spread, so busy or quiet weeks that move all orders together do not look
/// like shifts). Two one-sided CUSUMs accumulate departures beyond `k`; one
/// crossing `h` is a signal. A signal for the worse is a sporadic trigger
/// (P1): the cadence policy schedules an improvement initiative and the
/// standard goes back to exploration.
public struct MonitoringChart: Codable, Sendable, Hashable {
    public enum Side: String, Codable, Sendable, Hashable { case worse, better }

    public struct Point: Codable, Sendable, Hashable {
        /// The Monday the delivery week starts.
        public let week: Date
        public let orders: Int
        /// The week's standardized statistic, positive = worse.
        public let statistic: Double
        public let cusumWorse: Double
        public let cusumBetter: Double
        /// Whether the week belongs to a baseline.
        public let baseline: Bool
    }

    public struct Signal: Codable, Sendable, Hashable {
        /// The end of the week whose point crossed the decision interval.
        public let date: Date
        public let side: Side
        public init(date: Date, side: Side) {
            self.date = date
            self.side = side
        }
    }

    /// A stretch of one strategy's orders with its own baseline: the first
    /// starts after adoption; a known change to that strategy's orders
    /// (another standard adopted or retired for it) starts a new one, since
    /// the process then has a new level to be judged against. The other
    /// strategies of the scope stay monitored meanwhile.
    public struct Segment: Codable, Sendable, Hashable {
        public let strategy: DeliveryStrategy
        public let baselineStart: Date
        public let baselineEnd: Date
        /// Why this baseline starts here.
        public let reason: String
        /// The baseline's level (mean lead time, share on time, mean rework, mean feedback), its spread and orders.
        public let mean: Double
        public let standardDeviation: Double
        public let orders: Int
        /// How much more the weekly sum varied in the baseline than independent orders would make it (≥ 1).
        public let dispersion: Double
        /// The last week monitored against this baseline (its start date).
        public let monitoredUntil: Date?
        /// Why the segment could not be monitored, when it could not.
        public let note: String?
    }

    public let standard: StandardID
    public let metric: StandardEffect.Metric
    /// Retirement or the as-of date.
    public let end: Date
    /// Reference value k and decision interval h, in standard deviations of a week.
    public let reference: Double
    public let threshold: Double
    public let segments: [Segment]
    public let points: [Point]
    /// Every crossing, in date order.
    public let signals: [Signal]

    public var firstWorse: Signal? { signals.first { $0.side == .worse } }
    /// Why nothing could be monitored at all, when nothing could.
    public var note: String? { points.contains { !$0.baseline } ? nil : segments.compactMap(\.note).first ?? "no weeks monitored yet" }

    /// The tunable parts of monitoring.
    public struct Settings: Codable, Sendable, Hashable {
        public var baselineWeeks = 20
        public var reference = 0.5
        public var threshold = 8.0
        public init() {}
    }
}

public enum Monitoring {
    /// The id of the explorative item a signal for the worse opens.
    public static func explorationItemID(_ standard: StandardID, date: Date) -> KnowledgeItemID {
        KnowledgeItemID("K-explore-\(standard)-\(date.isoDay)")
    }

    /// The explorative knowledge item a signal for the worse opens: where the
    /// search for what should replace the standard starts (a failing standard
    /// sends work back to exploration). Acquired on the signal's date by the
    /// first unit of the standard's scope, in the back office, where
    /// standardized work is monitored.
    public static func explorationItem(for standard: Standard, signal: MonitoringChart.Signal, metric: StandardEffect.Metric,
                                       id: KnowledgeItemID? = nil, title: String? = nil, unit: UnitID? = nil) -> KnowledgeItem? {
        guard let owner = unit ?? standard.scope.units.sorted().first else { return nil }
        return KnowledgeItem(id: id ?? explorationItemID(standard.id, date: signal.date),
                             title: title ?? "Explore what should replace \"\(standard.name)\": \(metric.label) shifted for the worse",
                             orientation: .explorative, origin: .failingStandard(standard.id), originUnit: owner, originRole: .back,
                             originStrategy: standard.scope.strategies.min(), acquired: signal.date)
    }

    /// The charts of every metric of `standard`, in `Metric.allCases` order.
    /// `observations` are the scope's orders (cut at `asOf`) delivered from
    /// half a year before adoption to its end: the slice a store reads.
    /// `changes` are the known changes (`OfficeChange.calendar`); those of
    /// other standards touching the scope restart the baseline.
    public static func charts(_ standard: Standard, observations: [EffectObservation], asOf: Date, changes: [OfficeChange] = [],
                              settings: MonitoringChart.Settings = .init()) -> [MonitoringChart] {
        guard let adopted = standard.adoptedAt, adopted <= asOf else { return [] }
        let end = min(standard.retiredAt ?? asOf, asOf)
        let delivered = observations.filter { $0.inUnitScope && $0.closed != nil }
        // Wait until the orders delivered are mostly made under the new regime: 95 % of lead times before adoption.
        let leadBefore = delivered.filter { $0.closed! < adopted && $0.closed! >= adopted.adding(days: -180) }
            .map { $0.closed!.timeIntervalSince($0.received) / 86_400 }.sorted()
        let lag = Statistics.quantile(leadBefore, 0.95) ?? 0
        let scope = standard.scope.strategies
        let restarts = changes.filter { c in
            c.standard != standard.id && c.kind != .monitoringSignal && c.date > adopted && c.date <= end
                && (scope.isEmpty || c.strategies.contains(where: scope.contains))
        }.sorted { $0.date < $1.date }.map { (stop: WeekBlocks.week(of: $0.date), start: WeekBlocks.week(of: $0.date.adding(days: lag)) + 1,
                                            reason: "the \($0.description)", strategies: $0.strategies) }
        let exposed = delivered.filter { $0.received >= adopted && $0.closed! <= end }
        let before = delivered.filter { $0.closed! < adopted && $0.closed! >= adopted.adding(days: -182) }
        let first = (start: WeekBlocks.week(of: adopted.adding(days: lag)) + 1, reason: "adoption on \(adopted.isoDay)")
        return StandardEffect.Metric.allCases.map { metric in
            chart(standard.id, metric, exposed, before: before, first: first, restarts: restarts, end: end, settings: settings)
        }
    }

    static func value(_ o: EffectObservation, _ metric: StandardEffect.Metric) -> Double? {
        guard let closed = o.closed else { return nil }
        switch metric {
        case .leadTimeDays: return closed.timeIntervalSince(o.received) / 86_400
        case .onTimeRate: return closed <= o.due ? 1 : 0
        case .reworkCount: return o.reworkCount.map(Double.init)
        case .feedbackScore: return o.feedbackScore
        }
    }

    static func chart(_ id: StandardID, _ metric: StandardEffect.Metric, _ orders: [EffectObservation], before: [EffectObservation],
                      first: (start: Int, reason: String), restarts: [(stop: Int, start: Int, reason: String, strategies: [DeliveryStrategy])],
                      end: Date, settings: MonitoringChart.Settings) -> MonitoringChart {
        let worseSign: Double = metric.lowerIsBetter ? 1 : -1
        var byWeek: [DeliveryStrategy: [Int: [Double]]] = [:]
        for o in orders { if let v = value(o, metric) { byWeek[o.strategy, default: [:]][WeekBlocks.week(of: o.closed!), default: []].append(v) } }
        let lastWeek = WeekBlocks.week(of: end)
        let prior = priorDispersion(before, metric)
        // Each strategy's baselines, and in which weeks each is monitored.
        var allSegments: [MonitoringChart.Segment] = []
        var monitored: [Int: [(sum: Double, n: Int, dispersion: Double)]] = [:]
        var inBaseline: [Int: [(sum: Double, n: Int, dispersion: Double)]] = [:]
        for (strategy, weeks) in byWeek.sorted(by: { $0.key < $1.key }) {
            let mine = restarts.filter { $0.strategies.contains(strategy) }
            for seg in segments(strategy, weeks, first: first, restarts: mine, prior: prior[strategy] ?? (0, 0), lastWeek: lastWeek,
                                settings: settings, metric: metric) {
                allSegments.append(seg.segment)
                for (w, v) in seg.baseline { inBaseline[w, default: []].append(v) }
                for (w, v) in seg.monitored { monitored[w, default: []].append(v) }
            }
        }
        var points: [MonitoringChart.Point] = [], signals: [MonitoringChart.Signal] = []
        var worse = 0.0, better = 0.0
        for w in Set(monitored.keys).union(inBaseline.keys).sorted() {
            // A week's statistic: the standardized sums of the strategies watched that week over their expected spread.
            func statistic(_ parts: [(sum: Double, n: Int, dispersion: Double)]) -> (Double, Int) {
                let variance = parts.reduce(0) { $0 + Double($1.n) * $1.dispersion }
                return (worseSign * parts.reduce(0) { $0 + $1.sum } / variance.squareRoot(), parts.reduce(0) { $0 + $1.n })
            }
            guard let parts = monitored[w] else {
                let (u, n) = statistic(inBaseline[w]!)
                points.append(.init(week: WeekBlocks.start(ofWeek: w), orders: n, statistic: rounded(u), cusumWorse: 0, cusumBetter: 0, baseline: true))
                continue
            }
            let (u, n) = statistic(parts)
            worse = max(0, worse + u - settings.reference)
            better = max(0, better - u - settings.reference)
            points.append(.init(week: WeekBlocks.start(ofWeek: w), orders: n, statistic: rounded(u), cusumWorse: rounded(worse),
                                cusumBetter: rounded(better), baseline: false))
            let date = WeekBlocks.start(ofWeek: w + 1)
            // After a signal the sum starts again from zero: a lasting shift signals again, a passing one does not.
            if worse > settings.threshold { signals.append(.init(date: date, side: .worse)); worse = 0 }
            if better > settings.threshold { signals.append(.init(date: date, side: .better)); better = 0 }
        }
        return MonitoringChart(standard: id, metric: metric, end: end, reference: settings.reference, threshold: settings.threshold,
                               segments: allSegments, points: points, signals: signals)
    }

    /// One strategy's baselines: weekly sums of its orders' values
    /// standardized against the baseline's mean and spread, in baseline weeks
    /// and in the weeks monitored against it (until a known change restarts it).
    static func segments(_ strategy: DeliveryStrategy, _ weeks: [Int: [Double]], first: (start: Int, reason: String),
                         restarts: [(stop: Int, start: Int, reason: String, strategies: [DeliveryStrategy])],
                         prior: (sumOfSquares: Double, weeks: Int), lastWeek: Int,
                         settings: MonitoringChart.Settings, metric: StandardEffect.Metric)
        -> [(segment: MonitoringChart.Segment, baseline: [(Int, (Double, Int, Double))], monitored: [(Int, (Double, Int, Double))])] {
        let length = max(1, settings.baselineWeeks)
        var result: [(segment: MonitoringChart.Segment, baseline: [(Int, (Double, Int, Double))], monitored: [(Int, (Double, Int, Double))])] = []
        var next: (start: Int, reason: String)? = first
        while let current = next {
            next = nil
            let start = current.start, baselineEnd = start + length
            if let change = restarts.first(where: { $0.stop >= start && $0.stop < baselineEnd }) {
                next = (max(change.start, start + 1), change.reason)
                continue
            }
            let stop = restarts.first { $0.stop >= baselineEnd }
            func segment(mean: Double = 0, sd: Double = 0, orders: Int = 0, dispersion: Double = 1, until: Int? = nil, note: String?) -> MonitoringChart.Segment {
                .init(strategy: strategy, baselineStart: WeekBlocks.start(ofWeek: start), baselineEnd: WeekBlocks.start(ofWeek: baselineEnd),
                      reason: current.reason, mean: mean, standardDeviation: sd, orders: orders, dispersion: dispersion,
                      monitoredUntil: until.map(WeekBlocks.start(ofWeek:)), note: note)
            }
            guard baselineEnd - 1 <= lastWeek else {
                result.append((segment(note: "the baseline (\(length) weeks from \(WeekBlocks.start(ofWeek: start).isoDay)) is not complete yet"), [], []))
                break
            }
            let values = (start..<baselineEnd).flatMap { weeks[$0] ?? [] }
            let withOrders = (start..<baselineEnd).filter { weeks[$0] != nil }
            guard values.count >= 10, withOrders.count >= 8, let mean = Statistics.mean(values) else {
                result.append((segment(orders: values.count, note: "fewer than 10 orders or 8 weeks with deliveries in the baseline"), [], []))
                next = stop.map { ($0.start, $0.reason) }
                continue
            }
            let sd = spread(values, mean: mean, metric)
            func sum(_ w: Int) -> (Double, Int)? {
                guard let v = weeks[w] else { return nil }
                return (v.reduce(0) { $0 + ($1 - mean) / sd }, v.count)
            }
            let baseline = withOrders.compactMap { w in sum(w).map { (w, $0) } }
            // Weeks whose orders move together make the weekly sum vary more than its n; thirteen weeks
            // say little about how much, so the half year before adoption counts too.
            let squares = baseline.reduce(0) { $0 + $1.1.0 * $1.1.0 / Double($1.1.1) } + prior.sumOfSquares
            let dispersion = min(9, max(1, squares / Double(baseline.count + prior.weeks)))
            let until = min(lastWeek, (stop?.stop ?? lastWeek + 1) - 1)
            let watched = baselineEnd <= until ? (baselineEnd...until).compactMap { w in sum(w).map { (w, ($0.0, $0.1, dispersion)) } } : []
            result.append((segment(mean: mean, sd: sd, orders: values.count, dispersion: dispersion, until: until, note: nil),
                           baseline.map { ($0.0, ($0.1.0, $0.1.1, dispersion)) }, watched))
            next = stop.map { ($0.start, $0.reason) }
        }
        return result
    }

    /// Chart values to a thousandth of a standard deviation: the JSON of a
    /// report carries some two thousand of them, and no decision rests on the fourth decimal.
    static func rounded(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

    /// Per strategy, the squared standardized weekly sums of the half year
    /// before adoption (each against that period's own mean and spread).
    static func priorDispersion(_ orders: [EffectObservation], _ metric: StandardEffect.Metric) -> [DeliveryStrategy: (Double, Int)] {
        var result: [DeliveryStrategy: (Double, Int)] = [:]
        for (strategy, list) in Dictionary(grouping: orders, by: \.strategy) {
            var weeks: [Int: [Double]] = [:]
            for o in list { if let v = value(o, metric) { weeks[WeekBlocks.week(of: o.closed!), default: []].append(v) } }
            let all = weeks.values.flatMap { $0 }
            guard weeks.count >= 8, all.count >= 10, let mean = Statistics.mean(all) else { continue }
            let sd = spread(all, mean: mean, metric)
            let squares = weeks.values.reduce(0.0) { acc, v in
                let sum = v.reduce(0) { $0 + ($1 - mean) / sd }
                return acc + sum * sum / Double(v.count)
            }
            result[strategy] = (squares, weeks.count)
        }
        return result
    }

    /// A standard deviation with a floor, so a baseline that happened to be
    /// perfect (every order on time) does not make the next late order a
    /// catastrophe: binomial with a half-count correction for rates, Poisson
    /// for counts.
    static func spread(_ v: [Double], mean: Double, _ metric: StandardEffect.Metric) -> Double {
        let sd = Statistics.standardDeviation(v) ?? 0
        switch metric {
        case .onTimeRate:
            let p = (mean * Double(v.count) + 0.5) / Double(v.count + 1)
            return (p * (1 - p)).squareRoot()
        case .reworkCount: return max(sd, max(mean, 0.05).squareRoot())
        case .leadTimeDays: return max(sd, 0.1 * mean, 0.5)
        case .feedbackScore: return max(sd, 0.25)
        }
    }
}
