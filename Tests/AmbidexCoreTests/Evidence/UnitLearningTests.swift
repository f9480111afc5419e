@testable import AmbidexCore
import Foundation
import Testing

@Suite("A unit's learning over time: ambidexterity by quarter, role variation, knowledge in and out")
struct UnitLearningTests {
    typealias F = EvidenceFixtures

    @Test("each use of an item counts out for the unit it arose in and in for the user, across offices when the roles differ")
    func flowInAndOut() {
        var b = OfficeBuilder()
        b.office.knowledgeItems = [
            F.item("K-1", unit: "U-eng", role: .front, uses: [("U-eng", .front, .eto, 5), ("U-prod", .back, .eto, 6), ("U-prod", .back, .eto, 7),
                                                              ("U-sales", .front, .cto, 8), ("U-log", .back, .eto, 50)]),
            F.item("K-2", unit: "U-prod", role: .back, uses: [("U-eng", .front, .eto, 9)]),
            F.item("K-3", unit: "U-prod", role: .back, acquired: 40),
        ]
        let flows = UnitKnowledgeFlow.measure(b.office, asOf: F.d(20))
        let eng = flows["U-eng"]!, prod = flows["U-prod"]!, sales = flows["U-sales"]!
        #expect((eng.acquired, eng.usedWithin, eng.usedByOthers, eng.usedByOthersAcrossOffices) == (1, 1, 3, 2))
        #expect((eng.usedFromOthers, eng.usedFromOthersAcrossOffices) == (1, 1))
        #expect(eng.users == [.init(unit: "U-prod", uses: 2), .init(unit: "U-sales", uses: 1)], "most uses first; the use after the as-of date is not there")
        #expect(eng.sources == [.init(unit: "U-prod", uses: 1)])
        #expect((prod.acquired, prod.usedFromOthers, prod.usedFromOthersAcrossOffices, prod.usedByOthers) == (1, 2, 2, 1), "K-3 is acquired after the as-of date")
        #expect((sales.usedFromOthers, sales.usedFromOthersAcrossOffices) == (1, 0))
        #expect(flows["U-log"] == nil)
    }

    @Test("a reflection counts for each unit that joined it, and as between offices when its units held both roles on its orders")
    func reflections() {
        var b = OfficeBuilder()
        b.order("O-1", .eto, received: 0)
        b.event("O-1", "U-eng", at: 1, contact: true)
        b.event("O-1", "U-prod", at: 2, contact: false)
        b.reflection("R-1", .inAction, at: 3, orders: ["O-1"], units: ["U-eng", "U-prod"])
        b.reflection("R-2", .inAction, at: 3, orders: ["O-1"], units: ["U-prod"])
        let flows = UnitKnowledgeFlow.measure(b.office, asOf: F.d(10))
        #expect((flows["U-eng"]!.reflections, flows["U-eng"]!.reflectionsBetweenOffices) == (1, 1))
        #expect((flows["U-prod"]!.reflections, flows["U-prod"]!.reflectionsBetweenOffices) == (2, 1))
    }

    @Test("role variation per quarter is the profile of that quarter's work; a unit that held one role throughout has none")
    func roles() {
        var b = OfficeBuilder()
        // Quarter 1 of 2025: engineering is front office on O-1 and O-3, back office on O-2 — two switches.
        for (o, s, contact) in [("O-1", DeliveryStrategy.eto, true), ("O-2", .mts, false), ("O-3", .eto, true)] {
            b.order(o, s, received: 0)
            b.event(o, "U-eng", at: Double(o.last!.wholeNumberValue!), contact: contact)
            b.event(o, "U-prod", at: 10, contact: false)
        }
        // Quarter 2: only back-office work.
        b.order("O-4", .mts, received: 100)
        b.event("O-4", "U-eng", at: 101, contact: false)
        let (quarters, units) = UnitLearning.make(b.office, asOf: F.d(120), quarters: 8)
        #expect(quarters.map(\.label) == ["2025-Q1", "2025-Q2"])
        let eng = units.first { $0.unit == "U-eng" }!
        let q1 = eng.roles[0]!, q2 = eng.roles[1]!
        #expect((q1.orders, q1.switches) == (3, 2))
        #expect(abs(q1.frontShare - 2.0 / 3) < 1e-9)
        #expect(abs(q1.roleVariation - 2.0 / 3) < 1e-9)
        #expect((q2.orders, q2.switches, q2.roleVariation) == (1, 0, 0))
        #expect(units.first { $0.unit == "U-prod" }!.roles[0]!.roleVariation == 0)
        #expect(units.first { $0.unit == "U-log" }!.roles == [nil, nil], "a unit without work has no profile")
    }
}
