import FluentKit
import SQLKit

/// Retrospectives across orders: the board (cards, votes) and the decisions
/// (action items). The scope is kept as its filters, so the board reads its
/// orders through the index on when orders closed.
struct CreateRetrospectives: AsyncMigration {
    var name: String { "v12.CreateRetrospectives" }

    func prepare(on db: any Database) async throws {
        try await db.schema("retrospectives")
            .field("id", .string, .identifier(auto: false))
            .field("title", .string, .required)
            .field("template", .string, .required)
            .field("facilitator", .string, .required)
            .field("created_at", .double, .required)
            .field("phase", .string, .required)
            .field("phase_started_at", .double, .required)
            .field("phase_minutes", .int, .required)
            .field("revealed", .int, .required)
            .field("activity", .string)
            .field("scope_strategy", .string)
            .field("scope_unit", .string)
            .field("scope_partner", .string)
            .field("scope_from", .double)
            .field("scope_to", .double)
            .field("scope_orders", .string, .required)
            .field("scope_key", .string, .required)
            .field("board_version", .int64, .required)
            .create()
        try await db.schema("retrospective_cards")
            .field("id", .string, .identifier(auto: false))
            .field("retrospective", .string, .required, .references("retrospectives", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("prompt", .string, .required)
            .field("author", .string, .required)
            .field("text", .string, .required)
            .field("created_at", .double, .required)
            .field("parent", .string)
            .create()
        try await db.schema("retrospective_votes")
            .field("retrospective", .string, .required, .references("retrospectives", "id", onDelete: .cascade))
            .field("target", .string, .required)
            .field("voter", .string, .required)
            .field("phase", .string, .required)
            .unique(on: "target", "voter")
            .create()
        try await db.schema("action_items")
            .field("id", .string, .identifier(auto: false))
            .field("retrospective", .string, .required, .references("retrospectives", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("owner", .string, .required)
            .field("due", .double, .required)
            .field("figure", .string, .required)
            .field("baseline", .double)
            .field("status", .string, .required)
            .field("created_at", .double, .required)
            .field("created_by", .string, .required)
            .field("finished_at", .double)
            .field("knowledge_item", .string)
            .create()
        let sql = db as! any SQLDatabase
        try await sql.create(index: "retrospectives_scope_created").on("retrospectives").column("scope_key").column("created_at").run()
        try await sql.create(index: "retrospectives_created").on("retrospectives").column("created_at").run()
        try await sql.create(index: "retrospective_cards_retrospective").on("retrospective_cards").column("retrospective").run()
        try await sql.create(index: "retrospective_votes_retrospective").on("retrospective_votes").column("retrospective").run()
        try await sql.create(index: "action_items_retrospective").on("action_items").column("retrospective").run()
        try await sql.create(index: "action_items_status_due").on("action_items").column("status").column("due").run()
        // A retrospective reads the orders closed in its period, newest first, by strategy or customer or all.
        try await sql.create(index: "orders_closed").on("orders").column("closed").run()
        try await sql.create(index: "orders_strategy_closed").on("orders").column("strategy").column("closed").run()
        try await sql.create(index: "orders_customer_closed").on("orders").column("customer").column("closed").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for index in ["orders_customer_closed", "orders_strategy_closed", "orders_closed"] { try await sql.drop(index: index).run() }
        for table in ["action_items", "retrospective_votes", "retrospective_cards", "retrospectives"] { try await db.schema(table).delete() }
    }
}
