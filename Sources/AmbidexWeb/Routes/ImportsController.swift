import AmbidexCore
import AmbidexImport
import AmbidexJobs
import AmbidexLog
import AmbidexStore
import Foundation
import Vapor

/// Importing an order log from the browser: a lead uploads it, checks the
/// suggested mapping in a form against a preview (orders per strategy, units
/// and their roles, what is new to the store), and starts it; a worker of any
/// `serve` process runs it in the background with its progress in the store.
/// The same through `/api/v1/imports`. Leads only.
enum ImportsController {
    static let uploadLimit: ByteCount = "256mb"

    /// A mapping checked against the log and the store.
    struct Check: Codable, Equatable {
        var preview: ImportPreview
        /// What the import would add to the store as it is now.
        var newOrders: Int
        var extendedOrders: Int
        var unchangedOrders: Int
        var newEvents: Int
        var newUnits: Int
        var newPartners: Int
    }

    static func register(on routes: any RoutesBuilder, store: Store, worker: JobWorker, office: @escaping @Sendable () async -> String) {
        routes.get("imports") { req async throws -> Response in
            let s = try req.requireLead(api: false, to: "imports logs")
            return DashboardController.html(ImportsView.index(office: await office(), session: s, imports: try await store.orderImports(), problem: nil))
        }
        routes.on(.POST, "imports", body: .collect(maxSize: uploadLimit)) { req async throws -> Response in
            let s = try req.requireLead(api: false, to: "imports logs")
            let form = try? req.content.decode(UploadForm.self)
            try req.requireCSRF(s, form?.csrf)
            do {
                guard let file = form?.file, file.data.readableBytes > 0 else { throw FieldError(field: "file", reason: "choose a log file to upload") }
                let upload = try await accept(Data(buffer: file.data), name: file.filename, by: s, store: store, req: req)
                return req.redirect(to: "/imports/\(upload.id)", redirectType: .normal)
            } catch let e as FieldError {
                return DashboardController.html(ImportsView.index(office: await office(), session: s, imports: try await store.orderImports(),
                                                                  problem: e.reason), status: .badRequest)
            }
        }
        routes.get("imports", ":id") { req async throws -> Response in
            let s = try req.requireLead(api: false, to: "imports logs")
            let i = try await find(req, store)
            return DashboardController.html(ImportsView.page(office: await office(), session: s, upload: i, check: check(of: i), result: result(of: i),
                                                             fields: nil, problem: nil))
        }
        routes.on(.POST, "imports", ":id", body: .collect(maxSize: "256kb")) { req async throws -> Response in
            let s = try req.requireLead(api: false, to: "imports logs")
            let fields = (try? req.content.decode([String: String].self)) ?? [:]
            try req.requireCSRF(s, fields["csrf"])
            let i = try await find(req, store)
            let run = fields["action"] == "import"
            do {
                let (text, checked) = try await checkMapping(fields: fields, of: i, store: store, req: req)
                if run {
                    try await start(i, mapping: text, check: checked, by: s, store: store, worker: worker)
                    return req.redirect(to: "/imports/\(i.id)", redirectType: .normal)
                }
                var shown = i
                shown.mapping = text
                return DashboardController.html(ImportsView.page(office: await office(), session: s, upload: shown, check: checked, result: nil,
                                                                 fields: nil, problem: nil))
            } catch let e as FieldError {
                return DashboardController.html(ImportsView.page(office: await office(), session: s, upload: i, check: check(of: i), result: nil,
                                                                 fields: fields, problem: e), status: .badRequest)
            }
        }
        routes.post("imports", ":id", "cancel") { req async throws -> Response in
            let s = try req.requireLead(api: false, to: "imports logs")
            try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
            let i = try await find(req, store)
            if let job = i.job, i.status.isPending { _ = try await store.requestCancel(job: job, by: s.account.email) }
            return req.redirect(to: "/imports/\(i.id)", redirectType: .normal)
        }
        routes.post("imports", ":id", "delete") { req async throws -> Response in
            let s = try req.requireLead(api: false, to: "imports logs")
            try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
            let i = try await find(req, store)
            do { try await store.deleteImport(id: i.id) } catch let e as ImportRefusal { throw Abort(.conflict, reason: e.description) }
            return req.redirect(to: "/imports", redirectType: .normal)
        }
        routes.get("imports", ":id", "mapping.txt") { req async throws -> Response in
            _ = try req.requireLead(api: false, to: "imports logs")
            let i = try await find(req, store)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/plain; charset=utf-8")
            // Only plain characters in a header, whatever the upload was called.
            let base = String(i.fileName.unicodeScalars.map { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) ? Character($0) : "_" })
            headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(base.prefix(120)).mapping\"")
            return Response(status: .ok, headers: headers, body: .init(string: i.mapping))
        }
        registerAPI(on: routes, store: store, worker: worker)
    }

    static func registerAPI(on routes: any RoutesBuilder, store: Store, worker: JobWorker) {
        let api = routes.grouped("api", "v1", "imports")
        api.get { req async throws -> Response in
            _ = try req.requireLead(api: true, to: "imports logs")
            return try APIController.json(try await store.orderImports().map(ImportJSON.init))
        }
        // The log is the body; its name (whose extension says the format) is a query parameter.
        api.on(.POST, body: .collect(maxSize: uploadLimit)) { req async throws -> Response in
            let s = try req.requireLead(api: true, to: "imports logs")
            try req.requireCSRF(s, req.headers.first(name: "X-CSRF-Token"))
            guard let name = req.query[String.self, at: "name"], !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw FieldError(field: "name", reason: "name the file (?name=orders.xes.gz): its extension says the format")
            }
            guard let body = req.body.data, body.readableBytes > 0 else { throw FieldError(field: "body", reason: "the request's body is the log file, and it is empty") }
            let upload = try await accept(Data(buffer: body), name: name, by: s, store: store, req: req)
            return try APIController.json(ImportJSON(upload), status: .created)
        }
        api.get(":import") { req async throws -> Response in
            _ = try req.requireLead(api: true, to: "imports logs")
            return try APIController.json(ImportJSON(try await find(req, store, "import")))
        }
        api.post(":import", "preview") { req async throws -> Response in
            let s = try req.requireLead(api: true, to: "imports logs")
            try req.requireCSRF(s, req.headers.first(name: "X-CSRF-Token"))
            var i = try await find(req, store, "import")
            let body = try mappingBody(req)
            let (text, checked) = try await checkMapping(text: body ?? i.mapping, of: i, store: store, req: req)
            i.mapping = text
            i.preview = try encoded(checked)
            return try APIController.json(ImportJSON(i))
        }
        api.post(":import", "run") { req async throws -> Response in
            let s = try req.requireLead(api: true, to: "imports logs")
            try req.requireCSRF(s, req.headers.first(name: "X-CSRF-Token"))
            let i = try await find(req, store, "import")
            let body = try mappingBody(req)
            let (text, checked) = try await checkMapping(text: body ?? i.mapping, of: i, store: store, req: req)
            try await start(i, mapping: text, check: checked, by: s, store: store, worker: worker)
            return try APIController.json(ImportJSON(try await find(req, store, "import")), status: .accepted)
        }
    }

    struct UploadForm: Content {
        var csrf: String?
        var file: File?
    }

    private struct MappingBody: Content {
        var mapping: String?
    }

    private static func mappingBody(_ req: Request) throws -> String? {
        guard let data = req.body.data, data.readableBytes > 0 else { return nil }
        guard let body = try? JSONDecoder().decode(MappingBody.self, from: Data(buffer: data)) else {
            throw FieldError(field: "mapping", reason: "the body is JSON with the mapping file's text: {\"mapping\": \"unit = org:resource\\n…\"}")
        }
        if let m = body.mapping, m.utf8.count > 64_000 { throw FieldError(field: "mapping", reason: "the mapping is longer than 64,000 characters") }
        return body.mapping
    }

    static func find(_ req: Request, _ store: Store, _ parameter: String = "id") async throws -> OrderImport {
        let id = req.parameters.get(parameter) ?? ""
        guard id.utf8.count <= 40, let i = try await store.orderImport(id: id) else {
            throw Abort(.notFound, reason: "there is no import '\(id.prefix(40))'")
        }
        return i
    }

    /// Reads the upload with the suggested mapping (a CSV log: with its columns guessed
    /// from the header) and keeps it. A file that cannot be read as a log is refused and
    /// nothing is kept; a CSV log whose columns were guessed wrong is kept, for the form.
    static func accept(_ content: Data, name raw: String, by s: SignedIn, store: Store, req: Request) async throws -> OrderImport {
        let name = URL(fileURLWithPath: String(raw.prefix(200))).lastPathComponent
        guard let format = LogFormat.guess(path: name) else {
            throw FieldError(field: "file", reason: "\(name): unknown format; upload a .xes, .xes.gz, .jsonocel, .xmlocel, .sqlite or .csv file")
        }
        let columns = format == .csv ? ImportForm.guessColumns(content) : []
        let given = columns.isEmpty ? nil : (["# the CSV log's columns, guessed from its header line"] + columns).joined(separator: "\n") + "\n"
        let prepared: PreparedImport
        do {
            prepared = try await prepare(content, name: name, mappingText: given, req: req)
        } catch {
            // A CSV file whose columns were guessed wrong is kept for the form; one with no header line is refused.
            guard format == .csv, !ImportForm.header(content).isEmpty else {
                throw FieldError(field: "file", reason: format == .csv ? "\(name): the first line is not a header naming three or more columns" : "\(error)")
            }
            let upload = OrderImport(account: s.account.email, fileName: name, size: Int64(content.count), suggestion: given ?? "", mapping: given ?? "",
                                     preview: nil)
            try await store.saveUpload(upload, content: content)
            return upload
        }
        var suggestion = prepared.read.suggestion(source: name)
        if !columns.isEmpty { suggestion.preamble = ["# the CSV log's columns, guessed from its header line"] + columns }
        let checked = try await check(prepared, name: name, store: store)
        let upload = OrderImport(account: s.account.email, fileName: name, size: Int64(content.count), suggestion: suggestion.text,
                                 mapping: suggestion.text, preview: try encoded(checked))
        try await store.saveUpload(upload, content: content)
        return upload
    }

    /// The form's fields as a mapping, checked against the log and the store, and kept with its preview.
    static func checkMapping(fields: [String: String], of i: OrderImport, store: Store, req: Request) async throws -> (String, Check) {
        let csv = LogFormat.guess(path: i.fileName) == .csv
        let (text, fieldOfLine) = try ImportForm.text(from: fields, csv: csv)
        return try await checkMapping(text: text, fieldOfLine: fieldOfLine, of: i, store: store, req: req)
    }

    static func checkMapping(text: String, fieldOfLine: [String]? = nil, of i: OrderImport, store: Store, req: Request) async throws -> (String, Check) {
        guard i.status.isOpen else {
            throw Abort(.conflict, reason: i.status == .done ? "import \(i.id) has landed; upload the log again to import it once more"
                                                              : "import \(i.id) is \(i.status.rawValue); wait until it has ended")
        }
        guard let content = try await store.importContent(id: i.id) else { throw Abort(.conflict, reason: "the file of import \(i.id) is no longer held") }
        let lines = fieldOfLine ?? text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.split(separator: "=", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        }
        do { _ = try ImportMapping.parse(text) } catch { throw ImportForm.fieldError(error, fieldOfLine: lines) }
        let prepared: PreparedImport
        do { prepared = try await prepare(content, name: i.fileName, mappingText: text, req: req) } catch {
            throw ImportForm.fieldError(error, fieldOfLine: lines)
        }
        let checked = try await check(prepared, name: i.fileName, store: store)
        do { try await store.saveImportMapping(id: i.id, mapping: text, preview: try encoded(checked)) } catch let e as ImportRefusal {
            throw Abort(.conflict, reason: e.description)
        }
        return (text, checked)
    }

    static func start(_ i: OrderImport, mapping: String, check: Check, by s: SignedIn, store: Store, worker: JobWorker) async throws {
        let result: Result<Job, JobRefusal>
        do {
            result = try await store.submitImport(id: i.id, mapping: mapping, preview: try encoded(check), account: s.account.email,
                                                  limits: worker.settings.limits, claimFor: await worker.claimant)
        } catch let e as ImportRefusal { throw Abort(.conflict, reason: e.description) }
        switch result {
        case .success(let job): await worker.adopt(job)
        case .failure(let refusal):
            throw Abort(.tooManyRequests, headers: ["Retry-After": "30"],
                        reason: "the server is running \(refusal.running) long jobs with \(refusal.queued) waiting, its most; try again when one has finished")
        }
    }

    /// Reading and converting is CPU work: on the application's thread pool, never the event loop.
    private static func prepare(_ content: Data, name: String, mappingText: String?, req: Request) async throws(ImportError) -> PreparedImport {
        let outcome: Result<PreparedImport, ImportError>
        do {
            outcome = try await req.application.threadPool.runIfActive {
                do throws(ImportError) { return .success(try PreparedImport.make(content: content, name: name, mappingText: mappingText)) } catch {
                    return .failure(error)
                }
            }
        } catch {
            throw ImportError("\(name): the server is stopping; try again")
        }
        return try outcome.get()
    }

    static func check(_ p: PreparedImport, name: String, store: Store) async throws -> Check {
        let dry = try await store.previewImport(p.conversion.batch, source: name)
        let orders = p.conversion.batch.orders.count
        return Check(preview: ImportPreview(p.conversion, file: name), newOrders: dry.orders, extendedOrders: dry.extendedOrders,
                     unchangedOrders: orders - dry.orders - dry.extendedOrders, newEvents: dry.events, newUnits: dry.units, newPartners: dry.partners)
    }

    static func encoded<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    static func check(of i: OrderImport) -> Check? {
        guard let text = i.preview else { return nil }
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return try? d.decode(Check.self, from: Data(text.utf8))
    }

    static func result(of i: OrderImport) -> ImportResult? {
        i.summary.flatMap { try? JSONDecoder().decode(ImportResult.self, from: Data($0.utf8)) }
    }
}

/// An import as `/api/v1/imports` gives it.
struct ImportJSON: Encodable {
    var id: String
    var file: String
    var size: Int64
    var account: String
    var created: Date
    var status: String
    var progress: Double?
    var error: String?
    var fileHeld: Bool
    var suggestion: String
    var mapping: String
    var preview: ImportsController.Check?
    var result: ImportResult?

    init(_ i: OrderImport) {
        id = i.id; file = i.fileName; size = i.size; account = i.account; created = i.created; status = i.status.rawValue
        progress = i.progress; error = i.error; fileHeld = i.hasContent; suggestion = i.suggestion; mapping = i.mapping
        preview = ImportsController.check(of: i); result = ImportsController.result(of: i)
    }
}
