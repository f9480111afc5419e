import AmbidexCore
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor

/// What a customer or supplier does in the office (seeds 002/003): feedback on
/// its own delivered orders, suggestions that enter the knowledge pipeline,
/// and seeing what became of them — and never a word of another partner's.
@Suite("Partners give feedback and make suggestions", .serialized)
struct PartnerWorkflowTests {
    static func withPartners(_ backend: Backend, _ body: (Store, Application, (HTTPHeaders, String), (HTTPHeaders, String), (HTTPHeaders, String)) async throws -> Void) async throws {
        try await APITokenTests.withServer(backend) { store, app, office in
            try await store.createAccount(Account(id: "A-part2", email: "steel@example.org", name: "Sid Steel", role: .partner, partner: office.partners[1].id),
                                          passwordHash: "unused")
            let nord = try await OrderPageTests.session(store, "A-part"), steel = try await OrderPageTests.session(store, "A-part2")
            let lead = try await OrderPageTests.session(store, "A-lead")
            try await body(store, app, nord, steel, lead)
        }
    }

    static func form(_ app: Application, _ path: String, _ who: (HTTPHeaders, String), _ pairs: [(String, String)], csrf: String? = nil) async throws -> (HTTPStatus, String) {
        var h = who.0
        h.contentType = .urlEncodedForm
        return try await APITokenTests.status(app, .POST, path, h, body: OrderPageTests.form([("csrf", csrf ?? who.1)] + pairs))
    }

