import FluentKit

/// Units, partners and the office's settings (name, strategy table, cadence policy).
struct CreateOrganization: AsyncMigration {
    var name: String { "v1.CreateOrganization" }

    func prepare(on db: any Database) async throws {
        try await db.schema("settings")
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
        try await db.schema("units")
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("function", .string, .required)
            .create()
        try await db.schema("partners")
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        for table in ["partners", "units", "settings"] { try await db.schema(table).delete() }
    }
}
