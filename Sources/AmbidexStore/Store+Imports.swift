import Foundation
import SQLKit

/// A log a lead brought in through the browser, from upload to import. The
/// file is kept in the store (so any `serve` process or worker can read it)
/// until it is imported; the mapping is the lead's latest, the preview what
/// that mapping made of the log, the summary what the import wrote. While it
/// waits or runs, its status and progress are its job's.
public struct OrderImport: Sendable, Identifiable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Read and previewed, not yet asked to run.
        case uploaded
        case queued, running, done, failed, cancelled, interrupted

        /// The mapping may still change and the import may (again) be started.
        public var isOpen: Bool { self == .uploaded || self == .failed || self == .cancelled || self == .interrupted }
        public var isPending: Bool { self == .queued || self == .running }
    }

    public let id: String
    public var account: String
    public var fileName: String
    public var size: Int64
    public var created: Date
    public var status: Status
    /// The mapping Ambidex suggested, with the reason for each guess.
    public var suggestion: String
    /// The mapping as the lead last left it.
    public var mapping: String
    /// JSON: what `mapping` makes of the log (the web adapter's own shape).
    public var preview: String?
    /// JSON: what the import wrote.
    public var summary: String?
    public var error: String?
    /// 0…1 while it runs.
    public var progress: Double?
    public var job: String?
    /// The file is still held (it is dropped once imported).
    public var hasContent: Bool

    public init(id: String = "I-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased(),
                account: String, fileName: String, size: Int64, created: Date = Date(), suggestion: String, mapping: String, preview: String?) {
        self.id = id
        self.account = account
        self.fileName = fileName
        self.size = size
        self.created = created
        self.status = .uploaded
        self.suggestion = suggestion
        self.mapping = mapping
        self.preview = preview
        self.hasContent = true
    }
}

extension Job {
    public static let importKind = "import"
}

/// Someone asked the import to stop before it landed: it was rolled back.
public struct ImportCancelled: Error, Sendable {}

/// Why an import cannot be started or changed now.
public struct ImportRefusal: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

private struct OrderImportRow: Decodable {
    var id: String
    var accountId: String
    var fileName: String
    var size: Int64
    var createdAt: Double
    var status: String
    var suggestion: String
    var mapping: String
    var preview: String?
    var summary: String?
    var error: String?
    var jobId: String?
    var jobStatus: String?
    var jobProgress: Double?
    var jobError: String?
    var held: Int

    func domain() throws -> OrderImport {
        var i = OrderImport(id: id, account: accountId, fileName: fileName, size: size, created: Date(storeValue: createdAt),
                            suggestion: suggestion, mapping: mapping, preview: preview)
        // The job's word wins: a worker that died leaves the row saying "running".
        i.status = try decodeEnum(OrderImport.Status.self, jobStatus ?? status, column: "status", row: "import \(id)")
        i.summary = summary
        i.error = jobError ?? error
        i.job = jobId
        i.progress = i.status == .running ? jobProgress : nil
        i.hasContent = held != 0
        return i
    }
}

extension Store {
    private func importsQuery() throws -> SQLSelectBuilder {
        let held = SQLRaw("CASE WHEN order_imports.content IS NULL THEN 0 ELSE 1 END")
        return try sql.select()
            .columns(["id", "account_id", "file_name", "size", "created_at", "status", "suggestion", "mapping", "preview", "summary", "error"]
                .map { SQLColumn($0, table: "order_imports") })
            .column(SQLColumn("id", table: "jobs"), as: "job_id").column(SQLColumn("status", table: "jobs"), as: "job_status")
            .column(SQLColumn("progress", table: "jobs"), as: "job_progress").column(SQLColumn("error", table: "jobs"), as: "job_error")
            .column(held, as: "held")
            .from("order_imports")
            .join("jobs", method: SQLJoinMethod.left, on: SQLColumn("id", table: "jobs"), .equal, SQLColumn("job_id", table: "order_imports"))
    }

    /// Keeps an uploaded log and what was made of it so far.
    public func saveUpload(_ i: OrderImport, content: Data) async throws {
        do {
            try await sql.insert(into: "order_imports")
                .columns("id", "account_id", "file_name", "size", "created_at", "status", "content", "suggestion", "mapping", "preview")
                .values(SQLBind(i.id), SQLBind(i.account), SQLBind(i.fileName), SQLBind(i.size), SQLBind(i.created.storeValue),
                        SQLBind(OrderImport.Status.uploaded.rawValue), SQLBind(content), SQLBind(i.suggestion), SQLBind(i.mapping), SQLBind(i.preview))
                .run()
        } catch { throw explain(error) }
    }

