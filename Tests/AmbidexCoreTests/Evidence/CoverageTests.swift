@testable import AmbidexCore
import Testing

@Suite("Coverage of learning for and from orders")
struct CoverageTests {
    @Test("counts in-action reflection only while the order is open, on-action only after it closed")
    func windows() {
        var b = OfficeBuilder()
        b.order("O-1", .eto, received: 0, closed: 20)
        b.order("O-2", .eto, received: 0, closed: 20)
        b.order("O-3", .eto, received: 0, closed: 20)
        b.order("O-4", .eto, received: 0)
        b.reflection("R-1", .inAction, at: 5, orders: ["O-1"])       // for O-1
        b.reflection("R-2", .inAction, at: 3, orders: ["O-4"])       // for O-4, still open
        b.reflection("R-3", .onAction, at: 25, orders: ["O-2"])      // from O-2
        // An on-action reflection before the order closed is not learning *from* it.
        b.office.reflections.append(try! Reflection(id: "R-4", mode: .onAction, trigger: .sporadic, actionLevel: .rule, logic: .executional,
                                                    date: OfficeBuilder.d(10), summary: "", units: ["U-eng"], orders: ["O-3"]))
        let eto = Coverage.byStrategy(b.office, asOf: OfficeBuilder.d(30)).first { $0.strategy == .eto }!
        #expect(eto.orders == 4)
        #expect(eto.ordersWithLearningFor == 2)
        #expect(eto.learningFor == 0.5)
        #expect(eto.closedOrders == 3)
        #expect(eto.closedWithLearningFrom == 1)
        #expect(abs(eto.learningFrom - 1.0 / 3) < 1e-12)
    }

    @Test("held learning activities count; scheduled ones do not")
    func activities() {
        var b = OfficeBuilder()
        b.order("O-1", .cto, received: 0, closed: 10)
        b.order("O-2", .cto, received: 0, closed: 10)
        b.office.activities = [
            LearningActivity(id: "A-1", kind: .orderKickOff, trigger: .planned, date: OfficeBuilder.d(1), orders: ["O-1"], reason: "", status: .held),
            LearningActivity(id: "A-2", kind: .orderKickOff, trigger: .planned, date: OfficeBuilder.d(1), orders: ["O-2"], reason: "", status: .scheduled),
            LearningActivity(id: "A-3", kind: .afterActionReview, trigger: .sporadic, date: OfficeBuilder.d(12), orders: ["O-2"], reason: "", status: .held),
        ]
        let cto = Coverage.byStrategy(b.office, asOf: OfficeBuilder.d(30)).first { $0.strategy == .cto }!
        #expect(cto.ordersWithLearningFor == 1)
        #expect(cto.closedWithLearningFrom == 1)
    }

    @Test("an empty office has zero coverage everywhere, not a division by zero")
    func empty() {
        let rows = Coverage.byStrategy(OfficeBuilder().office, asOf: OfficeBuilder.d(0))
        #expect(rows.count == 5)
        #expect(rows.allSatisfy { $0.learningFor == 0 && $0.learningFrom == 0 })
    }

    @Test("the as-of date hides what had not happened yet")
    func asOf() {
        var b = OfficeBuilder()
        b.order("O-1", .mts, received: 0, closed: 5)
        b.reflection("R-1", .onAction, at: 8, orders: ["O-1"], logic: .executional)
        let before = Coverage.byStrategy(b.office, asOf: OfficeBuilder.d(6)).first { $0.strategy == .mts }!
        let after = Coverage.byStrategy(b.office, asOf: OfficeBuilder.d(9)).first { $0.strategy == .mts }!
        #expect(before.closedWithLearningFrom == 0)
        #expect(after.closedWithLearningFrom == 1)
    }
}
