@testable import AmbidexCore
import Testing

/// P2: learning happens *for* and *from* an order, under every strategy.
@Suite("P2 — learning for and from orders under every strategy")
struct P2LearningForAndFromTests {
    @Test("coverage measures learning for and from orders under each of the five strategies")
    func everyStrategy() {
        var b = OfficeBuilder()
        for (i, s) in DeliveryStrategy.allCases.enumerated() {
            b.order("O-\(i)", s, received: 0, closed: 10)
            b.reflection("R-for-\(i)", .inAction, at: 5, orders: ["O-\(i)"], logic: .executional)
            b.reflection("R-from-\(i)", .onAction, at: 12, orders: ["O-\(i)"], logic: .executional)
        }
        let rows = Coverage.byStrategy(b.office, asOf: OfficeBuilder.d(20))
        #expect(rows.map(\.strategy) == DeliveryStrategy.allCases)
        #expect(rows.allSatisfy { $0.learningFor == 1 && $0.learningFrom == 1 })
    }

    @Test("a strategy that only learns for its orders, never from them, shows up")
    func gap() {
        var b = OfficeBuilder()
        b.order("O-1", .mts, received: 0, closed: 10)
        b.reflection("R-1", .inAction, at: 5, orders: ["O-1"], logic: .executional)
        let mts = Coverage.byStrategy(b.office, asOf: OfficeBuilder.d(20)).first { $0.strategy == .mts }!
        #expect(mts.learningFor == 1)
        #expect(mts.learningFrom == 0)
    }
}
