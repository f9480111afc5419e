import AmbidexCore
import Foundation

struct OrderRow: Codable, Sendable {
    var id: String
    var customer: String
    var offering: String
    var strategy: String
    var decouplingPoint: String
    var customization: String
    var priority: Int
    var received: Double
    var due: Double
    var closed: Double?
    var leadTimeDays: Double?
    var onTime: Bool?
    var reworkCount: Int?
    var feedbackScore: Double?

    init(_ o: Order) {
        id = o.id.rawValue
        customer = o.customer.rawValue
        offering = o.offering
        strategy = o.strategy.rawValue
        decouplingPoint = o.decouplingPoint.storageValue
        customization = JSONColumn.encode(o.customization)
        priority = o.priority.rawValue
        received = o.received.storeValue
        due = o.due.storeValue
        closed = o.closed?.storeValue
        leadTimeDays = o.outcome?.leadTimeDays
        onTime = o.outcome?.onTime
        reworkCount = o.outcome?.reworkCount
        feedbackScore = o.outcome?.feedbackScore
    }

    func domain() throws -> Order {
        let row = "order \(id)"
        guard let p = Priority(rawValue: priority) else { throw StoreError("column priority of \(row) holds \(priority), outside 1…5") }
        var outcome: OrderOutcome?
        if let leadTimeDays, let onTime {
            outcome = try OrderOutcome(leadTimeDays: leadTimeDays, onTime: onTime, reworkCount: reworkCount ?? 0, feedbackScore: feedbackScore)
        }
        return try Order(id: OrderID(id), customer: PartnerID(customer), offering: offering,
                         strategy: decodeEnum(DeliveryStrategy.self, strategy, column: "strategy", row: row),
                         decouplingPoint: DecouplingPoint(storageValue: decouplingPoint),
                         customization: JSONColumn.decode([String: String].self, from: customization, column: "customization", row: row),
                         priority: p, received: Date(storeValue: received), due: Date(storeValue: due),
                         closed: closed.map(Date.init(storeValue:)), outcome: outcome)
    }
}

struct OrderEventRow: Codable, Sendable {
    var orderId: String
    var seq: Int
    var activity: String
    var stage: String
    var unit: String
    var resource: String?
    var timestamp: Double
    var customerContact: Bool

    init(_ e: OrderEvent, seq: Int) {
        orderId = e.order.rawValue
        self.seq = seq
        activity = e.activity
        stage = e.stage.rawValue
        unit = e.unit.rawValue
        resource = e.resource
        timestamp = e.timestamp.storeValue
        customerContact = e.customerContact
    }

    func domain() -> OrderEvent {
        OrderEvent(order: OrderID(orderId), activity: activity, stage: Stage(stage), unit: UnitID(unit),
                   resource: resource, timestamp: Date(storeValue: timestamp), customerContact: customerContact)
    }
}

/// The log an imported order came from (its file name), written by the import that brought the order in.
struct OrderSourceRow: Codable, Sendable {
    var orderId: String
    var source: String
}
