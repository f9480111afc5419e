import Foundation

/// A reflection held by people from units (and partners) about orders.
///
/// In action, it happens during an open order and serves that order (learning
/// *for* the order); on action, it looks back — across closed orders, or at a
/// finished phase of an open one (a gate or phase review) — learning *from*
/// orders, for future ones.
public struct Reflection: Identifiable, Hashable, Sendable, Codable {
    public enum Mode: String, CaseIterable, Sendable, Codable, Hashable {
        case inAction, onAction
        public var label: String { self == .inAction ? "in action" : "on action" }
    }

    public let id: ReflectionID
    public var mode: Mode
    public var trigger: Trigger
    public var actionLevel: ActionLevel
    public var logic: LearningLogic
    public var date: Date
    public var summary: String
    public var units: Set<UnitID>
    public var partners: Set<PartnerID>
    public var orders: [OrderID]
    /// For a review on action of an order still open: the phase (stage) it looks back on.
    public var phase: Stage?

    public init(id: ReflectionID, mode: Mode, trigger: Trigger, actionLevel: ActionLevel, logic: LearningLogic,
                date: Date, summary: String, units: Set<UnitID>, partners: Set<PartnerID> = [],
                orders: [OrderID], phase: Stage? = nil) throws(DomainError) {
        guard !units.isEmpty || !partners.isEmpty else { throw .invalid("reflection \(id) has no participants") }
        guard !orders.isEmpty else { throw .invalid("reflection \(id) concerns no order: reflections are about orders") }
        if mode == .inAction, orders.count != 1 {
            throw .invalid("reflection \(id) is in action, so it concerns exactly one ongoing order, not \(orders.count)")
        }
        if mode == .inAction, let phase {
            throw .invalid("reflection \(id) is in action; only a review on action looks back on a phase (\(phase))")
        }
        self.id = id
        self.mode = mode
        self.trigger = trigger
        self.actionLevel = actionLevel
        self.logic = logic
        self.date = date
        self.summary = summary
        self.units = units
        self.partners = partners
        self.orders = orders
        self.phase = phase
    }

    /// Checks the reflection against the orders it names: in action needs the
    /// order open on the day; on action needs every order closed by then, or
    /// received by then and the phase it reviews named (a gate review).
    public func validate(against lookup: (OrderID) -> Order?) throws(DomainError) {
        for oid in orders {
            guard let order = lookup(oid) else { throw .unknown("reflection \(id) names order \(oid), which does not exist") }
            switch mode {
            case .inAction where !order.isOpen(at: date):
                throw .invalid("reflection \(id) is in action, but order \(oid) is not open on that day")
            case .onAction where order.received > date:
                throw .invalid("reflection \(id) is on action, but order \(oid) was not received yet")
            case .onAction where !order.isClosed(at: date) && phase == nil:
                throw .invalid("reflection \(id) is on action, but order \(oid) is still open: name the phase it reviews, or wait until the order closes")
            default: break
            }
        }
    }
}
