@testable import AmbidexCore
import Testing

/// P2: learning happens *for* and *from* an order, under every strategy. The
/// coverage evidence must measure both, for each of the five strategies
/// separately, so that a strategy that lacks one of them shows up.
@Suite("P2 — learning for and from orders is measured under every strategy")
struct P2LearningForAndFromEvidenceTests {
    typealias F = EvidenceFixtures

    /// Four orders per strategy, all closed on day 20. Learning for orders 0
    /// and 1 (in action while open), from orders 0, 1 and 2 (on action after
    /// closing) — in the way that strategy typically learns: ETO and CTO
    /// through in-action reflection and co-design, MTS through a planned
    /// retrospective held as an activity. `skipFrom` removes all learning from
    /// the orders of one strategy.
    func office(skipFrom: DeliveryStrategy? = nil) -> LearningOffice {
        var b = OfficeBuilder()
        for s in DeliveryStrategy.allCases {
            let ids = (0..<4).map { "\(s.code)-\($0)" }
            for id in ids { b.order(id, s, received: 0, closed: 20) }
            b.reflection("R-for-\(s.code)-0", .inAction, at: 5, orders: [ids[0]],
                         logic: s.isCustomized ? .developmental : .executional)
            if s == .cto {
                b.office.activities.append(F.activity("A-for-\(s.code)", .customerCoDesignSession, at: 2, orders: [OrderID(ids[1])]))
            } else {
                b.reflection("R-for-\(s.code)-1", .inAction, at: 6, orders: [ids[1]], logic: .executional)
            }
            guard s != skipFrom else { continue }
            if s == .mts {
                b.office.activities.append(F.activity("A-from-\(s.code)", .crossOrderRetrospective, at: 60,
                                                      orders: ids.prefix(3).map { OrderID($0) }))
            } else {
                b.reflection("R-from-\(s.code)", .onAction, at: 30, orders: Array(ids.prefix(3)), logic: .developmental)
            }
        }
        return b.office
    }

    @Test("each of the five strategies gets its own measure of learning for and from its orders")
    func everyStrategy() {
        let rows = Coverage.byStrategy(office(), asOf: F.d(90))
        #expect(rows.map(\.strategy) == DeliveryStrategy.allCases)
        for row in rows {
            #expect((row.orders, row.ordersWithLearningFor, row.closedOrders, row.closedWithLearningFrom) == (4, 2, 4, 3), "\(row.strategy)")
            #expect(row.learningFor == 0.5 && row.learningFrom == 0.75, "\(row.strategy)")
        }
        let byCode = Dictionary(uniqueKeysWithValues: rows.map { ($0.strategy, $0) })
        #expect(byCode[.cto]?.ordersWithLearningForByActivityOnly == 1)
        #expect(byCode[.mts]?.closedWithLearningFromByActivityOnly == 3)
    }

    @Test("a strategy that learns for its orders but never from them stands out, the others unchanged", arguments: DeliveryStrategy.allCases)
    func detectsMissingLearningFrom(missing: DeliveryStrategy) {
        let rows = Coverage.byStrategy(office(skipFrom: missing), asOf: F.d(90))
        for row in rows {
            #expect(row.learningFor == 0.5, "\(row.strategy)")
            #expect(row.learningFrom == (row.strategy == missing ? 0 : 0.75), "\(row.strategy)")
        }
    }

    @Test("learning for and from are told apart: an on-action review is not learning for, an in-action one after closing is not learning from")
    func notConfused() {
        var b = OfficeBuilder()
        b.order("O-1", .ato, received: 0, closed: 20)
        b.order("O-2", .ato, received: 0, closed: 20)
        b.reflection("R-1", .onAction, at: 25, orders: ["O-1"], logic: .executional)
        b.office.activities.append(F.activity("A-1", .inOrderStandUp, at: 25, orders: ["O-2"]))
        let ato = Coverage.byStrategy(b.office, asOf: F.d(30)).first { $0.strategy == .ato }!
        #expect((ato.ordersWithLearningFor, ato.closedWithLearningFrom) == (0, 1))
    }
}
