@testable import AmbidexCore
import Testing

@Suite("Unit role profiles (switching and priority variation)")
struct UnitRoleProfileTests {
    static let period = Period(start: OfficeBuilder.d(0), end: OfficeBuilder.d(30), label: "test")

    @Test("switches are counted between consecutive orders in the order the unit first worked on them")
    func switches() throws {
        var b = OfficeBuilder()
        // front, back, front, front, back → 3 switches
        for (i, contact) in [true, false, true, true, false].enumerated() {
            b.order("O-\(i)", .eto, received: 0, priority: 3)
            b.event("O-\(i)", "U-eng", at: Double(i + 1), contact: contact)
        }
        let p = try #require(UnitRoleProfile.profiles(b.office, period: Self.period).first { $0.unit == "U-eng" })
        #expect(p.orders == 5)
        #expect(p.switches == 3)
        #expect(p.switchRate == 0.75)
        #expect(p.frontShare == 0.6)
        #expect(p.priorityVariation == 0)
    }

    @Test("priority variation is 1 when concurrent orders sit at both ends of the scale, 0 when equal")
    func bounds() throws {
        var b = OfficeBuilder()
        for (i, priority) in [1, 5, 1, 5].enumerated() {
            b.order("O-\(i)", .mto, received: 0, priority: priority)
            b.event("O-\(i)", "U-prod", at: Double(i + 1), contact: false)
        }
        let p = try #require(UnitRoleProfile.profiles(b.office, period: Self.period).first)
        #expect(p.priorityVariation == 1)
        #expect(p.switches == 0)
    }

    @Test("events outside the period are ignored")
    func period() {
        var b = OfficeBuilder()
        b.order("O-1", .mto, received: 0)
        b.event("O-1", "U-prod", at: 40, contact: false)
        #expect(UnitRoleProfile.profiles(b.office, period: Self.period).isEmpty)
    }
}
