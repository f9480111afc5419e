import AmbidexCore
import AmbidexStore
import Foundation
import Vapor

/// The schedule a person acts on: the cadence policy's activities from the
/// office's snapshot, with what people recorded since (held, skipped, moved)
/// read from the store, so an action shows on the next page at once; as a
/// list or a week or month calendar, as JSON, and as a personal iCalendar feed.
enum ScheduleController {
    static let noteLimit = TextLimit("note", characters: 2_000)
    static let reasonLimit = TextLimit("reason", characters: 500)

    static func register(on routes: any RoutesBuilder, reader: OfficeReader, store: Store, metrics: OfficeMetrics,
                         office: @escaping @Sendable () async -> String) {
        routes.get("schedule") { req async throws -> Response in
            let s = try req.requireOffice()
            let q = try req.query.decode(ScheduleQuery.self)
            let model = try await ScheduleView.Model.make(q, reader: reader, store: store)
            let feeds = try await store.calendarFeeds(account: s.account.id)
            return DashboardController.html(ScheduleView.render(office: await office(), session: s, model: model, feeds: feeds, made: nil, problem: nil))
        }
        routes.get("api", "v1", "schedule") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let model = try await ScheduleView.Model.make(try req.query.decode(ScheduleQuery.self), reader: reader, store: store, answers: false)
            return try APIController.json(model.activities)
        }
        for action in Action.allCases {
            routes.on(.POST, "schedule", ":activity", PathComponent(stringLiteral: action.rawValue), body: .collect(maxSize: "64kb")) { req async throws -> Response in
                let s = try req.requireOffice()
                try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
                let form = (try? req.content.decode(ActionForm.self)) ?? ActionForm()
                do {
                    let record = try await perform(action, on: req.parameters.get("activity") ?? "", form, by: s, reader: reader, store: store)
                    metrics.write(record.kind)
                    return req.redirect(to: "/schedule?\(form.back ?? "")#activity-\(record.subject)", redirectType: .normal)
                } catch let e as FieldError {
                    let model = try await ScheduleView.Model.make(ScheduleQuery(), reader: reader, store: store)
                    return DashboardController.html(ScheduleView.render(office: await office(), session: s, model: model,
                                                                        feeds: try await store.calendarFeeds(account: s.account.id), made: nil,
                                                                        problem: "\(e.field): \(e.reason)"), status: .badRequest)
                }
            }
            routes.on(.POST, "api", "v1", "schedule", ":activity", PathComponent(stringLiteral: action.rawValue), body: .collect(maxSize: "64kb")) { req async throws -> Response in
                let s = try req.requireOfficeAPI()
                try req.requireCSRF(s, req.headers.first(name: "X-CSRF-Token"))
                let form: ActionForm
                do { form = try req.content.decode(ActionForm.self) } catch {
                    throw FieldError(field: "body", reason: "the body is not an action (\(RecordController.why(error))); send JSON with note, reason, date or units")
                }
                let record = try await perform(action, on: req.parameters.get("activity") ?? "", form, by: s, reader: reader, store: store)
                metrics.write(record.kind)
                return try APIController.json(RecordController.Recorded(id: record.subject, version: record.version, summary: record.summary))
            }
        }
        routes.on(.POST, "schedule", "feeds", body: .collect(maxSize: "16kb")) { req async throws -> Response in
            let s = try req.requireOffice()
            try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
            let units = ((try? req.content.get([String].self, at: "units")) ?? []).map { UnitID(rawValue: $0) }
            let secret = "cal_" + Passwords.token()
            let feed: CalendarFeed
            do { feed = try await store.createCalendarFeed(account: s.account.id, units: units, tokenHash: Passwords.digest(secret)) } catch let e as StoreError {
                throw FieldError(field: "units", reason: e.description)
            }
            let url = "http://\(req.headers.first(name: .host) ?? "localhost")/calendar/\(secret).ics"
            let model = try await ScheduleView.Model.make(ScheduleQuery(), reader: reader, store: store)
            return DashboardController.html(ScheduleView.render(office: await office(), session: s, model: model,
                                                                feeds: try await store.calendarFeeds(account: s.account.id), made: (feed, url), problem: nil))
        }
        routes.on(.POST, "schedule", "feeds", ":feed", "revoke") { req async throws -> Response in
            let s = try req.requireOffice()
            try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
            do { try await store.revokeCalendarFeed(id: req.parameters.get("feed") ?? "", account: s.account.id) } catch let e as StoreError {
                throw Abort(.notFound, reason: e.description)
            }
            return req.redirect(to: "/schedule#feeds", redirectType: .normal)
        }
        routes.get("calendar", ":file") { req async throws -> Response in
            let file = req.parameters.get("file") ?? ""
            guard file.hasSuffix(".ics"), file.utf8.count < 200,
                  let (feed, account) = try await store.calendarFeed(tokenHash: Passwords.digest(String(file.dropLast(4)))) else {
                throw Abort(.notFound, reason: "there is no such calendar feed (it may have been revoked)")
            }
            let (snapshot, _) = try await reader.current()
            let wanted = Set(feed.units)
            var activities = try await overlay(snapshot.schedule(days: feedDays), store: store, snapshot: snapshot, days: feedDays)
            if !wanted.isEmpty { activities = activities.filter { !$0.units.isDisjoint(with: wanted) } }
            let names = Dictionary(uniqueKeysWithValues: snapshot.units.map { ($0.id, $0.name) })
            let body = ICalendar.feed(name: "Ambidex · \(snapshot.name) · \(account.name)", activities: activities, unitNames: names,
                                      host: req.headers.first(name: .host) ?? "ambidex", now: Date())
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
            headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"ambidex.ics\"")
            return Response(status: .ok, headers: headers, body: .init(string: body))
        }
    }

    /// How far ahead a calendar feed reaches.
    static let feedDays = 60

    enum Action: String, CaseIterable { case hold, skip, reschedule }

    struct ActionForm: Content {
        var note: String?
        var reason: String?
        /// `YYYY-MM-DD`: the day it was held (hold) or moves to (reschedule).
        var date: String?
        /// Who took part (hold); the activity's units when absent.
        var units: [String]?
        /// The schedule's query string to return to.
        var back: String?
    }

    struct ScheduleQuery: Content {
        var days: Int?
        var unit: String?
        var strategy: String?
        var view: String?
        var start: String?
    }

    /// The snapshot's activities with what people recorded since: a held,
    /// skipped or moved activity shows as recorded, on its new day if that is
    /// in the window.
    static func overlay(_ planned: [LearningActivity], store: Store, snapshot: OfficeSnapshot, days: Int) async throws -> [LearningActivity] {
        let recorded = Dictionary(uniqueKeysWithValues: try await store.recordedActivities(planned.map(\.id)).map { ($0.id, $0) })
        let end = snapshot.asOf.adding(days: Double(days))
        return planned.compactMap { a in
            let shown = recorded[a.id] ?? a
            return shown.date < end ? shown : nil
        }.sorted { ($0.date, $0.kind.rawValue, $0.id.rawValue) < ($1.date, $1.kind.rawValue, $1.id.rawValue) }
    }

    /// An activity as it stands: recorded (held, skipped, moved, a programme's step) or as the snapshot's schedule plans it.
    static func find(_ id: LearningActivityID, in snapshot: OfficeSnapshot, store: Store) async throws -> LearningActivity? {
        try await store.recordedActivities([id]).first ?? snapshot.schedule(days: OfficeSnapshot.scheduleDays).first(where: { $0.id == id })
    }

    static func perform(_ action: Action, on rawID: String, _ form: ActionForm, by s: SignedIn, reader: OfficeReader, store: Store) async throws -> WriteRecord {
        guard !rawID.isEmpty, rawID.utf8.count <= 200 else { throw FieldError(field: "activity", reason: "an activity id is 1 to 200 characters") }
        let id = LearningActivityID(rawValue: rawID)
        let (snapshot, _) = try await reader.current()
        guard let activity = try await find(id, in: snapshot, store: store) else {
            throw Abort(.notFound, reason: "there is no activity \(rawID.prefix(60)) in the schedule")
        }
        guard activity.status == .scheduled else { throw Abort(.conflict, reason: "activity \(id) was \(activity.status.rawValue) already") }
        func day(_ field: String) throws -> Date? {
            guard let d = try OrdersController.day(form.date, field: field) else { return nil }
            guard abs(d.timeIntervalSince(snapshot.asOf)) <= Double(OfficeSnapshot.scheduleDays) * 86_400 else {
                throw FieldError(field: field, reason: "\(field) must be within a year of the schedule's start, \(snapshot.asOf.isoDay)")
            }
            return d.addingTimeInterval(9 * 3600)
        }
        do {
            switch action {
            case .hold:
                var held = activity
                if let units = form.units {
                    let known = Set(snapshot.units.map(\.id.rawValue))
                    if let unknown = units.first(where: { !known.contains($0) }) { throw FieldError(field: "units", reason: "there is no unit '\(unknown.prefix(60))'") }
                    guard !units.isEmpty else { throw FieldError(field: "units", reason: "say who took part: at least one unit") }
                    held.units = Set(units.map { UnitID(rawValue: $0) })
                }
                let note: String?
                do { note = try form.note.nonEmpty.map { try noteLimit.check($0, multiline: true) } } catch { throw FieldError(field: "note", reason: "\(error)") }
                return try await store.holdActivity(held, at: try day("date") ?? activity.date, note: note, by: s.account.email)
            case .skip:
                guard let raw = form.reason.nonEmpty else { throw FieldError(field: "reason", reason: "say why it is skipped") }
                let reason: String
                do { reason = try reasonLimit.check(raw) } catch { throw FieldError(field: "reason", reason: "\(error)") }
                return try await store.skipActivity(activity, reason: reason, by: s.account.email)
            case .reschedule:
                guard let date = try day("date") else { throw FieldError(field: "date", reason: "say which day it moves to (YYYY-MM-DD)") }
                return try await store.rescheduleActivity(activity, to: date, by: s.account.email)
            }
        } catch let e as StoreError {
            throw Abort(.conflict, reason: e.description)
        }
    }
}
