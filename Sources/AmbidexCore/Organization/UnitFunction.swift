/// What a unit does. The function, not the unit, is what the strategy table's
/// default role map speaks of (engineering faces the customer on ETO, not on MTS).
public enum UnitFunction: String, CaseIterable, Sendable, Codable, Hashable {
    case sales, engineering, planning, purchasing, production, logistics, service, quality, other
}
