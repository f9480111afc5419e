import FluentKit
import SQLKit

/// Outbound webhooks: the hooks a lead registered and every delivery, kept as
/// an outbox written in the same transaction as the change it reports, so a
/// change is never reported that did not happen, nor lost when the process dies.
struct CreateWebhooks: AsyncMigration {
    var name: String { "v14.CreateWebhooks" }

    func prepare(on db: any Database) async throws {
        try await db.schema("webhooks")
            .field("id", .string, .identifier(auto: false))
            .field("url", .string, .required)
            .field("events", .string, .required)
            .field("secret", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .double, .required)
            .field("revoked_at", .double)
            .create()
        try await db.schema("webhook_deliveries")
            .field("id", .string, .identifier(auto: false))
            .field("hook", .string, .required, .references("webhooks", "id", onDelete: .cascade))
            .field("event", .string, .required)
            .field("subject", .string, .required)
            .field("version", .int64, .required)
            .field("payload", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .double, .required)
            .field("last_code", .int)
            .field("last_error", .string)
            .field("created_at", .double, .required)
            .field("delivered_at", .double)
            .create()
        let sql = db as! any SQLDatabase
        try await sql.create(index: "webhook_deliveries_due").on("webhook_deliveries").column("status").column("next_attempt_at").run()
        try await sql.create(index: "webhook_deliveries_hook").on("webhook_deliveries").column("hook").column("created_at").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("webhook_deliveries").delete()
        try await db.schema("webhooks").delete()
    }
}
