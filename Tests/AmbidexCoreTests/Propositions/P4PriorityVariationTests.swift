@testable import AmbidexCore
import Testing

/// P4: variation in priorities among concurrent orders stimulates learning,
/// because a unit's work differs between its front- and back-office orders.
@Suite("P4 — priority variation among concurrent orders")
struct P4PriorityVariationTests {
    /// Engineering alternates between front-office ETO work at priority 5 and
    /// back-office MTO work at priority 1; Production does back-office work
    /// at one priority only.
    func office() -> LearningOffice {
        var b = OfficeBuilder()
        for i in 0..<8 {
            let eto = i % 2 == 0
            b.order("O-\(i)", eto ? .eto : .mto, received: 5, due: 90, priority: eto ? 5 : 1)
            b.event("O-\(i)", "U-eng", at: 10 + Double(i), contact: eto)
            b.order("P-\(i)", .mto, received: 5, due: 90, priority: 3)
            b.event("P-\(i)", "U-prod", at: 10 + Double(i), contact: false)
        }
        return b.office
    }

    @Test("the unit pulled between roles and priorities gets a cross-role session; the steady one does not")
    func crossRoleSession() {
        let s = CadencePolicy().schedule(office(), from: OfficeBuilder.d(30), horizonDays: 7)
        let sessions = s.filter { $0.kind == .crossUnitWorkshop }
        #expect(sessions.map(\.units) == [["U-eng"]])
        #expect(sessions[0].reason.contains("P4"))
        #expect(sessions[0].reason.contains("7 times"))
    }

    @Test("the index and the switch count are higher for the unit with varied priorities")
    func index() throws {
        let period = Period(start: OfficeBuilder.d(0), end: OfficeBuilder.d(30), label: "p")
        let profiles = UnitRoleProfile.profiles(office(), period: period)
        let eng = try #require(profiles.first { $0.unit == "U-eng" })
        let prod = try #require(profiles.first { $0.unit == "U-prod" })
        #expect(eng.priorityVariation > prod.priorityVariation)
        #expect(eng.switches == 7 && prod.switches == 0)
    }

    @Test("raising the threshold above the unit's variation removes the session")
    func threshold() {
        var policy = CadencePolicy()
        policy.crossRolePriorityVariation = 1.0
        var o = office()
        o.orders = o.orders.map { var x = $0; if x.priority.rawValue == 5 { x.priority = Priority(clamping: 4) }; return x }
        #expect(policy.schedule(o, from: OfficeBuilder.d(30), horizonDays: 7).filter { $0.kind == .crossUnitWorkshop }.isEmpty)
    }
}
