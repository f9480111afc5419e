import AmbidexCore
import Foundation

extension DemoGenerator {
    /// Knowledge arises from reflections (more often from developmental ones)
    /// and moves through the absorption stages, some of it used across roles
    /// and strategies, some discarded, some still under way at the end.
    mutating func makeKnowledge() {
        let orderIndex = Dictionary(uniqueKeysWithValues: orders.enumerated().map { ($0.element.id, $0.offset) })
        var counter = 0
        for r in reflections {
            guard let first = r.orders.first, let oi = orderIndex[first] else { continue }
            let chance = r.logic == .developmental ? (r.mode == .onAction ? 0.22 : 0.08) : 0.04
            guard rngKnowledge.chance(chance) else { continue }
            let order = orders[oi]
            let team = crew[oi].filter { r.units.contains($0.0) }
            guard let origin = team.isEmpty ? nil : rngKnowledge.pick(team) else { continue }
            counter += 1
            let explorative = r.logic == .developmental
            var item = KnowledgeItem(id: KnowledgeItemID(String(format: "K-%05d", counter)),
                                     title: knowledgeTitle(order, explorative: explorative), orientation: explorative ? .explorative : .exploitative,
                                     origin: rngKnowledge.chance(0.5) ? .reflection(r.id) : .orders(r.orders.count > 3 ? Array(r.orders.prefix(3)) : r.orders),
                                     originUnit: origin.0, originRole: origin.1, originStrategy: order.strategy, acquired: r.date)
            advance(&item, explorative: explorative, sourceStrategy: order.strategy)
            items.append(item)
        }
    }

    /// Moves an item on with realistic delays; it stops where the horizon ends.
    mutating func advance(_ item: inout KnowledgeItem, explorative: Bool, sourceStrategy: DeliveryStrategy,
                          forcedUses: [KnowledgeItem.Use] = [], exploitBy: Date? = nil) {
        let slow = explorative ? 1.8 : 1.0
        var date = item.acquiredAt
        func step(_ stage: AbsorptionStage, _ days: Double, _ keep: Double, rng: inout SeededGenerator) -> Bool {
            let next = date.adding(days: days)
            guard next <= end else { return false }
            if !rng.chance(keep) {
                if next <= end { try! item.advance(to: .discarded, at: next) }
                return false
            }
            try! item.advance(to: stage, at: next)
            date = next
            return true
        }
        guard step(.assimilated, rngKnowledge.uniform(3, 25) * slow, 0.88, rng: &rngKnowledge),
              step(.transformed, rngKnowledge.uniform(10, 60) * slow, 0.7, rng: &rngKnowledge) else { return }
        var uses = forcedUses
        if uses.isEmpty {
            for _ in 0..<rngKnowledge.int(1...3) {
                let unit = rngKnowledge.pick(DemoCatalog.units)
                let strategy = rngKnowledge.chance(0.6) ? sourceStrategy : rngKnowledge.pick(DeliveryStrategy.allCases)
                uses.append(.init(unit: unit.id, role: table.defaultRole(of: unit.function, under: strategy), strategy: strategy,
                                  date: date.adding(days: rngKnowledge.uniform(1, 40))))
            }
        }
        for use in uses.sorted(by: { $0.date < $1.date }) where use.date <= end && use.date >= date { try! item.recordUse(use) }
        let exploitAt = exploitBy ?? date.adding(days: rngKnowledge.uniform(15, 90) * slow)
        if exploitAt <= end, exploitAt >= date, exploitBy != nil || rngKnowledge.chance(0.75) {
            try! item.advance(to: .exploited, at: exploitAt)
        }
    }

    func knowledgeTitle(_ order: Order, explorative: Bool) -> String {
        switch (order.strategy, explorative) {
        case (.eto, true): "New solution for \(order.customization["drive interface"] ?? "a unique requirement") (\(order.offering))"
        case (.eto, false): "Reusable calculation from \(order.offering)"
        case (.cto, true): "Unforeseen option combination in \(order.offering)"
        case (.cto, false): "Configuration rule refined for \(order.offering)"
        case (_, true): "Root cause found on \(order.offering)"
        case (_, false): "Routine improvement for \(order.offering)"
        }
    }
}
