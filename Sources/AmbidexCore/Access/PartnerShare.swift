import Foundation

/// What a customer or supplier sees of the office: their own orders, the
/// reflections they took part in, the knowledge that came from them, and the
/// learning activities they are invited to. Nothing of other partners — not
/// even the ids of their orders in a shared reflection — and none of the
/// office's evidence.
public struct PartnerShare: Sendable, Hashable, Codable {
    public var partner: Partner
    /// Newest first.
    public var orders: [Order]
    /// Newest first; `orders` cut down to this partner's own.
    public var reflections: [Reflection]
    public var knowledgeItems: [KnowledgeItem]
    /// From the schedule, soonest first; `orders` cut down to this partner's own.
    public var activities: [LearningActivity]
    /// All of the partner's orders and reflections, of which `orders` and `reflections` are the newest.
    public var ordersTotal: Int
    public var reflectionsTotal: Int
    /// Over all of the partner's orders.
    public var closedOrders: Int
    public var closedOnTime: Int

    /// An activity as one of its invited partners may read it: its own orders
    /// only, itself as the only partner, and, where the activity spans other
    /// customers' orders, a reason that names none of them (the policy's
    /// reason lists every order with its customer).
    static func cut(_ activity: LearningActivity, to id: PartnerID, own: Set<OrderID>) -> LearningActivity {
        var a = activity
        let mine = a.orders.filter(own.contains)
        if mine.count < a.orders.count {
            let label = a.kind.label.prefix(1).uppercased() + a.kind.label.dropFirst()
            a.reason = mine.isEmpty
                ? "\(label) over other customers' orders, to which you are invited; their details stay theirs."
                : "\(label) over your order\(mine.count == 1 ? "" : "s") \(mine.map(\.rawValue).joined(separator: ", ")) together with other customers' orders; their details stay theirs."
        }
        a.orders = mine
        a.partners = [id]
        return a
    }

    /// Nil when the office has no such partner. `limit` caps the orders and reflections listed (the newest ones), so a long-standing customer's page stays small.
    public init?(office: LearningOffice, partner id: PartnerID, upcoming: [LearningActivity], limit: Int = .max) {
        guard let partner = office.partners.first(where: { $0.id == id }) else { return nil }
        self.partner = partner
        orders = office.orders.filter { $0.customer == id }.sorted { ($0.received, $0.id.rawValue) > ($1.received, $1.id.rawValue) }
        let own = Set(orders.map(\.id))
        reflections = office.reflections.filter { $0.partners.contains(id) }
            .map { r in var r = r; r.orders = r.orders.filter(own.contains); return r }
            .sorted { ($0.date, $0.id.rawValue) > ($1.date, $1.id.rawValue) }
        ordersTotal = orders.count
        reflectionsTotal = reflections.count
        let outcomes = orders.compactMap(\.outcome)
        closedOrders = outcomes.count
        closedOnTime = outcomes.filter(\.onTime).count
        orders = Array(orders.prefix(limit))
        reflections = Array(reflections.prefix(limit))
        knowledgeItems = office.knowledgeItems.filter { $0.origin == .partner(id) }
        activities = upcoming.filter { $0.partners.contains(id) }.map { Self.cut($0, to: id, own: own) }
            .sorted { ($0.date, $0.id.rawValue) < ($1.date, $1.id.rawValue) }
    }
}
