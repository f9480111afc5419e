import Foundation

/// A customer order: the boundary object around which units learn.
public struct Order: Identifiable, Hashable, Sendable, Codable {
    public let id: OrderID
    public var customer: PartnerID
    /// What was ordered: a product family or service line.
    public var offering: String
    public var strategy: DeliveryStrategy
    /// Copied from the strategy table at order entry, so later edits of the
    /// table do not rewrite history.
    public var decouplingPoint: DecouplingPoint
    /// The customer's choices (feature → value), e.g. "voltage" → "690V".
    public var customization: [String: String]
    public var priority: Priority
    public var received: Date
    public var due: Date
    /// When the order was delivered; nil while it is open.
    public var closed: Date?
    /// Known once the order is closed (feedback may arrive later).
    public var outcome: OrderOutcome?

    public init(id: OrderID, customer: PartnerID, offering: String, strategy: DeliveryStrategy,
                decouplingPoint: DecouplingPoint, customization: [String: String] = [:],
                priority: Priority = .normal, received: Date, due: Date,
                closed: Date? = nil, outcome: OrderOutcome? = nil) throws(DomainError) {
        guard due >= received else { throw .invalid("order \(id): due date is before the date it was received") }
        if let closed, closed < received { throw .invalid("order \(id): closed before it was received") }
        if outcome != nil, closed == nil { throw .invalid("order \(id): an open order has no outcome yet") }
        if strategy == .mts || strategy == .mto, !customization.isEmpty {
            throw .invalid("order \(id): \(strategy.code) orders cannot be customized")
        }
        self.id = id
        self.customer = customer
        self.offering = offering
        self.strategy = strategy
        self.decouplingPoint = decouplingPoint
        self.customization = customization
        self.priority = priority
        self.received = received
        self.due = due
        self.closed = closed
        self.outcome = outcome
    }

    public func isOpen(at date: Date) -> Bool { received <= date && (closed.map { date < $0 } ?? true) }
    public func isClosed(at date: Date) -> Bool { closed.map { $0 <= date } ?? false }

    /// Whether the order's life overlaps [start, end).
    public func overlaps(_ start: Date, _ end: Date) -> Bool {
        received < end && (closed.map { $0 >= start } ?? true)
    }

    /// Closes the order with what it achieved; lead time and on-time are
    /// derived from the dates so they cannot disagree with them.
    public mutating func close(at date: Date, reworkCount: Int, feedbackScore: Double?) throws(DomainError) {
        guard closed == nil else { throw .illegalTransition("order \(id) is already closed") }
        guard date >= received else { throw .invalid("order \(id): cannot close before it was received") }
        closed = date
        outcome = try OrderOutcome(received: received, due: due, delivered: date,
                                   reworkCount: reworkCount, feedbackScore: feedbackScore)
    }
}

/// What a closed order achieved: internal efficiency (lead time, rework) and
/// external effectiveness (on time, customer feedback).
public struct OrderOutcome: Hashable, Sendable, Codable {
    public var leadTimeDays: Double
    public var onTime: Bool
    public var reworkCount: Int
    /// 1 (poor) … 5 (excellent); nil when the customer gave none.
    public var feedbackScore: Double?

    public init(leadTimeDays: Double, onTime: Bool, reworkCount: Int, feedbackScore: Double?) throws(DomainError) {
        guard leadTimeDays >= 0 else { throw .invalid("lead time cannot be negative") }
        guard reworkCount >= 0 else { throw .invalid("rework count cannot be negative") }
        if let f = feedbackScore, !(1...5).contains(f) { throw .invalid("feedback score \(f) is outside 1…5") }
        self.leadTimeDays = leadTimeDays
        self.onTime = onTime
        self.reworkCount = reworkCount
        self.feedbackScore = feedbackScore
    }

    public init(received: Date, due: Date, delivered: Date, reworkCount: Int, feedbackScore: Double?) throws(DomainError) {
        try self.init(leadTimeDays: delivered.timeIntervalSince(received) / 86_400,
                      onTime: delivered <= due, reworkCount: reworkCount, feedbackScore: feedbackScore)
    }
}
