import FluentKit
import SQLKit

/// What the evidence needs to tell apart: whether an application of a
/// standard was checked by someone (and by which unit) or recorded
/// automatically because the order is in scope, and which phase a review on
/// action of a still-open order looks back on (a gate review).
struct AddEvidenceColumns: AsyncMigration {
    var name: String { "v3.AddEvidenceColumns" }

    func prepare(on db: any Database) async throws {
        // One column per statement: SQLite adds columns one at a time.
        try await db.schema("standard_applications").field("automatic", .bool, .required, .sql(.default(false))).update()
        try await db.schema("standard_applications").field("applied_by", .string).update()
        try await db.schema("reflections").field("phase", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("reflections").deleteField("phase").update()
        try await db.schema("standard_applications").deleteField("applied_by").update()
        try await db.schema("standard_applications").deleteField("automatic").update()
    }
}
