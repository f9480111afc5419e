import AmbidexCore
import Foundation

extension DemoGenerator {
    mutating func makeStandards() {
        makeModuleStandard()
        makePackingProcedure()
        makeOtherStandards()
    }

    /// (a) Standardization: repeated ETO "custom flange" work becomes a
    /// module for CTO and ATO. Its provenance is the ETO knowledge behind it.
    mutating func makeModuleStandard() {
        let tl = DemoCompany.Timeline.self
        let etoFlange = orders.indices.filter {
            orders[$0].strategy == .eto && orders[$0].customization["drive interface"] == "custom flange"
                && dayIndex(orders[$0].received) < tl.moduleProposed - 120
        }
        var provenance: [KnowledgeItemID] = []
        for (k, oi) in etoFlange.prefix(4).enumerated() {
            let order = orders[oi]
            let engineering = crew[oi].first { $0.0 == "U-eng" } ?? ("U-eng", .front)
            var item = KnowledgeItem(id: KnowledgeItemID("K-flange-\(k + 1)"), title: "Flange interface solved again on \(order.id)",
                                     orientation: .explorative, origin: .orders([order.id]), originUnit: engineering.0,
                                     originRole: engineering.1, originStrategy: .eto, acquired: order.received.adding(days: 5))
            let uses: [KnowledgeItem.Use] = [
                .init(unit: "U-prod", role: .back, strategy: .cto, date: day(tl.moduleAdopted + 5)),
                .init(unit: "U-sales", role: .front, strategy: .ato, date: day(tl.moduleAdopted + 10)),
                .init(unit: "U-plan", role: .back, strategy: .cto, date: day(tl.moduleAdopted + 12)),
            ]
            try! item.advance(to: .assimilated, at: day(tl.moduleProposed - 60 + Double(k)))
            try! item.advance(to: .transformed, at: day(tl.moduleProposed))
            for use in uses { try! item.recordUse(use) }
            try! item.advance(to: .exploited, at: day(tl.moduleAdopted + 30))
            items.append(item)
            provenance.append(item.id)
        }
        var module = try! Standard(id: DemoCompany.moduleStandard, name: "Standard drive-interface module (from ETO flanges)",
                                   kind: .module, scope: .init(strategies: [.cto, .ato], units: ["U-eng", "U-prod", "U-sales"]), provenance: provenance,
                                   proposedAt: day(tl.moduleProposed), note: "captures the ETO custom-flange designs as one module")
        try! module.adopt(at: day(tl.moduleAdopted))
        try! module.revise(at: day(tl.moduleAdopted + 120), note: "adds the 690 V variant")
        for order in orders where (order.strategy == .cto || order.strategy == .ato) && order.received >= day(tl.moduleAdopted) {
            try! module.apply(.init(order: order.id, date: order.received.adding(days: 1), deviated: rngKnowledge.chance(0.06)), to: order)
        }
        standards.append(module)
    }

    /// (b) Standards back into exploration: a packing procedure for MTS and
    /// MTO works, then fails as product variants grow, is retired, and a
    /// developmental item starts the search for its successor.
    mutating func makePackingProcedure() {
        let tl = DemoCompany.Timeline.self
        var procedure = try! Standard(id: DemoCompany.failingStandard, name: "Packing and labelling procedure",
                                      kind: .procedure, scope: .init(strategies: [.mts, .mto], units: ["U-log", "U-prod"]), provenance: [],
                                      proposedAt: day(tl.packingAdopted - 20))
        try! procedure.adopt(at: day(tl.packingAdopted))
        let retired = day(tl.packingRetired)
        for order in orders where (order.strategy == .mts || order.strategy == .mto) && order.received >= day(tl.packingAdopted) && order.received < retired {
            let deviated = rngKnowledge.chance(failingDeviationChance(at: dayIndex(order.received)))
            try! procedure.apply(.init(order: order.id, date: order.received, deviated: deviated,
                                       note: deviated ? "labels do not fit the new variant" : nil), to: order)
        }
        try! procedure.retire(at: retired, reason: "deviated from on nearly half of its orders: labels and cartons no longer fit the product range")
        standards.append(procedure)
        var item = KnowledgeItem(id: DemoCompany.explorationAfterFailure, title: "Explore variant-independent packing",
                                 orientation: .explorative, origin: .failingStandard(procedure.id), originUnit: "U-log",
                                 originRole: .back, originStrategy: .mts, acquired: retired.adding(days: 2))
        advance(&item, explorative: true, sourceStrategy: .mts,
                forcedUses: [.init(unit: "U-sales", role: .front, strategy: .mts, date: retired.adding(days: 80))],
                exploitBy: retired.adding(days: 110))
        items.append(item)
    }

    mutating func makeOtherStandards() {
        let specs: [(String, String, Standard.Kind, Set<DeliveryStrategy>, Set<UnitID>, Double)] = [
            ("S-eto-handover", "ETO engineering-to-production hand-over", .coordinationMechanism, [.eto], ["U-eng", "U-prod"], 120),
            ("S-cto-rules", "Configurator rule set v2", .configurationOption, [.cto], ["U-sales"], 200),
            ("S-mto-routing", "MTO standard routing", .routine, [.mto], ["U-prod", "U-plan"], 150),
            ("S-ato-kitting", "ATO kitting procedure", .procedure, [.ato], ["U-log", "U-prod"], 480),
        ]
        for (id, name, kind, strategies, units, adoptedDay) in specs {
            var s = try! Standard(id: StandardID(id), name: name, kind: kind, scope: .init(strategies: strategies, units: units),
                                  provenance: items.filter { $0.originStrategy.map(strategies.contains) == true && $0.stage == .exploited }
                                      .prefix(2).map(\.id),
                                  proposedAt: day(adoptedDay - 30))
            try! s.adopt(at: day(adoptedDay))
            for order in orders where strategies.contains(order.strategy) && order.received >= day(adoptedDay) {
                if rngKnowledge.chance(0.8) {
                    try! s.apply(.init(order: order.id, date: order.received.adding(days: 0.5), deviated: rngKnowledge.chance(0.07)), to: order)
                }
            }
            standards.append(s)
        }
        // A proposal still waiting for a decision.
        standards.append(try! Standard(id: "S-service-kit", name: "Remote-monitoring service kit", kind: .module,
                                       scope: .init(strategies: [.eto, .cto]), provenance: [], proposedAt: day(DemoCompany.horizonDays - 20)))
    }
}
