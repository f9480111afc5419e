import AmbidexCore
import AmbidexDemo
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// A retrospective run over HTTP by two people at once: the facilitated flow,
/// anonymity, the vote budgets, action items with their figure, the review at
/// the next retrospective of the same scope, the exports, and every refusal.
@Suite("Retrospectives", .serialized)
struct RetrospectiveTests {
    static func json(_ body: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "not a JSON object: \(body.prefix(300))")
    }

    /// Posts JSON as `who` (a session's cookie and CSRF token) and returns status and body.
    static func post(_ app: Application, _ path: String, _ who: (HTTPHeaders, String), _ body: [String: Any]) async throws -> (HTTPStatus, String) {
        var headers = who.0
        headers.add(name: "X-CSRF-Token", value: who.1)
        headers.contentType = .json
        let data = try JSONSerialization.data(withJSONObject: body)
        return try await APITokenTests.status(app, .POST, path, headers, body: String(decoding: data, as: UTF8.self))
    }

    static func withTwo(_ backend: Backend, _ body: (Store, Application, (HTTPHeaders, String), (HTTPHeaders, String)) async throws -> Void) async throws {
        try await APITokenTests.withServer(backend) { store, app, _ in
            try await store.createAccount(Account(id: "A-mem", email: "mia@example.org", name: "Mia Member", role: .member), passwordHash: "unused")
            let lead = try await OrderPageTests.session(store, "A-lead")
            let member = try await OrderPageTests.session(store, "A-mem")
            try await body(store, app, lead, member)
        }
    }

    @Test("two people run reflect → group → vote → root causes → decide to action items; anonymity holds until revealed", arguments: Backend.available)
    func facilitatedFlow(_ backend: Backend) async throws {
        try await Self.withTwo(backend) { store, app, lead, member in
            let (created, startBody) = try await Self.post(app, "/api/v1/retrospectives", lead, ["title": "Pump orders", "strategy": ""])
            #expect(created == .created, "\(startBody)")
            let start = try Self.json(startBody)
            let id = try #require(start["id"] as? String)
            #expect(start["template"] as? String == "general")
            let evidence = try #require(start["evidence"] as? [String: Any])
            #expect(evidence["closed"] as? Int == 2, "both closed orders of the small office are in scope")
            let base = "/api/v1/retrospectives/\(id)"

            // Reflect: each writes; neither reads the other's card yet, and nobody sees authors.
            var (s, b) = try await Self.post(app, "\(base)/cards", lead, ["prompt": "badly", "text": "Seal arrived late"])
            #expect(s == .ok, "\(b)")
            (s, b) = try await Self.post(app, "\(base)/cards", member, ["prompt": "badly", "text": "Supplier seal delay again"])
            #expect(s == .ok, "\(b)")
            (s, b) = try await Self.post(app, "\(base)/cards", member, ["prompt": "well", "text": "Design review caught the flow error"])
            #expect(s == .ok)
            var view = try Self.json(b)
            #expect((view["cards"] as? [[String: Any]])?.count == 2 && view["hiddenCards"] as? Int == 1, "the member sees only her own cards while people write")
            let (_, pageHTML) = try await APITokenTests.status(app, .GET, "/retrospectives/\(id)", member.0)
            #expect(!pageHTML.contains("Seal arrived late") && pageHTML.contains("1 card by others"))

            // Only the facilitator (or a lead) moves the phase.
            (s, _) = try await Self.post(app, "\(base)/advance", member, [:])
            #expect(s == .forbidden)
            #expect(try await APITokenTests.status(app, .GET, "/retrospectives/\(id)", lead.0).0 == .ok)
            (s, b) = try await Self.post(app, "\(base)/advance", lead, ["minutes": 7])
            #expect(s == .ok, "\(b)")
            view = try Self.json(b)
            #expect(view["phase"] as? String == "group" && view["phaseMinutes"] as? Int == 7)
            let cards = try #require(view["cards"] as? [[String: Any]])
            #expect(cards.count == 3, "every card is readable once grouping starts")
            #expect(cards.filter { $0["author"] is String }.count == 1, "the lead sees only her own card's author before the reveal")
            let leadCard = try #require(cards.first { $0["text"] as? String == "Seal arrived late" }?["id"] as? String)
            let memberCard = try #require(cards.first { $0["text"] as? String == "Supplier seal delay again" }?["id"] as? String)
            let otherCard = try #require(cards.first { $0["text"] as? String == "Design review caught the flow error" }?["id"] as? String)

            // Group: the member stacks her card on the lead's; it becomes part of that topic.
            (s, b) = try await Self.post(app, "\(base)/stack", member, ["card": memberCard, "onto": leadCard])
            #expect(s == .ok, "\(b)")
            view = try Self.json(b)
            let topics = try #require(view["topics"] as? [[String: Any]])
            #expect(topics.count == 2 && topics.contains { ($0["stacked"] as? [String]) == [memberCard] })

            // Vote: three votes each; a fourth is refused naming the field.
            (s, _) = try await Self.post(app, "\(base)/advance", lead, [:])
            for who in [lead, member] {
                (s, b) = try await Self.post(app, "\(base)/vote", who, ["target": leadCard])
                #expect(s == .ok, "\(b)")
            }
            (s, b) = try await Self.post(app, "\(base)/vote", member, ["target": leadCard])
            #expect(s == .badRequest && b.contains("\"field\":\"target\""), "one vote per topic and person: \(b)")
            (s, b) = try await Self.post(app, "\(base)/vote", member, ["target": memberCard])
            #expect(s == .notFound, "a stacked card is no topic: \(b)")
            (s, b) = try await Self.post(app, "\(base)/vote", member, ["target": otherCard])
            #expect(s == .ok)
            (s, b) = try await Self.post(app, "\(base)/unvote", member, ["target": otherCard])
            let left = try Self.json(b)["votesLeft"] as? Int
            #expect(s == .ok && left == 2)

            // Root causes: factors of the most-voted topic, voted on.
            (s, _) = try await Self.post(app, "\(base)/advance", lead, [:])
            (s, b) = try await Self.post(app, "\(base)/cards", member, ["kind": "factor", "parent": leadCard, "text": "Single source for ceramic seals"])
            #expect(s == .ok, "\(b)")
            (s, b) = try await Self.post(app, "\(base)/cards", member, ["kind": "factor", "parent": otherCard, "text": "not a cause topic"])
            #expect(s == .badRequest && b.contains("\"field\":\"parent\""), "\(b)")
            let factor = try #require((try Self.json(try await APITokenTests.status(app, .GET, base, member.0).1)["cards"] as? [[String: Any]])?
                .first { $0["kind"] as? String == "factor" }?["id"] as? String)
            (s, _) = try await Self.post(app, "\(base)/vote", lead, ["target": factor])
            #expect(s == .ok)

            // Decide: an action item with the figure it should move, opening a knowledge item.
            (s, _) = try await Self.post(app, "\(base)/advance", lead, [:])
            (s, b) = try await Self.post(app, "\(base)/actions", member, ["title": "Qualify a second seal supplier", "owner": "U-eng", "due": "2030-01-31",
                                                                          "figure": "onTime", "knowledgeTitle": "Second source for ceramic seals"])
            #expect(s == .ok, "\(b)")
            view = try Self.json(b)
            let action = try #require((view["actions"] as? [[String: Any]])?.first)
            #expect(action["baseline"] as? Double == 1.0, "both scope orders were on time")
            let knowledgeID = try #require(action["knowledgeItem"] as? String)
            #expect(try await store.orderFolder("O-1")?.knowledge.contains { $0.id.rawValue == knowledgeID } == true,
                    "the knowledge item names the scope's orders as its origin")
            #expect(try await store.history(of: action["id"] as! String).first?.account == "mia@example.org")

            // Reveal and close; then the next retrospective of the same scope reviews the open item first.
            (s, _) = try await Self.post(app, "\(base)/reveal", member, [:])
            #expect(s == .forbidden)
            (s, b) = try await Self.post(app, "\(base)/reveal", lead, [:])
            #expect(s == .ok)
            #expect((try Self.json(b)["cards"] as? [[String: Any]])?.allSatisfy { $0["author"] is String } == true)
            (s, b) = try await Self.post(app, "\(base)/advance", lead, [:])
            #expect(try Self.json(b)["phase"] as? String == "closed")
            (s, b) = try await Self.post(app, "\(base)/advance", lead, [:])
            #expect(s == .conflict, "a closed retrospective has no next phase: \(b)")
            for who in [lead, member] {
                let (ps, pb) = try await APITokenTests.status(app, .GET, "/retrospectives/\(id)", who.0)
                #expect(ps == .ok && pb.contains("Qualify a second seal supplier"), "the closed board renders for everyone")
            }

            let (_, nextBody) = try await Self.post(app, "/api/v1/retrospectives", member, ["title": "Pump orders, next month"])
            let next = try Self.json(nextBody)
            #expect(next["previous"] as? String == id)
            let review = try #require(next["review"] as? [[String: Any]])
            #expect(review.count == 1 && (review[0]["action"] as? [String: Any])?["status"] as? String == "open" && review[0]["after"] as? Double == 1.0)
            let nextID = try #require(next["id"] as? String)
            (s, b) = try await Self.post(app, "/api/v1/retrospectives/\(nextID)/finish", member, ["action": action["id"] as! String, "status": "done"])
            #expect(s == .ok, "\(b)")
            #expect(((try Self.json(b)["review"] as? [[String: Any]])?.first?["action"] as? [String: Any])?["status"] as? String == "done")

            // Exports: CSV and the printable page.
            let (csvStatus, csv) = try await APITokenTests.status(app, .GET, "/retrospectives/\(id)/summary.csv", lead.0)
            #expect(csvStatus == .ok && csv.hasPrefix("section,id,prompt") && csv.contains("Qualify a second seal supplier") && csv.contains("mia@example.org"))
            let (printStatus, printable) = try await APITokenTests.status(app, .GET, "/retrospectives/\(id)/summary", lead.0)
            #expect(printStatus == .ok && printable.contains("Single source for ceramic seals"))
        }
    }

    @Test("forms work without script: a card posted as a form lands on the board; the list links it", arguments: Backend.available)
    func forms(_ backend: Backend) async throws {
        try await Self.withTwo(backend) { store, app, lead, _ in
            var headers = lead.0
            headers.contentType = .urlEncodedForm
            let (s, _) = try await APITokenTests.status(app, .POST, "/retrospectives", headers,
                                                        body: OrderPageTests.form([("csrf", lead.1), ("title", "ETO look-back"), ("strategy", "eto"), ("from", "2000-01-01"), ("to", "2100-01-01")]))
            #expect(s == .seeOther)
            let list = try await store.retrospectives()
            let r = try #require(list.first?.retrospective)
            #expect(r.template == .afterActionReview && r.scope.strategy == .eto)
            let (s2, _) = try await APITokenTests.status(app, .POST, "/retrospectives/\(r.id)/cards", headers,
                                                         body: OrderPageTests.form([("csrf", lead.1), ("prompt", "happened"), ("text", "<script>alert(1)</script>")]))
            #expect(s2 == .seeOther)
            let (_, page) = try await APITokenTests.status(app, .GET, "/retrospectives/\(r.id)", lead.0)
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>alert(1)"))
            #expect(page.contains("What actually happened?") && page.contains("/assets/board.js"))
            let (_, listPage) = try await APITokenTests.status(app, .GET, "/retrospectives", lead.0)
            #expect(listPage.contains("ETO look-back") && listPage.contains("/retrospectives/\(r.id)"))
            let (js, script) = try await APITokenTests.status(app, .GET, "/assets/board.js", [:])
            #expect(js == .ok && script.contains("data-board-version"))
        }
    }

    @Test("a scheduled after-action review or retrospective starts a board over exactly its orders")
    func fromSchedule() async throws {
        try await APITokenTests.withServer(.sqlite, office: DemoCompany.generate(orders: 400)) { store, app, _ in
            let lead = try await OrderPageTests.session(store, "A-lead")
            let (_, body) = try await APITokenTests.status(app, .GET, "/api/v1/schedule?days=60", lead.0)
            let activities = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]])
            let picked = try #require(activities.first { ["afterActionReview", "crossOrderRetrospective"].contains($0["kind"] as? String) && $0["status"] as? String == "scheduled" && !(($0["orders"] as? [String]) ?? []).isEmpty },
                                      "the demo's schedule has an on-action activity over orders")
            let id = try #require(picked["id"] as? String), orders = try #require(picked["orders"] as? [String])
            let (_, schedulePage) = try await APITokenTests.status(app, .GET, "/schedule?days=60", lead.0)
            #expect(schedulePage.contains("/retrospectives?activity=\(id)"), "the schedule offers to run it as a retrospective")
            let (s, form) = try await APITokenTests.status(app, .GET, "/retrospectives?activity=\(id)", lead.0)
            #expect(s == .ok && form.components(separatedBy: "name=\"orders[]\"").count - 1 == orders.count)
            var pairs = [("csrf", lead.1), ("title", "From the schedule"), ("activity", id)]
            pairs += orders.map { ("orders[]", $0) }
            var headers = lead.0
            headers.contentType = .urlEncodedForm
            let (posted, _) = try await APITokenTests.status(app, .POST, "/retrospectives", headers, body: OrderPageTests.form(pairs))
            #expect(posted == .seeOther)
            let r = try #require(try await store.retrospectives().first?.retrospective)
            #expect(r.activity?.rawValue == id && Set(r.scope.orders.map(\.rawValue)) == Set(orders))
            let page = try #require(try await store.retrospectivePage(r.id))
            #expect(Set(page.orders.map(\.id.rawValue)) == Set(orders) && page.scopeTotal == orders.count)
            let (missing, _) = try await APITokenTests.status(app, .GET, "/retrospectives?activity=LA-none", lead.0)
            #expect(missing == .notFound)
        }
    }

    @Test("every refusal names its field or says why, and changes nothing on the board", arguments: Backend.available)
    func refusals(_ backend: Backend) async throws {
        try await Self.withTwo(backend) { store, app, lead, member in
            let (_, startBody) = try await Self.post(app, "/api/v1/retrospectives", lead, ["title": "Refusals"])
            let id = try #require(try Self.json(startBody)["id"] as? String)
            let base = "/api/v1/retrospectives/\(id)"
            let before = try #require(try await store.retrospectiveVersion(RetrospectiveID(id)))
            let cases: [(String, [String: Any], HTTPStatus, String?)] = [
                ("cards", ["prompt": "nope", "text": "x"], .badRequest, "prompt"),
                ("cards", ["prompt": "well", "text": "  "], .badRequest, "text"),
                ("cards", ["prompt": "well", "text": String(repeating: "x", count: 1_001)], .badRequest, "text"),
                ("cards", ["prompt": "well", "text": "bidi \u{202E}txt"], .badRequest, "text"),
                ("cards", ["prompt": "well", "kind": "essay", "text": "x"], .badRequest, "kind"),
                ("cards", ["prompt": "well", "text": 12], .badRequest, "body"),
                ("stack", ["card": "C-none"], .conflict, nil),
                ("vote", ["target": "C-none"], .conflict, nil),
                ("advance", ["minutes": 999], .badRequest, "minutes"),
                ("actions", ["title": "too early", "owner": "U-eng", "due": "2030-01-01", "figure": "onTime"], .conflict, nil),
                ("remove", ["card": "C-none"], .notFound, nil),
                ("finish", ["action": "A-none", "status": "done"], .notFound, nil),
            ]
            for (action, body, status, field) in cases {
                let (s, b) = try await Self.post(app, "\(base)/\(action)", member, body)
                #expect(s == status, "\(action) \(body): \(b)")
                if let field { #expect(b.contains("\"field\":\"\(field)\""), "\(action): \(b)") }
            }
            #expect(try await store.retrospectiveVersion(RetrospectiveID(id)) == before, "no refused change touched the board")
            #expect(try await store.retrospectiveBoard(RetrospectiveID(id))?.cards.isEmpty == true)

            // Unknown retrospective, stale CSRF, a partner, nobody.
            var (s, _) = try await Self.post(app, "/api/v1/retrospectives/RT-none/cards", member, ["prompt": "well", "text": "x"])
            #expect(s == .notFound)
            (s, _) = try await Self.post(app, "\(base)/cards", (member.0, "stale"), ["prompt": "well", "text": "x"])
            #expect(s == .forbidden)
            let partner = try await OrderPageTests.session(store, "A-part")
            (s, _) = try await APITokenTests.status(app, .GET, base, partner.0)
            #expect(s == .forbidden)
            (s, _) = try await APITokenTests.status(app, .GET, base, [:])
            #expect(s == .unauthorized)
            (s, _) = try await Self.post(app, "/api/v1/retrospectives", lead, ["title": "x", "unit": "U-ghost"])
            #expect(s == .badRequest)
            (s, _) = try await Self.post(app, "/api/v1/retrospectives", lead, ["title": "x", "from": "2020-02-30"])
            #expect(s == .badRequest)
            (s, _) = try await Self.post(app, "/api/v1/retrospectives", lead, ["title": ""])
            #expect(s == .badRequest)
            #expect(try await store.retrospectives().count == 1)
        }
    }
}