    /// Newest first, without their files.
    public func orderImports(limit: Int = 100) async throws -> [OrderImport] {
        try await importsQuery().orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: "order_imports"), direction: SQLDirection.descending))
            .limit(limit).all(decoding: OrderImportRow.self, with: Self.rowDecoder).map { try $0.domain() }
    }

    public func orderImport(id: String) async throws -> OrderImport? {
        try await importsQuery().where(SQLColumn("id", table: "order_imports"), .equal, SQLBind(id))
            .first(decoding: OrderImportRow.self, with: Self.rowDecoder)?.domain()
    }

    /// The uploaded file; nil once imported (or for an unknown id).
    public func importContent(id: String) async throws -> Data? {
        guard let row = try await sql.select().column("content").from("order_imports").where("id", .equal, id).first() else { return nil }
        return try row.decode(column: "content", as: Data?.self)
    }

    /// The lead changed the mapping and saw what it makes of the log; refused while the import waits, runs or has landed.
    public func saveImportMapping(id: String, mapping: String, preview: String) async throws {
        try await jobTransaction { sql in
            _ = try await Self.openImport(id, sql)
            try await sql.update("order_imports").set("mapping", to: mapping).set("preview", to: preview).where("id", .equal, id).run()
        }
    }

    /// Queues the import with this mapping and its preview, in one transaction: refused
    /// (nothing changed) when the deployment's queue is full or the import is not open;
    /// claimed for `worker` at once when there is room.
    public func submitImport(id: String, mapping: String, preview: String, account: String, limits: JobLimits, claimFor worker: String?,
                             now: Date = Date()) async throws -> Result<Job, JobRefusal> {
        let job = Job(kind: Job.importKind, subject: id, account: account, created: now)
        return try await enqueue(job, limits: limits, claimFor: worker, now: now) { sql in
            _ = try await Self.openImport(id, sql)
            try await sql.update("order_imports").set("mapping", to: mapping).set("preview", to: preview)
                .set("status", to: OrderImport.Status.queued.rawValue).set("job_id", to: job.id).set("error", to: SQLLiteral.null)
                .where("id", .equal, id).run()
        }
    }

    private static func importStatus(_ id: String, _ sql: any SQLDatabase) async throws -> OrderImport.Status? {
        guard let row = try await sql.select().column(SQLColumn("status", table: "order_imports"))
            .column(SQLColumn("status", table: "jobs"), as: "job_status")
            .from("order_imports")
            .join("jobs", method: SQLJoinMethod.left, on: SQLColumn("id", table: "jobs"), .equal, SQLColumn("job_id", table: "order_imports"))
            .where(SQLColumn("id", table: "order_imports"), .equal, SQLBind(id)).first() else { return nil }
        let raw = try row.decode(column: "job_status", as: String?.self) ?? row.decode(column: "status", as: String.self)
        return try decodeEnum(OrderImport.Status.self, raw, column: "status", row: "import \(id)")
    }

    private static func openImport(_ id: String, _ sql: any SQLDatabase) async throws -> OrderImport.Status {
        guard let status = try await importStatus(id, sql) else { throw ImportRefusal("there is no import \(id)") }
        guard status.isOpen else {
            throw ImportRefusal(status == .done ? "import \(id) has landed; upload the log again to import it once more"
                                    : "import \(id) is \(status.rawValue); wait until it has ended")
        }
        return status
    }

    /// Ends an import's run: its job and its outcome in one transaction. A landed import
    /// lets go of its file. False when the job was no longer this worker's.
    @discardableResult
    public func finishImport(id: String, job: String, worker: String, status: Job.Status, summary: String?, error: String?,
                             now: Date = Date()) async throws -> Bool {
        try await finishJob(job, worker: worker, status: status, error: error, now: now) { sql in
            var update = sql.update("order_imports").set("status", to: status.rawValue).set("summary", to: summary).set("error", to: error)
            if status == .done { update = update.set("content", to: SQLLiteral.null) }
            try await update.where("id", .equal, id).run()
        }
    }

    /// The end of an import that wrote, in its own transaction (`importOrders`'s
    /// `landing`): refused — and so the import rolled back — when the job is no
    /// longer this worker's or someone asked it to stop; otherwise the job is done
    /// and the import holds its summary and lets go of its file, with the orders or not at all.
    public static func landImport(id: String, job: String, worker: String, summary: String, on sql: any SQLDatabase, now: Date = Date()) async throws {
        guard let row = try await sql.select().column("cancel_requested").from("jobs").where("id", .equal, job).where("worker", .equal, worker)
            .where("status", .equal, Job.Status.running.rawValue).first() else {
            throw ImportRefusal("import \(id) is no longer this worker's to finish (it was declared interrupted); nothing was written")
        }
        guard try !row.decode(column: "cancel_requested", as: Bool.self) else { throw ImportCancelled() }
        try await sql.update("jobs").set("status", to: Job.Status.done.rawValue).set("finished_at", to: now.storeValue).set("progress", to: 1.0)
            .set("error", to: SQLLiteral.null).where("id", .equal, job).run()
        try await sql.update("order_imports").set("status", to: OrderImport.Status.done.rawValue).set("summary", to: summary)
            .set("error", to: SQLLiteral.null).set("content", to: SQLLiteral.null).where("id", .equal, id).run()
    }

    /// Deleting an id that is not there changes nothing; a waiting or running import must end first.
    public func deleteImport(id: String) async throws {
        try await jobTransaction { sql in
            if let status = try await Self.importStatus(id, sql), status.isPending {
                throw ImportRefusal("import \(id) is \(status.rawValue); cancel it or wait until it has ended")
            }
            try await sql.delete(from: "jobs").where("subject", .equal, id).where("kind", .equal, Job.importKind).run()
            try await sql.delete(from: "order_imports").where("id", .equal, id).run()
        }
    }
}
