import FluentKit

/// API tokens for scripts and integrations: only a hash of each is kept, and
/// a revoked token stays listed (who had access, and until when).
struct CreateAPITokens: AsyncMigration {
    var name: String { "v7.CreateAPITokens" }

    func prepare(on db: any Database) async throws {
        try await db.schema("api_tokens")
            .field("id", .string, .identifier(auto: false))
            .field("account_id", .string, .required, .references("accounts", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .double, .required)
            .field("last_used_at", .double)
            .field("revoked_at", .double)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("api_tokens").delete()
    }
}
