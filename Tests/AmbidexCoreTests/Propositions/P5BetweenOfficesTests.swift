@testable import AmbidexCore
import Testing

/// P5: learning happens within the back office, within the front office, and
/// between them.
@Suite("P5 — within and between front and back office")
struct P5BetweenOfficesTests {
    func item(_ id: String, origin: OfficeRole, useRole: OfficeRole, useUnit: UnitID, useDay: Double) -> KnowledgeItem {
        var k = KnowledgeItem(id: KnowledgeItemID(id), title: id, orientation: .explorative, origin: .orders([]),
                              originUnit: "U-eng", originRole: origin, originStrategy: .eto, acquired: OfficeBuilder.d(0))
        try! k.advance(to: .assimilated, at: OfficeBuilder.d(5))
        try! k.advance(to: .transformed, at: OfficeBuilder.d(10))
        try! k.recordUse(.init(unit: useUnit, role: useRole, strategy: .cto, date: OfficeBuilder.d(useDay)))
        return k
    }

    @Test("flow within front office, within back office and between them is each counted")
    func flowCounted() {
        var b = OfficeBuilder()
        b.office.knowledgeItems = [
            item("K-ff", origin: .front, useRole: .front, useUnit: "U-sales", useDay: 20),
            item("K-bb", origin: .back, useRole: .back, useUnit: "U-prod", useDay: 20),
            item("K-fb", origin: .front, useRole: .back, useUnit: "U-prod", useDay: 20),
        ]
        let f = KnowledgeFlow.measure(b.office, asOf: OfficeBuilder.d(30))
        #expect([f.withinFront, f.withinBack, f.frontToBack, f.backToFront] == [1, 1, 1, 0])
    }

    @Test("knowledge crossing from front to back office triggers a joint session of both; staying within one office does not")
    func jointSession() {
        var b = OfficeBuilder()
        b.office.knowledgeItems = [
            item("K-cross", origin: .front, useRole: .back, useUnit: "U-prod", useDay: 25),
            item("K-stay", origin: .back, useRole: .back, useUnit: "U-log", useDay: 25),
        ]
        let s = CadencePolicy().schedule(b.office, from: OfficeBuilder.d(30), horizonDays: 7)
        let joint = s.filter { $0.kind == .crossUnitWorkshop }
        #expect(joint.map(\.knowledgeItems) == [["K-cross"]])
        #expect(joint[0].units == ["U-eng", "U-prod"])
        #expect(joint[0].reason.contains("P5"))
    }

    @Test("an old crossing, or one already discussed, needs no new session")
    func notAgain() {
        var b = OfficeBuilder()
        b.office.knowledgeItems = [item("K-old", origin: .front, useRole: .back, useUnit: "U-prod", useDay: 11),
                                   item("K-held", origin: .front, useRole: .back, useUnit: "U-prod", useDay: 25)]
        b.office.activities = [LearningActivity(id: "A-1", kind: .crossUnitWorkshop, trigger: .sporadic, date: OfficeBuilder.d(27),
                                                knowledgeItems: ["K-held"], reason: "", status: .held)]
        let s = CadencePolicy().schedule(b.office, from: OfficeBuilder.d(45), horizonDays: 7)
        #expect(s.filter { $0.kind == .crossUnitWorkshop }.isEmpty)
    }
}
