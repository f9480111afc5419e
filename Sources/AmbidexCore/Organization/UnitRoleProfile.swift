import Foundation

/// How a unit's work was split across concurrent orders in a period (P4):
/// a unit that keeps switching between front- and back-office orders of
/// different priority is where learning can be stimulated.
public struct UnitRoleProfile: Codable, Sendable, Hashable {
    public var unit: UnitID
    public var period: String
    public var orders: Int
    public var frontShare: Double
    /// Changes of role between consecutive orders, in the order the unit first worked on each.
    public var switches: Int
    public var switchRate: Double { orders > 1 ? Double(switches) / Double(orders - 1) : 0 }
    /// Standard deviation of the orders' priorities divided by the largest
    /// possible one on the 1–5 scale (2, half at 1 and half at 5): 0 when all
    /// concurrent orders weigh the same, 1 when they are pulled to both ends.
    public var priorityVariation: Double

    public static func profiles(_ office: LearningOffice, period: Period) -> [UnitRoleProfile] {
        let index = office.index()
        var firstTouch: [UnitID: [OrderID: Date]] = [:]
        for e in office.events where period.contains(e.timestamp) {
            let current = firstTouch[e.unit]?[e.order]
            if current == nil || e.timestamp < current! { firstTouch[e.unit, default: [:]][e.order] = e.timestamp }
        }
        return office.units.compactMap { unit in
            guard let touched = firstTouch[unit.id], !touched.isEmpty else { return nil }
            let sequence = touched.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map(\.key)
            let roles = sequence.compactMap { index.role(of: unit.id, on: $0) }
            let priorities = sequence.compactMap { index.orders[$0]?.priority.rawValue }.map(Double.init)
            var switches = 0
            for i in roles.indices.dropFirst() where roles[i] != roles[i - 1] { switches += 1 }
            let mean = priorities.reduce(0, +) / Double(priorities.count)
            let variance = priorities.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(priorities.count)
            return UnitRoleProfile(unit: unit.id, period: period.label, orders: sequence.count,
                                   frontShare: Double(roles.filter { $0 == .front }.count) / Double(max(1, roles.count)),
                                   switches: switches, priorityVariation: min(1, variance.squareRoot() / 2))
        }
    }
}
