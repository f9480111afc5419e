@testable import AmbidexCore
import Testing

@Suite("Unit role profiles (role variation, switching, urgency spread)")
struct UnitRoleProfileTests {
    static let period = Period(start: OfficeBuilder.d(0), end: OfficeBuilder.d(30), label: "test")

    @Test("switches are counted between consecutive orders in the order the unit first worked on them; role variation is how evenly the roles split")
    func switches() throws {
        var b = OfficeBuilder()
        // front, back, front, front, back → 3 switches, 3 of 5 front
        for (i, contact) in [true, false, true, true, false].enumerated() {
            b.order("O-\(i)", .eto, received: 0, priority: 3)
            b.event("O-\(i)", "U-eng", at: Double(i + 1), contact: contact)
        }
        let p = try #require(UnitRoleProfile.profiles(b.office, period: Self.period).first { $0.unit == "U-eng" })
        #expect(p.orders == 5)
        #expect(p.switches == 3)
        #expect(p.switchRate == 0.75)
        #expect(p.frontShare == 0.6)
        #expect(abs(p.roleVariation - 0.8) < 1e-12)
        #expect(p.urgencySpread == 0)
    }

    @Test("urgency spread is 1 at both ends of the scale, and says nothing about roles: one role only is no role variation")
    func urgencyIsNotRole() throws {
        var b = OfficeBuilder()
        for (i, priority) in [1, 5, 1, 5].enumerated() {
            b.order("O-\(i)", .mto, received: 0, priority: priority)
            b.event("O-\(i)", "U-prod", at: Double(i + 1), contact: false)
        }
        let p = try #require(UnitRoleProfile.profiles(b.office, period: Self.period).first)
        #expect(p.urgencySpread == 1)
        #expect(p.roleVariation == 0 && p.switches == 0)
    }

    @Test("counterparts are the units that held the other role on the same orders, most shared first")
    func counterparts() throws {
        var b = OfficeBuilder()
        for i in 0..<3 {
            b.order("O-\(i)", .eto, received: 0)
            b.event("O-\(i)", "U-eng", at: 1, contact: true)
            b.event("O-\(i)", "U-prod", at: 2, contact: false)
            if i == 0 { b.event("O-\(i)", "U-log", at: 3, contact: false) }
            if i == 1 { b.event("O-\(i)", "U-sales", at: 3, contact: true) }
        }
        let eng = try #require(UnitRoleProfile.profiles(b.office, period: Self.period).first { $0.unit == "U-eng" })
        #expect(eng.counterparts == ["U-prod", "U-log"])
    }

    @Test("events outside the period are ignored")
    func period() {
        var b = OfficeBuilder()
        b.order("O-1", .mto, received: 0)
        b.event("O-1", "U-prod", at: 40, contact: false)
        #expect(UnitRoleProfile.profiles(b.office, period: Self.period).isEmpty)
    }
}
