import Foundation

/// What an outbound webhook can follow: changes the tools an office already
/// uses (trackers, chat, wikis) want to hear about. The raw value is the
/// change's kind in the write log.
public enum WebhookEvent: String, CaseIterable, Sendable, Codable, Hashable {
    case actionCreated = "action.add"
    case actionDone = "action.done"
    case actionDropped = "action.drop"
    case knowledgeMoved = "knowledge.advance"
    case standardProposed = "standard.propose"
    case standardAdopted = "standard.adopt"
    case standardRetired = "standard.retire"
    case retrospectiveStarted = "retrospective.start"
    case activityHeld = "activity.hold"
    case activitySkipped = "activity.skip"
    case activityRescheduled = "activity.reschedule"
    case policyChanged = "policy.change"
    case programmeStarted = "programme.start"
    case suggestionReceived = "knowledge.suggest"
    case feedbackReceived = "order.feedback"
    case invitationAnswered = "activity.answer"
    /// Not a write: a snapshot's schedule holds activities the one before did not (`Store.noteReplan`).
    case activitiesScheduled = "schedule.replan"

    public var label: String {
        switch self {
        case .actionCreated: "action item created"
        case .actionDone: "action item done"
        case .actionDropped: "action item dropped"
        case .knowledgeMoved: "knowledge item moved"
        case .standardProposed: "standard proposed"
        case .standardAdopted: "standard adopted"
        case .standardRetired: "standard retired"
        case .retrospectiveStarted: "retrospective started"
        case .activityHeld: "activity held"
        case .activitySkipped: "activity skipped"
        case .activityRescheduled: "activity rescheduled"
        case .policyChanged: "cadence policy changed (the schedule changes)"
        case .programmeStarted: "partner programme started (its activities scheduled)"
        case .suggestionReceived: "suggestion from a partner"
        case .feedbackReceived: "feedback from a partner on an order"
        case .invitationAnswered: "a partner answered an invitation (comes or not)"
        case .activitiesScheduled: "activities scheduled by the policy when it replans"
        }
    }
}

/// A registered receiver: where deliveries go and which events it follows.
public struct Webhook: Sendable, Hashable {
    public let id: String
    public let url: String
    public let events: Set<WebhookEvent>
    public let createdBy: String
    public let created: Date
    public let revoked: Date?

    public init(id: String, url: String, events: Set<WebhookEvent>, createdBy: String, created: Date, revoked: Date? = nil) {
        self.id = id
        self.url = url
        self.events = events
        self.createdBy = createdBy
        self.created = created
        self.revoked = revoked
    }

    /// Seconds to wait before each retry; after the last, the delivery has failed.
    public static let backoff: [Double] = [10, 60, 300, 1_800, 7_200, 21_600]

    /// Only http(s) URLs with a host; the receiver is the office's own tool, so any host is allowed.
    public static func check(url raw: String) throws(DomainError) -> String {
        let url = raw.trimmingCharacters(in: .whitespaces)
        guard url.utf8.count <= 2_000, let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = parts.host, !host.isEmpty, parts.user == nil, parts.password == nil else {
            throw .invalid("url must be an http or https address with a host (and no user name or password in it)")
        }
        return url
    }
}

/// One delivery of one change to one webhook, and how its attempts went.
public struct WebhookDelivery: Sendable, Hashable {
    public enum Status: String, Sendable, Codable, Hashable { case pending, delivered, failed }
    public let id: String
    public let hook: String
    public let event: String
    public let subject: String
    public let payload: String
    public var status: Status
    public var attempts: Int
    public var nextAttempt: Date
    public var lastCode: Int?
    public var lastError: String?
    public let created: Date
    public var delivered: Date?

    public init(id: String, hook: String, event: String, subject: String, payload: String, status: Status, attempts: Int, nextAttempt: Date,
                lastCode: Int?, lastError: String?, created: Date, delivered: Date?) {
        self.id = id
        self.hook = hook
        self.event = event
        self.subject = subject
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.nextAttempt = nextAttempt
        self.lastCode = lastCode
        self.lastError = lastError
        self.created = created
        self.delivered = delivered
    }
}