    @Test("a partner rates its own delivered order: the score becomes the order's feedback, the words a reflection on it; bad input and others' orders change nothing",
          arguments: Backend.available)
    func feedback(_ backend: Backend) async throws {
        try await Self.withPartners(backend) { store, app, nord, steel, lead in
            let version = try await store.officeVersion()
            let refusals: [((HTTPHeaders, String), String, [(String, String)], String?, HTTPStatus)] = [
                (steel, "O-1", [("score", "2")], nil, .notFound),            // someone else's order: as if it did not exist
                (nord, "O-nope", [("score", "2")], nil, .notFound),
                (nord, "O-2", [("score", "2")], nil, .conflict),             // still open
                (nord, "O-1", [("score", "9")], nil, .badRequest),
                (nord, "O-1", [("score", "")], nil, .badRequest),
                (nord, "O-1", [("score", "3"), ("comment", String(repeating: "x", count: 2_001))], nil, .badRequest),
                (nord, "O-1", [("score", "3")], "stale", .forbidden),
                (lead, "O-1", [("score", "3")], nil, .forbidden),             // the office does not speak for its customer
            ]
            for (who, order, pairs, csrf, expected) in refusals {
                let (status, body) = try await Self.form(app, "/partner/orders/\(order)/feedback", who, pairs, csrf: csrf)
                #expect(status == expected, "\(order) \(pairs.map(\.1).joined().prefix(20)): \(body.prefix(160))")
                if expected == .badRequest { #expect(body.contains(pairs[0].1 == "3" ? "comment" : "score"), "the refusal names the field") }
            }
            #expect(try await store.officeVersion() == version, "no refusal wrote anything")

            let (status, _) = try await Self.form(app, "/partner/orders/O-1/feedback", nord, [("score", "2"), ("comment", "The flange arrived <b>scratched</b>")])
            #expect(status == .seeOther)
            let folder = try #require(try await store.orderFolder("O-1"))
            #expect(folder.order.outcome?.feedbackScore == 2)
            let words = try #require(folder.reflections.first { $0.partners == ["C-nord"] && $0.units.isEmpty })
            #expect(words.summary == "Customer feedback, 2 of 5: The flange arrived <b>scratched</b>" && words.mode == .onAction)
            #expect(try await store.history(of: "O-1").first?.account == "buyer@example.org")
            // The office reads it on the order, escaped.
            let (_, page) = try await APITokenTests.status(app, .GET, "/orders/O-1", lead.0)
            #expect(page.contains("The flange arrived &lt;b&gt;scratched&lt;/b&gt;"))
            // Through the API, as a number, with the partner's own session.
            let (s, b) = try await RetrospectiveTests.post(app, "/api/v1/partner/orders/O-3/feedback", nord, ["score": 5])
            #expect(s == .ok, "\(b)")
            #expect(try await store.orderFolder("O-3")?.order.outcome?.feedbackScore == 5)
            #expect(try await RetrospectiveTests.post(app, "/api/v1/partner/orders/O-3/feedback", steel, ["score": 1]).0 == .notFound)
        }
    }

    @Test("a suggestion enters the pipeline as knowledge acquired from the partner; the partner sees it move and the standard made from it, the other partner never sees it",
          arguments: Backend.available)
    func suggestions(_ backend: Backend) async throws {
        try await Self.withPartners(backend) { store, app, nord, steel, lead in
            let version = try await store.officeVersion()
            for (title, field) in [("", "title"), ("   ", "title"), (String(repeating: "y", count: 201), "title"), ("two\u{202E}faced", "title")] {
                let (s, b) = try await RetrospectiveTests.post(app, "/api/v1/partner/suggestions", nord, ["title": title])
                #expect(s == .badRequest && b.contains("\"field\":\"\(field)\""), "\(title.prefix(10)): \(b)")
            }
            #expect(try await RetrospectiveTests.post(app, "/api/v1/partner/suggestions", lead, ["title": "from the office"]).0 == .forbidden)
            #expect(try await store.officeVersion() == version)

            let (s, b) = try await RetrospectiveTests.post(app, "/api/v1/partner/suggestions", nord, ["title": "Send drawings for approval before cutting steel"])
            #expect(s == .created, "\(b)")
            let id = try #require(try RetrospectiveTests.json(b)["id"] as? String)
            let item = try #require(try await store.knowledgeItem(KnowledgeItemID(id)))
            #expect(item.origin == .partner("C-nord") && item.stage == .acquired && item.orientation == .explorative && item.originRole == .front)
            #expect(["U-eng", "U-sales"].contains(item.originUnit.rawValue), "held by a unit that faced the customer")
            // The office moves it on and makes a standard of it.
            try await store.advanceKnowledge(KnowledgeItemID(id), to: .assimilated, at: Date(), by: "lead@example.org")
            let standard = try Standard(id: "S-drawings", name: "Drawing approval gate", kind: .routine, scope: .init(strategies: [.eto]),
                                        provenance: [KnowledgeItemID(id)], proposedAt: Date())
            try await store.proposeStandard(standard, by: "lead@example.org")

            struct Suggestion: Decodable { struct Made: Decodable { var id: String; var status: String }; var id: String; var stage: String; var standards: [Made] }
            let mine = try JSONDecoder().decode([Suggestion].self, from: Data(try await APITokenTests.status(app, .GET, "/api/v1/partner/suggestions", nord.0).1.utf8))
            let seen = try #require(mine.first { $0.id == id })
            #expect(seen.stage == "assimilated" && seen.standards.map(\.id) == ["S-drawings"] && seen.standards.first?.status == "proposed")
            let theirs = try JSONDecoder().decode([Suggestion].self, from: Data(try await APITokenTests.status(app, .GET, "/api/v1/partner/suggestions", steel.0).1.utf8))
            #expect(!theirs.contains { $0.id == id })
            // The page: a form, the suggestion and its stages; the other partner's page has none of it.
            let (_, page) = try await APITokenTests.status(app, .GET, "/partner", nord.0)
            #expect(page.contains("Send drawings for approval before cutting steel") && page.contains("Drawing approval gate (proposed)") && page.contains("action=\"/partner/suggestions\""))
            let (_, other) = try await APITokenTests.status(app, .GET, "/partner", steel.0)
            #expect(!other.contains("Send drawings for approval") && !other.contains("Drawing approval gate"))
            // A form post lands back on the page with a thank-you.
            let (fs, _) = try await Self.form(app, "/partner/suggestions", steel, [("title", "Order steel in standard lengths")])
            #expect(fs == .seeOther)
            let (_, after) = try await APITokenTests.status(app, .GET, "/partner?done=suggestion", steel.0)
            #expect(after.contains("Order steel in standard lengths") && after.contains("your suggestion is in the office"))
        }
    }

    @Test("a lead starts the three-step programme for a partner network: three activities four weeks apart join the schedule and the partners' pages; bad input changes nothing",
          arguments: Backend.available)
    func programme(_ backend: Backend) async throws {
        try await Self.withPartners(backend) { store, app, nord, steel, lead in
            let version = try await store.officeVersion()
            let asOf = try #require(try await store.latestSnapshot()).asOf
            let start = asOf.adding(days: 3).isoDay
            let good: [(String, String)] = [("network", "Nordic pump partners"), ("partners[]", "C-nord"), ("partners[]", "S-steel"),
                                            ("units[]", "U-sales"), ("units[]", "U-eng"), ("start", start)]
            let refusals: [([(String, String)], String)] = [
                (good.filter { $0.0 != "network" }, "network"),
                (good.filter { $0.0 != "partners[]" }, "partners"),
                (good.map { $0.0 == "partners[]" && $0.1 == "S-steel" ? ("partners[]", "S-nope") : $0 }, "partners"),
                (good.filter { $0.0 != "units[]" }, "units"),
                (good.map { $0.0 == "start" ? ("start", "2020-02-30") : $0 }, "start"),
                (good.map { $0.0 == "start" ? ("start", "1999-01-01") : $0 }, "start"),
            ]
            for (pairs, field) in refusals {
                let (status, body) = try await Self.form(app, "/schedule/programme", lead, pairs)
                #expect(status == .badRequest && body.contains("\(field):"), "\(field): \(body.prefix(200))")
            }
            #expect(try await Self.form(app, "/schedule/programme", lead, good, csrf: "stale").0 == .forbidden)
            _ = try await Self.form(app, "/schedule/programme", nord, good)  // a partner is sent to its own page; the version below shows nothing was written
            #expect(try await store.officeVersion() == version, "no refusal wrote anything")

            let (status, body) = try await RetrospectiveTests.post(app, "/api/v1/programmes", lead, [
                "network": "Nordic pump partners", "partners": ["C-nord", "S-steel"], "units": ["U-sales", "U-eng"], "start": start])
            #expect(status == .created, "\(body)")
            let made = try #require(try RetrospectiveTests.json(body)["activities"] as? [[String: Any]])
            #expect(made.map { $0["kind"] as? String } == ["crossUnitWorkshop", "processModellingWorkshop", "customerCoDesignSession"])
            let ids = made.compactMap { $0["id"] as? String }
            #expect(ids.count == 3 && ids.allSatisfy { $0.hasPrefix("A-programme-") })

            // In the schedule (once the figures caught up), as planned activities people act on.
            let refresher = try #require(app.storage[RefresherKey.self])
            try await refresher.settle()
            let (_, schedule) = try await APITokenTests.status(app, .GET, "/api/v1/schedule?days=120", lead.0)
            for id in ids { #expect(schedule.contains(id), "\(id) is scheduled") }
            #expect(schedule.contains("Nordic pump partners, step 2 of 3"))
            // The first step is within a partner's 30 days: both partners are invited, each sees it.
            for who in [nord, steel] {
                let (_, page) = try await APITokenTests.status(app, .GET, "/partner", who.0)
                #expect(page.contains("Nordic pump partners, step 1 of 3"))
            }
            let (held, answer) = try await RetrospectiveTests.post(app, "/api/v1/schedule/\(ids[0])/hold", lead, ["note": "Both sides presented their catalogues"])
            #expect(held == .ok, "\(answer)")
            #expect(try await store.recordedActivities([LearningActivityID(ids[0])]).first?.status == .held)
        }
    }
}
