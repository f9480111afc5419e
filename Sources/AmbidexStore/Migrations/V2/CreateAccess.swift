import FluentKit

/// Accounts and their sessions: who may sign in, and who is signed in.
struct CreateAccess: AsyncMigration {
    var name: String { "v2.CreateAccess" }

    func prepare(on db: any Database) async throws {
        try await db.schema("accounts")
            .field("id", .string, .identifier(auto: false))
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("partner_id", .string)
            .field("password_hash", .string, .required)
            .field("created_at", .double, .required)
            .unique(on: "email")
            .create()
        // Only a hash of the session token is stored, so a copy of the database signs nobody in.
        try await db.schema("sessions")
            .field("token_hash", .string, .identifier(auto: false))
            .field("account_id", .string, .required, .references("accounts", "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("expires_at", .double, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        for table in ["sessions", "accounts"] { try await db.schema(table).delete() }
    }
}

/// The lab's saved experiments: parameters and seed, so anyone can re-run them, and the outcome.
struct CreateLabExperiments: AsyncMigration {
    var name: String { "v2.CreateLabExperiments" }

    func prepare(on db: any Database) async throws {
        try await db.schema("lab_experiments")
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("account_id", .string, .required)
            .field("created_at", .double, .required)
            .field("status", .string, .required)
            .field("experiment", .string, .required)
            .field("outcome", .string)
            .field("error", .string)
            .field("seconds", .double)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("lab_experiments").delete()
    }
}
