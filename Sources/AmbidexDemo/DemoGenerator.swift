import AmbidexCore
import Foundation

/// The generator's working state. Each stage (orders, reflections, knowledge,
/// standards, activities) draws from its own forked random stream, so adding
/// draws to one stage does not change the others.
struct DemoGenerator {
    let orderCount: Int
    let start: Date
    let end: Date
    let progress: (@Sendable (Double) -> Void)?
    var rngOrders: SeededGenerator
    var rngLearning: SeededGenerator
    var rngKnowledge: SeededGenerator
    var rngActivities: SeededGenerator

    var orders: [Order] = []
    var events: [OrderEvent] = []
    var reflections: [Reflection] = []
    var items: [KnowledgeItem] = []
    var standards: [Standard] = []
    var activities: [LearningActivity] = []
    /// Units that worked on each order (index into `orders`), with their roles.
    var crew: [[(UnitID, OfficeRole)]] = []

    let table = StrategyTable.standard

    init(seed: UInt64, orderCount: Int, start: Date, progress: (@Sendable (Double) -> Void)?) {
        var root = SeededGenerator(seed: seed)
        rngOrders = root.fork()
        rngLearning = root.fork()
        rngKnowledge = root.fork()
        rngActivities = root.fork()
        self.orderCount = orderCount
        self.start = start
        self.end = start.adding(days: DemoCompany.horizonDays)
        self.progress = progress
    }

    func day(_ d: Double) -> Date { start.adding(days: d) }
    func dayIndex(_ date: Date) -> Double { date.timeIntervalSince(start) / 86_400 }

    mutating func run() -> LearningOffice {
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
        return LearningOffice(name: DemoCatalog.companyName, table: table, units: DemoCatalog.units,
                              partners: DemoCatalog.customers + DemoCatalog.suppliers, orders: orders, events: events,
                              reflections: reflections, knowledgeItems: items, standards: standards, activities: activities)
    }
}

extension SeededGenerator {
    mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }
    /// A Poisson count by inversion; means here are small.
    mutating func poisson(_ mean: Double) -> Int {
        let l = Foundation.exp(-mean)
        var k = 0, p = 1.0
        repeat { k += 1; p *= unit() } while p > l && k < 50
        return k - 1
    }
}
