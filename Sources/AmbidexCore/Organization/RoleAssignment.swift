/// Decides the office role of each (unit, order) pair from the order's own
/// events: a unit that touched the customer on the order is front office on
/// it, a unit that worked on it without contact is back office. A unit that
/// left no events on the order has no role on it — not the strategy table's
/// default, which only says who *should* face the customer (the cadence
/// policy uses it to invite people).
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

    /// Nil when the unit did not work on the order.
    public func role(of unit: Unit, on order: Order) -> OfficeRole? {
        contact[Pair(unit: unit.id, order: order.id)].map { $0 ? .front : .back }
    }

    /// Whether the unit has any recorded work on the order.
    public func worked(_ unit: UnitID, on order: OrderID) -> Bool { contact[Pair(unit: unit, order: order)] != nil }

    /// Every (unit, order) pair with recorded work, with its role.
    public var pairs: [(unit: UnitID, order: OrderID, role: OfficeRole)] {
        contact.map { ($0.key.unit, $0.key.order, $0.value ? .front : .back) }
    }
}
