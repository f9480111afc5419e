import AmbidexCore
import Foundation

extension DemoGenerator {
    /// Every standard of the scenario, adopted, applied and (some) retired on
    /// the scenario's days, plus a proposal still waiting for a decision.
    mutating func makeStandards() {
        for plan in scenario.standards {
            var standard = plan.id == DemoCompany.moduleStandard ? makeModule(plan) : proposed(plan)
            try! standard.adopt(at: day(plan.adoptedDay))
            if plan.id == DemoCompany.moduleStandard, plan.adoptedDay + 120 < DemoCompany.horizonDays {
                try! standard.revise(at: day(plan.adoptedDay + 120), note: "adds the 690 V variant")
            }
            applyToOrders(&standard, plan)
            if let retired = plan.retiredDay, retired < DemoCompany.horizonDays {
                try! standard.retire(at: day(retired), reason: plan.retirementReason)
            }
            if case .harm = plan.effect { respondToFailure(standard, plan) }
            standards.append(standard)
        }
        standards.append(try! Standard(id: "S-service-kit", name: "Remote-monitoring service kit", kind: .module,
                                       scope: .init(strategies: [.eto, .cto]), provenance: [], proposedAt: day(DemoCompany.horizonDays - 20)))
    }

    func proposed(_ plan: DemoScenario.StandardPlan) -> Standard {
        let provenance = items.filter { $0.originStrategy.map(plan.strategies.contains) == true && $0.stage == .exploited }.prefix(2).map(\.id)
        return try! Standard(id: plan.id, name: plan.name, kind: plan.kind, scope: .init(strategies: plan.strategies, units: plan.units),
                             provenance: Array(provenance), proposedAt: day(max(0, plan.adoptedDay - 30)))
    }

    /// Standardization: repeated ETO "custom flange" work becomes a module for
    /// CTO and ATO. Its provenance is the ETO knowledge behind it.
    mutating func makeModule(_ plan: DemoScenario.StandardPlan) -> Standard {
        let proposedDay = plan.adoptedDay - 65
        let etoFlange = orders.indices.filter {
            orders[$0].strategy == .eto && orders[$0].customization["drive interface"] == "custom flange"
                && dayIndex(orders[$0].received) < proposedDay - 120
        }
        var provenance: [KnowledgeItemID] = []
        for (k, oi) in etoFlange.prefix(4).enumerated() {
            let order = orders[oi]
            let engineering = crew[oi].first { $0.0 == "U-eng" } ?? ("U-eng", .front)
            var item = KnowledgeItem(id: KnowledgeItemID("K-flange-\(k + 1)"), title: "Flange interface solved again on \(order.id)",
                                     orientation: .explorative, origin: .orders([order.id]), originUnit: engineering.0,
                                     originRole: engineering.1, originStrategy: .eto, acquired: order.received.adding(days: 5))
            let uses: [KnowledgeItem.Use] = [
                .init(unit: "U-prod", role: .back, strategy: .cto, date: day(plan.adoptedDay + 5)),
                .init(unit: "U-sales", role: .front, strategy: .ato, date: day(plan.adoptedDay + 10)),
                .init(unit: "U-plan", role: .back, strategy: .cto, date: day(plan.adoptedDay + 12)),
            ]
            try! item.advance(to: .assimilated, at: max(item.acquiredAt, day(proposedDay - 60 + Double(k))))
            try! item.advance(to: .transformed, at: day(proposedDay))
            for use in uses where use.date <= end { try! item.recordUse(use) }
            if plan.adoptedDay + 30 <= DemoCompany.horizonDays { try! item.advance(to: .exploited, at: day(plan.adoptedDay + 30)) }
            items.append(item)
            provenance.append(item.id)
        }
        return try! Standard(id: plan.id, name: plan.name, kind: plan.kind, scope: .init(strategies: plan.strategies, units: plan.units),
                             provenance: provenance, proposedAt: day(proposedDay), note: "captures the ETO custom-flange designs as one module")
    }

    /// Applications while the standard is in force: on a share of the orders
    /// in scope, of which some were checked by a unit of the scope that
    /// worked on the order (and deviations found) and the rest recorded
    /// automatically because the order is in scope.
    mutating func applyToOrders(_ standard: inout Standard, _ plan: DemoScenario.StandardPlan) {
        let lag = plan.kind == .module ? 1.0 : 0.5
        for (i, order) in orders.enumerated() where plan.strategies.contains(order.strategy) {
            let t = dayIndex(order.received)
            guard plan.inForce(atDay: t), rngKnowledge.chance(plan.appliedShare) else { continue }
            let checked = rngKnowledge.chance(plan.checkedShare)
            let deviated = checked && rngKnowledge.chance(plan.effect.deviationShare(atDay: t))
            let by = checked ? crew[i].map(\.0).first { plan.units.contains($0) } : nil
            try! standard.apply(.init(order: order.id, date: order.received.adding(days: lag), deviated: deviated,
                                      note: deviated ? "work did not follow the procedure" : nil, automatic: !checked, appliedBy: by),
                                to: order)
        }
    }

    /// Standards back into exploration: when monitoring flags the standard
    /// for the worse, the office holds an improvement initiative and opens an
    /// explorative item to find its successor (the showcase's packing
    /// procedure, retired later when the successor is ready).
    mutating func respondToFailure(_ standard: Standard, _ plan: DemoScenario.StandardPlan) {
        let asOf = end
        let unitsByOrder = Dictionary(uniqueKeysWithValues: orders.indices.map { (orders[$0].id, Set(crew[$0].map(\.0))) })
        let office = LearningOffice(name: "", orders: orders, standards: [standard])
        let slice = EffectObservation.monitoringSlice(office, standard: standard, asOf: asOf, unitsByOrder: unitsByOrder)
        let changes = scenario.standards.flatMap { p -> [OfficeChange] in
            [OfficeChange(date: day(p.adoptedDay), standard: p.id, kind: .adoption, strategies: p.strategies)]
                + (p.retiredDay.map { [OfficeChange(date: day($0), standard: p.id, kind: .retirement, strategies: p.strategies)] } ?? [])
        }.filter { $0.date <= asOf }
        let flagged = Monitoring.charts(standard, observations: slice, asOf: asOf, changes: changes)
            .compactMap { c in c.firstWorse.map { (metric: c.metric, signal: $0) } }.min { $0.signal.date < $1.signal.date }
            ?? plan.retiredDay.map { (metric: StandardEffect.Metric.reworkCount, signal: MonitoringChart.Signal(date: day($0 - 15), side: .worse)) }
        guard let flagged, flagged.signal.date <= end else { return }
        failureResponses.append((standard.id, flagged.signal.date))
        let successorReady = plan.retiredDay.map { day($0 + 110) } ?? flagged.signal.date.adding(days: 200)
        // The office opens the explorative item the signal calls for (as the schedule's improvement initiative proposes).
        guard var item = Monitoring.explorationItem(
            for: standard, signal: flagged.signal, metric: flagged.metric,
            id: standard.id == DemoCompany.failingStandard ? DemoCompany.explorationAfterFailure : nil,
            title: standard.id == DemoCompany.failingStandard ? "Explore variant-independent packing" : nil, unit: "U-log") else { return }
        advance(&item, explorative: true, sourceStrategy: plan.strategies.min() ?? .mts,
                forcedUses: [.init(unit: "U-sales", role: .front, strategy: plan.strategies.min(), date: successorReady.adding(days: -30))],
                exploitBy: successorReady)
        items.append(item)
    }
}
