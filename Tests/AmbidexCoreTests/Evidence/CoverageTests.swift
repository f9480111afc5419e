@testable import AmbidexCore
import Testing

@Suite("Coverage of learning for and from orders")
struct CoverageTests {
    typealias F = EvidenceFixtures

    func eto(_ rows: [StrategyCoverage]) -> StrategyCoverage { rows.first { $0.strategy == .eto }! }

    /// Four ETO orders, three closed on day 20 and one still open; learning for
    /// two of them and from one of the three closed.
    func fourOrders() -> OfficeBuilder {
        var b = OfficeBuilder()
        for i in 1...3 { b.order("O-\(i)", .eto, received: 0, closed: 20) }
        b.order("O-4", .eto, received: 0)
        b.reflection("R-1", .inAction, at: 5, orders: ["O-1"])       // for O-1
        b.reflection("R-2", .inAction, at: 3, orders: ["O-4"])       // for O-4, still open
        b.reflection("R-3", .onAction, at: 25, orders: ["O-2"])      // from O-2
        b.reflection("R-4", .onAction, at: 10, orders: ["O-3"])      // before O-3 closed: not *from* it
        b.reflection("R-5", .inAction, at: 22, orders: ["O-3"])      // after O-3 closed: not *for* it
        return b
    }

    @Test("in action counts only while the order is open, on action only after it closed")
    func windows() {
        let row = eto(Coverage.byStrategy(fourOrders().office, asOf: F.d(30)))
        #expect(row.orders == 4)
        #expect(row.ordersWithLearningFor == 2)
        #expect(row.learningFor == 0.5)
        #expect(row.closedOrders == 3)
        #expect(row.closedWithLearningFrom == 1)
        #expect(abs(row.learningFrom - 1.0 / 3) < 1e-12)
        #expect(row.period == "all")
    }

    @Test("an open order counts towards learning for, never towards the closed orders learned from")
    func openOrders() {
        var b = OfficeBuilder()
        b.order("O-1", .cto, received: 0)
        b.order("O-2", .cto, received: 0)
        b.reflection("R-1", .inAction, at: 2, orders: ["O-1"])
        let cto = Coverage.byStrategy(b.office, asOf: F.d(10)).first { $0.strategy == .cto }!
        #expect((cto.orders, cto.ordersWithLearningFor, cto.closedOrders, cto.closedWithLearningFrom) == (2, 1, 0, 0))
        #expect(cto.learningFrom == 0)
    }

    @Test("held in-action activities count as learning for; scheduled and cancelled ones do not")
    func activities() {
        var b = OfficeBuilder()
        for i in 1...4 { b.order("O-\(i)", .cto, received: 0, closed: 10) }
        b.reflection("R-1", .inAction, at: 2, orders: ["O-4"])
        b.office.activities = [
            F.activity("A-1", .orderKickOff, at: 1, orders: ["O-1"]),
            F.activity("A-2", .orderKickOff, at: 1, orders: ["O-2"], status: .scheduled),
            F.activity("A-3", .inOrderStandUp, at: 1, orders: ["O-3"], status: .cancelled),
            F.activity("A-4", .customerCoDesignSession, at: 3, orders: ["O-4"]), // O-4 already counted by R-1
            F.activity("A-5", .afterActionReview, at: 12, orders: ["O-2"]),
            F.activity("A-6", .inOrderStandUp, at: 12, orders: ["O-3"]),         // in-action kind after closing: neither
        ]
        let cto = Coverage.byStrategy(b.office, asOf: F.d(30)).first { $0.strategy == .cto }!
        #expect(cto.ordersWithLearningFor == 2)
        #expect(cto.ordersWithLearningForByActivityOnly == 1)
        #expect(cto.closedWithLearningFrom == 1)
        #expect(cto.closedWithLearningFromByActivityOnly == 1)
    }

    @Test("an empty office has five rows of zeros, not a division by zero")
    func empty() {
        let rows = Coverage.byStrategy(OfficeBuilder().office, asOf: F.d(0))
        #expect(rows.map(\.strategy) == DeliveryStrategy.allCases)
        #expect(rows.allSatisfy { $0.orders == 0 && $0.closedOrders == 0 && $0.learningFor == 0 && $0.learningFrom == 0 })
    }

    @Test("the as-of date hides what had not happened yet")
    func asOf() {
        var b = OfficeBuilder()
        b.order("O-1", .mts, received: 0, closed: 5)
        b.order("O-2", .mts, received: 20)
        b.reflection("R-1", .onAction, at: 8, orders: ["O-1"], logic: .executional)
        let at6 = Coverage.byStrategy(b.office, asOf: F.d(6)).first { $0.strategy == .mts }!
        let at9 = Coverage.byStrategy(b.office, asOf: F.d(9)).first { $0.strategy == .mts }!
        let at4 = Coverage.byStrategy(b.office, asOf: F.d(4)).first { $0.strategy == .mts }!
        #expect((at6.orders, at6.closedOrders, at6.closedWithLearningFrom) == (1, 1, 0))
        #expect(at9.closedWithLearningFrom == 1)
        #expect(at4.closedOrders == 0)
    }

