@testable import AmbidexCore
import Testing

@Suite("Ambidexterity per unit")
struct AmbidexterityTests {
    /// Engineering works on four orders: developmental learning touches two,
    /// an applied standard one and an executional reflection another.
    func office() -> LearningOffice {
        var b = OfficeBuilder()
        for i in 1...4 {
            b.order("O-\(i)", .cto, received: Double(i), closed: Double(i) + 20)
            b.event("O-\(i)", "U-eng", at: Double(i) + 1, contact: false)
        }
        b.reflection("R-1", .inAction, at: 3, orders: ["O-1"], units: ["U-eng"], logic: .developmental)
        b.reflection("R-2", .inAction, at: 4, orders: ["O-2"], units: ["U-eng", "U-sales"], logic: .developmental)
        b.reflection("R-3", .inAction, at: 5, orders: ["O-3"], units: ["U-eng"], logic: .executional)
        var s = try! Standard(id: "S-1", name: "Rule", kind: .routine, scope: .init(strategies: [.cto]), provenance: [], proposedAt: OfficeBuilder.d(0))
        try! s.adopt(at: OfficeBuilder.d(0))
        try! s.apply(.init(order: "O-4", date: OfficeBuilder.d(5), deviated: false), to: b.office.orders[3])
        b.office.standards = [s]
        return b.office
    }

    @Test("X and Y are independent shares of the unit's orders")
    func shares() throws {
        let eng = try #require(Ambidexterity.overall(office(), asOf: OfficeBuilder.d(60), minimumOrders: 1).first { $0.unit == "U-eng" })
        #expect(eng.orders == 4)
        #expect(eng.exploration == 0.5)
        #expect(eng.exploitation == 0.5)
        #expect(eng.balance == 1)
        #expect(eng.combined == 0.25)
    }

    @Test("a standard scoped to other units does not count as this unit's exploitation")
    func scopedStandard() throws {
        var o = office()
        var s = o.standards[0]
        s.scope.units = ["U-prod"]
        o.standards = [s]
        let eng = try #require(Ambidexterity.overall(o, asOf: OfficeBuilder.d(60), minimumOrders: 1).first { $0.unit == "U-eng" })
        #expect(eng.exploitation == 0.25)
        #expect(abs(eng.balance - 0.75) < 1e-12)
    }

    @Test("unit-periods with too few orders are left out")
    func minimum() {
        #expect(Ambidexterity.overall(office(), asOf: OfficeBuilder.d(60), minimumOrders: 5).isEmpty)
        let quarters = Period.quarters(from: OfficeBuilder.d(0), to: OfficeBuilder.d(60))
        let perPeriod = Ambidexterity.perUnit(office(), periods: quarters, minimumOrders: 1)
        #expect(perPeriod.map(\.period) == ["2025-Q1"])
    }
}
