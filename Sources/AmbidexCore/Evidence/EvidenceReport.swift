import Foundation

/// All the evidence the office looks at, computed over one snapshot: what
/// `ambidex report` prints (and emits as JSON) and the dashboard draws.
public struct EvidenceReport: Codable, Sendable {
    /// The knobs of the report. Decoding tolerates missing keys (each takes
    /// its default), so saved settings survive new options.
    public struct Options: Codable, Sendable, Hashable {
        /// Unit-periods with fewer orders are left out of ambidexterity.
        public var minimumOrdersPerUnit = 5
        /// How many of the latest calendar quarters get per-period ambidexterity.
        public var recentPeriods = 4
        /// Longest window before adoption for each standard's effect, in days.
        public var effectWindowDays = 180
        /// Longest window after adoption, in days.
        public var effectPostDays = 540
        /// Fewer orders (or calendar weeks) on a side of a stratum gives "cannot tell".
        public var minimumOrdersPerSide = 20
        public var minimumWeeksPerSide = 6
        /// Months before adoption a time series needs to extrapolate a trend.
        public var minimumMonthsForTrend = 6
        /// Block-bootstrap resamples (whole calendar weeks) for every interval.
        public var bootstrapResamples = 400
        /// Mixed into every standard's bootstrap seed; 0 keeps the published figures.
        public var bootstrapSeed: UInt64 = 0
        /// Benjamini–Hochberg: the expected share of false claims among the claims made.
        public var falseDiscoveryRate = 0.05
        /// Monitoring: weeks of baseline, and the CUSUM's reference value and decision interval (in weekly standard deviations).
        public var monitoringBaselineWeeks = 20
        public var cusumReference = 0.5
        public var cusumThreshold = 8.0
        /// A reflection naming more orders than this is learning from the set, not from each order.
        public var specificReflectionMaxOrders = 3
        /// The share of exploration each strategy's mode calls for.
        public var ambidexterityTargets = AmbidexterityTargets()
        /// Knowledge items under way longer than this count as stuck.
        public var stuckAfterDays = 180

        public init() {}

        /// The estimate's settings.
        public var effectSettings: StandardEffect.Settings {
            var s = StandardEffect.Settings()
            s.preDays = effectWindowDays
            s.postDays = effectPostDays
            s.minimumOrdersPerSide = minimumOrdersPerSide
            s.minimumWeeksPerSide = minimumWeeksPerSide
            s.minimumMonthsForTrend = minimumMonthsForTrend
            s.resamples = bootstrapResamples
            s.seed = bootstrapSeed
            return s
        }

        /// Monitoring's settings.
        public var monitoringSettings: MonitoringChart.Settings {
            var m = MonitoringChart.Settings()
            m.baselineWeeks = monitoringBaselineWeeks
            m.reference = cusumReference
            m.threshold = cusumThreshold
            return m
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Options()
            minimumOrdersPerUnit = try c.decodeIfPresent(Int.self, forKey: .minimumOrdersPerUnit) ?? d.minimumOrdersPerUnit
            recentPeriods = try c.decodeIfPresent(Int.self, forKey: .recentPeriods) ?? d.recentPeriods
            effectWindowDays = try c.decodeIfPresent(Int.self, forKey: .effectWindowDays) ?? d.effectWindowDays
            effectPostDays = try c.decodeIfPresent(Int.self, forKey: .effectPostDays) ?? d.effectPostDays
            minimumOrdersPerSide = try c.decodeIfPresent(Int.self, forKey: .minimumOrdersPerSide) ?? d.minimumOrdersPerSide
            minimumWeeksPerSide = try c.decodeIfPresent(Int.self, forKey: .minimumWeeksPerSide) ?? d.minimumWeeksPerSide
            minimumMonthsForTrend = try c.decodeIfPresent(Int.self, forKey: .minimumMonthsForTrend) ?? d.minimumMonthsForTrend
            bootstrapResamples = try c.decodeIfPresent(Int.self, forKey: .bootstrapResamples) ?? d.bootstrapResamples
            bootstrapSeed = try c.decodeIfPresent(UInt64.self, forKey: .bootstrapSeed) ?? d.bootstrapSeed
            falseDiscoveryRate = try c.decodeIfPresent(Double.self, forKey: .falseDiscoveryRate) ?? d.falseDiscoveryRate
            monitoringBaselineWeeks = try c.decodeIfPresent(Int.self, forKey: .monitoringBaselineWeeks) ?? d.monitoringBaselineWeeks
            cusumReference = try c.decodeIfPresent(Double.self, forKey: .cusumReference) ?? d.cusumReference
            cusumThreshold = try c.decodeIfPresent(Double.self, forKey: .cusumThreshold) ?? d.cusumThreshold
            specificReflectionMaxOrders = try c.decodeIfPresent(Int.self, forKey: .specificReflectionMaxOrders) ?? d.specificReflectionMaxOrders
            ambidexterityTargets = try c.decodeIfPresent(AmbidexterityTargets.self, forKey: .ambidexterityTargets) ?? d.ambidexterityTargets
            stuckAfterDays = try c.decodeIfPresent(Int.self, forKey: .stuckAfterDays) ?? d.stuckAfterDays
        }
    }

