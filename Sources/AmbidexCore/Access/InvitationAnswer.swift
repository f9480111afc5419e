import Foundation

/// A partner's answer to an activity it is invited to (a co-design session, a
/// programme step): it comes or it does not, and it may say why or what it
/// brings. The latest answer counts; each stays in the activity's history.
public struct InvitationAnswer: Sendable, Hashable, Codable {
    public enum Answer: String, CaseIterable, Sendable, Codable, Hashable {
        case accepted, declined

        public var label: String { self == .accepted ? "comes" : "does not come" }
    }

    public var activity: LearningActivityID
    public var partner: PartnerID
    public var answer: Answer
    public var note: String?
    public var answered: Date

    public init(activity: LearningActivityID, partner: PartnerID, answer: Answer, note: String?, answered: Date) {
        self.activity = activity
        self.partner = partner
        self.answer = answer
        self.note = note
        self.answered = answered
    }
}
