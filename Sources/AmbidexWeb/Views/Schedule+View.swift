import AmbidexCore
import AmbidexStore
import Foundation
import Plot

/// The schedule page: filters, a list by day (or a week or month calendar),
/// each activity with its reason and the actions people take on it, and the
/// person's calendar feeds.
enum ScheduleView {
    struct Model: Sendable {
        var asOf: Date
        var days: Int
        var view: String
        /// The first day the calendar shows.
        var start: Date
        var unit: UnitID?
        var strategy: DeliveryStrategy?
        var activities: [LearningActivity]
        var units: [AmbidexCore.Unit]
        var partners: [PartnerID: String]
        /// The invited partners' answers to the activities shown.
        var answers: [LearningActivityID: [InvitationAnswer]]
        var behind: Int64
        /// The query string that shows this page again.
        var back: String

        /// `answers`: read the partners' answers to what the list shows (the JSON lists activities only).
        static func make(_ q: ScheduleController.ScheduleQuery, reader: OfficeReader, store: Store, answers withAnswers: Bool = true) async throws -> Model {
            let (snapshot, fresh) = try await reader.current()
            let days = q.days ?? 14
            guard (1...OfficeSnapshot.scheduleDays).contains(days) else {
                throw FieldError(field: "days", reason: "days must be between 1 and \(OfficeSnapshot.scheduleDays), not \(days)")
            }
            let view = q.view.nonEmpty ?? "list"
            guard ["list", "week", "month"].contains(view) else { throw FieldError(field: "view", reason: "view must be list, week or month, not '\(view.prefix(40))'") }
            var unit: UnitID?
            if let u = q.unit.nonEmpty {
                guard snapshot.units.contains(where: { $0.id.rawValue == u }) else { throw FieldError(field: "unit", reason: "there is no unit '\(u.prefix(60))'") }
                unit = UnitID(rawValue: u)
            }
            var strategy: DeliveryStrategy?
            if let s = q.strategy.nonEmpty {
                guard let st = DeliveryStrategy(rawValue: s.lowercased()) else {
                    throw FieldError(field: "strategy", reason: "strategy must be one of \(DeliveryStrategy.allCases.map(\.rawValue).joined(separator: ", ")), not '\(s.prefix(40))'")
                }
                strategy = st
            }
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC")!
            let anchor = try OrdersController.day(q.start, field: "start") ?? snapshot.asOf
            var start = utc.startOfDay(for: anchor)
            if view == "week" {
                while utc.component(.weekday, from: start) != 2 { start = start.adding(days: -1) }
            } else if view == "month" {
                start = utc.date(from: utc.dateComponents([.year, .month], from: anchor))!
            }
            let shownEnd = view == "list" ? snapshot.asOf.adding(days: Double(days)) : start.adding(days: view == "week" ? 7 : 42)
            let horizon = min(OfficeSnapshot.scheduleDays, max(1, Int((shownEnd.timeIntervalSince(snapshot.asOf) / 86_400).rounded(.up))))
            var activities = try await ScheduleController.overlay(snapshot.schedule(days: horizon), store: store, snapshot: snapshot, days: horizon)
            if let unit { activities = activities.filter { $0.units.contains(unit) } }
            if let strategy { activities = activities.filter { $0.strategy == strategy } }
            // Only the list shows them.
            let answers = withAnswers && view == "list" ? try await store.invitationAnswers(activities.filter { !$0.partners.isEmpty }.map(\.id)) : [:]
            var parts = URLComponents()
            parts.queryItems = [("days", q.days.map(String.init)), ("unit", q.unit.nonEmpty), ("strategy", q.strategy.nonEmpty), ("view", q.view.nonEmpty),
                                ("start", q.start.nonEmpty)].compactMap { k, v in v.map { URLQueryItem(name: k, value: $0) } }
            return Model(asOf: snapshot.asOf, days: days, view: view, start: start, unit: unit, strategy: strategy, activities: activities,
                         units: snapshot.units, partners: Dictionary(uniqueKeysWithValues: snapshot.partners.map { ($0.id, $0.name) }),
                         answers: answers, behind: fresh.behind, back: parts.percentEncodedQuery ?? "")
        }

        func unitName(_ u: UnitID) -> String { units.first { $0.id == u }?.name ?? u.rawValue }
    }

    static func render(office: String, session: SignedIn, model m: Model, feeds: [CalendarFeed], made: (CalendarFeed, String)?, problem: String?) -> String {
        let body: Node<HTML.BodyContext> = m.view == "list" ? list(m, session) : calendar(m)
        return Layout.page(title: "Schedule", office: office, active: "schedule", session: session, body:
            .section(.class("card wide"), .id("schedule"),
                     .h2("Schedule"),
                     .p(.a(.href("/schedule/policy"), .text("The cadence policy it is planned with →")),
                        .if(session.account.role == .lead, .group(.text(" · "), .a(.href("/schedule/programme"), .text("Start a programme with a partner network →"))))),
                     .p(.class("lead"), .text("What the cadence policy schedules from \(m.asOf.isoDay), each with why; what people held, skipped or moved shows as they recorded it."
                        + (m.behind > 0 ? " \(m.behind) change\(m.behind == 1 ? " is" : "s are") not in the planned activities yet." : ""))),
                     filters(m),
                     .unwrap(problem) { .p(.class("problem"), .text($0)) },
                     load(m),
                     body),
            feedSection(m, feeds, made, session)
        ).render()
    }

