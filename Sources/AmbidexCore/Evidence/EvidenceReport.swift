import Foundation

/// All the evidence the office looks at, computed in one pass over a
/// snapshot: what `ambidex report` prints and the dashboard draws.
public struct EvidenceReport: Codable, Sendable {
    public struct Options: Codable, Sendable {
        public var minimumOrdersPerUnit = 5
        public var recentPeriods = 4
        public var effectWindowDays = 180
        public var minimumOrdersPerSide = 10
        public var bootstrapResamples = 1_000
        public var stuckAfterDays = 180
        public init() {}
    }

    public var office: String
    public var asOf: Date
    public var orders: Int
    public var openOrders: Int
    public var coverage: [StrategyCoverage]
    /// Per unit over all its orders.
    public var ambidexterity: [UnitAmbidexterity]
    /// Per unit for the most recent quarters.
    public var ambidexterityByPeriod: [UnitAmbidexterity]
    public var knowledgeFlow: KnowledgeFlow
    public var cycleTime: CycleTime
    public var standardEffects: [StandardEffect]

    public static func make(_ office: LearningOffice, asOf: Date? = nil, options: Options = .init()) -> EvidenceReport {
        let asOf = asOf ?? office.asOf
        let first = office.orders.map(\.received).min() ?? asOf
        let periods = Array(Period.quarters(from: first, to: asOf).suffix(options.recentPeriods))
        return EvidenceReport(
            office: office.name, asOf: asOf,
            orders: office.orders.filter { $0.received <= asOf }.count,
            openOrders: office.orders.filter { $0.isOpen(at: asOf) }.count,
            coverage: Coverage.byStrategy(office, asOf: asOf),
            ambidexterity: Ambidexterity.overall(office, asOf: asOf, minimumOrders: options.minimumOrdersPerUnit),
            ambidexterityByPeriod: Ambidexterity.perUnit(office, periods: periods, minimumOrders: options.minimumOrdersPerUnit),
            knowledgeFlow: KnowledgeFlow.measure(office, asOf: asOf),
            cycleTime: CycleTime.measure(office, asOf: asOf, stuckAfterDays: options.stuckAfterDays),
            standardEffects: StandardEffect.measure(office, asOf: asOf, windowDays: options.effectWindowDays,
                                                    minimumPerSide: options.minimumOrdersPerSide, resamples: options.bootstrapResamples))
    }
}
