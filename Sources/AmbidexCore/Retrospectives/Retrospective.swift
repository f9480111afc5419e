import Foundation

public typealias RetrospectiveID = Identifier<Retrospective>

/// Reflection on action across orders, run by a facilitator with everyone who
/// worked on them: reflect → group → vote → root causes → decide, then closed.
public struct Retrospective: Identifiable, Hashable, Sendable {
    public enum Phase: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
        case reflect, group, vote, rootCauses, decide, closed

        public var next: Phase? {
            let all = Self.allCases
            let k = all.firstIndex(of: self)!
            return k + 1 < all.count ? all[k + 1] : nil
        }

        public var label: String {
            switch self {
            case .reflect: "Reflect"
            case .group: "Group"
            case .vote: "Vote"
            case .rootCauses: "Root causes"
            case .decide: "Decide"
            case .closed: "Closed"
            }
        }

        /// What the people in the room do now.
        public var instruction: String {
            switch self {
            case .reflect: "Write what you saw on these orders, one thought per card. Others see only how many cards there are until grouping starts; nobody sees who wrote what until the facilitator reveals it."
            case .group: "Stack cards that say the same thing onto one another; the card on top names the topic."
            case .vote: "Vote for the topics that matter most for the next orders."
            case .rootCauses: "For the most-voted topics, name the contributing factors (why did it happen?) and vote for the ones that weigh most."
            case .decide: "Turn the weightiest causes into action items: an owner unit, a due date and the figure expected to move. Vote on them when there are too many."
            case .closed: "The retrospective is closed. Its action items are reviewed first at the next retrospective of the same scope."
            }
        }

        public static func < (a: Phase, b: Phase) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    public let id: RetrospectiveID
    public var title: String
    public var scope: RetrospectiveScope
    public var template: RetrospectiveTemplate
    /// The email of the person who runs it: only they move the phase and reveal the authors.
    public var facilitator: String
    public var created: Date
    public var phase: Phase
    public var phaseStarted: Date
    /// The phase's time box; 0 means no timer.
    public var phaseMinutes: Int
    public var revealed: Bool
    /// The scheduled activity it was started from, if any.
    public var activity: LearningActivityID?
    /// Raised by every change on the board, so the people signed in can tell cheaply that it changed.
    public var boardVersion: Int64

    public init(id: RetrospectiveID, title: String, scope: RetrospectiveScope, template: RetrospectiveTemplate, facilitator: String,
                created: Date, phase: Phase = .reflect, phaseStarted: Date? = nil, phaseMinutes: Int? = nil, revealed: Bool = false,
                activity: LearningActivityID? = nil, boardVersion: Int64 = 1) {
        self.id = id
        self.title = title
        self.scope = scope
        self.template = template
        self.facilitator = facilitator
        self.created = created
        self.phase = phase
        self.phaseStarted = phaseStarted ?? created
        self.phaseMinutes = phaseMinutes ?? template.minutes(phase)
        self.revealed = revealed
        self.activity = activity
        self.boardVersion = boardVersion
    }

    public var isClosed: Bool { phase == .closed }

    /// Moves to the next phase (only the facilitator may; the caller checks who).
    public mutating func advance(at date: Date, minutes: Int? = nil) throws(DomainError) {
        guard let next = phase.next else { throw .illegalTransition("retrospective \(id) is closed") }
        if let minutes, !(0...240).contains(minutes) { throw .invalid("minutes must be 0 to 240, not \(minutes)") }
        phase = next
        phaseStarted = date
        phaseMinutes = minutes ?? template.minutes(next)
    }

    /// Seconds left on the phase's timer at `date` (negative when over time), nil without a timer.
    public func secondsLeft(at date: Date) -> Int? {
        guard phaseMinutes > 0, !isClosed else { return nil }
        return Int((phaseStarted.addingTimeInterval(Double(phaseMinutes) * 60).timeIntervalSince(date)).rounded(.down))
    }

    public static let titleLimit = TextLimit("title", characters: 160)
}

/// Which orders a retrospective looks at: those closed in a period, narrowed by
/// strategy, unit and partner, or the orders of the activity it came from.
public struct RetrospectiveScope: Hashable, Sendable, Codable {
    public var strategy: DeliveryStrategy?
    public var unit: UnitID?
    public var partner: PartnerID?
    /// Orders closed from this day …
    public var from: Date?
    /// … up to (not including) this one.
    public var to: Date?
    /// When not empty, exactly these orders (and the filters above are not used).
    public var orders: [OrderID]

    public init(strategy: DeliveryStrategy? = nil, unit: UnitID? = nil, partner: PartnerID? = nil, from: Date? = nil, to: Date? = nil,
                orders: [OrderID] = []) {
        self.strategy = strategy
        self.unit = unit
        self.partner = partner
        self.from = from
        self.to = to
        self.orders = orders
    }

    /// Two retrospectives follow one another when they look at the same
    /// strategy, unit and partner, whatever their periods.
    public var key: String {
        [strategy?.rawValue ?? "*", unit?.rawValue ?? "*", partner?.rawValue ?? "*"].joined(separator: "|")
    }

    public var words: String {
        var parts: [String] = []
        if !orders.isEmpty { parts.append("\(orders.count) order\(orders.count == 1 ? "" : "s") of the activity") }
        if let s = strategy { parts.append(s.code + " orders") }
        if let u = unit { parts.append("worked on by \(u)") }
        if let p = partner { parts.append("for \(p)") }
        if orders.isEmpty {
            switch (from, to) {
            case let (f?, t?): parts.append("closed \(f.isoDay) to \(t.addingTimeInterval(-1).isoDay)")
            case let (f?, nil): parts.append("closed since \(f.isoDay)")
            case let (nil, t?): parts.append("closed before \(t.isoDay)")
            case (nil, nil): parts.append("all closed orders")
            }
        }
        return parts.joined(separator: ", ")
    }

    /// At most this many orders are looked at: the most recently closed.
    public static let orderLimit = 500
}
