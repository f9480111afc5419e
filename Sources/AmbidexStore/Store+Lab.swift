import Foundation
import SQLKit

/// A saved lab experiment: what was asked (policies, runs, periods, seed) and
/// what came out, as the lab's JSON, which the store keeps but does not read.
public struct SavedExperiment: Sendable, Identifiable {
    public enum Status: String, Sendable, Codable {
        /// Waiting for a free place in the lab.
        case queued
        case running, done, failed
        /// Stopped by its owner or a lead.
        case cancelled
        /// Stopped because the server stopped.
        case interrupted

        /// Still to end: it may be cancelled and may not be deleted.
        public var isPending: Bool { self == .queued || self == .running }
    }

    public let id: String
    public var name: String
    public var account: String
    public var created: Date
    public var status: Status
    public var experiment: String
    public var outcome: String?
    public var error: String?
    public var seconds: Double?

    public init(id: String, name: String, account: String, created: Date, experiment: String) {
        self.id = id
        self.name = name
        self.account = account
        self.created = created
        self.status = .queued
        self.experiment = experiment
    }
}

struct LabExperimentRow: Codable, Sendable {
    var id: String
    var name: String
    var accountId: String
    var createdAt: Double
    var status: String
    var experiment: String
    var outcome: String?
    var error: String?
    var seconds: Double?

    func domain(withOutcome: Bool) throws -> SavedExperiment {
        var s = SavedExperiment(id: id, name: name, account: accountId, created: Date(storeValue: createdAt),
                                experiment: experiment)
        s.status = try decodeEnum(SavedExperiment.Status.self, status, column: "status", row: "lab experiment \(id)")
        if withOutcome { s.outcome = outcome }
        s.error = error
        s.seconds = seconds
        return s
    }
}

extension Store {
    public func saveExperiment(_ e: SavedExperiment) async throws {
        let row = LabExperimentRow(id: e.id, name: e.name, accountId: e.account, createdAt: e.created.storeValue, status: e.status.rawValue,
                                   experiment: e.experiment, outcome: e.outcome, error: e.error, seconds: e.seconds)
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.delete(from: "lab_experiments").where("id", .equal, e.id).run()
            try await sql.insert(into: "lab_experiments").model(row, with: Self.rowEncoder).run()
        }
    }

    /// Newest first, without their (large) outcomes.
    public func experiments(limit: Int = 200) async throws -> [SavedExperiment] {
        try await sql.select().columns("id", "name", "account_id", "created_at", "status", "experiment", "error", "seconds")
            .from("lab_experiments").orderBy("created_at", .descending).limit(limit)
            .all(decoding: LabExperimentRow.self, with: Self.rowDecoder)
            .map { try $0.domain(withOutcome: false) }
    }

    public func experiment(id: String) async throws -> SavedExperiment? {
        try await sql.select().column("*").from("lab_experiments").where("id", .equal, id)
            .first(decoding: LabExperimentRow.self, with: Self.rowDecoder)?.domain(withOutcome: true)
    }

    /// Deleting an id that is not there changes nothing.
    public func deleteExperiment(id: String) async throws {
        try await sql.delete(from: "lab_experiments").where("id", .equal, id).run()
    }

    /// Runs that were waiting or going when the server stopped will never finish: say so.
    /// With `ids`, only those (a server stopping marks its own runs).
    public func markExperimentsInterrupted(ids: [String]? = nil) async throws {
        if let ids, ids.isEmpty { return }
        var update = sql.update("lab_experiments").set("status", to: SavedExperiment.Status.interrupted.rawValue)
            .set("error", to: "the server stopped before the run finished; start it again")
            .where("status", .in, [SavedExperiment.Status.queued.rawValue, SavedExperiment.Status.running.rawValue])
        if let ids { update = update.where("id", .in, ids) }
        try await update.run()
    }
}
