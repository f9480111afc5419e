import FluentKit
import SQLKit

/// A partner's page lists the knowledge that came from it, read live by origin.
struct IndexKnowledgeOrigin: AsyncMigration {
    var name: String { "v16.IndexKnowledgeOrigin" }

    func prepare(on db: any Database) async throws {
        try await (db as! any SQLDatabase).create(index: "knowledge_items_origin").on("knowledge_items").column("origin").run()
    }

    func revert(on db: any Database) async throws {
        try await (db as! any SQLDatabase).drop(index: "knowledge_items_origin").run()
    }
}
