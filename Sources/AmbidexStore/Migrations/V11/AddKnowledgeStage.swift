import FluentKit
import SQLKit

/// Each knowledge item's current stage and since when, beside its steps: the
/// knowledge board lists a stage's items and counts the stuck ones through an
/// index instead of finding every item's last step.
struct AddKnowledgeStage: AsyncMigration {
    var name: String { "v11.AddKnowledgeStage" }

    func prepare(on db: any Database) async throws {
        // SQLite adds one column per statement.
        try await db.schema("knowledge_items").field("stage", .string).update()
        try await db.schema("knowledge_items").field("stage_date", .double).update()
        let sql = db as! any SQLDatabase
        try await sql.raw(Self.derive).run()
        try await sql.create(index: "knowledge_items_stage").on("knowledge_items").column("stage").column("stage_date").run()
    }

    static let derive: SQLQueryString = """
        UPDATE knowledge_items SET
          stage = (SELECT s.stage FROM knowledge_steps s WHERE s.item = knowledge_items.id ORDER BY s.position DESC LIMIT 1),
          stage_date = (SELECT s.date FROM knowledge_steps s WHERE s.item = knowledge_items.id ORDER BY s.position DESC LIMIT 1)
        """

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.drop(index: "knowledge_items_stage").run()
        try await db.schema("knowledge_items").deleteField("stage_date").update()
        try await db.schema("knowledge_items").deleteField("stage").update()
    }
}

extension Store {
    /// Forgets each knowledge item's stage and derives it again from its steps as the migration does, for a test to compare with the write paths'.
    @_spi(Testing) public func rederiveKnowledgeStages() async throws {
        let sql = try self.sql
        try await sql.raw("UPDATE knowledge_items SET stage = NULL, stage_date = NULL").run()
        try await sql.raw(AddKnowledgeStage.derive).run()
    }
}
