import Foundation

/// One step of work on an order, as an event log records it.
public struct OrderEvent: Hashable, Sendable, Codable {
    public var order: OrderID
    public var activity: String
    public var stage: Stage
    public var unit: UnitID
    /// The person or machine that did the work, when known.
    public var resource: String?
    public var timestamp: Date
    /// Whether the unit worked in direct contact with the customer here; this
    /// is what makes the unit front office on the order.
    public var customerContact: Bool

    public init(order: OrderID, activity: String, stage: Stage, unit: UnitID, resource: String? = nil,
                timestamp: Date, customerContact: Bool) {
        self.order = order
        self.activity = activity
        self.stage = stage
        self.unit = unit
        self.resource = resource
        self.timestamp = timestamp
        self.customerContact = customerContact
    }
}
