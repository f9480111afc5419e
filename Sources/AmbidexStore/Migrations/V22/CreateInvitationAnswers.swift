import FluentKit
import SQLKit

/// Partners' answers to the activities they are invited to: one row per
/// planned subject and partner, the latest answer (the earlier ones are in the
/// write log). Keyed by the subject, not the activity's id: the policy names
/// an activity by its day, and a session it proposes slides from day to day
/// until someone holds it — the answer stays with the session. Not a foreign
/// key either: most activities live in the snapshot's schedule, not in
/// `learning_activities`.
struct CreateInvitationAnswers: AsyncMigration {
    var name: String { "v22.CreateInvitationAnswers" }

    func prepare(on db: any Database) async throws {
        try await db.schema("invitation_answers")
            .field("subject", .string, .required)
            .field("partner", .string, .required, .references("partners", "id"))
            .field("activity", .string, .required)
            .field("activity_date", .double, .required)
            .field("answer", .string, .required)
            .field("note", .string)
            .field("answered_at", .double, .required)
            .compositeIdentifier(over: "subject", "partner")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("invitation_answers").delete()
    }
}
