import FluentSQLiteDriver
import Logging
import NIOCore

/// SQLite: multi-row INSERTs of as many rows as the bind limit allows, values
/// bound directly, on the store's one connection. The next statement's binds
/// are encoded while SQLite runs the previous one on its thread.
struct SQLiteBulkWriter: BulkWriter {
    let db: any SQLiteDatabase
    let logger: Logger
    /// Below SQLite's limit of 32,766 parameters in one statement.
    static let bindsPerStatement = 30_000
    /// Page cache for the write, in KiB (SQLite's default is 2 MB): an index
    /// whose pages stay in memory is updated without reading them back.
    static let cacheKiB = 256 * 1024
    private let savedCacheSize = Box<Int>()

    init(db: any SQLiteDatabase, logger: Logger) {
        self.db = db
        self.logger = logger
    }

    func begin() async throws {
        savedCacheSize.value = try await scalar("PRAGMA cache_size")
        try await run("PRAGMA cache_size = -\(Self.cacheKiB)")
    }

    func end() async {
        if let saved = savedCacheSize.value { try? await run("PRAGMA cache_size = \(saved)") }
    }

    /// SQLite plans without gathered statistics unless asked to keep them; nothing to refresh.
    func finish(_ tables: [String]) async throws {}

    func clear(_ tables: [String]) async throws {
        for table in tables {
            // The reflections' full-text index holds its own copy of the text; a trigger adds to it, nothing else removes from it.
            if table == "reflections" { try await run("DELETE FROM reflection_text") }
            try await run("DELETE FROM \"\(table)\"")
        }
    }

    /// A batch at least this large, and at least as large as what the table holds,
    /// is written without the table's secondary indexes, which are then built again.
    static let rebuildIndexesFrom = 100_000

    func write(_ table: BulkTable, progress: BulkProgress) async throws {
        // A row inserted into an index that has outgrown the cache costs a random page read;
        // an index built after the write sorts once. Only for a batch at least the table's
        // size, so the rebuild costs at most what the write itself does. Inside the write's
        // transaction: a failure rolls the dropped indexes back with everything else.
        var rebuilt: [(name: String, sql: String)] = []
        if table.count >= Self.rebuildIndexesFrom {
            // The largest rowid: about the rows held, without counting them.
            let held = try await scalar("SELECT MAX(rowid) FROM \"\(table.name)\"") ?? 0
            if held <= table.count {
                rebuilt = try await secondaryIndexes(of: table.name)
                for index in rebuilt { try await run("DROP INDEX \"\(index.name)\"") }
            }
        }
        try await insert(table, progress: progress)
        for index in rebuilt { try await run(index.sql) }
    }

    /// The indexes made with CREATE INDEX (not the primary key's, which SQLite keeps itself).
    private func secondaryIndexes(of table: String) async throws -> [(name: String, sql: String)] {
        let found = Box<[(name: String, sql: String)]>()
        found.value = []
        try await db.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
                           [.text(table)], logger: logger) { row in
            if let name = row.column("name")?.string, let sql = row.column("sql")?.string { found.value?.append((name, sql)) }
        }.get()
        return found.value ?? []
    }

    private func insert(_ table: BulkTable, progress: BulkProgress) async throws {
        let rows = table.rows()
        guard let first = rows.next() else { return }
        let columns = try bulkColumns(of: first)
        let perStatement = max(1, Self.bindsPerStatement / columns.count)
        let fullStatement = insert(into: table.name, columns: columns, rows: perStatement)
        let sink = Binds(capacity: perStatement * columns.count)
        let encoder = BulkRowEncoder(sink: sink)
        var pending: (future: EventLoopFuture<Void>, rows: Int)?
        var inStatement = 0

        func send() async throws {
            if let pending {
                try await pending.future.get()
                progress.advance(by: pending.rows)
            }
            let sql = inStatement == perStatement ? fullStatement : insert(into: table.name, columns: columns, rows: inStatement)
            pending = (db.query(sql, sink.take(), logger: logger) { _ in }, inStatement)
            inStatement = 0
        }

        do {
            var next: (any Encodable)? = first
            while let row = next {
                let before = sink.values.count
                try row.encode(to: encoder)
                try checkRowWidth(sink.values.count - before, columns: columns.count, table: table.name)
                inStatement += 1
                if inStatement == perStatement { try await send() }
                next = rows.next()
            }
            if inStatement > 0 { try await send() }
            if let pending {
                try await pending.future.get()
                progress.advance(by: pending.rows)
            }
        } catch {
            // The statement in flight must finish before the caller rolls back,
            // or it could land after the rollback, outside the transaction.
            if let pending { _ = try? await pending.future.get() }
            throw error
        }
    }

    private func insert(into table: String, columns: [String], rows: Int) -> String {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        var sql = "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ",") + ") VALUES "
        sql.reserveCapacity(sql.utf8.count + rows * (tuple.utf8.count + 1))
        for i in 0..<rows {
            if i > 0 { sql += "," }
            sql += tuple
        }
        return sql
    }

    private func run(_ sql: String) async throws {
        try await db.query(sql, [], logger: logger) { _ in }.get()
    }

    private func scalar(_ sql: String) async throws -> Int? {
        let value = Box<Int>()
        try await db.query(sql, [], logger: logger) { row in value.value = row.columns.first?.data.integer }.get()
        return value.value
    }

    /// One statement's values, bound as SQLite's own types; booleans as 0 and 1,
    /// as SQLiteKit stores them.
    final class Binds: BulkSink {
        private(set) var values: [SQLiteData] = []
        private let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            values.reserveCapacity(capacity)
        }

        func take() -> [SQLiteData] {
            defer {
                values = []
                values.reserveCapacity(capacity)
            }
            return values
        }

        func text(_ value: String) { values.append(.text(value)) }
        func integer(_ value: Int) { values.append(.integer(value)) }
        func real(_ value: Double) { values.append(.float(value)) }
        func bool(_ value: Bool) { values.append(.integer(value ? 1 : 0)) }
        func null() { values.append(.null) }
    }
}

/// A value set from a callback that runs once, before its caller reads it.
final class Box<T>: @unchecked Sendable {
    var value: T?
}
