import AmbidexCore
import AmbidexJobs
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// A write through HTTP lands in the store at once, shows on the very next
/// page, and the figures follow as soon as the snapshot is computed.
@Suite("Writing through the web", .serialized)
struct LiveWriteTests {
    /// Twelve days after O-1 closed.
    static var reflection: [String: Any] { [
        "mode": "onAction", "trigger": "sporadic", "actionLevel": "rule", "logic": "executional",
        "date": ((try? SmallOffice.make())?.orders.first { $0.id == "O-1" }?.closed?.adding(days: 12).isoDay) ?? "?",
        "summary": "Why the seal leaked <script>alert(1)</script>", "units": ["U-eng", "U-prod"], "orders": ["O-1"],
    ] }

    static func post(_ app: Application, _ headers: HTTPHeaders, _ body: [String: Any], csrf: String?) async throws -> (HTTPStatus, String) {
        var h = headers
        h.contentType = .json
        if let csrf { h.add(name: "X-CSRF-Token", value: csrf) }
        var result: (HTTPStatus, String) = (.internalServerError, "")
        try await app.testing().test(.POST, "/api/reflections", headers: h, body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body))) { res async in
            result = (res.status, res.body.string)
        }
        return result
    }

    static func page(_ app: Application, _ headers: HTTPHeaders) async throws -> String {
        var body = ""
        try await app.testing().test(.GET, "/", headers: headers) { res async in
            #expect(res.status == .ok)
            body = res.body.string
        }
        return body
    }

    @Test("a reflection posted as JSON is in the store, on the next page, and in the figures once computed; bad ones change nothing",
          arguments: Backend.available)
    func reflection(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            let office = try SmallOffice.make()
            try await store.replaceAll(with: office)
            try await store.createAccount(Account(id: "A-lead", email: "lead@example.org", name: "Lena Lead", role: .lead), passwordHash: "unused")
            let token = Passwords.token(), csrf = Passwords.token()
            try await store.createSession(tokenHash: Passwords.digest(token), account: "A-lead", csrfToken: csrf, expires: Date().addingTimeInterval(600))
            let lead: HTTPHeaders = ["Cookie": "\(SessionAuthenticator.cookie)=\(token)"]
            let app = try await Application.make(.testing)
            do {
                try await WebServer.configure(app, store: store)
                let refresher = try #require(app.storage[RefresherKey.self])
                let before = try await Self.page(app, lead)
                #expect(before.contains("These figures include every change") && before.contains("\(office.reflections.count) reflections"))
                let v0 = try await store.officeVersion()

                // Refused: no token, a word the domain does not have, an order that does not exist, not JSON.
                #expect(try await Self.post(app, lead, Self.reflection, csrf: nil).0 == .forbidden)
                var bad = Self.reflection
                bad["mode"] = "sideways"
                let (s1, b1) = try await Self.post(app, lead, bad, csrf: csrf)
                #expect(s1 == .badRequest && b1.contains("mode must be one of inAction, onAction"), "\(b1)")
                bad = Self.reflection
                bad["orders"] = ["O-404"]
                let (s2, b2) = try await Self.post(app, lead, bad, csrf: csrf)
                #expect(s2 == .unprocessableEntity && b2.contains("O-404"), "\(b2)")
                bad = Self.reflection
                bad.removeValue(forKey: "summary")
                let (s3, b3) = try await Self.post(app, lead, bad, csrf: csrf)
                #expect(s3 == .badRequest && b3.contains("summary is missing"), "\(b3)")
                #expect(try await store.officeVersion() == v0)

                let (status, answer) = try await Self.post(app, lead, Self.reflection, csrf: csrf)
                #expect(status == .created, "\(answer)")
                #expect(answer.contains("\"version\":\(v0 + 1)"), "\(answer)")
                // The very next page lists the change, escaped, whether or not the figures caught up yet.
                let next = try await Self.page(app, lead)
                #expect(next.contains("Why the seal leaked &lt;script&gt;") && !next.contains("<script>alert"))
                #expect(next.contains("lead@example.org"))
                try await refresher.settle()
                let after = try await Self.page(app, lead)
                #expect(after.contains("These figures include every change") && after.contains("\(office.reflections.count + 1) reflections"))
                try await app.testing().test(.GET, "/api/freshness", headers: lead) { res async in
                    #expect(res.body.string.contains("\"behind\":0"))
                }
                try await app.testing().test(.GET, "/api/report", headers: lead) { res async in
                    #expect(res.headers.first(name: "X-Ambidex-Behind") == "0" && res.headers.first(name: "X-Ambidex-Version") == "\(v0 + 1)")
                }
            } catch {
                try await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}
