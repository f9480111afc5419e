import AmbidexCore
import Foundation
import SQLKit

extension Store {
    /// The events of every order that passes `filter`, grouped by order and in
    /// each order's recorded sequence, for mining the office's own orders. One
    /// query through the orders' indexes; the work grows with the events returned.
    public func events(of filter: OrderFilter) async throws -> [OrderEvent] {
        var conditions: [String] = [], binds: [StoreBind] = []
        if let s = filter.strategy { conditions.append("o.strategy = ?"); binds.append(.text(s.rawValue)) }
        if let p = filter.partner { conditions.append("o.customer = ?"); binds.append(.text(p.rawValue)) }
        if let p = filter.priority { conditions.append("o.priority = ?"); binds.append(.integer(p.rawValue)) }
        switch filter.status {
        case .open: conditions.append("o.closed IS NULL")
        case .closed: conditions.append("o.closed IS NOT NULL")
        case nil: break
        }
        if let from = filter.from { conditions.append("o.received >= ?"); binds.append(.real(from.storeValue)) }
        if let to = filter.to { conditions.append("o.received < ?"); binds.append(.real(to.storeValue)) }
        if let unit = filter.unit {
            conditions.append("EXISTS (SELECT 1 FROM order_events w WHERE w.order_id = o.id AND w.unit = ?)")
            binds.append(.text(unit.rawValue))
        }
        let query = "SELECT e.* FROM order_events e JOIN orders o ON o.id = e.order_id"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY e.order_id, e.seq"
        do {
            return try await rows(OrderEventRow.self, query, binds, table: "order_events").map { $0.domain() }
        } catch let e as StoreError { throw e } catch { throw explain(error) }
    }

    /// Every unit's name by id (a handful of rows).
    public func unitNames() async throws -> [UnitID: String] {
        do {
            let rows = try await sql.select().column("id").column("name").from("units").all()
            var names: [UnitID: String] = [:]
            for r in rows { names[UnitID(try r.decode(column: "id", as: String.self))] = try r.decode(column: "name", as: String.self) }
            return names
        } catch let e as StoreError { throw e } catch { throw explain(error) }
    }
}
