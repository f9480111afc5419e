import AmbidexCore
import AmbidexStore
import Foundation
import Vapor

/// A partner answers the activities it is invited to (a co-design session, a
/// programme step): it comes or not, with a note. The office reads the answers
/// beside the activity in the schedule, and through the API.
extension PartnerController {
    static let answerNoteLimit = TextLimit("note", characters: 500)

    static func registerInvitations(on routes: any RoutesBuilder, reader: OfficeReader, store: Store, metrics: OfficeMetrics) {
        routes.on(.POST, "partner", "activities", ":activity", "answer", body: .collect(maxSize: "16kb")) { req async throws -> Response in
            let (session, partner) = try requirePartner(req)
            let activity = try await invitation(req.parameters.get("activity") ?? "", of: partner, reader: reader, store: store)
            try req.requireCSRF(session, try? req.content.get(String.self, at: "csrf"))
            let form = (try? req.content.decode(AnswerForm.self)) ?? AnswerForm()
            return try await recorded(req, session, partner, done: "answer", at: "activities", reader: reader, store: store, metrics: metrics) {
                try await answer(activity, form, partner: partner, session: session, store: store)
            }
        }

        let api = routes.grouped("api", "v1", "partner", "activities")
        api.get { req async throws -> Response in
            let (_, partner) = try requirePartner(req)
            let days = try req.query.get(Int?.self, at: "days") ?? horizonDays
            guard (1...OfficeSnapshot.scheduleDays).contains(days) else {
                throw FieldError(field: "days", reason: "days must be between 1 and \(OfficeSnapshot.scheduleDays), not \(days)")
            }
            guard let share = try await reader.current().snapshot.share(of: partner, days: days) else {
                throw Abort(.notFound, reason: "your organization is not in this office's data any more; ask the learning office")
            }
            return try APIController.json(try await invitations(share, store: store).map(InvitationJSON.init))
        }
        api.on(.POST, ":activity", "answer", body: .collect(maxSize: "16kb")) { req async throws -> Response in
            let (session, partner) = try requirePartner(req)
            let activity = try await invitation(req.parameters.get("activity") ?? "", of: partner, reader: reader, store: store)
            try req.requireCSRF(session, req.headers.first(name: "X-CSRF-Token"))
            let form: AnswerForm
            do { form = try req.content.decode(AnswerForm.self) } catch {
                throw FieldError(field: "body", reason: "the body cannot be read (\(RecordController.why(error))); send JSON with answer (accepted or declined) and note")
            }
            let record = try await answer(activity, form, partner: partner, session: session, store: store)
            metrics.write(record.kind)
            return try APIController.json(RecordController.Recorded(id: activity.id.rawValue, version: record.version, summary: record.summary))
        }

        // The office reads who comes.
        routes.get("api", "v1", "schedule", ":activity", "answers") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let raw = req.parameters.get("activity") ?? ""
            guard !raw.isEmpty, raw.utf8.count <= 200 else { throw FieldError(field: "activity", reason: "an activity id is 1 to 200 characters") }
            let id = LearningActivityID(rawValue: raw)
            let (snapshot, _) = try await reader.current()
            guard let activity = try await ScheduleController.find(id, in: snapshot, store: store) else {
                throw Abort(.notFound, reason: "there is no activity \(raw.prefix(60)) in the schedule")
            }
            let names = Dictionary(uniqueKeysWithValues: snapshot.partners.map { ($0.id, $0.name) })
            let given = Dictionary(uniqueKeysWithValues: (try await store.invitationAnswers([id])[id] ?? []).map { ($0.partner, $0) })
            let rows = activity.partners.sorted { $0.rawValue < $1.rawValue }.map { p in
                AnswerJSON(partner: p.rawValue, name: names[p] ?? p.rawValue, answer: given[p]?.answer.rawValue, note: given[p]?.note,
                           answeredAt: given[p]?.answered, answeredFor: given[p]?.activityDate)
            }
            return try APIController.json(rows)
        }
    }

    /// The activity in the path, when this partner is invited to it and it is
    /// still to come: asked before the form is read, so a partner learns
    /// nothing of activities it is not invited to.
    static func invitation(_ raw: String, of partner: PartnerID, reader: OfficeReader, store: Store) async throws -> LearningActivity {
        let missing = Abort(.notFound, reason: "there is no activity \(raw.prefix(60)) among your invitations")
        guard !raw.isEmpty, raw.utf8.count <= 200 else { throw missing }
        let id = LearningActivityID(rawValue: raw)
        let (snapshot, _) = try await reader.current()
        // Recorded, or among the partner's own invitations: a look through what it is invited to, not the whole schedule.
        let planned = snapshot.share(of: partner, days: OfficeSnapshot.scheduleDays)?.activities.first { $0.id == id }
        guard let activity = try await store.recordedActivities([id]).first ?? planned, activity.partners.contains(partner) else { throw missing }
        guard activity.status == .scheduled else {
            throw Abort(.conflict, reason: "the \(activity.kind.label) was \(activity.status.rawValue) already: it takes no more answers")
        }
        let today = Date(timeIntervalSince1970: (snapshot.asOf.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)  // the UTC day's start
        guard activity.date >= today else {
            throw Abort(.conflict, reason: "the \(activity.kind.label) was on \(activity.date.isoDay): it takes no more answers")
        }
        return activity
    }

    static func answer(_ activity: LearningActivity, _ f: AnswerForm, partner: PartnerID, session: SignedIn, store: Store) async throws -> WriteRecord {
        guard let raw = f.answer, let answer = InvitationAnswer.Answer(rawValue: raw) else {
            throw FieldError(field: "answer", reason: "answer accepted or declined, not '\((f.answer ?? "").prefix(20))'")
        }
        let note: String
        do { note = try answerNoteLimit.check(f.note ?? "", multiline: false) } catch { throw FieldError(field: "note", reason: "\(error)") }
        let trimmed = note.trimmingCharacters(in: .whitespaces)
        do {
            return try await store.answerInvitation(activity, partner: partner, answer: answer, note: trimmed.isEmpty ? nil : trimmed, at: Date(),
                                                    by: session.account.email)
        } catch let e as PartnerRefusal {
            throw Abort(e.kind == .notFound ? .notFound : .conflict, reason: e.reason)
        }
    }

    /// The share's activities as they stand now (held, skipped or moved since
    /// the snapshot shows as recorded) with the partner's own answer to each.
    static func invitations(_ share: PartnerShare, store: Store) async throws -> [Invitation] {
        let ids = share.activities.map(\.id)
        let recorded = Dictionary(uniqueKeysWithValues: try await store.recordedActivities(ids).map { ($0.id, $0) })
        let answers = try await store.invitationAnswers(ids, partner: share.partner.id)
        return share.activities.map { a in
            var shown = a
            if let r = recorded[a.id] {
                shown.status = r.status
                shown.date = r.date
            }
            return Invitation(activity: shown, answer: answers[a.id])
        }.sorted { ($0.activity.date, $0.activity.id.rawValue) < ($1.activity.date, $1.activity.id.rawValue) }
    }

    struct Invitation: Sendable {
        var activity: LearningActivity
        var answer: InvitationAnswer?
    }

    struct AnswerForm: Content {
        var answer: String?
        var note: String?
    }

    /// An invitation as its partner sees it: the activity cut to its own orders, and its answer.
    struct InvitationJSON: Encodable {
        var id: String, kind: String, date: Date, reason: String, status: String, orders: [String]
        var answer: String?, note: String?, answeredAt: Date?, answeredFor: Date?

        init(_ i: Invitation) {
            id = i.activity.id.rawValue
            kind = i.activity.kind.rawValue
            date = i.activity.date
            reason = i.activity.reason
            status = i.activity.status.rawValue
            orders = i.activity.orders.map(\.rawValue)
            answer = i.answer?.answer.rawValue
            note = i.answer?.note
            answeredAt = i.answer?.answered
            answeredFor = i.answer?.activityDate
        }
    }

    struct AnswerJSON: Encodable {
        var partner: String, name: String, answer: String?, note: String?, answeredAt: Date?
        /// The activity's date when it was answered (a session the policy proposes may have moved since).
        var answeredFor: Date?
    }
}
