import AmbidexCore
import FluentKit
import SQLKit

/// What an order page needs to surface the lessons of similar past orders
/// without reading the office: the orders each knowledge item came from (its
/// origin names them, or names a reflection that does), past orders by
/// offering, and a full-text index over reflections — SQLite's FTS5, kept by
/// a trigger, or a PostgreSQL GIN index over a stored text search vector of
/// the summary (a generated column, which reads of whole rows leave out).
struct IndexLessons: AsyncMigration {
    var name: String { "v9.IndexLessons" }

    func prepare(on db: any Database) async throws {
        try await db.schema("knowledge_orders")
            .field("item", .string, .required, .references("knowledge_items", "id"))
            .field("order_id", .string, .required, .references("orders", "id"))
            .compositeIdentifier(over: "item", "order_id")
            .create()
        let sql = db as! any SQLDatabase
        try await sql.create(index: "knowledge_orders_order").on("knowledge_orders").column("order_id").run()
        try await sql.create(index: "orders_offering_received").on("orders").column("offering").column("received").run()
        try await Self.backfillKnowledgeOrders(sql)
        if sql.dialect.name == "sqlite" {
            // Its own copy of the text (not external content): SQLite may renumber the reflections' rowids on VACUUM.
            try await sql.raw("CREATE VIRTUAL TABLE reflection_text USING fts5(reflection UNINDEXED, summary, tokenize = 'porter unicode61')").run()
            try await sql.raw("""
                CREATE TRIGGER reflection_text_insert AFTER INSERT ON reflections BEGIN
                    INSERT INTO reflection_text (reflection, summary) VALUES (new.id, new.summary);
                END
                """).run()
            try await sql.raw("INSERT INTO reflection_text (reflection, summary) SELECT id, summary FROM reflections").run()
        } else {
            // A stored vector: checking a row found through the index then reads it rather than parsing the summary again.
            try await sql.raw("ALTER TABLE reflections ADD COLUMN summary_words tsvector GENERATED ALWAYS AS (to_tsvector('english', summary)) STORED").run()
            try await sql.raw("CREATE INDEX reflections_summary_words ON reflections USING gin (summary_words)").run()
        }
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TRIGGER reflection_text_insert").run()
            try await sql.raw("DROP TABLE reflection_text").run()
        } else {
            try await sql.drop(index: "reflections_summary_words").run()
            try await sql.raw("ALTER TABLE reflections DROP COLUMN summary_words").run()
        }
        try await sql.drop(index: "orders_offering_received").run()
        try await db.schema("knowledge_orders").delete()
    }

    static func backfillKnowledgeOrders(_ sql: any SQLDatabase) async throws {
        let items = try await sql.select().column("id").column("origin").from("knowledge_items").all()
        var rows: [KnowledgeOrderRow] = []
        for row in items {
            let id = try row.decode(column: "id", as: String.self)
            let origin = try JSONColumn.decode(KnowledgeItem.Origin.self, from: try row.decode(column: "origin", as: String.self),
                                               column: "origin", row: "knowledge item \(id)")
            let orders: [String]
            switch origin {
            case .orders(let o): orders = o.map(\.rawValue)
            case .reflection(let r):
                orders = try await sql.select().column("order_id").from("reflection_orders").where("reflection", .equal, SQLBind(r.rawValue))
                    .orderBy("position").all(decodingColumn: "order_id", as: String.self)
            case .partner, .failingStandard: orders = []
            }
            rows += KnowledgeOrderRow.rows(item: id, orders: orders)
        }
        for chunk in stride(from: 0, to: rows.count, by: 500) {
            let part = rows[chunk..<min(chunk + 500, rows.count)]
            var insert = sql.insert(into: "knowledge_orders").columns("item", "order_id")
            for row in part { insert = insert.values(SQLBind(row.item), SQLBind(row.orderId)) }
            try await insert.run()
        }
    }
}

extension Store {
    /// Empties the knowledge items' source orders and derives them again as the migration does, for a test to compare with the write paths'.
    @_spi(Testing) public func rederiveKnowledgeOrders() async throws {
        let sql = try self.sql
        try await sql.delete(from: "knowledge_orders").run()
        try await IndexLessons.backfillKnowledgeOrders(sql)
    }
}
