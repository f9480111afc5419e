import AmbidexCore
import AmbidexImport
import AmbidexJobs
@_spi(Testing) import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// Importing an order log from the browser and through `/api/v1/imports`:
/// upload, the suggested mapping and its preview, a refused field, the run in
/// the background, and what lands in the store.
@Suite("Import from the browser", .serialized)
struct ImportPageTests {
    static let shared = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("../shared/data/eventlogs").standardizedFileURL
    static var production: String { shared.appendingPathComponent("production.xes.gz").path }
    static var available: Bool { FileManager.default.fileExists(atPath: production) }

    /// A small log written here: two ETO orders with a design step, one MTO order.
    static let toy = """
        <?xml version="1.0" encoding="UTF-8"?>
        <log xes.version="1.0">
          <trace><string key="concept:name" value="T1"/><string key="customer" value="Acme &lt;script&gt;"/>
            <event><string key="concept:name" value="Order received"/><string key="org:group" value="Sales"/><date key="time:timestamp" value="2024-03-01T08:00:00Z"/></event>
            <event><string key="concept:name" value="Design drawing"/><string key="org:group" value="Engineering"/><date key="time:timestamp" value="2024-03-02T08:00:00Z"/></event>
            <event><string key="concept:name" value="Ship"/><string key="org:group" value="Logistics"/><date key="time:timestamp" value="2024-03-06T08:00:00Z"/></event>
          </trace>
          <trace><string key="concept:name" value="T2"/><string key="customer" value="Bolt"/>
            <event><string key="concept:name" value="Order received"/><string key="org:group" value="Sales"/><date key="time:timestamp" value="2024-03-03T08:00:00Z"/></event>
            <event><string key="concept:name" value="Design drawing"/><string key="org:group" value="Engineering"/><date key="time:timestamp" value="2024-03-04T08:00:00Z"/></event>
            <event><string key="concept:name" value="Ship"/><string key="org:group" value="Logistics"/><date key="time:timestamp" value="2024-03-08T08:00:00Z"/></event>
          </trace>
          <trace><string key="concept:name" value="T3"/><string key="customer" value="Bolt"/>
            <event><string key="concept:name" value="Order received"/><string key="org:group" value="Sales"/><date key="time:timestamp" value="2024-03-05T08:00:00Z"/></event>
            <event><string key="concept:name" value="Ship"/><string key="org:group" value="Logistics"/><date key="time:timestamp" value="2024-03-07T08:00:00Z"/></event>
          </trace>
        </log>
        """

    static func multipart(_ csrf: String, file name: String, _ content: Data) -> (HTTPHeaders, ByteBuffer) {
        let boundary = "----ambidex-test-boundary"
        var body = Data()
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n".utf8))
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(content)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return (headers, ByteBuffer(data: body))
    }

    static func upload(_ app: Application, _ session: (HTTPHeaders, String), _ name: String, _ content: Data) async throws -> (HTTPStatus, String, String) {
        var (headers, body) = multipart(session.1, file: name, content)
        for (k, v) in session.0 { headers.add(name: k, value: v) }
        var result: (HTTPStatus, String, String) = (.internalServerError, "", "")
        try await app.testing().test(.POST, "/imports", headers: headers, body: body) { res async in
            result = (res.status, res.headers.first(name: .location) ?? "", res.body.string)
        }
        return result
    }

    static func page(_ app: Application, _ path: String, _ session: (HTTPHeaders, String)) async throws -> (HTTPStatus, String) {
        let (status, _, body) = try await AuthorizationMatrixTests.call(app, .GET, path, session.0, nil)
        return (status, body)
    }

    static func post(_ app: Application, _ path: String, _ session: (HTTPHeaders, String), _ fields: [(String, String)]) async throws -> (HTTPStatus, String, String) {
        var headers = session.0
        headers.contentType = .urlEncodedForm
        return try await AuthorizationMatrixTests.call(app, .POST, path, headers, OrderPageTests.form([("csrf", session.1)] + fields))
    }

    /// The form's fields as the page fills them from the import's mapping.
    static func fields(of mapping: String) -> [(String, String)] {
        let (values, _) = ImportForm.values(of: mapping)
        return ImportForm.keys.compactMap { key in values[key].map { (key, $0.joined(separator: "\n")) } }
    }

