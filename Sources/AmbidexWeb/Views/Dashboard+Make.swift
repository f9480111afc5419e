import AmbidexCore
import Foundation

extension DashboardModel {
    /// Reduces a snapshot's evidence and schedule to what the page shows.
    static func make(_ snapshot: OfficeSnapshot, horizonDays: Int) -> DashboardModel {
        let report = snapshot.report
        let upcoming = snapshot.schedule(days: horizonDays)
        let names = Dictionary(snapshot.units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let t = snapshot.totals
        let f = report.knowledgeFlow
        var flow = Flow(withinFront: f.withinFront, withinBack: f.withinBack, frontToBack: f.frontToBack, backToFront: f.backToFront,
                        betweenSessions: f.reflectionsBetweenOffices, singleRoleSessions: f.reflectionsWithinOneOffice)
        flow.standardization = f.betweenStrategies.filter { $0.from == .eto }.map { ($0.from.code, $0.to.code, $0.uses) }
        let shared = StandardEffect.sharedSignals(report.standardEffects)
        return DashboardModel(
            officeName: snapshot.name,
            asOf: t.orders == 0 ? "no orders yet" : day(report.asOf),
            totals: t.orders == 0
                ? "The store holds no orders yet. Load the demo company with `ambidex demo`, or start `ambidex serve` on a new store."
                : "\(report.orders) orders (\(report.openOrders) open) · \(t.units) units · \(t.partners) partners · "
                + "\(t.reflections) reflections · \(t.knowledgeItems) knowledge items · \(t.standards) standards",
            coverage: report.coverage.map { c in
                CoverageRow(strategy: c.strategy.code, strategyName: c.strategy.name, orders: c.orders, learningFor: c.learningFor,
                            closed: c.closedOrders, learningFrom: c.learningFrom, retrospectiveOnly: c.retrospectiveOnly,
                            openWithPhaseReview: c.openWithPhaseReview, inActionPerOrder: c.intensity.inActionPerOrder,
                            reviewsPerClosedOrder: c.intensity.reviewsPerClosedOrder, participants: c.intensity.participantsPerReflection,
                            daysToReview: c.intensity.medianDaysToReview, processSessionsPer30Days: c.intensity.processSessionsPer30Days)
            },
            coverageRule: report.coverageRule,
            units: report.ambidexterity.map { unitRow($0, names) },
            unitsByStrategy: report.ambidexterityByStrategy.map { unitRow($0, names) },
            flow: flow,
            cycleTime: cycleTime(report.cycleTime),
            standards: report.standardEffects.map { standardRow($0, explorations: snapshot.explorations, shared: shared[$0.standard] ?? []) },
            falseDiscoveryRate: SVGChart.percent(report.options.falseDiscoveryRate),
            upcoming: upcoming.prefix(60).map { a in
                ActivityRow(date: day(a.date), kind: a.kind.label, strategy: a.strategy?.code ?? "all",
                            units: a.units.map { names[$0] ?? $0.rawValue }.sorted().joined(separator: ", "), reason: a.reason)
            },
            upcomingHorizonDays: horizonDays,
            partners: snapshot.partners.map {
                PartnerRow(id: $0.id.rawValue, name: $0.name, kind: $0.kind.rawValue, orders: snapshot.ordersByPartner[$0.id] ?? 0)
            },
            snapshotVersion: snapshot.version,
            computed: snapshot.computed.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false)) + String(format: " UTC in %.1f s", snapshot.seconds))
    }

    static func unitRow(_ a: UnitAmbidexterity, _ names: [UnitID: String]) -> UnitRow {
        UnitRow(unit: names[a.unit] ?? a.unit.rawValue, strategy: a.strategy?.code ?? "all", orders: a.orders, exploration: a.exploration,
                exploitation: a.exploitation, share: a.explorationShare, target: a.targetExplorationShare, gap: a.gap,
                judgement: a.judgement.label, inMode: a.judgement == .noLearning ? nil : a.judgement == .inMode,
                balance: a.balance, combined: a.combined)
    }

    static func cycleTime(_ c: AmbidexCore.CycleTime) -> CycleTime {
        func figure(_ f: AmbidexCore.CycleTime.Figure, percent: Bool) -> String {
            let fmt = { (v: Double) in percent ? SVGChart.percent(v) : String(format: "%.0f", v) }
            guard let v = f.value else { return "not reached" }
            return "\(fmt(v)) [\(f.lower.map(fmt) ?? "–")–\(f.upper.map(fmt) ?? "not reached")]"
        }
        var model = CycleTime()
        model.rows = [("all", c.all), ("explorative", c.explorative), ("exploitative", c.exploitative)].map { name, s in
            (name, s.items, s.exploited, s.discarded, s.underWay, s.horizons.map { figure($0.exploited, percent: true) },
             s.quartilesAmongExploited.map { figure($0.days, percent: false) })
        }
        model.halfOfAll = figure(c.all.quartiles[1].days, percent: false)
        model.stuck = c.stuck
        model.stuckAfterDays = c.stuckAfterDays
        model.chart = SVGChart.incidence(c.all.curve.map { ($0.days, $0.exploited, $0.discarded) }, maxDays: 450,
                                         title: "Knowledge items exploited and discarded")
        return model
    }

    static func day(_ d: Date) -> String { d.isoDay }
}
