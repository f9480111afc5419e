import FluentKit

/// A person's calendar feed: a secret URL that serves their activities as
/// iCalendar and nothing else (not an API token, so a leaked calendar link
/// gives away a schedule, never the office). Only a hash of the secret is kept.
struct CreateCalendarFeeds: AsyncMigration {
    var name: String { "v10.CreateCalendarFeeds" }

    func prepare(on db: any Database) async throws {
        try await db.schema("calendar_feeds")
            .field("id", .string, .identifier(auto: false))
            .field("account_id", .string, .required, .references("accounts", "id", onDelete: .cascade))
            .field("units", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .double, .required)
            .field("revoked_at", .double)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("calendar_feeds").delete()
    }
}
