import AmbidexCore
import Foundation

/// The generator's working state. Each stage (orders, reflections, knowledge,
/// standards, activities) draws from its own forked random stream, so adding
/// draws to one stage does not change the others.
struct DemoGenerator {
    let orderCount: Int
    let start: Date
    let end: Date
    let scenario: DemoScenario
    let progress: (@Sendable (Double) -> Void)?
    var rngOrders: SeededGenerator
    var rngLearning: SeededGenerator
    var rngKnowledge: SeededGenerator
    var rngActivities: SeededGenerator
    /// Each calendar week's common factor on lead time and on rework.
    var weekShocks: [Int: (lead: Double, rework: Double)] = [:]

    var orders: [Order] = []
    var events: [OrderEvent] = []
    var reflections: [Reflection] = []
    var items: [KnowledgeItem] = []
    var standards: [Standard] = []
    var activities: [LearningActivity] = []
    /// Units that worked on each order (index into `orders`), with their roles.
    var crew: [[(UnitID, OfficeRole)]] = []
    /// Outcomes with and without each standard in force, for `DemoTruth`.
    var actual: [OrderID: DemoTruth.Outcome] = [:]
    var without: [StandardID: [OrderID: DemoTruth.Outcome]] = [:]
    /// Standards monitoring flagged for the worse, and when: the improvement initiative follows.
    var failureResponses: [(standard: StandardID, date: Date)] = []

    let table = StrategyTable.standard

    init(seed: UInt64, orderCount: Int, start: Date, scenario: DemoScenario, progress: (@Sendable (Double) -> Void)?) {
        var root = SeededGenerator(seed: seed)
        rngOrders = root.fork()
        rngLearning = root.fork()
        rngKnowledge = root.fork()
        rngActivities = root.fork()
        var rngWeeks = root.fork()
        self.orderCount = orderCount
        self.start = start
        self.end = start.adding(days: DemoCompany.horizonDays)
        self.scenario = scenario
        self.progress = progress
        for w in WeekBlocks.week(of: start)...WeekBlocks.week(of: end) {
            weekShocks[w] = (Foundation.exp(rngWeeks.normal(sd: scenario.weeklyLeadShock)), Foundation.exp(rngWeeks.normal(sd: scenario.weeklyReworkShock)))
        }
    }

    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    func day(_ d: Double) -> Date { start.adding(days: d) }
    func dayIndex(_ date: Date) -> Double { date.timeIntervalSince(start) / 86_400 }

    mutating func run() -> (LearningOffice, DemoTruth) {
        makeOrders()
        progress?(0.45)
        makeReflections()
        progress?(0.65)
        makeKnowledge()
        progress?(0.8)
        makeStandards()
        progress?(0.9)
        makeActivities()
        progress?(1)
        let office = LearningOffice(name: DemoCatalog.companyName, table: table, units: DemoCatalog.units,
                                    partners: DemoCatalog.customers + DemoCatalog.suppliers, orders: orders, events: events,
                                    reflections: reflections, knowledgeItems: items, standards: standards, activities: activities)
        return (office, DemoTruth(scenario: scenario, actual: actual, without: without))
    }
}

extension SeededGenerator {
    /// A Poisson count by inversion of one uniform draw, so the same draw
    /// gives the count with and without a standard (a coupled counterfactual).
    static func poisson(_ mean: Double, quantile u: Double) -> Int {
        guard mean > 0 else { return 0 }
        var k = 0, p = Foundation.exp(-mean), cumulative = p
        while u > cumulative && k < 60 {
            k += 1
            p *= mean / Double(k)
            cumulative += p
        }
        return k
    }
}
