import FluentKit
import SQLKit

/// Partners' answers to the activities they are invited to: one row per
/// activity and partner, the latest answer (the earlier ones are in the write log).
/// The activity is not a foreign key: most are planned by the policy and live
/// in the snapshot's schedule, not in `learning_activities`.
struct CreateInvitationAnswers: AsyncMigration {
    var name: String { "v22.CreateInvitationAnswers" }

    func prepare(on db: any Database) async throws {
        try await db.schema("invitation_answers")
            .field("activity", .string, .required)
            .field("partner", .string, .required, .references("partners", "id"))
            .field("answer", .string, .required)
            .field("note", .string)
            .field("answered_at", .double, .required)
            .compositeIdentifier(over: "activity", "partner")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("invitation_answers").delete()
    }
}
