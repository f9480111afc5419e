import Foundation

/// How much learning *for* and *from* orders one strategy gets (P2).
///
/// Counts travel with the shares so a reader can tell "no learning" from
/// "no orders", and can see how much of a figure rests on the activity log
/// rather than on recorded reflections.
public struct StrategyCoverage: Codable, Sendable, Hashable {
    public let strategy: DeliveryStrategy
    /// The period's label, or "all".
    public let period: String
    /// Orders received by the as-of date (and in the period, when one is given).
    public let orders: Int
    /// Of `orders`, those with learning for them while they were open.
    public let ordersWithLearningFor: Int
    /// Of those, the ones counted only through a held learning activity.
    public let ordersWithLearningForByActivityOnly: Int
    /// Of `orders`, those closed by the as-of date.
    public let closedOrders: Int
    /// Of `closedOrders`, those learned from after they closed.
    public let closedWithLearningFrom: Int
    /// Of those, the ones counted only through a held learning activity.
    public let closedWithLearningFromByActivityOnly: Int
    /// ordersWithLearningFor / orders; 0 when there are no orders.
    public let learningFor: Double
    /// closedWithLearningFrom / closedOrders; 0 when none closed.
    public let learningFrom: Double

    public init(strategy: DeliveryStrategy, period: String = "all", orders: Int, ordersWithLearningFor: Int,
                ordersWithLearningForByActivityOnly: Int = 0, closedOrders: Int, closedWithLearningFrom: Int,
                closedWithLearningFromByActivityOnly: Int = 0) {
        self.strategy = strategy
        self.period = period
        self.orders = orders
        self.ordersWithLearningFor = ordersWithLearningFor
        self.ordersWithLearningForByActivityOnly = ordersWithLearningForByActivityOnly
        self.closedOrders = closedOrders
        self.closedWithLearningFrom = closedWithLearningFrom
        self.closedWithLearningFromByActivityOnly = closedWithLearningFromByActivityOnly
        learningFor = Statistics.share(ordersWithLearningFor, of: orders)
        learningFrom = Statistics.share(closedWithLearningFrom, of: closedOrders)
    }
}

public enum Coverage {
    /// Coverage per strategy, one row for each of the five (in `DeliveryStrategy`
    /// order), over the orders received by `asOf` — and within `period` when
    /// one is given, so each order belongs to exactly one period.
    ///
    /// The rules:
    /// - Learning **for** an order: a reflection in action naming it, or a
    ///   *held* learning activity of an in-action kind (order kick-off, in-order
    ///   stand-up, customer co-design session) naming it, dated from its receipt
    ///   to its closing (or to `asOf` while it is still open). Scheduled and
    ///   cancelled activities are intentions, not learning, and do not count.
    /// - Learning **from** an order: a reflection on action naming it, or a held
    ///   activity of an on-action kind (after-action review, retrospective,
    ///   workshop, improvement initiative) naming it, dated at or after its
    ///   closing and by `asOf`. Only closed orders can be learned from, so the
    ///   share is over closed orders.
    /// Nothing dated after `asOf` counts: the figure is what was known then.
    public static func byStrategy(_ office: LearningOffice, asOf: Date, period: Period? = nil) -> [StrategyCoverage] {
        let evidence = Evidence(office, asOf: asOf)
        var rows: [DeliveryStrategy: Tally] = [:]
        for order in office.orders where order.received <= asOf {
            if let period, !period.contains(order.received) { continue }
            rows[order.strategy, default: Tally()].add(order, evidence: evidence, asOf: asOf)
        }
        return DeliveryStrategy.allCases.map { s in
            let t = rows[s] ?? Tally()
            return StrategyCoverage(strategy: s, period: period?.label ?? "all", orders: t.orders,
                                    ordersWithLearningFor: t.learnedFor, ordersWithLearningForByActivityOnly: t.learnedForByActivity,
                                    closedOrders: t.closed, closedWithLearningFrom: t.learnedFrom,
                                    closedWithLearningFromByActivityOnly: t.learnedFromByActivity)
        }
    }

    /// The dates of learning naming each order, by mode and by source, built in
    /// one pass over reflections and activities (no orders × reflections scan).
    struct Evidence {
        var reflectionsInAction: [OrderID: [Date]] = [:]
        var reflectionsOnAction: [OrderID: [Date]] = [:]
        var activitiesInAction: [OrderID: [Date]] = [:]
        var activitiesOnAction: [OrderID: [Date]] = [:]

        init(_ office: LearningOffice, asOf: Date) {
            for r in office.reflections where r.date <= asOf {
                for o in r.orders {
                    if r.mode == .inAction { reflectionsInAction[o, default: []].append(r.date) }
                    else { reflectionsOnAction[o, default: []].append(r.date) }
                }
            }
            for a in office.activities where a.status == .held && a.date <= asOf {
                for o in a.orders {
                    if a.kind.mode == .inAction { activitiesInAction[o, default: []].append(a.date) }
                    else { activitiesOnAction[o, default: []].append(a.date) }
                }
            }
        }
    }

    struct Tally {
        var orders = 0, learnedFor = 0, learnedForByActivity = 0
        var closed = 0, learnedFrom = 0, learnedFromByActivity = 0

        mutating func add(_ order: Order, evidence e: Evidence, asOf: Date) {
            orders += 1
            let end = min(order.closed ?? asOf, asOf)
            let whileOpen: (Date) -> Bool = { $0 >= order.received && $0 <= end }
            if e.reflectionsInAction[order.id]?.contains(where: whileOpen) == true {
                learnedFor += 1
            } else if e.activitiesInAction[order.id]?.contains(where: whileOpen) == true {
                learnedFor += 1
                learnedForByActivity += 1
            }
            guard let closedAt = order.closed, closedAt <= asOf else { return }
            closed += 1
            let afterClosing: (Date) -> Bool = { $0 >= closedAt }
            if e.reflectionsOnAction[order.id]?.contains(where: afterClosing) == true {
                learnedFrom += 1
            } else if e.activitiesOnAction[order.id]?.contains(where: afterClosing) == true {
                learnedFrom += 1
                learnedFromByActivity += 1
            }
        }
    }
}
