import Foundation

/// How knowledge moves within and between front and back office (P5), and
/// between strategies (standardization: ETO → the standardized ones).
public struct KnowledgeFlow: Codable, Sendable, Hashable {
    public struct StrategyPair: Codable, Sendable, Hashable {
        public var from: DeliveryStrategy
        public var to: DeliveryStrategy
        public var uses: Int
    }

    public var withinFront = 0
    public var withinBack = 0
    public var frontToBack = 0
    public var backToFront = 0
    /// Reflections whose participants held both roles on the orders discussed.
    public var reflectionsBetweenOffices = 0
    /// Reflections whose participants all held one role.
    public var reflectionsWithinOneOffice = 0
    /// Uses whose strategy differs from the item's origin strategy.
    public var betweenStrategies: [StrategyPair] = []

    public var between: Int { frontToBack + backToFront }

    /// Counts every recorded use of every knowledge item up to `asOf`, by the
    /// role where the item arose and the role of the unit using it.
    public static func measure(_ office: LearningOffice, asOf: Date) -> KnowledgeFlow {
        var flow = KnowledgeFlow()
        var pairs: [StrategyPairKey: Int] = [:]
        for item in office.knowledgeItems {
            for use in item.uses where use.date <= asOf {
                switch (item.originRole, use.role) {
                case (.front, .front): flow.withinFront += 1
                case (.back, .back): flow.withinBack += 1
                case (.front, .back): flow.frontToBack += 1
                case (.back, .front): flow.backToFront += 1
                }
                if let from = item.originStrategy, let to = use.strategy, from != to {
                    pairs[StrategyPairKey(from: from, to: to), default: 0] += 1
                }
            }
        }
        flow.betweenStrategies = pairs.map { StrategyPair(from: $0.key.from, to: $0.key.to, uses: $0.value) }
            .sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        let index = office.index()
        for r in office.reflections where r.date <= asOf {
            var roles = Set<OfficeRole>()
            for unit in r.units {
                for order in r.orders { if let role = index.role(of: unit, on: order) { roles.insert(role) } }
            }
            if roles.count == 2 { flow.reflectionsBetweenOffices += 1 } else if roles.count == 1 { flow.reflectionsWithinOneOffice += 1 }
        }
        return flow
    }

    private struct StrategyPairKey: Hashable { let from: DeliveryStrategy; let to: DeliveryStrategy }
}
