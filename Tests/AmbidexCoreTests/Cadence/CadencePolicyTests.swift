@testable import AmbidexCore
import Testing

@Suite("Cadence policy rules")
struct CadencePolicyTests {
    static let from = OfficeBuilder.d(30)

    func kinds(_ activities: [LearningActivity], for order: String) -> [LearningActivity.Kind] {
        activities.filter { $0.orders.contains(OrderID(order)) }.map(\.kind)
    }

    @Test("ETO stand-ups follow the working-day cadence, and tuning it changes the schedule")
    func etoCadence() {
        var b = OfficeBuilder()
        b.order("O-1", .eto, received: 25, due: 100, priority: 5)
        let daily = CadencePolicy().schedule(b.office, from: Self.from, horizonDays: 14)
        var everyOther = CadencePolicy()
        everyOther.etoStandUpEveryWorkingDays = 2
        let sparse = everyOther.schedule(b.office, from: Self.from, horizonDays: 14)
        let dailyCount = daily.filter { $0.kind == .inOrderStandUp }.count
        #expect(dailyCount == 10) // 14 days = two working weeks
        #expect(sparse.filter { $0.kind == .inOrderStandUp }.count == 5)
        #expect(daily.filter { $0.kind == .inOrderStandUp }.allSatisfy { !CadencePolicyTests.isWeekend($0.date) })
    }

    static func isWeekend(_ d: Date) -> Bool {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c.isDateInWeekend(d)
    }

    @Test("stand-ups go on past the due date — an overdue order needs them most — and never precede the window")
    func standUpsOverdue() {
        var b = OfficeBuilder()
        b.order("O-1", .eto, received: 10, due: 35)
        let s = CadencePolicy().schedule(b.office, from: Self.from, horizonDays: 30)
        let standUps = s.filter { $0.kind == .inOrderStandUp }
        #expect(standUps.count == 21)
        #expect(standUps.contains { $0.date > OfficeBuilder.d(35) && $0.reason.contains("overdue (O-1)") })
        #expect(standUps.allSatisfy { $0.date >= OfficeBuilder.d(30).addingTimeInterval(-86_400) })
    }

    @Test("a kick-off is proposed only for a young order that has not had one")
    func kickOff() {
        var b = OfficeBuilder()
        b.order("O-young", .eto, received: 29, due: 90)
        b.order("O-old", .eto, received: 5, due: 90)
        b.order("O-done", .eto, received: 28, due: 90)
        b.office.activities = [LearningActivity(id: "A-1", kind: .orderKickOff, trigger: .planned, date: OfficeBuilder.d(28.5),
                                                orders: ["O-done"], reason: "", status: .held)]
        let s = CadencePolicy().schedule(b.office, from: Self.from, horizonDays: 7)
        #expect(kinds(s, for: "O-young").contains(.orderKickOff))
        #expect(!kinds(s, for: "O-old").contains(.orderKickOff))
        #expect(!kinds(s, for: "O-done").contains(.orderKickOff))
    }

    @Test("CTO gets a co-design session when the customer made many choices, a kick-off otherwise")
    func ctoConfiguration() {
        var b = OfficeBuilder()
        b.order("O-many", .cto, received: 29, due: 60, customization: ["a": "1", "b": "2", "c": "3", "d": "4"])
        b.order("O-few", .cto, received: 29, due: 60, customization: ["a": "1"])
        let s = CadencePolicy().schedule(b.office, from: Self.from, horizonDays: 7)
        #expect(kinds(s, for: "O-many") == [.customerCoDesignSession])
        #expect(kinds(s, for: "O-few") == [.orderKickOff])
        var policy = CadencePolicy()
        policy.ctoCoDesignMinimumFeatures = 10
        #expect(kinds(policy.schedule(b.office, from: Self.from, horizonDays: 7), for: "O-many") == [.orderKickOff])
    }

