import AmbidexCore
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// One order over HTTP: its page and JSON, and reflection captured from it —
/// every refusal names its field and changes nothing.
@Suite("The order page", .serialized)
struct OrderPageTests {
    /// A signed-in browser session of `account`: the cookie header and the form's CSRF token.
    static func session(_ store: Store, _ account: Identifier<Account>) async throws -> (HTTPHeaders, String) {
        let token = Passwords.token(), csrf = Passwords.token()
        try await store.createSession(tokenHash: Passwords.digest(token), account: account, csrfToken: csrf, expires: Date().addingTimeInterval(600))
        return (["Cookie": "\(SessionAuthenticator.cookie)=\(token)"], csrf)
    }

    static func form(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }

    @Test("the page shows the order, its value chain and roles, timeline, reflections, knowledge, standards and lessons; only the office sees it",
          arguments: Backend.available)
    func page(_ backend: Backend) async throws {
        try await APITokenTests.withServer(backend) { store, app, _ in
            let (lead, _) = try await Self.session(store, "A-lead")
            let (status, body) = try await APITokenTests.status(app, .GET, "/orders/O-1", lead)
            #expect(status == .ok, "\(body)")
            for part in ["Order O-1", "Nordwerk AB (C-nord)", "ETO", "◆ decoupling point", "clarify requirements", "machine housing",
                         "front office", "back office", "Seal choice with the customer&#39;s engineers", "Why the housing was reworked",
                         "K-1 Ceramic seals for abrasive media", "Lessons from similar orders", "action=\"/orders/O-1/reflections\"", "ceramic"] {
                #expect(body.contains(part) || body.contains(part.replacingOccurrences(of: "&#39;", with: "'")), "\(part)")
            }
            #expect(!body.contains("value=\"inAction\""), "a closed order is reflected on, not in action")
            let o3 = try await APITokenTests.status(app, .GET, "/orders/O-3", lead)
            #expect(o3.0 == .ok && o3.1.contains("Seal selection module (S-1, adopted)") && o3.1.contains("deviated"))
            // O-3 is an MTS pump like O-2: the standard applied on O-3 is a lesson for O-2, with why.
            let o2 = try await APITokenTests.status(app, .GET, "/orders/O-2", lead)
            #expect(o2.1.contains("standard S-1") && o2.1.contains("applied on O-3") && o2.1.contains("value=\"inAction\""), "\(o2.1)")

            #expect(try await APITokenTests.status(app, .GET, "/orders/O-nope", lead).0 == .notFound)
            // Error pages are plain text (with nosniff): an echoed id is never markup.
            #expect(try await APITokenTests.status(app, .GET, "/orders/%3Cscript%3E", lead).0 == .notFound)
            let (partner, _) = try await Self.session(store, "A-part")
            let refused = try await APITokenTests.status(app, .GET, "/orders/O-1", partner)
            #expect(refused.0 == .seeOther || refused.0 == .found, "a partner is sent to what is shared with them")
            #expect(!refused.1.contains("Seal choice"))
            let anonymous = try await APITokenTests.status(app, .GET, "/orders/O-1", [:])
            #expect(anonymous.0 != .ok && !anonymous.1.contains("Seal choice"))
            // Sent to sign in, and back to the very list asked for, filters included.
            try await app.testing().test(.GET, "/orders?strategy=eto&status=open") { res async in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/login?next=/orders%3Fstrategy%3Deto%26status%3Dopen")
            }
        }
    }

