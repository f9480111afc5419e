@testable import AmbidexCore
import Testing

/// P5: learning happens within the back office, within the front office, and
/// between them. The flow evidence must detect and count each separately —
/// for knowledge put to use and for the reflections where units meet.
@Suite("P5 — flow within back office, within front office and between them")
struct P5FlowTests {
    typealias F = EvidenceFixtures

    /// Distinct counts per flow (1 within front, 2 within back, 3 front → back,
    /// 4 back → front), so no flow can be mistaken for another.
    func office() -> LearningOffice {
        var b = OfficeBuilder()
        b.office.knowledgeItems = [
            F.item("K-ff", role: .front, strategy: .eto, uses: [("U-sales", .front, .eto, 10)]),
            F.item("K-bb", role: .back, strategy: .mts, uses: [("U-prod", .back, .mts, 10), ("U-log", .back, .mts, 11)]),
            F.item("K-fb", role: .front, strategy: .eto,
                   uses: [("U-prod", .back, .cto, 10), ("U-prod", .back, .ato, 12), ("U-log", .back, .mts, 14)]),
            F.item("K-bf", role: .back, strategy: .mts,
                   uses: [("U-sales", .front, .eto, 10), ("U-eng", .front, .eto, 11), ("U-sales", .front, .cto, 12),
                          ("U-eng", .front, .eto, 13)]),
        ]
        return b.office
    }

    @Test("each of the four flows is counted separately")
    func fourFlows() {
        let f = KnowledgeFlow.measure(office(), asOf: F.d(30))
        #expect(f.withinFront == 1)
        #expect(f.withinBack == 2)
        #expect(f.frontToBack == 3)
        #expect(f.backToFront == 4)
        #expect(f.between == 7)
        #expect(f.uses == 10)
    }

    @Test("an office where knowledge only stays in the back office shows no front-office or between flow")
    func onlyBack() {
        var o = office()
        o.knowledgeItems = o.knowledgeItems.filter { $0.id == "K-bb" }
        let f = KnowledgeFlow.measure(o, asOf: F.d(30))
        #expect((f.withinFront, f.withinBack, f.frontToBack, f.backToFront) == (0, 2, 0, 0))
    }

    @Test("standardization is visible: ETO knowledge used under CTO, ATO and MTS")
    func standardization() {
        let f = KnowledgeFlow.measure(office(), asOf: F.d(30))
        let fromETO = f.betweenStrategies.filter { $0.from == .eto }
        #expect(fromETO == [.init(from: .eto, to: .mts, uses: 1), .init(from: .eto, to: .ato, uses: 1), .init(from: .eto, to: .cto, uses: 1)])
        #expect(f.betweenStrategies.contains(.init(from: .mts, to: .eto, uses: 3)))
        #expect(f.withinStrategy == 3)
    }

    @Test("reflections within one office and between offices are told apart by the units' roles on the order")
    func sessions() {
        var b = OfficeBuilder()
        b.order("O-1", .eto, received: 0)
        b.event("O-1", "U-sales", at: 1, contact: true)
        b.event("O-1", "U-eng", at: 1, contact: true)
        b.event("O-1", "U-prod", at: 2, contact: false)
        b.event("O-1", "U-log", at: 2, contact: false)
        b.reflection("R-front", .inAction, at: 3, orders: ["O-1"], units: ["U-sales", "U-eng"])
        b.reflection("R-back-1", .inAction, at: 3, orders: ["O-1"], units: ["U-prod", "U-log"])
        b.reflection("R-back-2", .inAction, at: 4, orders: ["O-1"], units: ["U-prod"])
        b.reflection("R-between", .inAction, at: 4, orders: ["O-1"], units: ["U-eng", "U-prod"])
        let f = KnowledgeFlow.measure(b.office, asOf: F.d(10))
        #expect(f.reflectionsWithinOneOffice == 3)
        #expect(f.reflectionsBetweenOffices == 1)
    }
}
