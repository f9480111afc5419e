import Foundation
import SQLKit

/// Long work recorded in the store: queued by whoever asks, claimed by a
/// worker (a `serve` process or `ambidex work`), kept alive by its heartbeat,
/// cancelled through the store from any server.
public struct Job: Sendable, Equatable, Identifiable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case queued, running, done, failed, cancelled, interrupted

        /// Still to end: it may be cancelled and its subject may not be deleted.
        public var isPending: Bool { self == .queued || self == .running }
    }

    public let id: String
    public var kind: String
    /// What the job works on, e.g. a lab experiment's id.
    public var subject: String
    public var account: String
    public var status: Status
    public var created: Date
    public var started: Date?
    public var finished: Date?
    /// Which process runs it (`host:pid:nonce`).
    public var worker: String?
    public var heartbeat: Date?
    public var progress: Double
    public var cancelRequested: Bool
    public var error: String?

    public init(id: String = "J-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased(),
                kind: String, subject: String, account: String, created: Date = Date()) {
        self.id = id
        self.kind = kind
        self.subject = subject
        self.account = account
        self.status = .queued
        self.created = created
        self.progress = 0
        self.cancelRequested = false
    }
}

/// How much long work the whole deployment takes on at once: limits that hold
/// across every process on the store, because they are checked in the store.
public struct JobLimits: Sendable, Equatable {
    public var running: Int
    public var queued: Int
    public init(running: Int = 2, queued: Int = 8) {
        self.running = running
        self.queued = queued
    }
}

/// Why a job could not be queued.
public struct JobRefusal: Error, Sendable, CustomStringConvertible {
    public let running: Int
    public let queued: Int
    public var description: String {
        "the lab is running \(running) experiments with \(queued) waiting, its most; try again when one has finished"
    }
}

struct JobRow: Codable, Sendable {
    var id: String
    var kind: String
    var subject: String
    var account: String
    var status: String
    var createdAt: Double
    var startedAt: Double?
    var finishedAt: Double?
    var worker: String?
    var heartbeatAt: Double?
    var progress: Double
    var cancelRequested: Bool
    var error: String?

    init(_ j: Job) {
        id = j.id; kind = j.kind; subject = j.subject; account = j.account; status = j.status.rawValue
        createdAt = j.created.storeValue; startedAt = j.started?.storeValue; finishedAt = j.finished?.storeValue
        worker = j.worker; heartbeatAt = j.heartbeat?.storeValue; progress = j.progress; cancelRequested = j.cancelRequested; error = j.error
    }

    func domain() throws -> Job {
        var j = Job(id: id, kind: kind, subject: subject, account: account, created: Date(storeValue: createdAt))
        j.status = try decodeEnum(Job.Status.self, status, column: "status", row: "job \(id)")
        j.started = startedAt.map(Date.init(storeValue:))
        j.finished = finishedAt.map(Date.init(storeValue:))
        j.worker = worker
        j.heartbeat = heartbeatAt.map(Date.init(storeValue:))
        j.progress = progress
        j.cancelRequested = cancelRequested
        j.error = error
        return j
    }
}

