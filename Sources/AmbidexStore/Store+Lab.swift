import Foundation
import SQLKit

/// A saved lab experiment: what was asked (policies, runs, periods, seed) and
/// what came out, as the lab's JSON, which the store keeps but does not read.
/// While it waits or runs, its status and progress are its job's.
public struct SavedExperiment: Sendable, Identifiable {
    public typealias Status = Job.Status

    public let id: String
    public var name: String
    public var account: String
    public var created: Date
    public var status: Status
    public var experiment: String
    public var outcome: String?
    public var error: String?
    public var seconds: Double?
    /// 0…1, from its job's heartbeat.
    public var progress: Double?
    /// The job that runs (or ran) it.
    public var job: String?

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
}

/// The job's side of a row of the list (nil when the experiment has no job).
private struct JobColumns: Decodable {
    var jobId: String?
    var jobStatus: String?
    var jobProgress: Double?
    var jobError: String?
}

extension LabExperimentRow {
    /// The experiment as its job says it stands: the job's status, progress and error win over the saved ones.
    fileprivate func domain(_ job: JobColumns) throws -> SavedExperiment {
        var s = SavedExperiment(id: id, name: name, account: accountId, created: Date(storeValue: createdAt), experiment: experiment)
        s.status = try decodeEnum(SavedExperiment.Status.self, job.jobStatus ?? status, column: "status", row: "lab experiment \(id)")
        s.outcome = outcome
        s.error = job.jobError ?? error
        s.seconds = seconds
        s.job = job.jobId
        s.progress = s.status == .running ? job.jobProgress : nil
        return s
    }
}

extension Store {
    /// Saves the experiment as it is now (replacing an earlier save).
    public func saveExperiment(_ e: SavedExperiment) async throws {
        try await database.transaction { db in try await Self.saveExperiment(e, on: db as! any SQLDatabase) }
    }

    static func saveExperiment(_ e: SavedExperiment, on sql: any SQLDatabase) async throws {
        let row = LabExperimentRow(id: e.id, name: e.name, accountId: e.account, createdAt: e.created.storeValue, status: e.status.rawValue,
                                   experiment: e.experiment, outcome: e.outcome, error: e.error, seconds: e.seconds)
        try await sql.delete(from: "lab_experiments").where("id", .equal, e.id).run()
        try await sql.insert(into: "lab_experiments").model(row, with: rowEncoder).run()
    }

    /// Saves a new experiment and queues its run in one transaction: refused (and nothing
    /// saved) when the deployment's queue is full; started at once for `worker` when there is room.
    public func submitExperiment(_ e: SavedExperiment, account: String, limits: JobLimits, claimFor worker: String?,
                                 now: Date = Date()) async throws -> Result<Job, JobRefusal> {
        try await enqueue(Job(kind: Job.labKind, subject: e.id, account: account, created: now), limits: limits, claimFor: worker, now: now) { sql in
            try await Self.saveExperiment(e, on: sql)
        }
    }

    /// Ends an experiment's run: its job and its result in one transaction; false when the job was not this worker's any more.
    @discardableResult
    public func finishExperiment(_ e: SavedExperiment, job: String, worker: String, now: Date = Date()) async throws -> Bool {
        try await finishJob(job, worker: worker, status: e.status, error: e.error, now: now) { sql in
            try await Self.saveExperiment(e, on: sql)
        }
    }

    private func experimentsQuery() throws -> SQLSelectBuilder {
        try sql.select()
            .column(SQLColumn("id", table: "lab_experiments")).column(SQLColumn("name", table: "lab_experiments"))
            .column(SQLColumn("account_id", table: "lab_experiments")).column(SQLColumn("created_at", table: "lab_experiments"))
            .column(SQLColumn("status", table: "lab_experiments")).column(SQLColumn("experiment", table: "lab_experiments"))
            .column(SQLColumn("error", table: "lab_experiments")).column(SQLColumn("seconds", table: "lab_experiments"))
            .column(SQLColumn("id", table: "jobs"), as: "job_id").column(SQLColumn("status", table: "jobs"), as: "job_status")
            .column(SQLColumn("progress", table: "jobs"), as: "job_progress").column(SQLColumn("error", table: "jobs"), as: "job_error")
            .from("lab_experiments")
            .join("jobs", method: SQLJoinMethod.left, on: SQLColumn("subject", table: "jobs"), .equal, SQLColumn("id", table: "lab_experiments"))
    }

    private static func experimentWithJob(_ row: any SQLRow) throws -> SavedExperiment {
        try row.decode(model: LabExperimentRow.self, with: rowDecoder).domain(row.decode(model: JobColumns.self, with: rowDecoder))
    }

    /// Newest first, without their (large) outcomes.
    public func experiments(limit: Int = 200) async throws -> [SavedExperiment] {
        try await experimentsQuery().orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: "lab_experiments"), direction: SQLDirection.descending)).limit(limit)
            .all().map(Self.experimentWithJob)
    }

    public func experiment(id: String) async throws -> SavedExperiment? {
        guard var e = try await experimentsQuery().where(SQLColumn("id", table: "lab_experiments"), .equal, SQLBind(id))
            .first().map(Self.experimentWithJob) else { return nil }
        e.outcome = try await sql.select().column("outcome").from("lab_experiments").where("id", .equal, id)
            .first(decodingColumn: "outcome", as: String?.self) ?? nil
        return e
    }

    /// Deleting an id that is not there changes nothing.
    public func deleteExperiment(id: String) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.delete(from: "jobs").where("subject", .equal, id).run()
            try await sql.delete(from: "lab_experiments").where("id", .equal, id).run()
        }
    }
}

extension Job {
    public static let labKind = "lab"
}

extension Store {
    /// A single-process store starting up: every run that was running belonged to a
    /// process that has stopped (waiting ones will run now). Marks their jobs, and the
    /// unfinished experiments saved before jobs were kept in the store.
    public func interruptUnfinishedRuns() async throws {
        try await interruptJobs(worker: nil)
        let withJobs = try sql.select().column("subject").from("jobs")
        try await sql.update("lab_experiments").set("status", to: SavedExperiment.Status.interrupted.rawValue)
            .set("error", to: "the server stopped before the run finished; start it again")
            .where("status", .in, [SavedExperiment.Status.queued.rawValue, SavedExperiment.Status.running.rawValue])
            .where(SQLColumn("id"), .notIn, SQLGroupExpression(withJobs.query)).run()
    }
}