    @Test("a period takes the orders received in it, each order in one period only")
    func period() {
        let b = fourOrders()
        var later = b
        later.order("O-5", .eto, received: 100, closed: 110)
        later.reflection("R-6", .onAction, at: 111, orders: ["O-5"])
        let quarters = Period.quarters(from: F.d(0), to: F.d(120))
        let q1 = eto(Coverage.byStrategy(later.office, asOf: F.d(120), period: quarters[0]))
        let q2 = eto(Coverage.byStrategy(later.office, asOf: F.d(120), period: quarters[1]))
        #expect(q1.period == "2025-Q1" && q2.period == "2025-Q2")
        #expect((q1.orders, q1.ordersWithLearningFor, q1.closedWithLearningFrom) == (4, 2, 1))
        #expect((q2.orders, q2.ordersWithLearningFor, q2.closedOrders, q2.closedWithLearningFrom) == (1, 0, 1, 1))
        let all = eto(Coverage.byStrategy(later.office, asOf: F.d(120)))
        #expect(all.orders == q1.orders + q2.orders)
    }

    @Test("an on-action reflection over several orders counts for each of them")
    func severalOrders() {
        var b = OfficeBuilder()
        for i in 1...4 { b.order("O-\(i)", .ato, received: 0, closed: 10) }
        b.reflection("R-1", .onAction, at: 30, orders: ["O-1", "O-2", "O-3"], logic: .executional)
        let ato = Coverage.byStrategy(b.office, asOf: F.d(40)).first { $0.strategy == .ato }!
        #expect(ato.learningFrom == 0.75)
    }

    @Test("a retrospective over more orders than the rule allows is learning from the set, counted apart, not from each order")
    func retrospective() {
        var b = OfficeBuilder()
        for i in 1...6 { b.order("O-\(i)", .mts, received: 0, closed: 10) }
        b.reflection("R-retro", .onAction, at: 30, orders: (1...5).map { "O-\($0)" }, logic: .executional)
        b.reflection("R-aar", .onAction, at: 12, orders: ["O-6"], logic: .developmental)
        let mts = Coverage.byStrategy(b.office, asOf: F.d(40)).first { $0.strategy == .mts }!
        #expect((mts.closedWithLearningFrom, mts.closedInRetrospectiveOnly) == (1, 5))
        #expect(abs(mts.learningFrom - 1.0 / 6) < 1e-12 && abs(mts.retrospectiveOnly - 5.0 / 6) < 1e-12)
        let loose = Coverage.byStrategy(b.office, asOf: F.d(40), specificMaxOrders: 5).first { $0.strategy == .mts }!
        #expect((loose.closedWithLearningFrom, loose.closedInRetrospectiveOnly) == (6, 0))
        #expect(Coverage.specificRule(maxOrders: 3).contains("at most 3 orders"))
    }

    @Test("a gate review of a finished phase is learning from an open order; without a phase an early review is not")
    func gateReview() {
        var b = OfficeBuilder()
        b.order("O-open", .eto, received: 0)
        b.order("O-done", .eto, received: 0, closed: 40)
        b.order("O-early", .eto, received: 0, closed: 40)
        b.reflection("R-gate-1", .onAction, at: 15, orders: ["O-open"], phase: .design)
        b.reflection("R-gate-2", .onAction, at: 15, orders: ["O-done"], phase: .design)
        b.reflection("R-early", .onAction, at: 15, orders: ["O-early"])
        let eto = eto(Coverage.byStrategy(b.office, asOf: F.d(50)))
        #expect(eto.openWithPhaseReview == 1)
        #expect((eto.closedOrders, eto.closedWithLearningFrom) == (2, 1))
    }

    @Test("intensity: reflections per order, per closed order, participants, days to the first review, process-level sessions")
    func intensity() {
        var b = OfficeBuilder()
        b.order("O-1", .eto, received: 0, closed: 20)
        b.order("O-2", .eto, received: 0, closed: 20)
        for day in [2.0, 3, 4] { b.reflection("R-\(day)", .inAction, at: day, orders: ["O-1"], units: ["U-eng", "U-prod"]) }
        b.reflection("R-aar", .onAction, at: 24, orders: ["O-1"], units: ["U-eng", "U-prod", "U-sales", "U-log"])
        b.office.activities = [
            LearningActivity(id: "A-flow", kind: .dailyFlowMeeting, trigger: .recurrent, date: F.d(5), strategy: .eto, reason: "", status: .held),
            LearningActivity(id: "A-plan", kind: .dailyFlowMeeting, trigger: .recurrent, date: F.d(6), strategy: .eto, reason: "", status: .scheduled),
        ]
        let i = eto(Coverage.byStrategy(b.office, asOf: F.d(30))).intensity
        #expect(i.inActionPerOrder == 1.5)
        #expect(i.reviewsPerClosedOrder == 0.5)
        #expect(i.participantsPerReflection == (3 * 2 + 4) / 4.0)
        #expect(i.medianDaysToReview == 4)
        #expect(i.processSessions == 1)
        #expect(abs(i.processSessionsPer30Days - 1) < 1e-12)
    }
}