    static func filters(_ m: Model) -> Node<HTML.BodyContext> {
        let units: [(String, String)] = [("", "every unit")] + m.units.map { ($0.id.rawValue, $0.name) }
        let strategies: [(String, String)] = [("", "every strategy")] + DeliveryStrategy.allCases.map { ($0.rawValue, $0.code) }
        let views: [(String, String)] = [("list", "list"), ("week", "week"), ("month", "month")]
        let choices: Node<HTML.FormContext> = .group(
            OrdersView.select("unit", "Unit", units, m.unit?.rawValue),
            OrdersView.select("strategy", "Strategy", strategies, m.strategy?.rawValue),
            OrdersView.select("view", "View", views, m.view))
        let fields: Node<HTML.FormContext> = .group(
            OrdersView.field("days", "Days", String(m.days), type: .number),
            OrdersView.field("start", "Calendar from", m.view == "list" ? "" : m.start.isoDay, type: .date))
        return .form(.method(.get), .action("/schedule"), .class("filters"), choices, fields, .button(.type(.submit), .class("primary"), .text("Show")))
    }

    /// Invitations per unit and day: the schedule a unit sees should be a handful a day.
    static func load(_ m: Model) -> Node<HTML.BodyContext> {
        guard m.view == "list", !m.activities.isEmpty else { return .empty }
        var invited: [UnitID: Int] = [:]
        for a in m.activities { for u in a.units { invited[u, default: 0] += 1 } }
        let rows = invited.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        return .p(.class("muted small"), .id("load"), .text("Invitations a day, on average over \(m.days) days: "
            + rows.map { "\(m.unitName($0.key)) \(String(format: "%.1f", Double($0.value) / Double(m.days)))" }.joined(separator: " · ")))
    }

    static func list(_ m: Model, _ session: SignedIn) -> Node<HTML.BodyContext> {
        guard !m.activities.isEmpty else { return .p(.class("muted"), .text("Nothing scheduled in this window.")) }
        let byDay = Dictionary(grouping: m.activities) { $0.date.isoDay }
        return .div(.id("activities"), .forEach(byDay.keys.sorted()) { day in
            .group(.h3(.text(day)), .forEach(byDay[day]!) { activity($0, m, session) })
        })
    }

    static func activity(_ a: LearningActivity, _ m: Model, _ session: SignedIn) -> Node<HTML.BodyContext> {
        let units = a.units.map { m.unitName($0) }.sorted().joined(separator: ", ")
        let partners = a.partners.map { m.partners[$0] ?? $0.rawValue }.sorted().joined(separator: ", ")
        let head: Node<HTML.BodyContext> = .p(
            .strong(.text(a.kind.label.prefix(1).uppercased() + a.kind.label.dropFirst())), .text(a.strategy.map { " · \($0.code)" } ?? ""),
            .text(" "), .span(.class("tag status-\(a.status.rawValue)"), .text(a.status.rawValue)),
            .br(), .span(.class("muted small"), .text(units + (partners.isEmpty ? "" : " · with " + partners))))
        let orders: Node<HTML.BodyContext> = a.orders.isEmpty ? .empty : .p(.class("small"), .text("Orders: "),
            .forEach(a.orders.prefix(8)) { id in .group(.a(.href("/orders/" + OrderController.path(id)), .text(id.rawValue)), .text(" ")) },
            .text(a.orders.count > 8 ? "and \(a.orders.count - 8) more" : ""))
        let note: Node<HTML.BodyContext> = .unwrap(a.note) { .p(.class("small"), .em(.text("Note: " + $0))) }
        return .div(.class("activity"), .id("activity-" + Layout.escaped(a.id.rawValue)),
                    head, .p(.class("small"), .text(a.reason)), orders, answers(a, m), note,
                    a.status == .scheduled ? actions(a, m, session) : .empty)
    }

    /// Who of the invited partners comes, in their own words.
    static func answers(_ a: LearningActivity, _ m: Model) -> Node<HTML.BodyContext> {
        guard !a.partners.isEmpty else { return .empty }
        let given = Dictionary((m.answers[a.id] ?? []).map { ($0.partner, $0) }, uniquingKeysWith: { x, _ in x })
        let parts = a.partners.sorted { (m.partners[$0] ?? $0.rawValue) < (m.partners[$1] ?? $1.rawValue) }.map { p -> String in
            let name = m.partners[p] ?? p.rawValue
            guard let x = given[p] else { return "\(name): no answer yet" }
            return "\(name) \(x.answer.label)\(x.movedSince(a))" + (x.note.map { ": \($0)" } ?? "")
        }
        return .p(.class("small answers"), .text("Answers: " + parts.joined(separator: " · ")))
    }