    @Test("GET /api/v1/orders/:id answers the folder and its lessons; partners, strangers and unknown ids are refused")
    func api() async throws {
        try await APITokenTests.withServer(.sqlite) { store, app, _ in
            let lead = APITokens.make(), partner = APITokens.make()
            _ = try await store.createAPIToken(email: "lead@example.org", name: "t", tokenHash: lead.hash)
            _ = try await store.createAPIToken(email: "buyer@example.org", name: "t", tokenHash: partner.hash)
            struct Folder: Decodable {
                struct Role: Decodable { var unit: String; var role: String }
                struct Stage: Decodable { var stage: String; var drive: String; var worked: Bool }
                struct Lesson: Decodable { var kind: String; var id: String; var reasons: [String] }
                var decouplingPoint: String; var roles: [Role]; var valueChain: [Stage]; var events: [AnyCodable]; var reflections: [AnyCodable]
                var knowledgeItems: [AnyCodable]; var applications: [AnyCodable]; var lessons: [Lesson]
            }
            let (status, body) = try await APITokenTests.status(app, .GET, "/api/v1/orders/O-1", APITokenTests.bearer(lead.token))
            #expect(status == .ok, "\(body)")
            let f = try JSONDecoder().decode(Folder.self, from: Data(body.utf8))
            #expect(f.decouplingPoint == "design" && f.roles.map(\.role) == ["front", "back"] && f.events.count == 2 && f.reflections.count == 2)
            #expect(f.valueChain.map(\.drive) == ["customer", "customer", "customer", "customer", "customer"])
            #expect(f.valueChain.filter(\.worked).map(\.stage) == ["design", "fabricate"])
            let o2 = try JSONDecoder().decode(Folder.self, from: Data(try await APITokenTests.status(app, .GET, "/api/v1/orders/O-2", APITokenTests.bearer(lead.token)).1.utf8))
            #expect(o2.lessons.contains { $0.kind == "standard" && $0.id == "S-1" && !$0.reasons.isEmpty })
            #expect(try await APITokenTests.status(app, .GET, "/api/v1/orders/O-1", APITokenTests.bearer(partner.token)).0 == .forbidden)
            #expect(try await APITokenTests.status(app, .GET, "/api/v1/orders/O-1", [:]).0 == .unauthorized)
            let missing = try await APITokenTests.status(app, .GET, "/api/v1/orders/O-nope", APITokenTests.bearer(lead.token))
            #expect(missing.0 == .notFound && missing.1.contains("there is no order O-nope"))
        }
    }

    @Test("a reflection captured on the order page is stored with what we try and the knowledge item it opens; the page lists it", arguments: Backend.available)
    func capture(_ backend: Backend) async throws {
        try await APITokenTests.withServer(backend) { store, app, _ in
            let (lead, csrf) = try await Self.session(store, "A-lead")
            var h = lead
            h.contentType = .urlEncodedForm
            let body = Self.form([("csrf", csrf), ("mode", "inAction"), ("summary", "Bearing noise at <script>alert(1)</script> test run"),
                                  ("tryNext", "Swap to the ceramic seal"), ("units[]", "U-prod"), ("units[]", "U-eng"), ("partners[]", "C-nord"),
                                  ("logic", "developmental"), ("actionLevel", "reflection"), ("knowledgeTitle", "Bearing noise points at seals")])
            let (status, _) = try await APITokenTests.status(app, .POST, "/orders/O-2/reflections", h, body: body)
            #expect(status == .seeOther)
            let folder = try #require(try await store.orderFolder("O-2"))
            let r = try #require(folder.reflections.first)
            #expect(r.summary == "Bearing noise at <script>alert(1)</script> test run\nWe try: Swap to the ceramic seal")
            #expect(r.units == ["U-prod", "U-eng"] && r.partners == ["C-nord"] && r.mode == .inAction && r.logic == .developmental)
            #expect(folder.knowledge.map(\.title) == ["Bearing noise points at seals"] && folder.knowledge.first?.orientation == .explorative)
            #expect(folder.knowledge.first?.originUnit == "U-prod" && folder.knowledge.first?.originRole == .back)
            let page = try await APITokenTests.status(app, .GET, "/orders/O-2?recorded=\(r.id.rawValue)", lead)
            #expect(page.1.contains("Reflection \(r.id.rawValue) recorded.") && page.1.contains("Bearing noise points at seals"))
            #expect(!page.1.contains("<script>alert(1)</script>") && page.1.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(try await store.history(of: r.id.rawValue).first?.account == "lead@example.org")
            // The order's history lists the change: who, when, what.
            #expect(page.1.contains("id=\"history\"") && page.1.contains("lead@example.org") && page.1.contains("opened knowledge item"))
        }
    }

