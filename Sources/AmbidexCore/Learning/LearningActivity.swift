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

    public enum Status: String, CaseIterable, Sendable, Codable, Hashable { case scheduled, held, cancelled }

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

    public init(id: LearningActivityID, kind: Kind, trigger: Trigger, date: Date, strategy: DeliveryStrategy? = nil,
                units: Set<UnitID> = [], partners: Set<PartnerID> = [], orders: [OrderID] = [],
                knowledgeItems: [KnowledgeItemID] = [], standards: [StandardID] = [],
                reason: String, status: Status = .scheduled) {
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
    }
}
