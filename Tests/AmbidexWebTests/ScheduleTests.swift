import AmbidexCore
import AmbidexDemo
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// The schedule people act on: the page and its calendar views, holding,
/// skipping and moving an activity (shown at once, refused with the field
/// named), the JSON under /api/v1, and a personal iCalendar feed.
@Suite("The schedule", .serialized)
struct ScheduleTests {
    struct Activity: Decodable { var id: String; var kind: String; var status: String; var date: String; var units: [String]; var note: String? }

    /// A 600-order demo company with a lead and a partner, served.
    static func withDemo(_ backend: Backend, _ body: (Store, Application, LearningOffice) async throws -> Void) async throws {
        try await APITokenTests.withServer(backend, office: DemoCompany.generate(orders: 600), body)
    }

    static func schedule(_ app: Application, _ h: HTTPHeaders, _ query: String = "days=14") async throws -> [Activity] {
        let (status, body) = try await APITokenTests.status(app, .GET, "/api/v1/schedule?\(query)", h)
        #expect(status == .ok, "\(body)")
        return try JSONDecoder().decode([Activity].self, from: Data(body.utf8))
    }

    @Test("the page lists the activities by day with their reasons and load, filters by unit and strategy, and shows a week or month calendar")
    func page() async throws {
        try await Self.withDemo(.sqlite) { store, app, office in
            let (lead, _) = try await OrderPageTests.session(store, "A-lead")
            let (status, body) = try await APITokenTests.status(app, .GET, "/schedule", lead)
            #expect(status == .ok && body.contains("id=\"activities\"") && body.contains("Invitations a day") && body.contains("action=\"/schedule/"))
            let all = try await Self.schedule(app, lead)
            #expect(!all.isEmpty)
            let unit = office.units[0].id.rawValue
            let mine = try await Self.schedule(app, lead, "days=14&unit=\(unit)")
            #expect(!mine.isEmpty && mine.count < all.count && mine.allSatisfy { $0.units.contains(unit) })
            let eto = try await APITokenTests.status(app, .GET, "/api/v1/schedule?strategy=eto", lead)
            #expect(eto.0 == .ok && !eto.1.contains("\"strategy\":\"mts\""))
            let week = try await APITokenTests.status(app, .GET, "/schedule?view=week", lead)
            #expect(week.0 == .ok && week.1.contains("id=\"calendar\"") && week.1.components(separatedBy: "<td>").count - 1 == 7)
            let month = try await APITokenTests.status(app, .GET, "/schedule?view=month&start=2025-12-15", lead)
            #expect(month.0 == .ok && month.1.contains("2025-12-01") && month.1.components(separatedBy: "<td>").count - 1 == 42)
            for (query, field) in [("days=0", "days"), ("days=abc", "query"), ("view=year", "view"), ("unit=U-ghost", "unit"), ("strategy=xyz", "strategy"),
                                   ("start=2024-13-01", "start")] {
                let (code, answer) = try await APITokenTests.status(app, .GET, "/api/v1/schedule?\(query)", lead)
                #expect(code == .badRequest && (answer.contains("\"field\":\"\(field)\"") || field == "query"), "\(query): \(answer)")
            }
            let (partner, _) = try await OrderPageTests.session(store, "A-part")
            #expect(try await APITokenTests.status(app, .GET, "/schedule", partner).0 != .ok)
            #expect(try await APITokenTests.status(app, .GET, "/api/v1/schedule", partner).0 == .forbidden)
        }
    }