    static func waitForEnd(_ store: Store, _ id: String) async throws -> OrderImport {
        for _ in 0..<600 {
            let i = try #require(try await store.orderImport(id: id))
            if !i.status.isPending { return i }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("import \(id) did not end in 30 s")
        return try #require(try await store.orderImport(id: id))
    }

    @Test("a lead uploads a log, sees the suggested mapping and its preview, changes a field, imports it in the background, and the orders are the office's",
          arguments: Backend.available)
    func uploadPreviewImport(_ backend: Backend) async throws {
        try await withLabApp(on: backend) { app, store, _ in
            let lead = try await OrderPageTests.session(store, "A-lead")
            let before = try await store.counts()
            let (status, location, answer) = try await Self.upload(app, lead, "toy orders.xes", Data(Self.toy.utf8))
            #expect(status == .seeOther, "\(answer)")
            let id = String(location.dropFirst("/imports/".count))
            let upload = try #require(try await store.orderImport(id: id))
            #expect(upload.status == .uploaded && upload.hasContent && upload.fileName == "toy orders.xes")
            #expect(try await store.counts() == before, "an upload imports nothing yet")

            // The page: the suggestion's fields with their reasons, and the preview.
            let (_, html) = try await Self.page(app, location, lead)
            #expect(html.contains("id=\"preview\"") && html.contains("3 orders with 8 events"), "\(html.prefix(300))")
            #expect(html.contains("Acme &lt;script&gt;") && !html.contains("Acme <script>"), "a hostile customer name is shown as text")
            #expect(html.contains("Guessed: "), "each guess says why")
            #expect(html.contains("3 new orders, 0 carried further, 0 already there"))

            // A refused field: named, 400, and the kept mapping unchanged.
            var fields = Self.fields(of: upload.mapping).filter { $0.0 != "strategy-rule" }
            let refused = try await Self.post(app, location, lead, fields + [("strategy-rule", "xyz: design"), ("action", "preview")])
            #expect(refused.0 == .badRequest && refused.2.contains("Strategy rules") && refused.2.contains("xyz"), "\(refused.2.prefix(400))")
            #expect(try await store.orderImport(id: id)?.mapping == upload.mapping)

            // Design work makes an order ETO; the preview follows the changed rule.
            fields.append(("strategy-rule", "eto: design"))
            fields = fields.filter { $0.0 != "order-prefix" } + [("order-prefix", "IMP-")]
            let previewed = try await Self.post(app, location, lead, fields + [("action", "preview")])
            #expect(previewed.0 == .ok, "\(previewed.2.prefix(400))")
            #expect(previewed.2.contains("<td>ETO</td><td>2</td>"), "two ETO orders in the preview")
            #expect(try await store.orderImport(id: id)?.mapping.contains("strategy-rule = eto: design") == true, "the checked mapping is kept")

            let started = try await Self.post(app, location, lead, fields + [("action", "import")])
            #expect(started.0 == .seeOther && started.1 == location, "\(started.2.prefix(300))")
            let done = try await Self.waitForEnd(store, id)
            #expect(done.status == .done, "\(done.error ?? "")")
            #expect(!done.hasContent, "a landed import lets go of its file")
            let result = try #require(ImportsController.result(of: done))
            #expect(result.orders == 3 && result.events == 8 && result.strategies["eto"] == 2 && result.version != nil)

            let office = try await store.loadOffice()
            let imported = office.orders.filter { $0.id.rawValue.hasPrefix("IMP-") }
            #expect(imported.count == 3 && imported.filter { $0.strategy == .eto }.count == 2)
            #expect(try await store.counts().orders == before.orders + 3)
            // The mining page shows the log as its own process once the snapshot has it.
            var logs = ""
            for _ in 0..<300 where !logs.contains("toy orders.xes") {
                logs = try await Self.page(app, "/api/v1/mining/logs", lead).1
                if !logs.contains("toy orders.xes") { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(logs.contains("\"orders\":3") && logs.contains("\"eto\":2"), "\(logs.prefix(300))")
            let (_, mining) = try await Self.page(app, "/mining", lead)
            #expect(mining.contains("id=\"logs\"") && mining.contains("href=\"/mining/log?name=toy%20orders.xes\""), "the mining page links the log")
            let (logStatus, logPage) = try await Self.page(app, "/mining/log?name=toy%20orders.xes", lead)
            #expect(logStatus == .ok && logPage.contains("toy orders.xes: 3 orders, 8 events") && logPage.contains("<svg"), "\(logPage.prefix(300))")
            #expect(try await Self.page(app, "/mining/log?name=other.xes", lead).0 == .notFound)
            #expect(try await Self.page(app, "/mining/log", lead).0 == .badRequest)
            #expect(try await Self.page(app, "/mining/log?name=toy%20orders.xes&edges=999", lead).0 == .badRequest)

            let (_, landed) = try await Self.page(app, location, lead)
            #expect(landed.contains("Imported 3 new orders (") && landed.contains("2 ETO") && !landed.contains("id=\"mapping\""), "a landed import shows what it wrote, and no form")

            // Landed: the mapping can no longer change, and a second import of the same log adds nothing.
            #expect(try await Self.post(app, location, lead, fields + [("action", "preview")]).0 == .conflict)
            let again = try await Self.upload(app, lead, "toy orders.xes", Data(Self.toy.utf8))
            let second = String(again.1.dropFirst("/imports/".count))
            let (_, secondPage) = try await Self.page(app, again.1, lead)
            #expect(secondPage.contains("3 new orders, 0 carried further, 0 already there"),
                    "without the prefix the log's orders are other orders than IMP-T1…: the preview says so")
            let secondFields = Self.fields(of: try #require(try await store.orderImport(id: second)).mapping).filter { $0.0 != "order-prefix" }
                + [("order-prefix", "IMP-"), ("action", "preview")]
            let same = try await Self.post(app, again.1, lead, secondFields)
            #expect(same.2.contains("0 new orders, 0 carried further, 3 already there"), "\(same.2.prefix(200))")
        }
    }

    @Test("an import cancelled, or taken from its worker, while it writes is rolled back whole: orders, version and the import's end", arguments: Backend.available)
    func landingIsAtomic(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            try await store.replaceAll(with: try SmallOffice.make())
            let prepared = try PreparedImport.make(content: Data(Self.toy.utf8), name: "toy.xes", mappingText: nil)
            for way in ["cancelled", "taken"] {
                let upload = OrderImport(account: "lead@example.org", fileName: "toy.xes", size: 10, suggestion: "", mapping: "", preview: nil)
                try await store.saveUpload(upload, content: Data(Self.toy.utf8))
                let job = try await store.submitImport(id: upload.id, mapping: "", preview: "{}", account: "lead@example.org",
                                                      limits: JobLimits(), claimFor: "worker-1").get()
                if way == "cancelled" { _ = try await store.requestCancel(job: job.id, by: "lead@example.org") } else {
                    try await store.reapJobs(silentFor: 0, now: Date().addingTimeInterval(60))
                }
                let before = try await store.counts(), version = try await store.officeVersion()
                await #expect(throws: (any Error).self) {
                    _ = try await store.importOrders(prepared.conversion.batch, source: "toy.xes", landing: { sql, _ in
                        try await Store.landImport(id: upload.id, job: job.id, worker: "worker-1", summary: "{}", on: sql)
                    })
                }
                #expect(try await store.counts() == before, "\(way): no order landed")
                #expect(try await store.officeVersion() == version)
                let after = try #require(try await store.orderImport(id: upload.id))
                #expect(after.hasContent && after.summary == nil && after.status != .done, "\(way): \(after.status)")
            }
            // Landed: the orders, the job and the import's end together.
            let upload = OrderImport(account: "lead@example.org", fileName: "toy.xes", size: 10, suggestion: "", mapping: "", preview: nil)
            try await store.saveUpload(upload, content: Data(Self.toy.utf8))
            let job = try await store.submitImport(id: upload.id, mapping: "", preview: "{}", account: "lead@example.org",
                                                  limits: JobLimits(), claimFor: "worker-1").get()
            let summary = try await store.importOrders(prepared.conversion.batch, source: "toy.xes", landing: { sql, _ in
                try await Store.landImport(id: upload.id, job: job.id, worker: "worker-1", summary: "{\"orders\":3}", on: sql)
            })
            #expect(summary.orders == 3)
            let landed = try #require(try await store.orderImport(id: upload.id))
            #expect(landed.status == .done && !landed.hasContent && landed.summary == "{\"orders\":3}" && landed.error == nil)
            #expect(try await store.job(id: job.id)?.status == .done)
        }
    }

    @Test("a hostile column name stays text in the form's attributes", arguments: [Backend.sqlite])
    func hostileColumn(_ backend: Backend) async throws {
        try await withLabApp(on: backend) { app, store, _ in
            let lead = try await OrderPageTests.session(store, "A-lead")
            let csv = "case\" onfocus=\"alert(1);activity;timestamp\nC1;A;2024-01-01T00:00:00Z\n"
            let made = try await Self.upload(app, lead, "hostile.csv", Data(csv.utf8))
            #expect(made.0 == .seeOther, "\(made.2.prefix(300))")
            let (_, page) = try await Self.page(app, made.1, lead)
            #expect(page.contains("case&quot; onfocus=&quot;alert(1)"), "the column name is in the form, escaped")
            #expect(!page.contains("onfocus=\"alert"), "no attribute of the page comes from the upload")
        }
    }

    @Test("a file that is no log is refused naming the file and the place, and nothing is kept; a member may not import", arguments: Backend.available)
    func refusals(_ backend: Backend) async throws {
        try await withLabApp(on: backend) { app, store, _ in
            let lead = try await OrderPageTests.session(store, "A-lead")
            let broken = try await Self.upload(app, lead, "broken.xes", Data("<log><trace><event>".utf8))
            #expect(broken.0 == .badRequest && broken.2.contains("broken.xes"), "\(broken.2.prefix(300))")
            #expect(!broken.2.contains("ambidex-upload"), "the error names the upload, not the server's temporary file")
            let unknown = try await Self.upload(app, lead, "notes.docx", Data("hello".utf8))
            #expect(unknown.0 == .badRequest && unknown.2.contains("unknown format"))
            let noHeader = try await Self.upload(app, lead, "x.csv", Data([0xff, 0x00, 0x13, 0x0a]))
            #expect(noHeader.0 == .badRequest && noHeader.2.contains("header"))
            // An Ambidex export is a whole office, not an order log to map: refused, naming the command that restores it.
            let export = Data(OfficeExport.make(try SmallOffice.make()).json())
            let restore = try await Self.upload(app, lead, "office.jsonocel", export)
            #expect(restore.0 == .badRequest && restore.2.contains("is an Ambidex export") && restore.2.contains("ambidex import"), "\(restore.2.prefix(300))")
            #expect(try await store.orderImports().isEmpty, "nothing was kept")

            // A stale CSRF token.
            let stale = try await Self.upload(app, (lead.0, "not-the-token"), "toy.xes", Data(Self.toy.utf8))
            #expect(stale.0 == .forbidden)
            #expect(try await store.orderImports().isEmpty)

            let member = try await OrderPageTests.session(store, "A-member")
            #expect(try await Self.upload(app, member, "toy.xes", Data(Self.toy.utf8)).0 == .forbidden)
            #expect(try await Self.page(app, "/imports", member).0 == .forbidden)
        }
    }

    @Test("a CSV log's columns are guessed from its header; the API uploads, checks a mapping and runs it with a token", arguments: Backend.available)
    func csvThroughTheAPI(_ backend: Backend) async throws {
        try await withLabApp(on: backend) { app, store, _ in
            let token = APITokens.make()
            _ = try await store.createAPIToken(email: "lead@example.org", name: "script", tokenHash: token.hash)
            let csv = """
                case_id;activity;timestamp;department
                C1;Order received;2024-05-01T08:00:00Z;Sales
                C1;Machining;2024-05-02T08:00:00Z;Plant
                C1;Ship;2024-05-03T08:00:00Z;Logistics
                C2;Order received;2024-05-02T09:00:00Z;Sales
                C2;Ship;2024-05-04T09:00:00Z;Logistics

                """
            var headers = APITokenTests.bearer(token.token)
            headers.contentType = HTTPMediaType(type: "application", subType: "octet-stream")
            var made: (HTTPStatus, String, String) = (.internalServerError, "", "")
            try await app.testing().test(.POST, "/api/v1/imports?name=orders.csv", headers: headers, body: ByteBuffer(string: csv)) { res async in
                made = (res.status, "", res.body.string)
            }
            #expect(made.0 == .created, "\(made.2)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(made.2.utf8)) as? [String: Any])
            let id = try #require(json["id"] as? String)
            let mapping = try #require(json["mapping"] as? String)
            #expect(mapping.contains("case = case_id") && mapping.contains("activity = activity") && mapping.contains("group = department"), "\(mapping)")
            #expect(((json["preview"] as? [String: Any])?["preview"] as? [String: Any])?["orders"] as? Int == 2)

            // A refused mapping names its field; then a good one runs.
            headers.contentType = .json
            let bad = try await APITokenTests.status(app, .POST, "/api/v1/imports/\(id)/preview", headers, body: #"{"mapping": "case = case_id\nactivity = activity\ntimestamp = timestamp\ndue-days = soon"}"#)
            #expect(bad.0 == .badRequest && bad.1.contains("\"field\":\"due-days\""), "\(bad.1)")
            let body = try JSONSerialization.data(withJSONObject: ["mapping": mapping + "unit = group\norder-prefix = CSV-\n"])
            let run = try await APITokenTests.status(app, .POST, "/api/v1/imports/\(id)/run", headers, body: String(decoding: body, as: UTF8.self))
            #expect(run.0 == .accepted, "\(run.1)")
            let done = try await Self.waitForEnd(store, id)
            #expect(done.status == .done, "\(done.error ?? "")")
            let office = try await store.loadOffice()
            #expect(office.orders.filter { $0.id.rawValue.hasPrefix("CSV-") }.count == 2)
            #expect(office.units.contains { $0.name == "Plant" }, "the group column named the units")
            let got = try await APITokenTests.status(app, .GET, "/api/v1/imports/\(id)", APITokenTests.bearer(token.token))
            #expect(got.0 == .ok && got.1.contains("\"status\":\"done\""))
        }
    }

    @Test("the production log from the shared data imports through the browser's path with the units from its resources",
          .enabled(if: ImportPageTests.available, "../shared/data/eventlogs is absent: the real-log import tests need it"), arguments: Backend.available)
    func productionLog(_ backend: Backend) async throws {
        try await withLabApp(on: backend) { app, store, _ in
            let lead = try await OrderPageTests.session(store, "A-lead")
            let content = try Data(contentsOf: URL(fileURLWithPath: Self.production))
            let (status, location, answer) = try await Self.upload(app, lead, "production.xes.gz", content)
            #expect(status == .seeOther, "\(answer.prefix(300))")
            let id = String(location.dropFirst("/imports/".count))
            let upload = try #require(try await store.orderImport(id: id))
            let check = try #require(ImportsController.check(of: upload))
            #expect(check.preview.orders > 100 && check.preview.units.map(\.unit).sorted() == ["Logistics", "Production", "Quality"])
            #expect(check.preview.units.contains { $0.frontOffice > 0 } && check.preview.units.contains { $0.backOffice > 0 }, "both roles appear")
            let started = try await Self.post(app, location, lead, Self.fields(of: upload.mapping) + [("action", "import")])
            #expect(started.0 == .seeOther, "\(started.2.prefix(300))")
            let done = try await Self.waitForEnd(store, id)
            #expect(done.status == .done, "\(done.error ?? "")")
            #expect(ImportsController.result(of: done)?.orders == check.newOrders)

            // An OCEL 2.0 log: its order objects are guessed and the form asks for the object type.
            let ocel = try Data(contentsOf: Self.shared.appendingPathComponent("ocel20_example.jsonocel"))
            let made = try await Self.upload(app, lead, "ocel20_example.jsonocel", ocel)
            #expect(made.0 == .seeOther, "\(made.2.prefix(300))")
            let (_, page) = try await Self.page(app, made.1, lead)
            #expect(page.contains("id=\"field-order-type\"") && page.contains("id=\"preview-strategies\""), "\(page.prefix(300))")
            let ocelUpload = try #require(try await store.orderImport(id: String(made.1.dropFirst("/imports/".count))))
            #expect(ocelUpload.mapping.contains("order-type = "))
            #expect((ImportsController.check(of: ocelUpload)?.preview.orders ?? 0) > 0)
        }
    }
}
