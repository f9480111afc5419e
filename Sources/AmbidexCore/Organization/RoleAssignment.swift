/// Decides the office role of each (unit, order) pair.
///
/// The order's own events win: a unit that touched the customer on the order
/// is front office on it, a unit that worked on it without contact is back
/// office. Only when the unit left no events on the order does the strategy
/// table's default role map decide.
public struct RoleAssignment: Sendable {
    public let table: StrategyTable
    private var contact: [Pair: Bool] = [:]

    struct Pair: Hashable { let unit: UnitID; let order: OrderID }

    public init(table: StrategyTable, events: some Sequence<OrderEvent>) {
        self.table = table
        for e in events {
            let key = Pair(unit: e.unit, order: e.order)
            contact[key] = (contact[key] ?? false) || e.customerContact
        }
    }

    public func role(of unit: Unit, on order: Order) -> OfficeRole {
        if let touched = contact[Pair(unit: unit.id, order: order.id)] { return touched ? .front : .back }
        return table.defaultRole(of: unit.function, under: order.strategy)
    }

    /// Whether the unit has any recorded work on the order.
    public func worked(_ unit: UnitID, on order: OrderID) -> Bool { contact[Pair(unit: unit, order: order)] != nil }

    /// Every (unit, order) pair with recorded work, with its role.
    public var pairs: [(unit: UnitID, order: OrderID, role: OfficeRole)] {
        contact.map { ($0.key.unit, $0.key.order, $0.value ? .front : .back) }
    }
}