extension Store {
    /// Queues `job` and, in the same transaction, writes its subject (`also`), so a
    /// refused job leaves nothing behind. When `worker` is given and the deployment
    /// has room, the job is claimed for it at once (it starts where it was asked for).
    public func enqueue(_ job: Job, limits: JobLimits, claimFor worker: String?, now: Date = Date(),
                        also: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws -> Result<Job, JobRefusal> {
        try await jobTransaction { sql in
            let (queued, running) = try await Self.jobCounts(sql)
            var job = job
            if let worker, running < limits.running {
                job.status = .running
                job.worker = worker
                job.started = now
                job.heartbeat = now
            } else if queued >= limits.queued {
                return .failure(JobRefusal(running: running, queued: queued))
            }
            try await sql.insert(into: "jobs").model(JobRow(job), with: Self.rowEncoder).run()
            try await also(sql)
            return .success(job)
        }
    }

    /// The oldest queued job of `kinds` for `worker`, when the deployment runs fewer than `limits.running`.
    public func claimJob(worker: String, kinds: [String], limits: JobLimits, now: Date = Date()) async throws -> Job? {
        try await jobTransaction { sql in
            guard try await Self.jobCounts(sql).running < limits.running else { return nil }
            var select = sql.select().column("*").from("jobs").where("status", .equal, Job.Status.queued.rawValue)
                .where("kind", .in, kinds).orderBy("created_at").orderBy("id").limit(1)
            if self.isPostgres { select = select.lockingClause(SQLRaw("FOR UPDATE SKIP LOCKED")) }
            guard var job = try await select.first(decoding: JobRow.self, with: Self.rowDecoder)?.domain() else { return nil }
            job.status = .running
            job.worker = worker
            job.started = now
            job.heartbeat = now
            try await sql.update("jobs").set("status", to: job.status.rawValue).set("worker", to: worker)
                .set("started_at", to: now.storeValue).set("heartbeat_at", to: now.storeValue)
                .where("id", .equal, job.id).run()
            return job
        }
    }

    /// The worker is alive and this far; the answer says whether someone asked
    /// it to stop, or nil when the job is no longer this worker's (it was
    /// declared dead, say): then the worker drops it.
    public func heartbeat(job id: String, worker: String, progress: Double, now: Date = Date()) async throws -> Job? {
        try await jobTransaction { sql in
            try await sql.update("jobs").set("heartbeat_at", to: now.storeValue).set("progress", to: min(1, max(0, progress)))
                .where("id", .equal, id).where("worker", .equal, worker).where("status", .equal, Job.Status.running.rawValue).run()
            return try await sql.select().column("*").from("jobs").where("id", .equal, id).where("worker", .equal, worker)
                .where("status", .equal, Job.Status.running.rawValue)
                .first(decoding: JobRow.self, with: Self.rowDecoder)?.domain()
        }
    }

    /// Ends a running job of this worker, writing its subject's result (`also`) in
    /// the same transaction; false when the job was no longer this worker's.
    @discardableResult
    public func finishJob(_ id: String, worker: String, status: Job.Status, error: String? = nil, now: Date = Date(),
                          also: @escaping @Sendable (any SQLDatabase) async throws -> Void = { _ in }) async throws -> Bool {
        try await jobTransaction { sql in
            guard try await sql.select().column("id").from("jobs").where("id", .equal, id).where("worker", .equal, worker)
                .where("status", .equal, Job.Status.running.rawValue).first() != nil else { return false }
            var update = sql.update("jobs").set("status", to: status.rawValue).set("finished_at", to: now.storeValue)
            if status == .done { update = update.set("progress", to: 1.0) }
            if let error { update = update.set("error", to: error) }
            try await update.where("id", .equal, id).run()
            try await also(sql)
            return true
        }
    }

    /// Stops a job: a queued one ends at once, a running one is asked to stop and its
    /// worker ends it at its next heartbeat. Nil when there is no such job.
    public func requestCancel(job id: String, by account: String, now: Date = Date()) async throws -> Job? {
        try await jobTransaction { sql in
            let note = "cancelled by \(account)"
            try await sql.update("jobs").set("status", to: Job.Status.cancelled.rawValue).set("finished_at", to: now.storeValue)
                .set("error", to: note).where("id", .equal, id).where("status", .equal, Job.Status.queued.rawValue).run()
            try await sql.update("jobs").set("cancel_requested", to: true).set("error", to: note)
                .where("id", .equal, id).where("status", .equal, Job.Status.running.rawValue).run()
            return try await sql.select().column("*").from("jobs").where("id", .equal, id)
                .first(decoding: JobRow.self, with: Self.rowDecoder)?.domain()
        }
    }

    /// Running jobs whose worker has not been heard of for `silence` are dead: say so.
    @discardableResult
    public func reapJobs(silentFor silence: TimeInterval, now: Date = Date()) async throws -> Int {
        try await jobTransaction { sql in
            let cutoff = now.addingTimeInterval(-silence).storeValue
            let dead = try await sql.select().column("id").from("jobs").where("status", .equal, Job.Status.running.rawValue)
                .where("heartbeat_at", .lessThan, cutoff).all(decodingColumn: "id", as: String.self)
            guard !dead.isEmpty else { return 0 }
            try await sql.update("jobs").set("status", to: Job.Status.interrupted.rawValue).set("finished_at", to: now.storeValue)
                .set("error", to: "its worker stopped answering (no heartbeat for \(Int(silence)) s); start it again")
                .where("id", .in, dead).run()
            return dead.count
        }
    }

    /// A worker that stops marks what it was running, and nothing of anyone else's.
    /// Without a worker: every running job (a single-process SQLite store starting up:
    /// they belonged to a process that has stopped). Queued jobs stay queued either way.
    public func interruptJobs(worker: String?, reason: String = "the server stopped before the run finished; start it again",
                              now: Date = Date()) async throws {
        try await jobTransaction { sql in
            var update = sql.update("jobs").set("status", to: Job.Status.interrupted.rawValue).set("finished_at", to: now.storeValue)
                .set("error", to: reason)
            update = update.where("status", .equal, Job.Status.running.rawValue)
            if let worker { update = update.where("worker", .equal, worker) }
            try await update.run()
        }
    }

    public func job(id: String) async throws -> Job? {
        try await sql.select().column("*").from("jobs").where("id", .equal, id).first(decoding: JobRow.self, with: Self.rowDecoder)?.domain()
    }

    /// The newest job on a subject (a lab experiment re-run gets a new subject, so there is one).
    public func job(subject: String) async throws -> Job? {
        try await sql.select().column("*").from("jobs").where("subject", .equal, subject).orderBy("created_at", .descending).limit(1)
            .first(decoding: JobRow.self, with: Self.rowDecoder)?.domain()
    }

    /// 1 for the next to start; nil when the job is not waiting.
    public func queuePlace(of job: Job) async throws -> Int? {
        guard job.status == .queued else { return nil }
        let ahead = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("jobs")
            .where("status", .equal, Job.Status.queued.rawValue)
            .where(SQLBinaryExpression(SQLColumn("created_at"), .lessThan, SQLBind(job.created.storeValue)))
            .first(decodingColumn: "n", as: Int.self) ?? 0
        return ahead + 1
    }

    public func jobCounts() async throws -> (queued: Int, running: Int) { try await Self.jobCounts(sql) }

    static func jobCounts(_ sql: any SQLDatabase) async throws -> (queued: Int, running: Int) {
        let rows = try await sql.select().column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("jobs")
            .where("status", .in, [Job.Status.queued.rawValue, Job.Status.running.rawValue]).groupBy("status").all()
        var queued = 0, running = 0
        for row in rows {
            let n = try row.decode(column: "n", as: Int.self)
            if try row.decode(column: "status", as: String.self) == Job.Status.queued.rawValue { queued = n } else { running = n }
        }
        return (queued, running)
    }

    /// A transaction for the job queue. On PostgreSQL an advisory lock makes the
    /// count-then-act steps exact across servers; SQLite runs one writer at a time anyway.
    func jobTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await database.transaction { db in
                let sql = db as! any SQLDatabase
                if self.isPostgres { try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Self.jobLockKey))").run() }
                return try await body(sql)
            }
        } catch let refusal as ImportRefusal {
            throw refusal
        } catch { throw explain(error) }
    }

    /// Any number, the same in every process: the advisory lock of the job queue.
    static let jobLockKey = 0x616D_6269_6A6F_62
}