    @Test("holding, skipping and moving an activity show on the next page at once; refusals name the field and write nothing", arguments: Backend.available)
    func actions(_ backend: Backend) async throws {
        try await Self.withDemo(backend) { store, app, office in
            let (lead, csrf) = try await OrderPageTests.session(store, "A-lead")
            var h = lead
            h.contentType = .urlEncodedForm
            let planned = try await Self.schedule(app, lead).filter { $0.status == "scheduled" }
            try #require(planned.count >= 3)
            let (a, b, c) = (planned[0], planned[1], planned[2])
            let version = try await store.officeVersion()
            // Refusals first: nothing may change.
            for (path, pairs, field) in [("\(a.id)/skip", [("reason", " ")], "reason"), ("\(a.id)/reschedule", [("date", "tomorrow")], "date"),
                                         ("\(a.id)/reschedule", [("date", "1999-01-01")], "date"), ("\(a.id)/hold", [("units[]", "U-ghost")], "units"),
                                         ("\(a.id)/hold", [("note", "bell\u{0007}")], "note"), ("\(a.id)/skip", [("reason", String(repeating: "r", count: 501))], "reason")] {
                let (status, page) = try await APITokenTests.status(app, .POST, "/schedule/\(path)", h, body: OrderPageTests.form([("csrf", csrf)] + pairs))
                #expect(status == .badRequest && page.contains("\(field): "), "\(path) \(pairs): \(status)")
            }
            #expect(try await APITokenTests.status(app, .POST, "/schedule/\(a.id)/hold", h, body: OrderPageTests.form([("csrf", "stale")])).0 == .forbidden)
            #expect(try await APITokenTests.status(app, .POST, "/schedule/A-nope/hold", h, body: OrderPageTests.form([("csrf", csrf)])).0 == .notFound)
            #expect(try await store.officeVersion() == version)

            let unit = try #require(a.units.first)
            let held = try await APITokenTests.status(app, .POST, "/schedule/\(a.id)/hold", h,
                                                      body: OrderPageTests.form([("csrf", csrf), ("note", "agreed to re-sequence the flange work"), ("units[]", unit)]))
            #expect(held.0 == .seeOther)
            let skipped = try await APITokenTests.status(app, .POST, "/schedule/\(b.id)/skip", h, body: OrderPageTests.form([("csrf", csrf), ("reason", "team at the customer site")]))
            #expect(skipped.0 == .seeOther)
            let day = String(c.date.prefix(10))
            let target = try Date(day + "T00:00:00Z", strategy: .iso8601).addingTimeInterval(3 * 86_400).formatted(.iso8601.year().month().day())
            #expect(try await APITokenTests.status(app, .POST, "/schedule/\(c.id)/reschedule", h, body: OrderPageTests.form([("csrf", csrf), ("date", target)])).0 == .seeOther)

            let after = Dictionary(uniqueKeysWithValues: try await Self.schedule(app, lead).map { ($0.id, $0) })
            #expect(after[a.id]?.status == "held" && after[a.id]?.note == "agreed to re-sequence the flange work" && after[a.id]?.units == [unit])
            #expect(after[b.id]?.status == "skipped" && after[b.id]?.note == "team at the customer site")
            #expect(after[c.id]?.status == "scheduled" && after[c.id]?.date.hasPrefix(target) == true && after[c.id]?.note == "moved from \(day)")
            #expect(try await APITokenTests.status(app, .POST, "/schedule/\(a.id)/hold", h, body: OrderPageTests.form([("csrf", csrf)])).0 == .conflict)
            #expect(try await store.history(of: a.id).first?.account == "lead@example.org")

            // The JSON API takes the same actions with a token.
            let token = APITokens.make()
            _ = try await store.createAPIToken(email: "lead@example.org", name: "t", tokenHash: token.hash)
            var api = APITokenTests.bearer(token.token)
            api.contentType = .json
            let d = try #require(planned.dropFirst(3).first)
            let bad = try await APITokenTests.status(app, .POST, "/api/v1/schedule/\(d.id)/skip", api, body: "{}")
            #expect(bad.0 == .badRequest && bad.1.contains("\"field\":\"reason\""))
            #expect(try await APITokenTests.status(app, .POST, "/api/v1/schedule/\(d.id)/skip", api, body: #"{"reason": "holiday"}"#).0 == .ok)
            _ = office
        }
    }

    @Test("a calendar feed is a secret URL serving the followed units' activities as iCalendar, until it is revoked")
    func feed() async throws {
        try await Self.withDemo(.sqlite) { store, app, office in
            let (lead, csrf) = try await OrderPageTests.session(store, "A-lead")
            var h = lead
            h.contentType = .urlEncodedForm
            let unit = office.units.first { $0.function == .engineering }!
            let (status, page) = try await APITokenTests.status(app, .POST, "/schedule/feeds", h, body: OrderPageTests.form([("csrf", csrf), ("units[]", unit.id.rawValue)]))
            #expect(status == .ok)
            let url = try #require(page.components(separatedBy: "<pre id=\"feed-url\">").dropFirst().first?.components(separatedBy: "</pre>").first)
            let path = try #require(url.range(of: "/calendar/").map { String(url[$0.lowerBound...]) })
            let (code, ics) = try await APITokenTests.status(app, .GET, path, [:])
            #expect(code == .ok && ics.hasPrefix("BEGIN:VCALENDAR\r\n") && ics.hasSuffix("END:VCALENDAR\r\n"))
            let lines = ics.components(separatedBy: "\r\n")
            #expect(lines.allSatisfy { $0.utf8.count <= 75 }, "lines are folded at 75 octets")
            let events = ics.components(separatedBy: "BEGIN:VEVENT").count - 1
            #expect(events > 0)
            let unfolded = ics.replacingOccurrences(of: "\r\n ", with: "")
            let locations = unfolded.components(separatedBy: "\r\n").filter { $0.hasPrefix("LOCATION:") }
            #expect(locations.count == events && locations.allSatisfy { $0.contains(unit.name) }, "only the followed unit's activities")
            let listed = try await APITokenTests.status(app, .GET, "/schedule", lead)
            #expect(!listed.1.contains(path), "the secret is shown once")

            #expect(try await APITokenTests.status(app, .GET, "/calendar/cal_not-a-feed.ics", [:]).0 == .notFound)
            let feed = try #require(try await store.calendarFeeds(account: "A-lead").first)
            #expect(try await APITokenTests.status(app, .POST, "/schedule/feeds/\(feed.id)/revoke", h, body: OrderPageTests.form([("csrf", csrf)])).0 == .seeOther)
            #expect(try await APITokenTests.status(app, .GET, path, [:]).0 == .notFound)
            let ghost = try await APITokenTests.status(app, .POST, "/schedule/feeds", h, body: OrderPageTests.form([("csrf", csrf), ("units[]", "U-ghost")]))
            #expect(ghost.0 == .badRequest)
        }
    }

    @Test("iCalendar text is escaped and folded without splitting a character")
    func icalendar() {
        #expect(ICalendar.text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne")
        let long = "DESCRIPTION:" + String(repeating: "ø", count: 100)
        let folded = ICalendar.fold(long)
        let parts = folded.components(separatedBy: "\r\n")
        #expect(parts.count > 1 && parts.allSatisfy { $0.utf8.count <= 75 } && parts.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(parts.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined() == long)
        #expect(ICalendar.stamp(Date(timeIntervalSince1970: 1_735_722_000)) == "20250101T090000Z")
    }
}
