import Foundation

/// A decision of a retrospective: who does what by when, and which figure of
/// the scope's orders it should move. Reviewed first at the next retrospective
/// of the same scope, with the figure before and after.
public struct ActionItem: Identifiable, Hashable, Sendable {
    public enum Status: String, CaseIterable, Sendable, Codable, Hashable { case open, done, dropped }

    public let id: String
    public var retrospective: RetrospectiveID
    public var title: String
    /// The unit that owns it.
    public var owner: UnitID
    public var due: Date
    public var figure: RetroFigure
    /// The figure over the scope's orders when the item was made.
    public var baseline: Double?
    public var status: Status
    public var created: Date
    public var createdBy: String
    public var finished: Date?
    /// The knowledge item the decision opened, when it opened one.
    public var knowledgeItem: KnowledgeItemID?

    public init(id: String, retrospective: RetrospectiveID, title: String, owner: UnitID, due: Date, figure: RetroFigure, baseline: Double?,
                status: Status = .open, created: Date, createdBy: String, finished: Date? = nil, knowledgeItem: KnowledgeItemID? = nil) {
        self.id = id
        self.retrospective = retrospective
        self.title = title
        self.owner = owner
        self.due = due
        self.figure = figure
        self.baseline = baseline
        self.status = status
        self.created = created
        self.createdBy = createdBy
        self.finished = finished
        self.knowledgeItem = knowledgeItem
    }

    public mutating func finish(_ status: Status, at date: Date) throws(DomainError) {
        guard self.status == .open else { throw .illegalTransition("action item \(id) is \(self.status.rawValue) already") }
        guard status != .open else { throw .invalid("an action item is finished as done or dropped") }
        self.status = status
        finished = date
    }

    public static let titleLimit = TextLimit("title", characters: 200)
}

/// A figure of a set of orders an action item is expected to move.
public enum RetroFigure: String, CaseIterable, Sendable, Codable, Hashable {
    case onTime, leadTime, rework, feedback, deviations

    public var label: String {
        switch self {
        case .onTime: "on-time share"
        case .leadTime: "median lead time (days)"
        case .rework: "rework loops per order"
        case .feedback: "customer feedback (1–5)"
        case .deviations: "share of standard applications deviated"
        }
    }

    /// Whether a larger value is better.
    public var higherIsBetter: Bool { self == .onTime || self == .feedback }

    public func format(_ v: Double?) -> String {
        guard let v else { return "–" }
        switch self {
        case .onTime, .deviations: return String(format: "%.0f %%", v * 100)
        case .leadTime: return String(format: "%.1f", v)
        case .rework, .feedback: return String(format: "%.2f", v)
        }
    }
}
