import AmbidexCore
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import SQLKit

/// A read of several tables that sees one state of the store, however long it
/// takes and whatever writers do meanwhile: the office a snapshot is computed
/// from, with the version it was at. Rows decode through `StoreRowDecoder`.
///
/// On SQLite it runs on a connection of its own in a read transaction: WAL lets
/// writers go on while it reads (the store's own connection would queue them
/// behind it). On PostgreSQL it is a `REPEATABLE READ, READ ONLY` transaction.
struct StoreReadSession: Sendable {
    fileprivate enum Backend: Sendable {
        /// A connection of the session's own: rows are decoded on its thread as SQLite steps.
        case sqliteConnection(SQLiteConnection)
        /// The store's pooled connection (in-memory stores): rows hop to its event loop one by one.
        case sqlite(any SQLiteDatabase)
        case postgres(PostgresConnection)
    }

    fileprivate let backend: Backend
    let logger: Logger

    /// The office's version as this session sees it.
    func version() async throws -> Int64 {
        Int64(try await all(VersionRow.self, from: "office_state").first?.version ?? 0)
    }

    /// Every row of `table` as `T`, in the order given.
    func all<T: Decodable>(_ type: T.Type, from table: String, orderBy: [String] = []) async throws -> [T] {
        var query = "SELECT * FROM \"\(table)\""
        if !orderBy.isEmpty { query += " ORDER BY " + orderBy.map { "\"\($0)\"" }.joined(separator: ", ") }
        return try await rows(T.self, query, table: table)
    }

    func rows<T: Decodable>(_ type: T.Type, _ query: String, table: String) async throws -> [T] {
        switch backend {
        case .sqliteConnection, .sqlite:
            let collector = SQLiteCollector<T>(table: table)
            let taker: any SQLiteRowTaker = collector
            if case .sqliteConnection(let connection) = backend {
                try await connection.query(query, []) { taker.take($0) }
            } else if case .sqlite(let db) = backend {
                try await db.query(query, [], logger: logger) { taker.take($0) }.get()
            }
            if let failure = collector.failure { throw failure }
            return collector.rows
        case .postgres(let connection):
            let sequence = try await connection.query(PostgresQuery(unsafeSQL: query), logger: logger)
            let columns = StoreColumns(table: table, names: sequence.columns.map(\.name))
            var out: [T] = []
            for try await row in sequence {
                out.append(try T(from: StoreRowDecoder(cells: PostgresCells(row: row.makeRandomAccess(), columns: columns), columns: columns)))
            }
            return out
        }
    }
}

extension Store {
    /// Runs `body` in one read session (see `StoreReadSession`).
    func withReadSession<T: Sendable>(_ body: @escaping @Sendable (StoreReadSession) async throws -> T) async throws -> T {
        switch configuration {
        case .sqlite(let path):
            let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: .singleton, logger: logger,
                                                             on: eventLoopGroup.any()).get()
            do {
                // A deferred transaction takes its snapshot of the WAL at the first read.
                _ = try await connection.query("BEGIN", []).get()
                let value = try await body(StoreReadSession(backend: .sqliteConnection(connection), logger: logger))
                _ = try? await connection.query("COMMIT", []).get()
                try? await connection.close().get()
                return value
            } catch {
                try? await connection.close().get()
                throw error
            }
        case .sqliteInMemory:
            // One connection holds the whole in-memory database: read on it, in a transaction.
            return try await database.transaction { db in
                try await body(StoreReadSession(backend: .sqlite(db as! any SQLiteDatabase), logger: self.logger))
            }
        case .postgres:
            return try await database.transaction { db in
                try await (db as! any SQLDatabase).raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
                // Inside the transaction the database is bound to one connection: this is it.
                let connection = try await (db as! any PostgresDatabase).withConnection { db.eventLoop.makeSucceededFuture($0) }.get()
                return try await body(StoreReadSession(backend: .postgres(connection), logger: self.logger))
            }
        }
    }
}

/// A value bound into a `Store.rows` query.
enum StoreBind: Sendable {
    case text(String)
    case integer(Int)
    case real(Double)
}

