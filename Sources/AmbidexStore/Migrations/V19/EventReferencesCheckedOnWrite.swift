import FluentKit
import SQLKit

/// On PostgreSQL, `order_events` keeps no FOREIGN KEY constraints. Its rows
/// come in through three paths, and each checks in the same transaction that
/// every event's order and unit exist (`LearningOffice.validate`,
/// `OrderBatch.validate`, `checkEvents`); no path deletes an order or a unit
/// but the whole-office replacement, which empties the events first. What the
/// constraints cost: PostgreSQL checks them with a query per row, two thirds of
/// the server's time when an import copies 164,506 events (2.9 s with them,
/// 1.0 s without; docs/architecture.md). SQLite checks its own in-process at
/// almost no cost, and keeps them.
struct EventReferencesCheckedOnWrite: AsyncMigration {
    var name: String { "v19.EventReferencesCheckedOnWrite" }

    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        let names = try await sql.raw("""
            SELECT conname FROM pg_constraint WHERE conrelid = 'order_events'::regclass AND contype = 'f' ORDER BY conname
            """).all(decodingColumn: "conname", as: String.self)
        for name in names { try await sql.raw("ALTER TABLE order_events DROP CONSTRAINT \(ident: name)").run() }
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("ALTER TABLE order_events ADD FOREIGN KEY (order_id) REFERENCES orders (id)").run()
        try await sql.raw("ALTER TABLE order_events ADD FOREIGN KEY (unit) REFERENCES units (id)").run()
    }
}
