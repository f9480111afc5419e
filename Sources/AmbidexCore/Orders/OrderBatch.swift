import Foundation

/// Orders brought in from outside (an imported log): the units and partners
/// they name, the orders, and each order's events in time order. The store
/// takes what it does not hold yet and leaves the rest.
public struct OrderBatch: Sendable, Equatable {
    public var units: [Unit]
    public var partners: [Partner]
    public var orders: [Order]
    /// Grouped by order, in the orders' order, each order's events in time order.
    public var events: [OrderEvent]

    public init(units: [Unit] = [], partners: [Partner] = [], orders: [Order] = [], events: [OrderEvent] = []) {
        self.units = units
        self.partners = partners
        self.orders = orders
        self.events = events
    }

    /// Orders per delivery strategy, for a summary.
    public var ordersByStrategy: [(DeliveryStrategy, Int)] {
        var n: [DeliveryStrategy: Int] = [:]
        for o in orders { n[o.strategy, default: 0] += 1 }
        return DeliveryStrategy.allCases.compactMap { s in n[s].map { (s, $0) } }
    }

    /// "120 MTO, 30 ETO"
    public var strategyLine: String {
        ordersByStrategy.map { "\($0.1) \($0.0.code)" }.joined(separator: ", ")
    }

    /// Each order's range in `events`, in the orders' order.
    public func eventRanges() -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(orders.count)
        var i = 0
        for o in orders {
            let start = i
            while i < events.count && events[i].order == o.id { i += 1 }
            ranges.append(start..<i)
        }
        return ranges
    }

    /// The batch's own rules: ids unique, every event under its order and in
    /// time order, every order's customer and every event's unit in the batch
    /// or in `known`, events grouped as the orders are.
    public func validate(knownUnits: Set<UnitID> = [], knownPartners: Set<PartnerID> = []) throws(DomainError) {
        let units = Set(self.units.map(\.id)).union(knownUnits)
        let partners = Set(self.partners.map(\.id)).union(knownPartners)
        guard Set(self.units.map(\.id)).count == self.units.count else { throw .invalid("a unit id appears twice in the batch") }
        guard Set(self.partners.map(\.id)).count == self.partners.count else { throw .invalid("a partner id appears twice in the batch") }
        var seen = Set<OrderID>()
        for o in orders {
            guard seen.insert(o.id).inserted else { throw .invalid("order \(o.id) appears twice in the batch") }
            guard partners.contains(o.customer) else { throw .invalid("order \(o.id) names customer \(o.customer), which is not a partner") }
        }
        let ranges = eventRanges()
        guard ranges.last.map({ $0.upperBound == events.count }) ?? events.isEmpty else {
            throw .invalid("the batch's events are not grouped by order in the orders' order")
        }
        for (o, range) in zip(orders, ranges) {
            var last = o.received
            for e in events[range] {
                guard units.contains(e.unit) else { throw .invalid("order \(o.id): an event names unit \(e.unit), which does not exist") }
                guard e.timestamp >= last else { throw .invalid("order \(o.id): the event '\(e.activity)' is out of time order or before the order was received") }
                last = e.timestamp
            }
        }
    }
}
