import FluentKit
import SQLKit

/// The log each imported order came from, so the mining page can show an
/// imported log as its own process. Written by the import that brings the
/// order in (later logs that carry it further do not change it).
struct CreateOrderSources: AsyncMigration {
    var name: String { "v20.CreateOrderSources" }

    func prepare(on db: any Database) async throws {
        try await db.schema("order_sources")
            .field("order_id", .string, .identifier(auto: false))
            .field("source", .string, .required)
            .create()
        try await (db as! any SQLDatabase).create(index: "order_sources_source").on("order_sources").column("source").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("order_sources").delete()
    }
}
