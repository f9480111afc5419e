import Foundation

/// How knowledge moves within and between front and back office (P5), and
/// between strategies (standardization: ETO → CTO/ATO/MTO/MTS, and back).
public struct KnowledgeFlow: Codable, Sendable, Hashable {
    /// Uses under one strategy of knowledge that arose under another.
    public struct StrategyPair: Codable, Sendable, Hashable {
        public let from: DeliveryStrategy
        public let to: DeliveryStrategy
        public let uses: Int
        public init(from: DeliveryStrategy, to: DeliveryStrategy, uses: Int) {
            self.from = from
            self.to = to
            self.uses = uses
        }
    }

    /// Uses by a front-office unit of knowledge that arose in the front office.
    public private(set) var withinFront = 0
    /// Uses by a back-office unit of knowledge that arose in the back office.
    public private(set) var withinBack = 0
    public private(set) var frontToBack = 0
    public private(set) var backToFront = 0
    /// frontToBack + backToFront.
    public private(set) var between = 0
    /// Every use counted, up to the as-of date.
    public private(set) var uses = 0
    /// Uses under the strategy the item came from.
    public private(set) var withinStrategy = 0
    /// Uses whose strategy differs from the item's origin strategy, by pair,
    /// sorted from → to in `DeliveryStrategy` order.
    public private(set) var betweenStrategies: [StrategyPair] = []
    /// Reflections whose participating units held both roles on the orders discussed.
    public private(set) var reflectionsBetweenOffices = 0
    /// Reflections whose participating units all held one role.
    public private(set) var reflectionsWithinOneOffice = 0

    init() {}

    /// Knowledge uses and reflections up to `asOf`.
    ///
    /// Each recorded use of a knowledge item counts once, by the role where the
    /// item arose (`originRole`) and the role of the using unit (`Use.role`),
    /// and — when both are known — by origin strategy and use strategy.
    /// A reflection counts as *between* offices when, over its participating
    /// units and the orders it names, `LearningOffice.Index.role(of:on:)` gives
    /// both front and back; as *within one office* when it gives one role.
    /// Reflections with only partners (no unit) are in neither count.
    public static func measure(_ office: LearningOffice, asOf: Date) -> KnowledgeFlow {
        measure(office, asOf: asOf, index: office.index())
    }

    static func measure(_ office: LearningOffice, asOf: Date, index: LearningOffice.Index) -> KnowledgeFlow {
        var flow = KnowledgeFlow()
        var pairs: [Pair: Int] = [:]
        for item in office.knowledgeItems {
            for use in item.uses where use.date <= asOf {
                flow.uses += 1
                switch (item.originRole, use.role) {
                case (.front, .front): flow.withinFront += 1
                case (.back, .back): flow.withinBack += 1
                case (.front, .back): flow.frontToBack += 1
                case (.back, .front): flow.backToFront += 1
                }
                guard let from = item.originStrategy, let to = use.strategy else { continue }
                if from == to { flow.withinStrategy += 1 } else { pairs[Pair(from: from, to: to), default: 0] += 1 }
            }
        }
        flow.between = flow.frontToBack + flow.backToFront
        flow.betweenStrategies = pairs.map { StrategyPair(from: $0.key.from, to: $0.key.to, uses: $0.value) }
            .sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        for r in office.reflections where r.date <= asOf {
            var front = false, back = false
            search: for unit in r.units {
                for order in r.orders {
                    switch index.role(of: unit, on: order) {
                    case .front: front = true
                    case .back: back = true
                    case nil: break
                    }
                    if front && back { break search }
                }
            }
            if front && back { flow.reflectionsBetweenOffices += 1 } else if front || back { flow.reflectionsWithinOneOffice += 1 }
        }
        return flow
    }

    private struct Pair: Hashable { let from: DeliveryStrategy; let to: DeliveryStrategy }
}