    @Test("bad input on the reflection form and API is a 400 naming the field (403 for a stale form) and writes nothing", arguments: Backend.available)
    func refusals(_ backend: Backend) async throws {
        try await APITokenTests.withServer(backend) { store, app, _ in
            let (lead, csrf) = try await Self.session(store, "A-lead")
            var h = lead
            h.contentType = .urlEncodedForm
            let version = try await store.officeVersion()
            let ok: [(String, String)] = [("csrf", csrf), ("summary", "fine"), ("units[]", "U-prod")]
            func without(_ key: String) -> [(String, String)] { ok.filter { $0.0 != key } }
            let cases: [(String, [(String, String)], String)] = [
                ("O-2", without("summary") + [("summary", "  ")], "summary"),
                ("O-2", without("summary") + [("summary", String(repeating: "x", count: 2_001))], "summary"),
                ("O-2", without("summary") + [("summary", "right\u{202E}left")], "summary"),
                ("O-2", ok + [("tryNext", String(repeating: "y", count: 2_001))], "tryNext"),
                ("O-2", without("units[]"), "units"),
                ("O-2", without("units[]") + [("units[]", "U-ghost")], "units"),
                ("O-2", ok + [("partners[]", "S-steel")], "partners"),
                ("O-2", ok + [("mode", "sideways")], "mode"),
                ("O-1", ok + [("mode", "inAction")], "mode"),
                ("O-2", ok + [("logic", "1e308")], "logic"),
                ("O-2", ok + [("knowledgeTitle", "line\u{0007}bell")], "knowledgeTitle"),
            ]
            for (order, pairs, field) in cases {
                let (status, page) = try await APITokenTests.status(app, .POST, "/orders/\(order)/reflections", h, body: Self.form(pairs))
                #expect(status == .badRequest && page.contains("\(field): "), "\(field): \(status)")
            }
            let stale = try await APITokenTests.status(app, .POST, "/orders/O-2/reflections", h, body: Self.form(without("csrf") + [("csrf", "stale")]))
            #expect(stale.0 == .forbidden)
            #expect(try await APITokenTests.status(app, .POST, "/orders/O-nope/reflections", h, body: Self.form(ok)).0 == .notFound)

            let token = APITokens.make()
            _ = try await store.createAPIToken(email: "lead@example.org", name: "t", tokenHash: token.hash)
            var api = APITokenTests.bearer(token.token)
            api.contentType = .json
            for (body, field) in [("{not json", "body"), ("{\"summary\": 3}", "body"), ("{\"summary\": \"x\", \"units\": [\"U-ghost\"]}", "units"),
                                  ("{\"summary\": \"x\", \"units\": [\"U-prod\"], \"actionLevel\": \"loud\"}", "actionLevel")] {
                let (status, answer) = try await APITokenTests.status(app, .POST, "/api/v1/orders/O-2/reflections", api, body: body)
                #expect(status == .badRequest && answer.contains("\"field\":\"\(field)\""), "\(body): \(answer)")
            }
            #expect(try await store.officeVersion() == version, "no refused request wrote anything")
            #expect(try await store.orderFolder("O-2")?.reflections.isEmpty == true)

            let (created, answer) = try await APITokenTests.status(app, .POST, "/api/v1/orders/O-2/reflections", api,
                                                                   body: "{\"summary\": \"Picked the wrong pallet\", \"units\": [\"U-prod\"]}")
            #expect(created == .created && answer.contains("\"version\":\(version + 1)"), "\(answer)")
        }
    }
}

/// Any JSON value, for fields a test only counts.
struct AnyCodable: Decodable {
    init(from decoder: any Decoder) throws {}
}
