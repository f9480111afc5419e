@testable import AmbidexCore
import Testing

@Suite("Knowledge flow and cycle time")
struct FlowAndCycleTests {
    static func item(_ id: String, role: OfficeRole, uses: [(String, OfficeRole)], acquired: Double = 0, exploitedAfter: Double? = nil,
                     strategy: DeliveryStrategy = .eto) -> KnowledgeItem {
        var k = KnowledgeItem(id: KnowledgeItemID(id), title: id, orientation: .explorative, origin: .orders([]),
                              originUnit: "U-eng", originRole: role, originStrategy: strategy, acquired: OfficeBuilder.d(acquired))
        try! k.advance(to: .assimilated, at: OfficeBuilder.d(acquired + 1))
        try! k.advance(to: .transformed, at: OfficeBuilder.d(acquired + 2))
        for (unit, useRole) in uses {
            try! k.recordUse(.init(unit: UnitID(unit), role: useRole, strategy: .cto, date: OfficeBuilder.d(acquired + 3)))
        }
        if let e = exploitedAfter { try! k.advance(to: .exploited, at: OfficeBuilder.d(acquired + e)) }
        return k
    }

    @Test("every use is counted once, by origin role and user role, and by strategy pair")
    func flow() {
        var b = OfficeBuilder()
        b.office.knowledgeItems = [
            Self.item("K-1", role: .front, uses: [("U-sales", .front), ("U-prod", .back), ("U-log", .back)]),
            Self.item("K-2", role: .back, uses: [("U-prod", .back), ("U-sales", .front)]),
        ]
        let f = KnowledgeFlow.measure(b.office, asOf: OfficeBuilder.d(100))
        #expect(f.withinFront == 1)
        #expect(f.frontToBack == 2)
        #expect(f.withinBack == 1)
        #expect(f.backToFront == 1)
        #expect(f.between == 3)
        #expect(f.betweenStrategies == [.init(from: .eto, to: .cto, uses: 5)])
    }

    @Test("reflections are counted as between offices when their participants held both roles on the order")
    func reflectionsBetween() {
        var b = OfficeBuilder()
        b.order("O-1", .eto, received: 0)
        b.event("O-1", "U-eng", at: 1, contact: true)
        b.event("O-1", "U-prod", at: 2, contact: false)
        b.reflection("R-1", .inAction, at: 3, orders: ["O-1"], units: ["U-eng", "U-prod"])
        b.reflection("R-2", .inAction, at: 3, orders: ["O-1"], units: ["U-prod"])
        let f = KnowledgeFlow.measure(b.office, asOf: OfficeBuilder.d(10))
        #expect(f.reflectionsBetweenOffices == 1)
        #expect(f.reflectionsWithinOneOffice == 1)
    }

    @Test("cycle time quantiles, and stuck items")
    func cycleTime() {
        var b = OfficeBuilder()
        b.office.knowledgeItems = [10.0, 20, 30, 40].enumerated().map { i, days in
            Self.item("K-\(i)", role: .front, uses: [], exploitedAfter: days)
        }
        b.office.knowledgeItems.append(KnowledgeItem(id: "K-stuck", title: "old", orientation: .exploitative, origin: .orders([]),
                                                     originUnit: "U-eng", originRole: .back, acquired: OfficeBuilder.d(0)))
        let c = CycleTime.measure(b.office, asOf: OfficeBuilder.d(300), stuckAfterDays: 180)
        #expect(c.all.exploited == 4)
        #expect(c.all.medianDays == 25)
        #expect(c.all.p25Days == 17.5)
        #expect(c.all.meanDays == 25)
        #expect(c.explorative.exploited == 4)
        #expect(c.exploitative.exploited == 0)
        #expect(c.exploitative.medianDays == nil)
        #expect(c.stuck == 1)
        #expect(CycleTime.measure(b.office, asOf: OfficeBuilder.d(100), stuckAfterDays: 180).stuck == 0)
    }
}
