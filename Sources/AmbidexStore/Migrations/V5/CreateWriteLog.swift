import FluentKit
import SQLKit

/// The live office: a version that every write raises in its own transaction
/// (so every server can tell that the store changed, and since when), the log
/// of those changes (who, when, what), and room on an activity for what the
/// people who held or skipped it said.
struct CreateWriteLog: AsyncMigration {
    var name: String { "v5.CreateWriteLog" }

    func prepare(on db: any Database) async throws {
        try await db.schema("office_state")
            .field("id", .int, .identifier(auto: false))
            .field("version", .int64, .required)
            .create()
        let sql = db as! any SQLDatabase
        try await sql.insert(into: "office_state").columns("id", "version").values(SQLBind(1), SQLBind(Int64(0))).run()
        try await db.schema("write_log")
            .field("version", .int64, .identifier(auto: false))
            .field("at", .double, .required)
            .field("kind", .string, .required)
            .field("subject", .string, .required)
            .field("account", .string)
            .field("summary", .string, .required)
            .create()
        try await sql.create(index: "write_log_subject").on("write_log").column("subject").run()
        try await db.schema("learning_activities").field("note", .string).update()
        try await sql.create(index: "learning_activities_date").on("learning_activities").column("date").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.drop(index: "learning_activities_date").run()
        try await db.schema("learning_activities").deleteField("note").update()
        try await db.schema("write_log").delete()
        try await db.schema("office_state").delete()
    }
}
