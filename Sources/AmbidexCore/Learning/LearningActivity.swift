import Foundation

/// One activity of the learning office's portfolio, scheduled or held.
public struct LearningActivity: Identifiable, Hashable, Sendable, Codable {
    public enum Kind: String, CaseIterable, Sendable, Codable, Hashable {
        case orderKickOff, inOrderStandUp, afterActionReview, crossOrderRetrospective,
             crossUnitWorkshop, customerCoDesignSession, processModellingWorkshop, improvementInitiative,
             dailyFlowMeeting, marketReview

        public var label: String {
            switch self {
            case .orderKickOff: "order kick-off"
            case .inOrderStandUp: "in-order stand-up"
            case .afterActionReview: "after-action review"
            case .crossOrderRetrospective: "cross-order retrospective"
            case .crossUnitWorkshop: "cross-unit workshop"
            case .customerCoDesignSession: "customer co-design session"
            case .processModellingWorkshop: "process modelling and simulation workshop"
            case .improvementInitiative: "improvement initiative"
            case .dailyFlowMeeting: "daily flow meeting"
            case .marketReview: "market review (forecast vs demand)"
            }
        }

        /// In action serves ongoing work (an order, or a production flow's
        /// standard work that day); on action looks back across orders.
        public var mode: Reflection.Mode {
            switch self {
            case .orderKickOff, .inOrderStandUp, .customerCoDesignSession, .dailyFlowMeeting: .inAction
            default: .onAction
            }
        }
    }

    /// Scheduled (by the policy, or moved by someone), held, skipped with a reason, or cancelled.
    public enum Status: String, CaseIterable, Sendable, Codable, Hashable { case scheduled, held, skipped, cancelled }

    public let id: LearningActivityID
    public var kind: Kind
    public var trigger: Trigger
    public var date: Date
    public var strategy: DeliveryStrategy?
    public var units: Set<UnitID>
    public var partners: Set<PartnerID>
    public var orders: [OrderID]
    public var knowledgeItems: [KnowledgeItemID]
    public var standards: [StandardID]
    /// "Why this, why now", in words the participants understand.
    public var reason: String
    public var status: Status
    /// What the people who held it noted, why it was skipped, or where it was moved from.
    public var note: String?

    public init(id: LearningActivityID, kind: Kind, trigger: Trigger, date: Date, strategy: DeliveryStrategy? = nil,
                units: Set<UnitID> = [], partners: Set<PartnerID> = [], orders: [OrderID] = [],
                knowledgeItems: [KnowledgeItemID] = [], standards: [StandardID] = [],
                reason: String, status: Status = .scheduled, note: String? = nil) {
        self.id = id
        self.kind = kind
        self.trigger = trigger
        self.date = date
        self.strategy = strategy
        self.units = units
        self.partners = partners
        self.orders = orders
        self.knowledgeItems = knowledgeItems
        self.standards = standards
        self.reason = reason
        self.status = status
        self.note = note
    }
}

extension LearningActivity {
    /// Units and partners in a stable order: the same schedule is the same JSON.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(trigger, forKey: .trigger)
        try c.encode(date, forKey: .date)
        try c.encodeIfPresent(strategy, forKey: .strategy)
        try c.encode(units.sorted { $0.rawValue < $1.rawValue }, forKey: .units)
        try c.encode(partners.sorted { $0.rawValue < $1.rawValue }, forKey: .partners)
        try c.encode(orders, forKey: .orders)
        try c.encode(knowledgeItems, forKey: .knowledgeItems)
        try c.encode(standards, forKey: .standards)
        try c.encode(reason, forKey: .reason)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(note, forKey: .note)
    }
}
