import AmbidexCore
import Foundation
import SQLKit

struct InvitationAnswerRow: Codable, Sendable {
    var activity: String
    var partner: String
    var answer: String
    var note: String?
    var answeredAt: Double

    init(_ a: InvitationAnswer) {
        activity = a.activity.rawValue
        partner = a.partner.rawValue
        answer = a.answer.rawValue
        note = a.note
        answeredAt = a.answered.storeValue
    }

    func domain() throws -> InvitationAnswer {
        guard let answer = InvitationAnswer.Answer(rawValue: answer) else {
            throw StoreError("invitation_answers: activity \(activity), partner \(partner) has the answer '\(answer)', which is neither accepted nor declined")
        }
        return InvitationAnswer(activity: LearningActivityID(rawValue: activity), partner: PartnerID(rawValue: partner), answer: answer,
                                note: note, answered: Date(storeValue: answeredAt))
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
            let row = InvitationAnswerRow(InvitationAnswer(activity: current.id, partner: partner, answer: answer, note: note, answered: date))
            try await w.sql.delete(from: "invitation_answers").where("activity", .equal, SQLBind(row.activity))
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
        var out: [LearningActivityID: [InvitationAnswer]] = [:]
        for chunk in Array(Set(activities.map(\.rawValue))).sorted().chunked(500) where !chunk.isEmpty {
            for row in try await rows(InvitationAnswerRow.self, "SELECT * FROM invitation_answers WHERE activity IN (\(marks(chunk))) ORDER BY partner",
                                      chunk.map { .text($0) }, table: "invitation_answers") {
                let answer = try row.domain()
                out[answer.activity, default: []].append(answer)
            }
        }
        return out
    }

    /// One partner's answers to `activities`: only its own, never another partner's.
    public func invitationAnswers(_ activities: [LearningActivityID], partner: PartnerID) async throws -> [LearningActivityID: InvitationAnswer] {
        var out: [LearningActivityID: InvitationAnswer] = [:]
        for chunk in Array(Set(activities.map(\.rawValue))).sorted().chunked(500) where !chunk.isEmpty {
            for row in try await rows(InvitationAnswerRow.self, "SELECT * FROM invitation_answers WHERE partner = ? AND activity IN (\(marks(chunk)))",
                                      [.text(partner.rawValue)] + chunk.map { .text($0) }, table: "invitation_answers") {
                let answer = try row.domain()
                out[answer.activity] = answer
            }
        }
        return out
    }
}
