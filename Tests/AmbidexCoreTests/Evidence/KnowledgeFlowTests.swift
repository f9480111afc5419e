@testable import AmbidexCore
import Testing

@Suite("Knowledge flow between front and back office and between strategies")
struct KnowledgeFlowTests {
    typealias F = EvidenceFixtures

    @Test("every use counts once, by origin role and user role, and by strategy pair")
    func uses() {
        var b = OfficeBuilder()
        b.office.knowledgeItems = [
            F.item("K-1", role: .front, strategy: .eto,
                   uses: [("U-sales", .front, .cto, 5), ("U-prod", .back, .cto, 5), ("U-log", .back, .eto, 5)]),
            F.item("K-2", role: .back, strategy: .eto, uses: [("U-prod", .back, .mts, 5), ("U-sales", .front, nil, 5)]),
            F.item("K-3", role: .back, strategy: nil, uses: [("U-prod", .back, .ato, 5)]),
        ]
        let f = KnowledgeFlow.measure(b.office, asOf: F.d(100))
        #expect((f.withinFront, f.frontToBack, f.withinBack, f.backToFront) == (1, 2, 2, 1))
        #expect(f.between == 3)
        #expect(f.uses == 6)
        #expect(f.withinStrategy == 1)
        #expect(f.betweenStrategies == [.init(from: .eto, to: .mts, uses: 1), .init(from: .eto, to: .cto, uses: 2)])
    }

    @Test("uses after the as-of date are not counted yet")
    func asOf() {
        var b = OfficeBuilder()
        b.office.knowledgeItems = [F.item("K-1", role: .front, uses: [("U-prod", .back, .cto, 5), ("U-prod", .back, .cto, 50)])]
        #expect(KnowledgeFlow.measure(b.office, asOf: F.d(10)).frontToBack == 1)
        #expect(KnowledgeFlow.measure(b.office, asOf: F.d(60)).frontToBack == 2)
    }

    @Test("a reflection is between offices when its units held both roles on the orders, within one when one role")
    func reflections() {
        var b = OfficeBuilder()
        b.order("O-1", .eto, received: 0)
        b.event("O-1", "U-eng", at: 1, contact: true)
        b.event("O-1", "U-prod", at: 2, contact: false)
        b.order("O-2", .mts, received: 0)          // no events: no unit has a role on it
        b.reflection("R-1", .inAction, at: 3, orders: ["O-1"], units: ["U-eng", "U-prod"])   // between
        b.reflection("R-2", .inAction, at: 3, orders: ["O-1"], units: ["U-prod"])             // back only
        b.reflection("R-3", .inAction, at: 3, orders: ["O-2"], units: ["U-sales", "U-prod"])  // neither: nobody worked on it
        b.reflection("R-4", .inAction, at: 3, orders: ["O-2"], units: ["U-sales"])            // neither
        b.office.reflections.append(F.reflection("R-5", .inAction, at: 3, orders: ["O-2"], units: [], partners: ["C-1"]))
        b.reflection("R-6", .inAction, at: 30, orders: ["O-1"], units: ["U-eng", "U-prod"])  // after as-of
        let f = KnowledgeFlow.measure(b.office, asOf: F.d(10))
        // Default roles for units that never touched an order would have made R-3 "between" and R-4 "within".
        #expect(f.reflectionsBetweenOffices == 1)
        #expect(f.reflectionsWithinOneOffice == 1)
    }

    @Test("an office without knowledge or reflections has no flow")
    func empty() {
        let f = KnowledgeFlow.measure(OfficeBuilder().office, asOf: F.d(0))
        #expect(f == KnowledgeFlow())
        #expect(f.uses == 0 && f.betweenStrategies.isEmpty)
    }
}
