import Foundation

/// A piece of knowledge the office tracks from its acquisition to its use.
public struct KnowledgeItem: Identifiable, Hashable, Sendable, Codable {
    /// Where the knowledge came from. A failing standard is an origin too: it
    /// sends the organization back to exploration.
    public enum Origin: Hashable, Sendable, Codable {
        case reflection(ReflectionID)
        case orders([OrderID])
        case partner(PartnerID)
        case failingStandard(StandardID)
    }

    /// A stage reached, and when.
    public struct Step: Hashable, Sendable, Codable {
        public let stage: AbsorptionStage
        public let date: Date
        public init(stage: AbsorptionStage, date: Date) {
            self.stage = stage
            self.date = date
        }
    }

    /// Knowledge put to use by a unit in a role, possibly for one strategy.
    public struct Use: Hashable, Sendable, Codable {
        public var unit: UnitID
        public var role: OfficeRole
        public var strategy: DeliveryStrategy?
        public var date: Date
        public init(unit: UnitID, role: OfficeRole, strategy: DeliveryStrategy?, date: Date) {
            self.unit = unit
            self.role = role
            self.strategy = strategy
            self.date = date
        }
    }

    public let id: KnowledgeItemID
    public var title: String
    public var orientation: Orientation
    public var origin: Origin
    /// The unit that acquired it and the role it had on the origin order(s).
    public var originUnit: UnitID
    public var originRole: OfficeRole
    /// The strategy whose orders it came from, when it came from orders.
    public var originStrategy: DeliveryStrategy?
    public private(set) var history: [Step]
    public private(set) var uses: [Use]

    public init(id: KnowledgeItemID, title: String, orientation: Orientation, origin: Origin,
                originUnit: UnitID, originRole: OfficeRole, originStrategy: DeliveryStrategy? = nil,
                acquired: Date) {
        self.id = id
        self.title = title
        self.orientation = orientation
        self.origin = origin
        self.originUnit = originUnit
        self.originRole = originRole
        self.originStrategy = originStrategy
        self.history = [Step(stage: .acquired, date: acquired)]
        self.uses = []
    }

    /// Rebuilds an item from stored rows, re-checking every transition.
    public init(id: KnowledgeItemID, title: String, orientation: Orientation, origin: Origin,
                originUnit: UnitID, originRole: OfficeRole, originStrategy: DeliveryStrategy?,
                history: [Step], uses: [Use]) throws(DomainError) {
        guard let first = history.first, first.stage == .acquired else {
            throw .invalid("knowledge item \(id): its history must start with 'acquired'")
        }
        self.init(id: id, title: title, orientation: orientation, origin: origin, originUnit: originUnit,
                  originRole: originRole, originStrategy: originStrategy, acquired: first.date)
        for step in history.dropFirst() { try advance(to: step.stage, at: step.date) }
        for use in uses { try recordUse(use) }
    }

    public var stage: AbsorptionStage { history.last!.stage }
    public var acquiredAt: Date { history[0].date }
    public func date(of stage: AbsorptionStage) -> Date? { history.first { $0.stage == stage }?.date }

    /// Moves the item one legal step on; the date may not go back in time.
    public mutating func advance(to stage: AbsorptionStage, at date: Date) throws(DomainError) {
        guard self.stage.next.contains(stage) else {
            throw .illegalTransition("knowledge item \(id) cannot go from \(self.stage.rawValue) to \(stage.rawValue)")
        }
        guard date >= history.last!.date else {
            throw .invalid("knowledge item \(id): \(stage.rawValue) is dated before \(self.stage.rawValue)")
        }
        history.append(Step(stage: stage, date: date))
    }

    /// Knowledge is used only once it has been transformed into something usable.
    public mutating func recordUse(_ use: Use) throws(DomainError) {
        guard stage == .transformed || stage == .exploited else {
            throw .illegalTransition("knowledge item \(id) is \(stage.rawValue); only transformed or exploited knowledge is used")
        }
        guard let transformedAt = date(of: .transformed), use.date >= transformedAt else {
            throw .invalid("knowledge item \(id) is used before it was transformed")
        }
        uses.append(use)
    }

    /// Days from acquisition to exploitation, once exploited.
    public var cycleTimeDays: Double? {
        date(of: .exploited).map { $0.timeIntervalSince(acquiredAt) / 86_400 }
    }

    /// Whether it came from engineer-to-order work: the source of standardization.
    public var comesFromETO: Bool { originStrategy == .eto }
}
