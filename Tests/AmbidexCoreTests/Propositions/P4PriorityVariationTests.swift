@testable import AmbidexCore
import Testing

/// P4 as seed 000 states it: the priorities that vary among concurrent
/// orders are the back office's internal efficiency and the front office's
/// external effectiveness; a unit whose role varies across its concurrent
/// orders works under both, and that is where learning can be stimulated —
/// between the roles, so a cross-role session brings at least two units.
@Suite("P4 — variation of a unit's role (and priorities) across concurrent orders")
struct P4PriorityVariationTests {
    /// Engineering alternates between front-office ETO orders and back-office
    /// MTO orders; Production does back-office work on all of them at one
    /// urgency; Logistics works back office on MTO orders of very different urgency.
    func office() -> LearningOffice {
        var b = OfficeBuilder()
        for i in 0..<8 {
            let eto = i % 2 == 0
            b.order("O-\(i)", eto ? .eto : .mto, received: 5, due: 90, priority: 3)
            b.event("O-\(i)", "U-eng", at: 10 + Double(i), contact: eto)
            b.event("O-\(i)", "U-prod", at: 10.5 + Double(i), contact: false)
            b.order("P-\(i)", .mto, received: 5, due: 90, priority: i % 2 == 0 ? 1 : 5)
            b.event("P-\(i)", "U-log", at: 10 + Double(i), contact: false)
        }
        return b.office
    }

    func sessions(_ o: LearningOffice, _ policy: CadencePolicy = .init()) -> [LearningActivity] {
        policy.schedule(o, from: OfficeBuilder.d(30), horizonDays: 7).filter { $0.kind == .crossUnitWorkshop }
    }

    @Test("the unit whose role varies gets a cross-role session with the unit that held the other role; the steady ones do not")
    func crossRoleSession() throws {
        let s = sessions(office())
        #expect(s.count == 1)
        let session = try #require(s.first)
        #expect(session.units == ["U-eng", "U-prod"])
        #expect(session.reason.contains("P4") && session.reason.contains("switched role 7 times"))
        #expect(session.reason.contains("external effectiveness") && session.reason.contains("internal efficiency"))
    }

    @Test("urgency spread alone is not the variation P4 speaks of, but it is still measured under its own name")
    func urgencyIsSeparate() throws {
        let period = Period(start: OfficeBuilder.d(0), end: OfficeBuilder.d(30), label: "p")
        let profiles = UnitRoleProfile.profiles(office(), period: period)
        let log = try #require(profiles.first { $0.unit == "U-log" })
        let eng = try #require(profiles.first { $0.unit == "U-eng" })
        #expect(log.urgencySpread == 1 && log.roleVariation == 0)
        #expect(eng.urgencySpread == 0 && eng.roleVariation == 1 && eng.switches == 7)
        #expect(!sessions(office()).contains { $0.units.contains("U-log") })
    }

    @Test("raising the threshold above the unit's role variation removes the session")
    func threshold() {
        var policy = CadencePolicy()
        var o = office()
        o.events = o.events.filter { !($0.unit == "U-eng" && $0.order == "O-7") }   // 4 front of 7: variation 6/7
        policy.crossRoleMinimumRoleVariation = 1.0
        #expect(sessions(o, policy).isEmpty)
        policy.crossRoleMinimumRoleVariation = 0.8
        #expect(sessions(o, policy).count == 1)
    }

    @Test("a cross-role session always brings at least two units: with no one else on the orders, the strategy table says who holds the other role")
    func twoUnits() throws {
        var o = office()
        o.events.removeAll { $0.unit == "U-prod" }
        let session = try #require(sessions(o).first)
        #expect(session.units.count >= 2 && session.units.contains("U-eng"))
        var alone = LearningOffice(name: "one unit")
        alone.units = [Unit(id: "U-eng", name: "Engineering", function: .engineering)]
        alone.orders = o.orders
        alone.events = o.events.filter { $0.unit == "U-eng" }
        #expect(sessions(alone).isEmpty)
    }
}
