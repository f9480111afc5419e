import Foundation

/// Everything the learning office knows at one moment: the input of the
/// cadence policy and of every evidence function. A value, so a computation
/// over it can never see a half-written import.
public struct LearningOffice: Sendable {
    public var name: String
    public var table: StrategyTable
    public var units: [Unit]
    public var partners: [Partner]
    public var orders: [Order]
    public var events: [OrderEvent]
    public var reflections: [Reflection]
    public var knowledgeItems: [KnowledgeItem]
    public var standards: [Standard]
    public var activities: [LearningActivity]

    public init(name: String, table: StrategyTable = .standard, units: [Unit] = [], partners: [Partner] = [],
                orders: [Order] = [], events: [OrderEvent] = [], reflections: [Reflection] = [],
                knowledgeItems: [KnowledgeItem] = [], standards: [Standard] = [], activities: [LearningActivity] = []) {
        self.name = name
        self.table = table
        self.units = units
        self.partners = partners
        self.orders = orders
        self.events = events
        self.reflections = reflections
        self.knowledgeItems = knowledgeItems
        self.standards = standards
        self.activities = activities
    }

    /// Lookups built once, for computations that join across collections.
    public func index() -> Index { Index(self) }

    public struct Index: Sendable {
        public let orders: [OrderID: Order]
        public let units: [UnitID: Unit]
        public let roles: RoleAssignment
        /// The units that worked on each order (from its events).
        public let unitsByOrder: [OrderID: Set<UnitID>]

        init(_ office: LearningOffice) {
            orders = Dictionary(office.orders.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            units = Dictionary(office.units.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            roles = RoleAssignment(table: office.table, events: office.events)
            var byOrder: [OrderID: Set<UnitID>] = [:]
            for e in office.events { byOrder[e.order, default: []].insert(e.unit) }
            unitsByOrder = byOrder
        }

        public func role(of unit: UnitID, on order: OrderID) -> OfficeRole? {
            guard let u = units[unit], let o = orders[order] else { return nil }
            return roles.role(of: u, on: o)
        }
    }

    /// Checks cross-references that single values cannot check themselves.
    public func validate() throws(DomainError) {
        let idx = index()
        let partnerIDs = Set(partners.map(\.id))
        for o in orders where !partnerIDs.contains(o.customer) {
            throw .unknown("order \(o.id) names customer \(o.customer), which is not a partner")
        }
        for e in events {
            guard idx.orders[e.order] != nil else { throw .unknown("an event names order \(e.order), which does not exist") }
            guard idx.units[e.unit] != nil else { throw .unknown("an event of order \(e.order) names unit \(e.unit), which does not exist") }
        }
        for r in reflections { try r.validate(against: { idx.orders[$0] }) }
    }
}

extension LearningOffice {
    /// The last moment the data speaks of. Evidence and the schedule are
    /// computed "as of" this date rather than the wall clock, so a loaded
    /// history (or the demo company) reads as if today were its last day.
    public var asOf: Date {
        var latest = Date.distantPast
        for o in orders {
            latest = max(latest, o.received)
            if let c = o.closed { latest = max(latest, c) }
        }
        for e in events { latest = max(latest, e.timestamp) }
        for r in reflections { latest = max(latest, r.date) }
        return latest == .distantPast ? Date(timeIntervalSince1970: 0) : latest
    }
}
