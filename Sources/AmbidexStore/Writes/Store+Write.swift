import AmbidexCore
import FluentKit
import Foundation
import SQLKit

/// One write to the office, as the write log keeps it.
public struct WriteRecord: Sendable, Equatable, Codable {
    /// What kind of change: `order.add`, `reflection.record`, `standard.adopt`, …
    public var kind: String
    /// The id of what changed.
    public var subject: String
    /// Who made it, when known (an account's email; nil for the command line and imports).
    public var account: String?
    /// One line a person reads in a history.
    public var summary: String
    public var version: Int64
    public var at: Date
}

/// A write in progress: the transaction's connection and what the change is.
/// Writes go through `Store.write`, never straight to SQL.
public struct WriteContext: Sendable {
    let sql: any SQLDatabase
    let isPostgres: Bool
    /// The moment of the write, for the log.
    public let now: Date
}

extension Store {
    /// Runs one change in one transaction: `body` reads what it needs (locking
    /// it on PostgreSQL), checks the domain's rules, writes; then the office's
    /// version is raised and the change logged, in the same transaction. A
    /// failure anywhere leaves the store as it was and is one line that says
    /// why. Writers are serialized by the version row, so none loses another's
    /// update.
    @discardableResult
    public func write<T: Sendable>(_ kind: String, subject: String, by account: String? = nil, now: Date = Date(),
                                   _ body: @escaping @Sendable (WriteContext) async throws -> (T, summary: String)) async throws -> (T, WriteRecord) {
        do {
            return try await database.transaction { db in
                let sql = db as! any SQLDatabase
                // First, so concurrent writers queue here rather than deadlock on each other's rows.
                let version = try await Self.raiseVersion(sql)
                let context = WriteContext(sql: sql, isPostgres: self.isPostgres, now: now)
                let (value, summary) = try await body(context)
                let change = WriteRecord(kind: kind, subject: subject, account: account, summary: summary, version: version, at: now)
                try await Self.log(change, on: sql)
                // The outbox, in the change's own transaction: reported exactly when it happened.
                try await Self.enqueueWebhooks(change, on: sql)
                return (value, change)
            }
        } catch let e as DomainError {
            throw StoreError("\(subject): \(e)")
        } catch let e as PartnerRefusal {
            throw e
        } catch {
            throw explain(error)
        }
    }

    /// The office's version: raised by every change, so a reader can tell in one
    /// small query whether what it computed is still current.
    public func officeVersion() async throws -> Int64 {
        do { return try await Self.readVersion(try sql) } catch { throw explain(error) }
    }

    /// The changes after `version`, oldest first (at most `limit`).
    public func writes(after version: Int64, limit: Int = 1_000) async throws -> [WriteRecord] {
        try await sql.select().column("*").from("write_log").where("version", .greaterThan, SQLBind(version))
            .orderBy("version").limit(limit).all().map(Self.writeRecord)
    }

    /// The newest writes, newest first: what a page lists as "latest changes".
    public func latestWrites(limit: Int = 8) async throws -> [WriteRecord] {
        do {
            return try await sql.select().column("*").from("write_log").orderBy("version", .descending).limit(limit).all().map(Self.writeRecord)
        } catch { throw explain(error) }
    }

    /// The history of one thing (an order, a standard, …), newest first.
    public func history(of subject: String, limit: Int = 200) async throws -> [WriteRecord] {
        try await sql.select().column("*").from("write_log").where("subject", .equal, subject)
            .orderBy("version", .descending).limit(limit).all().map(Self.writeRecord)
    }

    /// The history of several things together (an order, its reflections and knowledge), newest first.
    public func history(of subjects: [String], limit: Int = 200) async throws -> [WriteRecord] {
        guard !subjects.isEmpty else { return [] }
        do {
            return try await sql.select().column("*").from("write_log").where("subject", .in, Array(Set(subjects)).prefix(500).map { $0 })
                .orderBy("version", .descending).limit(limit).all().map(Self.writeRecord)
        } catch { throw explain(error) }
    }

    static func writeRecord(_ row: any SQLRow) throws -> WriteRecord {
        WriteRecord(kind: try row.decode(column: "kind", as: String.self), subject: try row.decode(column: "subject", as: String.self),
                    account: try row.decode(column: "account", as: String?.self), summary: try row.decode(column: "summary", as: String.self),
                    version: try row.decode(column: "version", as: Int64.self), at: Date(storeValue: try row.decode(column: "at", as: Double.self)))
    }

    static func log(_ change: WriteRecord, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "write_log").columns("version", "at", "kind", "subject", "account", "summary")
            .values(SQLBind(change.version), SQLBind(change.at.storeValue), SQLBind(change.kind), SQLBind(change.subject),
                    SQLBind(change.account), SQLBind(change.summary)).run()
    }

    static func raiseVersion(_ sql: any SQLDatabase) async throws -> Int64 {
        try await sql.raw("UPDATE office_state SET version = version + 1 WHERE id = 1").run()
        return try await readVersion(sql)
    }

    static func readVersion(_ sql: any SQLDatabase) async throws -> Int64 {
        guard let v = try await sql.select().column("version").from("office_state").where("id", .equal, SQLBind(1))
            .first(decodingColumn: "version", as: Int64.self) else { throw StoreError("the store has no office version row; run ambidex migrate") }
        return v
    }
}

extension WriteContext {
    /// A row the write depends on, read under a lock on PostgreSQL (SQLite runs one writer at a time).
    func one<R: Decodable>(_ table: String, where column: String, is value: String, as type: R.Type) async throws -> R? {
        var q = sql.select().column("*").from(table).where(SQLColumn(column), .equal, SQLBind(value))
        if isPostgres { q = q.lockingClause(SQLLockingClause.update) }
        return try await q.first(decoding: R.self, with: Store.rowDecoder)
    }

    func all<R: Decodable>(_ table: String, where column: String, is value: String, orderBy: String, as type: R.Type) async throws -> [R] {
        try await sql.select().column("*").from(table).where(SQLColumn(column), .equal, SQLBind(value)).orderBy(orderBy)
            .all(decoding: R.self, with: Store.rowDecoder)
    }

    func exists(_ table: String, _ id: String) async throws -> Bool {
        try await sql.select().column("id").from(table).where("id", .equal, SQLBind(id)).first() != nil
    }

    /// Which of `ids` are not rows of `table`.
    func missing(_ table: String, _ ids: [String]) async throws -> [String] {
        guard !ids.isEmpty else { return [] }
        let found = Set(try await sql.select().column("id").from(table).where("id", .in, ids).all(decodingColumn: "id", as: String.self))
        return ids.filter { !found.contains($0) }
    }

    func insert(_ table: String, _ rows: [any Encodable & Sendable]) async throws {
        for row in rows { try await sql.insert(into: table).model(AnyEncodable(row), with: Store.rowEncoder).run() }
    }
}
