import AmbidexCore
import Foundation
import SQLKit

/// How current the newest snapshot is: what a server asks the store on every page.
public struct Freshness: Sendable, Equatable {
    /// The office's version now.
    public var office: Int64
    /// The newest snapshot's version (nil: none computed yet).
    public var snapshot: Int64?
    /// Writes the newest snapshot does not show yet.
    public var behind: Int64 { office - (snapshot ?? 0) }
}

extension Store {
    /// How many snapshots are kept: the newest, and the one before it for a reader that is mid-way.
    static let snapshotsKept = 2

    /// The office's version and the newest snapshot's, in one small query.
    public func freshness() async throws -> Freshness {
        do {
            let row = try await sql.raw("SELECT version, (SELECT MAX(version) FROM office_snapshots) AS snapshot FROM office_state WHERE id = 1").first()
            guard let row else { throw StoreError("the store has no office version row; run ambidex migrate") }
            return Freshness(office: try row.decode(column: "version", as: Int64.self), snapshot: try row.decode(column: "snapshot", as: Int64?.self))
        } catch { throw explain(error) }
    }

    /// The newest snapshot, or nil when none was computed yet.
    public func latestSnapshot() async throws -> OfficeSnapshot? {
        do {
            guard let body = try await sql.select().column("body").from("office_snapshots").orderBy("version", .descending).limit(1)
                .first(decodingColumn: "body", as: String.self) else { return nil }
            return try Self.snapshotDecoder.decode(OfficeSnapshot.self, from: Data(body.utf8))
        } catch let e as DecodingError {
            throw StoreError("the newest office snapshot cannot be read (\(e.localizedDescription)); it will be computed again")
        } catch { throw explain(error) }
    }

    /// Keeps `snapshot` unless a newer one is there already, and drops the old ones.
    public func saveSnapshot(_ snapshot: OfficeSnapshot) async throws {
        let body = String(decoding: try Self.snapshotEncoder.encode(snapshot), as: UTF8.self)
        do {
            try await database.transaction { db in
                let sql = db as! any SQLDatabase
                try await sql.delete(from: "office_snapshots").where("version", .equal, SQLBind(snapshot.version)).run()
                try await sql.insert(into: "office_snapshots").columns("version", "computed_at", "seconds", "body")
                    .values(SQLBind(snapshot.version), SQLBind(snapshot.computed.storeValue), SQLBind(snapshot.seconds), SQLBind(body)).run()
                let kept = try await sql.select().column("version").from("office_snapshots").orderBy("version", .descending)
                    .limit(Self.snapshotsKept).all(decodingColumn: "version", as: Int64.self)
                if let oldest = kept.last {
                    try await sql.delete(from: "office_snapshots").where("version", .lessThan, SQLBind(oldest)).run()
                }
                try await Self.noteReplan(snapshot, on: sql, isPostgres: self.isPostgres)
            }
        } catch { throw explain(error) }
    }

    /// What a snapshot is computed from (`OfficeSnapshot.make`, a whole-office
    /// computation its callers run off the request path): the version, the
    /// office and the policy, read in one session, so the office is exactly the
    /// one at that version, whatever writers do meanwhile.
    public func snapshotInput() async throws -> (version: Int64, office: LearningOffice, policy: CadencePolicy, sources: [OrderID: String]) {
        do {
            return try await withReadSession { session in
                let version = try await session.version()
                let office = try await Self.readOffice(session)
                let policy = try await session.rows(SettingRow.self, "SELECT * FROM settings WHERE key = '\(CadencePolicy.settingKey)'", table: "settings")
                    .first.map { try JSONColumn.decode(CadencePolicy.self, from: $0.value, column: "value", row: "setting \(CadencePolicy.settingKey)") }
                // The log each imported order came from, read in the same session as the orders.
                let sources = try await session.rows(OrderSourceRow.self, "SELECT * FROM order_sources", table: "order_sources")
                return (version, office, policy ?? .default, Dictionary(sources.map { (OrderID($0.orderId), $0.source) }, uniquingKeysWith: { a, _ in a }))
            }
        } catch let e as StoreError { throw e } catch { throw explain(error) }
    }

    /// Takes the lease to compute the next snapshot for `seconds`, when nobody
    /// else holds it: one process computes, every other one keeps serving the
    /// newest snapshot. Returns whether it was taken.
    public func takeRefreshLease(worker: String, for seconds: TimeInterval, now: Date = Date()) async throws -> Bool {
        do {
            let taken = try await sql.raw("""
                UPDATE office_state SET refresh_worker = \(bind: worker), refresh_until = \(bind: now.storeValue + seconds)
                WHERE id = 1 AND (refresh_until IS NULL OR refresh_until < \(bind: now.storeValue) OR refresh_worker = \(bind: worker))
                RETURNING version
                """).all()
            return !taken.isEmpty
        } catch { throw explain(error) }
    }

    public func releaseRefreshLease(worker: String) async throws {
        do {
            try await sql.raw("UPDATE office_state SET refresh_worker = NULL, refresh_until = NULL WHERE id = 1 AND refresh_worker = \(bind: worker)").run()
        } catch { throw explain(error) }
    }

    static var snapshotEncoder: JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .secondsSince1970
        return e
    }

    static var snapshotDecoder: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .secondsSince1970
        return d
    }
}

extension Store {
    /// The office's saved cadence policy (the default until one is saved).
    public func cadencePolicy() async throws -> CadencePolicy {
        do {
            guard let row = try await rows(SettingRow.self, "SELECT * FROM settings WHERE key = ?", [.text(CadencePolicy.settingKey)], table: "settings").first else {
                return .default
            }
            return try JSONColumn.decode(CadencePolicy.self, from: row.value, column: "value", row: "setting \(CadencePolicy.settingKey)")
        } catch let e as StoreError { throw e } catch { throw explain(error) }
    }
}
