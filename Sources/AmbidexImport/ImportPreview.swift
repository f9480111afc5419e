import AmbidexCore
import Foundation

/// What a mapping makes of a log before anything is written: the orders per
/// delivery strategy, the units with their front/back-office roles, a few
/// orders to check by eye. The lead reads it to judge the mapping; the store's
/// dry run adds what of it is new.
public struct ImportPreview: Sendable, Equatable, Codable {
    public struct StrategyCount: Sendable, Equatable, Codable {
        public var strategy: DeliveryStrategy
        public var orders: Int
        public var openOrders: Int
    }

    public struct UnitRoles: Sendable, Equatable, Codable {
        public var unit: String
        public var events: Int
        /// Orders the unit worked on in contact with the customer (front office) and without (back office).
        public var frontOffice: Int
        public var backOffice: Int
    }

    public struct StageCount: Sendable, Equatable, Codable {
        public var stage: Stage
        public var events: Int
    }

    public struct SampleOrder: Sendable, Equatable, Codable {
        public var id: OrderID
        public var strategy: DeliveryStrategy
        public var customer: String
        public var received: Date
        public var closed: Date?
        public var events: Int
        /// Each unit on the order with its role, in the order it first worked on it.
        public var units: [String]
        public var customization: [String: String]
    }

    public var file: String
    public var orders: Int
    public var events: Int
    public var partners: Int
    public var strategies: [StrategyCount]
    public var units: [UnitRoles]
    public var stages: [StageCount]
    /// Received from…to.
    public var first: Date?
    public var last: Date?
    /// Cases the lifecycle filter left empty.
    public var emptyCases: Int
    public var sample: [SampleOrder]

    public static let sampleSize = 10

    /// One pass over the conversion's events, which come grouped by order in the orders' order.
    public init(_ conversion: LogConversion, file: String) {
        let batch = conversion.batch
        self.file = file
        orders = batch.orders.count
        events = batch.events.count
        partners = batch.partners.count
        emptyCases = conversion.emptyCases
        let unitName = Dictionary(batch.units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let partnerName = Dictionary(batch.partners.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })

        var perStrategy: [DeliveryStrategy: (orders: Int, open: Int)] = [:]
        for o in batch.orders {
            perStrategy[o.strategy, default: (0, 0)].orders += 1
            if o.closed == nil { perStrategy[o.strategy, default: (0, 0)].open += 1 }
        }
        strategies = DeliveryStrategy.allCases.compactMap { s in perStrategy[s].map { StrategyCount(strategy: s, orders: $0.orders, openOrders: $0.open) } }
        first = batch.orders.lazy.map(\.received).min()
        last = batch.orders.lazy.map(\.received).max()

        var unitEvents: [UnitID: Int] = [:], front: [UnitID: Int] = [:], back: [UnitID: Int] = [:]
        var stageEvents: [Stage: Int] = [:]
        var sample: [SampleOrder] = []
        let byID = Dictionary(batch.orders.prefix(Self.sampleSize).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // The units of the order being read, in first-worked order, with whether each met the customer.
        var onOrder: [(unit: UnitID, contact: Bool)] = []
        var current: OrderID?
        var count = 0
        func flush() {
            guard let id = current else { return }
            for (unit, contact) in onOrder { if contact { front[unit, default: 0] += 1 } else { back[unit, default: 0] += 1 } }
            if let o = byID[id] {
                sample.append(SampleOrder(
                    id: id, strategy: o.strategy, customer: partnerName[o.customer] ?? o.customer.rawValue, received: o.received, closed: o.closed,
                    events: count,
                    units: onOrder.map { "\(unitName[$0.unit] ?? $0.unit.rawValue) (\($0.contact ? OfficeRole.front : OfficeRole.back))" },
                    customization: o.customization))
            }
        }
        for e in batch.events {
            if e.order != current {
                flush()
                current = e.order
                onOrder.removeAll(keepingCapacity: true)
                count = 0
            }
            count += 1
            unitEvents[e.unit, default: 0] += 1
            stageEvents[e.stage, default: 0] += 1
            if let i = onOrder.firstIndex(where: { $0.unit == e.unit }) { onOrder[i].contact = onOrder[i].contact || e.customerContact } else {
                onOrder.append((e.unit, e.customerContact))
            }
        }
        flush()
        units = unitEvents.map { UnitRoles(unit: unitName[$0.key] ?? $0.key.rawValue, events: $0.value, frontOffice: front[$0.key] ?? 0, backOffice: back[$0.key] ?? 0) }
            .sorted { $0.events != $1.events ? $0.events > $1.events : $0.unit < $1.unit }
        // The value chain's own stages in chain order, then any the mapping named besides.
        let chain: [Stage] = [.design, .source, .fabricate, .assemble, .deliver]
        stages = (chain + stageEvents.keys.filter { !chain.contains($0) }.sorted { $0.rawValue < $1.rawValue })
            .compactMap { s in stageEvents[s].map { StageCount(stage: s, events: $0) } }
        let place = Dictionary(batch.orders.prefix(Self.sampleSize).enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.sample = sample.sorted { (place[$0.id] ?? 0) < (place[$1.id] ?? 0) }
    }
}