    static func actions(_ a: LearningActivity, _ m: Model, _ session: SignedIn) -> Node<HTML.BodyContext> {
        let base = "/schedule/" + OrderController.path(a.id.rawValue)
        func form(_ action: String, _ fields: Node<HTML.FormContext>, _ label: String) -> Node<HTML.BodyContext> {
            .form(.method(.post), .action(base + "/" + action), .class("act act-\(action)"),
                  .input(.type(.hidden), .name("csrf"), .value(session.csrfToken)),
                  .input(.type(.hidden), .name("back"), .value(Layout.escaped(m.back))),
                  fields, .button(.type(.submit), .text(label)))
        }
        let hold: Node<HTML.FormContext> = .group(
            .input(.type(.text), .name("note"), .placeholder("what we noted"), .attribute(named: "maxlength", value: "2000")),
            .input(.type(.date), .name("date"), .value(a.date.isoDay)))
        let skip: Node<HTML.FormContext> = .input(.type(.text), .name("reason"), .placeholder("why it is skipped"), .attribute(named: "maxlength", value: "500"))
        let move: Node<HTML.FormContext> = .input(.type(.date), .name("date"), .value(a.date.isoDay))
        // Reflection on action across orders is run on a board, facilitated, and ends in action items.
        let board: Node<HTML.BodyContext> = a.kind.mode == .onAction && !a.orders.isEmpty
            ? .a(.class("run-retro"), .href("/retrospectives?activity=" + OrderController.path(a.id.rawValue) + "#start"), .text("Run it as a retrospective"))
            : .empty
        return .div(.class("actions"), form("hold", hold, "Held"), form("skip", skip, "Skip"), form("reschedule", move, "Move"), board)
    }

    static func calendar(_ m: Model) -> Node<HTML.BodyContext> {
        let days = m.view == "week" ? 7 : 42
        let byDay = Dictionary(grouping: m.activities) { $0.date.isoDay }
        let weeks = (0..<(days / 7)).map { w in (0..<7).map { m.start.adding(days: Double(w * 7 + $0)) } }
        let head: Node<HTML.TableContext> = .tr(.forEach(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]) { .th(.text($0)) })
        return .table(.class("calendar \(m.view)"), .id("calendar"), head, .forEach(weeks) { week in
            .tr(.forEach(week) { day in
                let items = byDay[day.isoDay] ?? []
                let list: Node<HTML.BodyContext> = .ul(.forEach(items.prefix(12)) { a in
                    .li(.class("status-\(a.status.rawValue)"), .a(.href("/schedule?start=\(day.isoDay)&days=1#activity-\(Layout.escaped(a.id.rawValue))"),
                        .text(a.kind.label + (a.strategy.map { " · \($0.code)" } ?? ""))))
                })
                let more: Node<HTML.BodyContext> = items.count > 12 ? .p(.class("muted small"), .text("and \(items.count - 12) more")) : .empty
                return .td(.span(.class("muted small"), .text(day.isoDay)), list, more)
            })
        })
    }

    static func feedSection(_ m: Model, _ feeds: [CalendarFeed], _ made: (CalendarFeed, String)?, _ session: SignedIn) -> Node<HTML.BodyContext> {
        let madeNote: Node<HTML.BodyContext> = .unwrap(made) { feed, url in
            .div(.class("made"), .p(.strong(.text("Your new calendar feed — add this URL to your calendar; it is shown only now:"))), .pre(.id("feed-url"), .text(url)))
        }
        let boxes: Node<HTML.FormContext> = .forEach(m.units) { u in
            .label(.class("check"), .input(.type(.checkbox), .name("units[]"), .value(Layout.escaped(u.id.rawValue))), .text(" " + u.name))
        }
        let list: Node<HTML.BodyContext> = feeds.isEmpty ? .p(.class("muted"), .text("You have no calendar feed.")) :
            .table(.tr(.th("Feed"), .th("Units"), .th("Made"), .th("")), .forEach(feeds) { f in
                let units = f.units.isEmpty ? "every unit" : f.units.map { m.unitName($0) }.joined(separator: ", ")
                let state: Node<HTML.BodyContext> = f.revoked.map { .text("revoked " + $0.isoDay) } ??
                    .form(.method(.post), .action("/schedule/feeds/\(Layout.escaped(f.id))/revoke"), .class("inline"),
                          .input(.type(.hidden), .name("csrf"), .value(session.csrfToken)), .button(.type(.submit), .class("link"), .text("Revoke")))
                return .tr(.td(.text(f.id)), .td(.text(units)), .td(.text(f.created.isoDay)), .td(state))
            })
        return .section(.class("card wide"), .id("feeds"),
            .h2("Your calendar feed"),
            .p(.class("lead"), .text("A secret URL that serves the next \(ScheduleController.feedDays) days of activities as iCalendar, for the calendar you already use. It shows the schedule, nothing else; revoke it if it leaks.")),
            madeNote, list,
            .form(.method(.post), .action("/schedule/feeds"), .class("feed"),
                  .input(.type(.hidden), .name("csrf"), .value(session.csrfToken)),
                  .label(.class("block"), .text("Follow these units (none: every unit)")), boxes,
                  .button(.type(.submit), .class("primary"), .text("Make a calendar feed"))))
    }
}
