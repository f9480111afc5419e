import Foundation

/// How a unit's work was split across its concurrent orders in a period (P4).
///
/// Seed 000's priorities are the back office's internal efficiency (cost,
/// scale) and the front office's external effectiveness (fit,
/// responsiveness). A unit whose role differs across the orders it works on
/// at the same time — engineering back office on MTS orders and front office
/// on ETO ones — works under both priorities; that variation, not the
/// urgency of the orders, is where learning can be stimulated. The spread of
/// order urgency (1–5) is kept as a separate figure under its own name.
public struct UnitRoleProfile: Codable, Sendable, Hashable {
    public var unit: UnitID
    public var period: String
    public var orders: Int
    /// Share of its orders on which the unit was front office.
    public var frontShare: Double
    /// Changes of role between consecutive orders, in the order the unit first worked on each.
    public var switches: Int
    public var switchRate: Double { orders > 1 ? Double(switches) / Double(orders - 1) : 0 }
    /// How evenly the unit's concurrent orders split between the two roles, and so between the two
    /// priorities: 1 − |2·frontShare − 1|, 0 when every order had the same role, 1 at half and half.
    public var roleVariation: Double
    /// Standard deviation of the orders' urgency (priority 1–5) over its largest possible value (2):
    /// a different figure, kept for offices that track urgency.
    public var urgencySpread: Double
    /// Units that held the other role on the same orders, most shared orders first: who a cross-role session brings in.
    public var counterparts: [UnitID]

    public static func profiles(_ office: LearningOffice, period: Period) -> [UnitRoleProfile] {
        profiles(office, period: period, index: office.index())
    }

    static func profiles(_ office: LearningOffice, period: Period, index: LearningOffice.Index) -> [UnitRoleProfile] {
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
            let mean = priorities.reduce(0, +) / Double(max(1, priorities.count))
            let variance = priorities.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, priorities.count))
            let front = Double(roles.filter { $0 == .front }.count) / Double(max(1, roles.count))
            // Who held the other role on the same orders.
            var shared: [UnitID: Int] = [:]
            for o in sequence {
                guard let mine = index.role(of: unit.id, on: o) else { continue }
                for other in index.unitsByOrder[o] ?? [] where other != unit.id && index.role(of: other, on: o).map({ $0 != mine }) == true {
                    shared[other, default: 0] += 1
                }
            }
            return UnitRoleProfile(unit: unit.id, period: period.label, orders: sequence.count, frontShare: front, switches: switches,
                                   roleVariation: 1 - abs(2 * front - 1), urgencySpread: min(1, variance.squareRoot() / 2),
                                   counterparts: shared.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key))
        }
    }
}
