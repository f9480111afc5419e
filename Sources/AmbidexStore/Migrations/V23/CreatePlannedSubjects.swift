import FluentKit
import SQLKit

/// What the newest snapshot's schedule plans, one row per activity without its
/// day (a daily stand-up of a team is one row, a session moved to another day
/// stays the same row), so the next snapshot can tell which activities the
/// policy scheduled anew and report them to webhooks.
struct CreatePlannedSubjects: AsyncMigration {
    var name: String { "v23.CreatePlannedSubjects" }

    func prepare(on db: any Database) async throws {
        try await db.schema("planned_subjects")
            .field("key", .string, .identifier(auto: false))
            .field("activity", .string, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("planned_subjects").delete()
    }
}