    @Test("an order gets its own review where its outcome calls for it (late, reworked, rated poorly); clean ones, ETO too, go to the next retrospective")
    func reviews() {
        var b = OfficeBuilder()
        b.order("O-late", .mto, received: 0, due: 20, closed: 25)
        b.order("O-rework", .ato, received: 10, due: 30, closed: 26, rework: 3)
        b.order("O-clean", .ato, received: 10, due: 30, closed: 26)
        b.order("O-eto", .eto, received: 0, due: 40, closed: 27)
        b.order("O-eto-late", .eto, received: 0, due: 20, closed: 27)
        b.order("O-unhappy", .cto, received: 10, due: 30, closed: 26, feedback: 1)
        b.order("O-old", .mto, received: 0, due: 5, closed: 8) // outside the 14-day lookback
        let s = CadencePolicy().schedule(b.office, from: Self.from, horizonDays: 7)
        #expect(kinds(s, for: "O-late").filter { $0 == .afterActionReview }.count == 1)
        #expect(kinds(s, for: "O-rework").contains(.afterActionReview))
        #expect(!kinds(s, for: "O-clean").contains(.afterActionReview))
        #expect(!kinds(s, for: "O-eto").contains(.afterActionReview))
        #expect(kinds(s, for: "O-eto").contains(.crossOrderRetrospective), "a clean ETO order is evaluated in the ETO retrospective")
        #expect(kinds(s, for: "O-eto-late").contains(.afterActionReview))
        #expect(s.first { $0.kind == .afterActionReview && $0.orders == ["O-unhappy"] }?.reason.contains("the customer rated it 1 of 5") == true)
        #expect(s.first { $0.kind == .crossOrderRetrospective && $0.strategy == .eto }?.reason.contains("1 of them had no after-action review of their own") == true)
        #expect(!kinds(s, for: "O-old").contains(.afterActionReview))
        let late = s.first { $0.kind == .afterActionReview && $0.orders == ["O-late"] }!
        #expect(late.trigger == .sporadic)
        #expect(late.reason.contains("5 days after its due date"))
    }

    @Test("a failing standard goes back to exploration; a healthy one does not")
    func failingStandard() throws {
        var b = OfficeBuilder()
        var failing = try Standard(id: "S-bad", name: "Bad", kind: .procedure, scope: .init(strategies: [.mts]), provenance: [], proposedAt: OfficeBuilder.d(0))
        var healthy = try Standard(id: "S-ok", name: "Ok", kind: .procedure, scope: .init(strategies: [.mts]), provenance: [], proposedAt: OfficeBuilder.d(0))
        try failing.adopt(at: OfficeBuilder.d(1))
        try healthy.adopt(at: OfficeBuilder.d(1))
        for i in 0..<12 {
            let id = b.order("O-\(i)", .mts, received: Double(i + 2), closed: Double(i + 4))
            let order = b.office.orders.last!
            try failing.apply(.init(order: id, date: OfficeBuilder.d(Double(i + 2)), deviated: i % 2 == 0), to: order)
            try healthy.apply(.init(order: id, date: OfficeBuilder.d(Double(i + 2)), deviated: i == 0), to: order)
        }
        b.office.standards = [failing, healthy]
        let s = CadencePolicy().schedule(b.office, from: Self.from, horizonDays: 7)
        let initiatives = s.filter { $0.kind == .improvementInitiative }
        #expect(initiatives.map(\.standards) == [["S-bad"]])
        #expect(initiatives[0].reason.contains("50%"))
        var lenient = CadencePolicy()
        lenient.failingDeviationRate = 0.6
        #expect(lenient.schedule(b.office, from: Self.from, horizonDays: 7).filter { $0.kind == .improvementInitiative }.isEmpty)
    }

    @Test("the same office and date give the same schedule, sorted by date")
    func deterministic() {
        var b = OfficeBuilder()
        b.order("O-1", .eto, received: 25, due: 100)
        b.order("O-2", .cto, received: 29, due: 60)
        let a = CadencePolicy().schedule(b.office, from: Self.from, horizonDays: 14)
        #expect(a == CadencePolicy().schedule(b.office, from: Self.from, horizonDays: 14))
        #expect(a.map(\.date) == a.map(\.date).sorted())
        #expect(Set(a.map(\.id)).count == a.count)
        #expect(a.allSatisfy { !$0.reason.isEmpty })
    }

    @Test("a saved policy without the newer settings decodes with their defaults")
    func decoding() throws {
        let p = try JSONDecoder().decode(CadencePolicy.self, from: Data(#"{"retrospectiveEveryDays": 20}"#.utf8))
        var expected = CadencePolicy()
        expected.retrospectiveEveryDays = 20
        #expect(p == expected)
        let round = try JSONDecoder().decode(CadencePolicy.self, from: JSONEncoder().encode(expected))
        #expect(round == expected)
    }

    @Test("settings out of range are refused")
    func validation() {
        var p = CadencePolicy()
        #expect(throws: Never.self) { try p.validate() }
        p.retrospectiveEveryDays = 0
        #expect(throws: DomainError.self) { try p.validate() }
        p = CadencePolicy()
        p.failingDeviationRate = 1.5
        #expect(throws: DomainError.self) { try p.validate() }
        p = CadencePolicy()
        p.crossRoleMinimumRoleVariation = -0.1
        #expect(throws: DomainError.self) { try p.validate() }
        p = CadencePolicy()
        p.flowMeetingEveryWorkingDays = 0
        #expect(throws: DomainError.self) { try p.validate() }
    }
}

import Foundation
