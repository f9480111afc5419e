import FluentKit
import SQLKit

/// Long work (lab runs; imports next) as jobs in the store, so that any server
/// or `ambidex work` process can claim and run them and every server shows
/// their progress. A running job's worker writes a heartbeat; a job whose
/// heartbeat stops is known to be dead.
struct CreateJobs: AsyncMigration {
    var name: String { "v4.CreateJobs" }

    func prepare(on db: any Database) async throws {
        try await db.schema("jobs")
            .field("id", .string, .identifier(auto: false))
            .field("kind", .string, .required)
            .field("subject", .string, .required)
            .field("account", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .double, .required)
            .field("started_at", .double)
            .field("finished_at", .double)
            .field("worker", .string)
            .field("heartbeat_at", .double)
            .field("progress", .double, .required)
            .field("cancel_requested", .bool, .required)
            .field("error", .string)
            .create()
        let sql = db as! any SQLDatabase
        try await sql.create(index: "jobs_by_status").on("jobs").column("status").column("created_at").run()
        try await sql.create(index: "jobs_by_subject").on("jobs").column("subject").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("jobs").delete()
    }
}
