import FluentKit
import SQLKit

/// The office's snapshots (evidence, schedule and partner shares, one per
/// version that was computed) and the lease that lets one process at a time
/// compute the next.
struct CreateSnapshots: AsyncMigration {
    var name: String { "v6.CreateSnapshots" }

    func prepare(on db: any Database) async throws {
        // SQLite adds one column per statement, outside any transaction: one at a time.
        try await db.schema("office_state").field("refresh_worker", .string).update()
        try await db.schema("office_state").field("refresh_until", .double).update()
        try await db.schema("office_snapshots")
            .field("version", .int64, .identifier(auto: false))
            .field("computed_at", .double, .required)
            .field("seconds", .double, .required)
            .field("body", .string, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("office_snapshots").delete()
        try await db.schema("office_state").deleteField("refresh_until").update()
        try await db.schema("office_state").deleteField("refresh_worker").update()
    }
}
