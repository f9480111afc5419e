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
                (good + [("weeksApart", "0")], "weeksApart"),
                (good + [("weeksApart", "14")], "weeksApart"),
                (good + [("weeksApart", "two")], "weeksApart"),
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

    @Test("steps as many weeks apart as the lead says; partners answer their invitations (comes or not, with a note), the office reads the answers beside the activity; nobody answers for another",
          arguments: Backend.available)
    func invitations(_ backend: Backend) async throws {
        try await Self.withPartners(backend) { store, app, nord, steel, lead in
            let asOf = try #require(try await store.latestSnapshot()).asOf
            let start = asOf.adding(days: 3).isoDay
            var (status, body) = try await RetrospectiveTests.post(app, "/api/v1/programmes", lead, [
                "network": "Nordic pump partners", "partners": ["C-nord", "S-steel"], "units": ["U-sales", "U-eng"], "start": start, "weeksApart": 2])
            #expect(status == .created, "\(body)")
            let made = try #require(try RetrospectiveTests.json(body)["activities"] as? [[String: Any]])
            let dates = made.compactMap { ($0["date"] as? String).flatMap { try? Date($0, strategy: .iso8601) } }
            #expect(dates.count == 3 && zip(dates, dates.dropFirst()).allSatisfy { abs($1.timeIntervalSince($0) - 14 * 86_400) <= 2 * 86_400 },
                    "two weeks apart (a weekend moves a step to Monday): \(dates)")
            let step1 = try #require(made.first?["id"] as? String), step2 = try #require(made[1]["id"] as? String)
            let (half, halfBody) = try await RetrospectiveTests.post(app, "/api/v1/programmes", lead, [
                "network": "Nordic pump partners", "partners": ["C-nord"], "units": ["U-sales"], "start": start, "weeksApart": 2.5])
            #expect(half == .badRequest && halfBody.contains("\"field\":\"weeksApart\""), "\(halfBody)")
            // A session only Stålverk is invited to.
            (status, body) = try await RetrospectiveTests.post(app, "/api/v1/programmes", lead, [
                "network": "Steel suppliers", "partners": ["S-steel"], "units": ["U-prod"], "start": start])
            let steelOnly = try #require((try RetrospectiveTests.json(body)["activities"] as? [[String: Any]])?.first?["id"] as? String)
            try await #require(app.storage[RefresherKey.self]).settle()

            // What each partner is invited to, with no answer yet; 60 days reach the second step.
            let (ls, list) = try await APITokenTests.status(app, .GET, "/api/v1/partner/activities?days=60", nord.0)
            #expect(ls == .ok && list.contains(step1) && list.contains(step2) && !list.contains(steelOnly) && !list.contains("\"answer\""), "\(list.prefix(400))")
            #expect(try await APITokenTests.status(app, .GET, "/api/v1/partner/activities?days=0", nord.0).0 == .badRequest)

            let version = try await store.officeVersion()
            let refusals: [((HTTPHeaders, String), String, [(String, String)], String?, HTTPStatus, String?)] = [
                (nord, steelOnly, [("answer", "accepted")], nil, .notFound, nil),          // not invited: as if it did not exist
                (nord, "A-nope", [("answer", "accepted")], nil, .notFound, nil),
                (nord, String(repeating: "A", count: 300), [("answer", "accepted")], nil, .notFound, nil),
                (nord, step1, [("answer", "maybe")], nil, .badRequest, "answer"),
                (nord, step1, [], nil, .badRequest, "answer"),
                (nord, step1, [("answer", "accepted"), ("note", String(repeating: "n", count: 501))], nil, .badRequest, "note"),
                (nord, step1, [("answer", "accepted"), ("note", "two\u{202E}faced")], nil, .badRequest, "note"),
                (nord, step1, [("answer", "accepted")], "stale", .forbidden, nil),
                (lead, step1, [("answer", "accepted")], nil, .forbidden, nil),              // the office does not answer for its partners
            ]
            for (who, activity, pairs, csrf, expected, field) in refusals {
                let (s, b) = try await Self.form(app, "/partner/activities/\(activity)/answer", who, pairs, csrf: csrf)
                #expect(s == expected, "\(activity.prefix(30)) \(pairs): \(b.prefix(200))")
                if let field { #expect(b.contains("\(field):"), "the refusal names \(field)") }
            }
            #expect(try await store.officeVersion() == version, "no refusal wrote anything")

            // Nordwerk comes (from its page), Stålverk does not (through the API), then Nordwerk changes its note.
            (status, _) = try await Self.form(app, "/partner/activities/\(step1)/answer", nord, [("answer", "accepted"), ("note", "We bring our <b>drawings</b>")])
            #expect(status == .seeOther)
            // Partners' words stay text on both sides.
            for (who, path) in [(nord, "/partner"), (lead, "/schedule?days=60")] {
                let (_, page) = try await APITokenTests.status(app, .GET, path, who.0)
                #expect(page.contains("We bring our &lt;b&gt;drawings&lt;/b&gt;") && !page.contains("<b>drawings"), "\(path)")
            }
            (status, body) = try await RetrospectiveTests.post(app, "/api/v1/partner/activities/\(step1)/answer", steel, ["answer": "declined", "note": "Plant shutdown that week"])
            #expect(status == .ok && body.contains("Stålverk declines"), "\(body)")
            (status, _) = try await RetrospectiveTests.post(app, "/api/v1/partner/activities/\(step1)/answer", nord, ["answer": "accepted", "note": "Two engineers come"])
            #expect(status == .ok)

            struct Answer: Decodable { var partner: String; var name: String; var answer: String?; var note: String? }
            let (as_, ab) = try await APITokenTests.status(app, .GET, "/api/v1/schedule/\(step1)/answers", lead.0)
            let answers = try JSONDecoder().decode([Answer].self, from: Data(ab.utf8))
            #expect(as_ == .ok && answers.map(\.partner) == ["C-nord", "S-steel"])
            #expect(answers[0].answer == "accepted" && answers[0].note == "Two engineers come", "the latest answer counts")
            #expect(answers[1].answer == "declined" && answers[1].note == "Plant shutdown that week")
            let (_, none) = try await APITokenTests.status(app, .GET, "/api/v1/schedule/\(step2)/answers", lead.0)
            #expect(try JSONDecoder().decode([Answer].self, from: Data(none.utf8)).allSatisfy { $0.answer == nil })
            #expect(try await APITokenTests.status(app, .GET, "/api/v1/schedule/A-nope/answers", lead.0).0 == .notFound)
            #expect(try await APITokenTests.status(app, .GET, "/api/v1/schedule/\(step1)/answers", nord.0).0 == .forbidden)
            // Each answer is in the activity's history, with who gave it.
            let history = try await store.history(of: step1)
            #expect(history.filter { $0.kind == "activity.answer" }.count == 3 && history.first?.account == "buyer@example.org")

            // The schedule shows who comes; each partner's page shows its own answer and never the other's.
            let (_, schedule) = try await APITokenTests.status(app, .GET, "/schedule?days=60", lead.0)
            #expect(schedule.contains("Nordwerk AB comes: Two engineers come") && schedule.contains("Stålverk does not come: Plant shutdown that week"))
            let (_, nordPage) = try await APITokenTests.status(app, .GET, "/partner", nord.0)
            #expect(nordPage.contains("You come: Two engineers come") && !nordPage.contains("Plant shutdown"))
            #expect(nordPage.contains("action=\"/partner/activities/\(step1)/answer\""))
            let (_, steelPage) = try await APITokenTests.status(app, .GET, "/partner", steel.0)
            #expect(steelPage.contains("You do not come: Plant shutdown that week") && !steelPage.contains("Two engineers"))
            // The lead's preview of a partner's page shows the answer without a form.
            let (_, preview) = try await APITokenTests.status(app, .GET, "/partners/C-nord", lead.0)
            #expect(preview.contains("You come: Two engineers come") && !preview.contains("/partner/activities/"))

            // A step already past takes no more answers.
            let past = try PartnerProgramme.activities(network: "Last year's partners", partners: ["C-nord"], units: ["U-sales"],
                                                       start: asOf.adding(days: -20), key: "past")
            try await store.planProgramme([past[0]], network: "Last year's partners")
            (status, body) = try await RetrospectiveTests.post(app, "/api/v1/partner/activities/\(past[0].id)/answer", nord, ["answer": "accepted"])
            #expect(status == .conflict && body.contains("takes no more answers"), "\(body)")
            // Once held, the activity takes no more answers.
            (status, _) = try await RetrospectiveTests.post(app, "/api/v1/schedule/\(step1)/hold", lead, ["note": "Both sides presented"])
            #expect(status == .ok)
            (status, body) = try await RetrospectiveTests.post(app, "/api/v1/partner/activities/\(step1)/answer", steel, ["answer": "accepted"])
            #expect(status == .conflict && body.contains("held already"), "\(body)")
        }
    }

    @Test("an answer stays with a session the policy moves to another day, and says for which day it was given; a shared check names no other customer",
          arguments: Backend.available)
    func answersFollowTheSession(_ backend: Backend) async throws {
        try await Self.withPartners(backend) { store, app, nord, steel, lead in
            let refresher = try #require(app.storage[RefresherKey.self])
            let asOf = try #require(try await store.latestSnapshot()).asOf
            let day1 = asOf.adding(days: 1)
            // A new ETO order for Nordwerk: the policy proposes its kick-off on the current day, with the customer.
            let eto = try Order(id: "O-eto2", customer: "C-nord", offering: "Custom pump line II", strategy: .eto, decouplingPoint: .stage(.design),
                                customization: ["flow": "60 m³/h"], priority: .urgent, received: day1, due: day1.adding(days: 40))
            try await store.addOrder(eto, events: [OrderEvent(order: "O-eto2", activity: "clarify requirements", stage: .design, unit: "U-eng",
                                                              resource: "Eva", timestamp: day1, customerContact: true)])
            // Two CTO orders configured the same days, one each for Nordwerk and Stålverk: one configuration check over both.
            for (id, customer) in [("O-cto-n", "C-nord"), ("O-cto-s", "S-steel")] {
                try await store.addOrder(try Order(id: OrderID(id), customer: PartnerID(customer), offering: "Configured pump", strategy: .cto,
                                                   decouplingPoint: .stage(.assemble), customization: ["colour": "blue"], priority: .normal,
                                                   received: day1, due: day1.adding(days: 20)))
            }
            try await refresher.settle()

            struct Invitation: Decodable { var id: String; var kind: String; var date: Date; var reason: String; var orders: [String]
                                           var answer: String?; var answeredFor: Date? }
            func invitations(_ who: (HTTPHeaders, String)) async throws -> [Invitation] {
                let (s, b) = try await APITokenTests.status(app, .GET, "/api/v1/partner/activities", who.0)
                #expect(s == .ok, "\(b)")
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                return try decoder.decode([Invitation].self, from: Data(b.utf8))
            }
            let kickOff = try #require(try await invitations(nord).first { $0.kind == "orderKickOff" && $0.orders == ["O-eto2"] })
            var (status, body) = try await RetrospectiveTests.post(app, "/api/v1/partner/activities/\(kickOff.id)/answer", nord, ["answer": "accepted"])
            #expect(status == .ok, "\(body)")

            // The shared check: each customer reads its own order, and no word of the other's.
            for (who, mine, theirs, name) in [(nord, "O-cto-n", "O-cto-s", "Stålverk"), (steel, "O-cto-s", "O-cto-n", "Nordwerk")] {
                let check = try #require(try await invitations(who).first { $0.kind == "orderKickOff" && $0.orders.contains(mine) })
                #expect(check.orders == [mine] && !check.reason.contains(theirs) && !check.reason.contains(name) && check.reason.contains(mine), "\(check.reason)")
                let (_, page) = try await APITokenTests.status(app, .GET, "/partner", who.0)
                #expect(!page.contains(theirs) && !page.contains(name), "\(mine)'s page names the other customer")
            }
            let (_, schedule) = try await APITokenTests.status(app, .GET, "/api/v1/schedule?days=30", lead.0)
            #expect(schedule.contains("Stålverk") && schedule.contains("Nordwerk AB"), "the office reads the full reason")

            // A day later the kick-off is still due and the policy proposes it on the new day, under a new id: the answer stays with it.
            try await store.appendEvents([OrderEvent(order: "O-eto2", activity: "first sketch", stage: .design, unit: "U-eng", resource: "Eva",
                                                     timestamp: day1.adding(days: 1), customerContact: false)], to: "O-eto2")
            try await refresher.settle()
            let moved = try #require(try await invitations(nord).first { $0.kind == "orderKickOff" && $0.orders == ["O-eto2"] })
            #expect(moved.id != kickOff.id && moved.answer == "accepted" && moved.answeredFor?.isoDay == kickOff.date.isoDay, "\(moved)")
            let (_, page) = try await APITokenTests.status(app, .GET, "/partner", nord.0)
            #expect(page.contains("You come (answered for \(kickOff.date.isoDay))"))
            (status, body) = try await APITokenTests.status(app, .GET, "/api/v1/schedule/\(moved.id)/answers", lead.0)
            #expect(status == .ok && body.contains("\"answer\":\"accepted\""), "\(body)")
        }
    }
}