    public let office: String
    public let asOf: Date
    public let options: Options
    /// Orders received by `asOf`.
    public let orders: Int
    /// Orders open on `asOf`.
    public let openOrders: Int
    /// Per strategy over all orders received by `asOf`, in `DeliveryStrategy` order.
    public let coverage: [StrategyCoverage]
    /// The rule by which an order counts as learned from (`Coverage.specificRule`).
    public let coverageRule: String
    /// Per unit over all its orders.
    public let ambidexterity: [UnitAmbidexterity]
    /// Per unit × strategy.
    public let ambidexterityByStrategy: [UnitAmbidexterity]
    /// The latest `options.recentPeriods` calendar quarters, oldest first.
    public let periods: [Period]
    /// Per unit for each of `periods`, oldest period first.
    public let ambidexterityByPeriod: [UnitAmbidexterity]
    public let knowledgeFlow: KnowledgeFlow
    public let cycleTime: CycleTime
    /// One per standard adopted by `asOf`, in `office.standards` order.
    public let standardEffects: [StandardEffect]

    /// The standards retired by `asOf`, with what their monitoring said.
    public var retiredStandards: [StandardEffect] { standardEffects.filter { $0.retiredAt != nil } }

    /// The report as of `asOf`: the pure whole-office reference computation.
    /// Lookups are built once and shared. Each standard's effect reads only
    /// its own slice of orders (`StandardEffect.measure`); the bootstrap of
    /// the effects dominates the time (BENCHMARKS.md has the figures).
    public static func make(office: LearningOffice, asOf: Date, options: Options = .init()) -> EvidenceReport {
        let index = office.index()
        let first = office.orders.lazy.map(\.received).min() ?? asOf
        let periods = first <= asOf ? Array(Period.quarters(from: first, to: asOf).suffix(max(0, options.recentPeriods))) : []
        let k = options.specificReflectionMaxOrders, targets = options.ambidexterityTargets
        let touched = Ambidexterity.Touched(office, asOf: asOf, specificMaxOrders: k)
        return EvidenceReport(
            office: office.name, asOf: asOf, options: options,
            orders: office.orders.lazy.filter { $0.received <= asOf }.count,
            openOrders: office.orders.lazy.filter { $0.isOpen(at: asOf) }.count,
            coverage: Coverage.byStrategy(office, asOf: asOf, specificMaxOrders: k),
            coverageRule: Coverage.specificRule(maxOrders: k),
            ambidexterity: Ambidexterity.overall(office, asOf: asOf, minimumOrders: options.minimumOrdersPerUnit,
                                                 targets: targets, touched: touched),
            ambidexterityByStrategy: Ambidexterity.byStrategy(office, asOf: asOf, minimumOrders: options.minimumOrdersPerUnit,
                                                              targets: targets, touched: touched),
            periods: periods,
            ambidexterityByPeriod: Ambidexterity.perUnit(office, periods: periods, asOf: asOf, minimumOrders: options.minimumOrdersPerUnit,
                                                          targets: targets, touched: touched),
            knowledgeFlow: KnowledgeFlow.measure(office, asOf: asOf, index: index),
            cycleTime: CycleTime.measure(office, asOf: asOf, stuckAfterDays: options.stuckAfterDays,
                                         resamples: options.bootstrapResamples, seed: options.bootstrapSeed),
            standardEffects: StandardEffect.measure(office, asOf: asOf, settings: options.effectSettings,
                                                    monitoring: options.monitoringSettings,
                                                    falseDiscoveryRate: options.falseDiscoveryRate, index: index))
    }

    /// The report as of `asOf`, or as of the office's last recorded moment
    /// (`LearningOffice.asOf`) when nil — so a loaded history reads as if
    /// today were its last day.
    public static func make(_ office: LearningOffice, asOf: Date? = nil, options: Options = .init()) -> EvidenceReport {
        make(office: office, asOf: asOf ?? office.asOf, options: options)
    }
}
