import FluentKit
import SQLKit

/// What a standard says, kept with each version, so the registry shows a
/// readable difference between versions (document control); and its
/// applications by date, so a version's orders are read through an index.
struct AddStandardTexts: AsyncMigration {
    var name: String { "v13.AddStandardTexts" }

    func prepare(on db: any Database) async throws {
        try await db.schema("standard_versions").field("text", .string).update()
        let sql = db as! any SQLDatabase
        try await sql.create(index: "standard_applications_standard_date").on("standard_applications").column("standard").column("date").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.drop(index: "standard_applications_standard_date").run()
        try await db.schema("standard_versions").deleteField("text").update()
    }
}
