import AmbidexCore
import Foundation
import SQLKit

struct InvitationAnswerRow: Codable, Sendable {
    var subject: String
    var partner: String
    var activity: String
    var activityDate: Double
    var answer: String
    var note: String?
    var answeredAt: Double

    init(_ a: InvitationAnswer) {
        subject = Store.plannedSubject(a.activity)
        partner = a.partner.rawValue
        activity = a.activity.rawValue
        activityDate = a.activityDate.storeValue
        answer = a.answer.rawValue
        note = a.note
        answeredAt = a.answered.storeValue
    }

    func domain() throws -> InvitationAnswer {
        guard let answer = InvitationAnswer.Answer(rawValue: answer) else {
            throw StoreError("invitation_answers: activity \(activity), partner \(partner) has the answer '\(answer)', which is neither accepted nor declined")
        }
        return InvitationAnswer(activity: LearningActivityID(rawValue: activity), activityDate: Date(storeValue: activityDate),
                                partner: PartnerID(rawValue: partner), answer: answer, note: note, answered: Date(storeValue: answeredAt))
    }
}

/// Partners answer the activities they are invited to; the office reads the
/// answers beside the activity.
extension Store {
    /// The partner's answer to `activity`, which the caller found in the
    /// schedule. A recorded activity is read again here, inside the write, so
    /// an invitation withdrawn or an activity held or skipped meanwhile is
    /// refused rather than answered.
    @discardableResult
    public func answerInvitation(_ activity: LearningActivity, partner: PartnerID, answer: InvitationAnswer.Answer, note: String?,
                                 at date: Date, by account: String? = nil) async throws -> WriteRecord {
        try await write("activity.answer", subject: activity.id.rawValue, by: account, now: date) { w in
            guard try await w.exists("partners", partner.rawValue) else {
                throw PartnerRefusal(kind: .notFound, reason: "your organization is not in this office's data any more; ask the learning office")
            }
            var current = activity
            if let stored = try await w.one("learning_activities", where: "id", is: activity.id.rawValue, as: LearningActivityRow.self) {
                current = try stored.domain()
            }
            guard current.partners.contains(partner) else {
                throw PartnerRefusal(kind: .notFound, reason: "there is no activity \(activity.id.rawValue.prefix(60)) among your invitations")
            }
            guard current.status == .scheduled else {
                throw PartnerRefusal(kind: .conflict, reason: "the \(current.kind.label) was \(current.status.rawValue) already: it takes no more answers")
            }
            let row = InvitationAnswerRow(InvitationAnswer(activity: current.id, activityDate: current.date, partner: partner, answer: answer,
                                                           note: note, answered: date))
            try await w.sql.delete(from: "invitation_answers").where("subject", .equal, SQLBind(row.subject))
                .where("partner", .equal, SQLBind(row.partner)).run()
            try await w.insert("invitation_answers", [row])
            let name = try await w.sql.select().column("name").from("partners").where("id", .equal, SQLBind(partner.rawValue))
                .first(decodingColumn: "name", as: String.self) ?? partner.rawValue
            return ((), "\(name) \(answer == .accepted ? "accepts" : "declines") the \(current.kind.label) on \(current.date.isoDay)"
                + (note.map { ": \($0.prefix(80))" } ?? ""))
        }.1
    }

    /// The answers to `activities` (each partner's latest), by activity, in partner order.
    public func invitationAnswers(_ activities: [LearningActivityID]) async throws -> [LearningActivityID: [InvitationAnswer]] {
        let bySubject = try await answers(subjects: activities, partner: nil)
        var out: [LearningActivityID: [InvitationAnswer]] = [:]
        for id in activities { if let found = bySubject[Self.plannedSubject(id)] { out[id] = found } }
        return out
    }

    /// One partner's answers to `activities`: only its own, never another partner's.
    public func invitationAnswers(_ activities: [LearningActivityID], partner: PartnerID) async throws -> [LearningActivityID: InvitationAnswer] {
        let bySubject = try await answers(subjects: activities, partner: partner)
        var out: [LearningActivityID: InvitationAnswer] = [:]
        for id in activities { if let found = bySubject[Self.plannedSubject(id)]?.first { out[id] = found } }
        return out
    }

    private func answers(subjects activities: [LearningActivityID], partner: PartnerID?) async throws -> [String: [InvitationAnswer]] {
        var out: [String: [InvitationAnswer]] = [:]
        for chunk in Array(Set(activities.map(Self.plannedSubject))).sorted().chunked(500) where !chunk.isEmpty {
            let own = partner.map { [StoreBind.text($0.rawValue)] } ?? []
            let query = "SELECT * FROM invitation_answers WHERE " + (partner == nil ? "" : "partner = ? AND ") + "subject IN (\(marks(chunk))) ORDER BY partner"
            for row in try await rows(InvitationAnswerRow.self, query, own + chunk.map { .text($0) }, table: "invitation_answers") {
                out[row.subject, default: []].append(try row.domain())
            }
        }
        return out
    }
}
