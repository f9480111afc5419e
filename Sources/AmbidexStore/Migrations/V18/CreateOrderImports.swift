import FluentKit
import SQLKit

/// Logs a lead brings in through the browser: the file itself until it is
/// imported (every `serve` process and worker reads it from here, none from
/// its own disk), the mapping as the lead last left it, the preview that
/// mapping gave, and what the import wrote.
struct CreateOrderImports: AsyncMigration {
    var name: String { "v18.CreateOrderImports" }

    func prepare(on db: any Database) async throws {
        try await db.schema("order_imports")
            .field("id", .string, .identifier(auto: false))
            .field("account_id", .string, .required)
            .field("file_name", .string, .required)
            .field("size", .int64, .required)
            .field("created_at", .double, .required)
            .field("status", .string, .required)
            .field("content", .data)
            .field("suggestion", .string, .required)
            .field("mapping", .string, .required)
            .field("preview", .string)
            .field("summary", .string)
            .field("error", .string)
            .field("job_id", .string)
            .create()
        try await (db as! any SQLDatabase).create(index: "order_imports_created").on("order_imports").column("created_at").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("order_imports").delete()
    }
}
