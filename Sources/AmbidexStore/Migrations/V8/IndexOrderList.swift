import FluentKit
import SQLKit

/// The order list pages newest first, by itself or by customer: indexes that
/// end in the sort keys, so a page reads its rows and stops.
struct IndexOrderList: AsyncMigration {
    var name: String { "v8.IndexOrderList" }

    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.create(index: "orders_received_id").on("orders").column("received").column("id").run()
        try await sql.create(index: "orders_customer_received_id").on("orders").column("customer").column("received").column("id").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.drop(index: "orders_customer_received_id").run()
        try await sql.drop(index: "orders_received_id").run()
    }
}
