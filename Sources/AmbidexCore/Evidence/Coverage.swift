import Foundation

/// How much learning *for* and *from* orders one strategy gets (P2).
public struct StrategyCoverage: Codable, Sendable, Hashable {
    public var strategy: DeliveryStrategy
    /// Orders received by the as-of date.
    public var orders: Int
    /// Orders with reflection in action while they were open.
    public var ordersWithLearningFor: Int
    /// Orders closed by the as-of date.
    public var closedOrders: Int
    /// Closed orders reflected on after they closed.
    public var closedWithLearningFrom: Int

    public var learningFor: Double { orders == 0 ? 0 : Double(ordersWithLearningFor) / Double(orders) }
    public var learningFrom: Double { closedOrders == 0 ? 0 : Double(closedWithLearningFrom) / Double(closedOrders) }
}

public enum Coverage {
    /// Coverage per strategy, over orders received in `period` (all when nil).
    ///
    /// Learning *for* an order is a reflection in action on it dated while it
    /// was open, or a held in-action learning activity (kick-off, stand-up,
    /// co-design session) naming it in that span. Learning *from* an order is a
    /// reflection on action naming it dated at or after its closing, or a held
    /// on-action activity (review, retrospective …) naming it then.
    public static func byStrategy(_ office: LearningOffice, asOf: Date, period: Period? = nil) -> [StrategyCoverage] {
        var forDates: [OrderID: [Date]] = [:]
        var fromDates: [OrderID: [Date]] = [:]
        for r in office.reflections where r.date <= asOf {
            for o in r.orders {
                if r.mode == .inAction { forDates[o, default: []].append(r.date) } else { fromDates[o, default: []].append(r.date) }
            }
        }
        for a in office.activities where a.status == .held && a.date <= asOf {
            for o in a.orders {
                if a.kind.mode == .inAction { forDates[o, default: []].append(a.date) } else { fromDates[o, default: []].append(a.date) }
            }
        }
        var rows = Dictionary(uniqueKeysWithValues: DeliveryStrategy.allCases.map {
            ($0, StrategyCoverage(strategy: $0, orders: 0, ordersWithLearningFor: 0, closedOrders: 0, closedWithLearningFrom: 0))
        })
        for order in office.orders where order.received <= asOf {
            if let period, !period.contains(order.received) { continue }
            let end = min(order.closed ?? asOf, asOf)
            rows[order.strategy]!.orders += 1
            if forDates[order.id]?.contains(where: { $0 >= order.received && $0 <= end }) == true {
                rows[order.strategy]!.ordersWithLearningFor += 1
            }
            if let closed = order.closed, closed <= asOf {
                rows[order.strategy]!.closedOrders += 1
                if fromDates[order.id]?.contains(where: { $0 >= closed }) == true {
                    rows[order.strategy]!.closedWithLearningFrom += 1
                }
            }
        }
        return DeliveryStrategy.allCases.map { rows[$0]! }
    }
}
