import FluentKit
import SQLKit

/// Orders and their events. Times are seconds since 1970 (UTC) in a double
/// column: one representation that round-trips identically on SQLite and
/// PostgreSQL.
struct CreateOrders: AsyncMigration {
    var name: String { "v1.CreateOrders" }

    func prepare(on db: any Database) async throws {
        try await db.schema("orders")
            .field("id", .string, .identifier(auto: false))
            .field("customer", .string, .required, .references("partners", "id"))
            .field("offering", .string, .required)
            .field("strategy", .string, .required)
            .field("decoupling_point", .string, .required)
            .field("customization", .string, .required)
            .field("priority", .int, .required)
            .field("received", .double, .required)
            .field("due", .double, .required)
            .field("closed", .double)
            .field("lead_time_days", .double)
            .field("on_time", .bool)
            .field("rework_count", .int)
            .field("feedback_score", .double)
            .create()
        try await db.schema("order_events")
            .field("order_id", .string, .required, .references("orders", "id"))
            .field("seq", .int, .required)
            .field("activity", .string, .required)
            .field("stage", .string, .required)
            .field("unit", .string, .required, .references("units", "id"))
            .field("resource", .string)
            .field("timestamp", .double, .required)
            .field("customer_contact", .bool, .required)
            .compositeIdentifier(over: "order_id", "seq")
            .create()
        let sql = db as! any SQLDatabase
        try await sql.create(index: "orders_strategy_received").on("orders").column("strategy").column("received").run()
        try await sql.create(index: "order_events_unit").on("order_events").column("unit").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("order_events").delete()
        try await db.schema("orders").delete()
    }
}
