import AmbidexCore
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

extension Store {
    /// Child tables first, so deletes never break a reference.
    static let tablesInDeleteOrder = [
        "invitation_answers", "retrospective_votes", "retrospective_cards", "action_items", "retrospectives", "learning_activities", "standard_applications", "standard_versions", "standards",
        "knowledge_orders", "knowledge_uses", "knowledge_steps", "knowledge_items", "reflection_orders", "reflections",
        "planned_subjects", "order_sources", "order_events", "orders", "partners", "units", "settings",
    ]

    /// Replaces everything with `office`, atomically: either all of it is
    /// written or the store is left as it was (also when the process is killed
    /// mid-way). The office is validated first. Returns the office's version that holds it.
    @discardableResult
    public func replaceAll(with office: LearningOffice, progress: (@Sendable (Double) -> Void)? = nil) async throws -> Int64 {
        try office.validate()
        let summary = "the whole office replaced: \(office.orders.count) orders, \(office.reflections.count) reflections"
        return try await bulkWrite("office.replace", subject: office.name, clearing: Self.tablesInDeleteOrder, progress: progress,
                                   plan: { _ in BulkPlan(tables: BulkTable.tables(of: office), summary: summary) },
                                   landing: { sql, version in try await Self.resetReplanBaseline(sql, at: version) })!
    }

    /// The one path for large writes (the demo company now, imports next): in
    /// one transaction, empties `clearing` and writes `tables` in their order
    /// through the backend's fastest way in, then raises the office's version
    /// and logs the change as `kind`, as every write does, and returns that version.
    /// A failure names the table and the database's reason in one line, and
    /// leaves the store as it was.
    @discardableResult
    func bulkWrite(_ kind: String, subject: String, by account: String? = nil, summary: String,
                   clearing: [String], progress: (@Sendable (Double) -> Void)?,
                   tables: @escaping @Sendable () -> [BulkTable]) async throws -> Int64 {
        try await bulkWrite(kind, subject: subject, by: account, clearing: clearing, progress: progress) { _ in
            BulkPlan(tables: tables(), summary: summary)
        }!
    }

    /// The same path for writes that must first read what the store holds
    /// (an import adds only what is new): `plan` runs inside the transaction,
    /// after the version row is taken, so no other writer changes what it read;
    /// it may update rows itself, and returns the tables to append, or nil when
    /// there is nothing to write — then nothing is, and the version stays.
    /// `landing` runs last, in the same transaction, with the version that holds the
    /// write: what must land with it or not at all (a job's end); it may still refuse.
    func bulkWrite(_ kind: String, subject: String, by account: String? = nil, clearing: [String] = [],
                   progress: (@Sendable (Double) -> Void)?,
                   plan: @escaping @Sendable (any SQLDatabase) async throws -> BulkPlan?,
                   landing: (@Sendable (any SQLDatabase, Int64) async throws -> Void)? = nil) async throws -> Int64? {
        do {
            return try await database.transaction { db in
                let sql = db as! any SQLDatabase
                // First, as in `write`: concurrent writers queue on the version row.
                let version = try await Self.raiseVersion(sql)
                guard let plan = try await plan(sql) else { throw NothingToWrite() }
                let writer = try await Self.bulkWriter(on: db)
                try await writer.begin()
                do {
                    try await writer.clear(clearing)
                    let tracker = BulkProgress(total: plan.tables.reduce(0) { $0 + $1.count }, report: progress)
                    for table in plan.tables {
                        do { try await writer.write(table, progress: tracker) } catch { throw BulkFailure(table: table.name, underlying: error) }
                    }
                    try await writer.finish(plan.tables.map(\.name))
                } catch {
                    await writer.end()
                    throw error
                }
                await writer.end()
                try await Self.log(WriteRecord(kind: kind, subject: subject, account: account, summary: plan.summary,
                                               version: version, at: Date()), on: sql)
                try await landing?(sql, version)
                return version
            }
        } catch is NothingToWrite {
            return nil
        } catch let landing as ImportCancelled {
            throw landing
        } catch let landing as ImportRefusal {
            throw landing
        } catch let failure as BulkFailure {
            throw StoreError("writing the \(failure.table) rows to the \(configuration) failed: \(Self.reason(of: failure.underlying)); "
                + "nothing was written, the store is as it was")
        } catch {
            throw explain(error)
        }
    }

    private static func bulkWriter(on db: any Database) async throws -> any BulkWriter {
        if let sqlite = db as? any SQLiteDatabase { return SQLiteBulkWriter(db: sqlite, logger: db.logger) }
        if let postgres = db as? any PostgresDatabase {
            // Inside the transaction the database is bound to one connection: this is it.
            let connection = try await postgres.withConnection { db.eventLoop.makeSucceededFuture($0) }.get()
            return PostgresCopyWriter(connection: connection, sql: db as! any SQLDatabase, logger: db.logger)
        }
        throw StoreError("bulk writes support SQLite and PostgreSQL only")
    }

    /// The database's own words for why a write failed, without the driver's wrapping.
    static func reason(of error: any Error) -> String {
        if let e = error as? StoreError { return e.description }
        if let e = error as? SQLiteError { return e.message }
        if let e = error as? PSQLError, let info = e.serverInfo, let message = info[.message] {
            return info[.detail].map { "\(message) (\($0))" } ?? message
        }
        return firstLine(of: error)
    }
}

/// What a bulk write appends, and its line in the write log.
struct BulkPlan {
    var tables: [BulkTable]
    var summary: String
}

/// A bulk write's plan found nothing new: the transaction is rolled back.
struct NothingToWrite: Error {}

/// A bulk write failed while writing `table`.
struct BulkFailure: Error {
    let table: String
    let underlying: any Error
}