extension Store {
    /// Rows of `query` as `T` through `StoreRowDecoder`, on the store's own
    /// connections: for a page that reads hundreds of rows, where SQLKit's
    /// decoder (a name lookup and a type check per cell) would cost more than
    /// the query. `query` marks its binds with `?`.
    func rows<T: Decodable & Sendable>(_ type: T.Type, _ query: String, _ binds: [StoreBind], table: String) async throws -> [T] {
        let database = try self.database
        if let sqlite = database as? any SQLiteDatabase {
            let collector = SQLiteCollector<T>(table: table)
            let taker: any SQLiteRowTaker = collector
            let data: [SQLiteData] = binds.map {
                switch $0 {
                case .text(let s): .text(s)
                case .integer(let n): .integer(n)
                case .real(let d): .float(d)
                }
            }
            try await sqlite.query(query, data, logger: logger) { taker.take($0) }.get()
            if let failure = collector.failure { throw failure }
            return collector.rows
        }
        guard let postgres = database as? any PostgresDatabase else { throw StoreError("fast reads support SQLite and PostgreSQL only") }
        var numbered = "", n = 0
        for c in query {
            if c == "?" { n += 1; numbered += "$\(n)" } else { numbered.append(c) }
        }
        var bindings = PostgresBindings()
        for b in binds {
            switch b {
            case .text(let s): bindings.append(s)
            case .integer(let i): bindings.append(i)
            case .real(let d): bindings.append(d)
            }
        }
        let sql = PostgresQuery(unsafeSQL: numbered, binds: bindings)
        let logger = self.logger
        return try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                let sequence = try await connection.query(sql, logger: logger)
                let columns = StoreColumns(table: table, names: sequence.columns.map(\.name))
                var out: [T] = []
                for try await row in sequence {
                    out.append(try T(from: StoreRowDecoder(cells: PostgresCells(row: row.makeRandomAccess(), columns: columns), columns: columns)))
                }
                return out
            }
        }.get()
    }
}

private protocol SQLiteRowTaker: Sendable {
    func take(_ row: SQLiteRow)
}

/// Collects SQLite's rows as they come, on the connection's thread.
private final class SQLiteCollector<T: Decodable>: SQLiteRowTaker, @unchecked Sendable {
    let table: String
    var rows: [T] = []
    var failure: (any Error)?
    private var columns: StoreColumns?

    init(table: String) { self.table = table }

    func take(_ row: SQLiteRow) {
        guard failure == nil else { return }
        let columns = self.columns ?? StoreColumns(table: table, names: row.columns.map(\.name))
        self.columns = columns
        do { rows.append(try T(from: StoreRowDecoder(cells: SQLiteCells(cells: row.columns, columns: columns), columns: columns))) }
        catch { failure = error }
    }
}

private struct SQLiteCells: StoreRowCells {
    /// The row's cells in column order (one array per row, instead of a name lookup per cell).
    let cells: [SQLiteColumn]
    let columns: StoreColumns

    private func data(_ i: Int) -> SQLiteData { cells[i].data }
    private func mismatch(_ i: Int, _ expected: String) -> StoreError {
        StoreError("column \(columns.names[i]) of \(columns.table) holds \(data(i)), not \(expected)")
    }

    func isNull(_ i: Int) -> Bool { if case .null = data(i) { true } else { false } }

    func string(_ i: Int) throws -> String {
        switch data(i) {
        case .text(let s): return s
        case .integer(let n): return String(n)
        default: throw mismatch(i, "text")
        }
    }

    func integer(_ i: Int) throws -> Int {
        switch data(i) {
        case .integer(let n): return Int(n)
        case .float(let d) where d.rounded() == d && abs(d) < 9e15: return Int(d)
        default: throw mismatch(i, "an integer")
        }
    }

    func real(_ i: Int) throws -> Double {
        switch data(i) {
        case .float(let d): return d
        case .integer(let n): return Double(n)
        default: throw mismatch(i, "a number")
        }
    }

    func bool(_ i: Int) throws -> Bool {
        switch data(i) {
        case .integer(let n): return n != 0
        case .text("true"): return true
        case .text("false"): return false
        default: throw mismatch(i, "a boolean")
        }
    }
}

private struct PostgresCells: StoreRowCells {
    let row: PostgresRandomAccessRow
    let columns: StoreColumns

    private func decode<T: PostgresDecodable>(_ type: T.Type, _ i: Int) throws -> T {
        do { return try row[i].decode(T.self) } catch {
            throw StoreError("column \(columns.names[i]) of \(columns.table) holds a \(row[i].dataType), not \(T.self)")
        }
    }

    func isNull(_ i: Int) -> Bool { row[i].bytes == nil }
    func string(_ i: Int) throws -> String { try decode(String.self, i) }
    func integer(_ i: Int) throws -> Int { try decode(Int.self, i) }
    func real(_ i: Int) throws -> Double { try decode(Double.self, i) }
    func bool(_ i: Int) throws -> Bool { try decode(Bool.self, i) }
}

extension Store {
    /// For tests of the session's isolation: reads the version, lets `meanwhile`
    /// write through the store, then reads the version and the office again in
    /// the same session. (Not on an in-memory SQLite store, whose one connection
    /// the session holds.)
    @_spi(Testing)
    public func readAcross(_ meanwhile: @escaping @Sendable () async throws -> Void) async throws -> (before: Int64, after: Int64, office: LearningOffice) {
        try await withReadSession { session in
            let before = try await session.version()
            try await meanwhile()
            let after = try await session.version()
            return (before, after, try await Self.readOffice(session))
        }
    }
}

private struct VersionRow: Decodable {
    var version: Int
}
