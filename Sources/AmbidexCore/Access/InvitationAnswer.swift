import Foundation

/// A partner's answer to an activity it is invited to (a co-design session, a
/// programme step): it comes or it does not, and it may say why or what it
/// brings. The latest answer counts; each stays in the activity's history.
public struct InvitationAnswer: Sendable, Hashable, Codable {
    public enum Answer: String, CaseIterable, Sendable, Codable, Hashable {
        case accepted, declined

        public var label: String { self == .accepted ? "comes" : "does not come" }
    }

    /// The activity as it was when answered: a session the policy proposes
    /// moves from day to day until it is held, and the answer moves with it.
    public var activity: LearningActivityID
    public var activityDate: Date
    public var partner: PartnerID
    public var answer: Answer
    public var note: String?
    public var answered: Date

    public init(activity: LearningActivityID, activityDate: Date, partner: PartnerID, answer: Answer, note: String?, answered: Date) {
        self.activity = activity
        self.activityDate = activityDate
        self.partner = partner
        self.answer = answer
        self.note = note
        self.answered = answered
    }

    /// " (answered for 2027-01-04)" when the activity has moved since; empty otherwise.
    public func movedSince(_ activity: LearningActivity) -> String {
        activityDate.isoDay == activity.date.isoDay ? "" : " (answered for \(activityDate.isoDay))"
    }
}
