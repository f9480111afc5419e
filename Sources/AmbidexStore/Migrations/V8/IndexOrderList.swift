import FluentKit
import SQLKit

/// The order list pages newest first, by itself or by customer: indexes that
/// end in the sort keys, so a page reads its rows and stops. "Orders a unit
/// worked on" asks, per order, whether it has an event of the unit: without
/// an index on both, SQLite answers it through the unit's index, reading every
/// event of the unit for every order (90 s a page at 100,000 orders).
struct IndexOrderList: AsyncMigration {
    var name: String { "v8.IndexOrderList" }

    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.create(index: "orders_received_id").on("orders").column("received").column("id").run()
        try await sql.create(index: "orders_customer_received_id").on("orders").column("customer").column("received").column("id").run()
        try await sql.create(index: "order_events_order_unit").on("order_events").column("order_id").column("unit").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.drop(index: "order_events_order_unit").run()
        try await sql.drop(index: "orders_customer_received_id").run()
        try await sql.drop(index: "orders_received_id").run()
    }
}
