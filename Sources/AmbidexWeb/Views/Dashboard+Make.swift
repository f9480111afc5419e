import AmbidexCore
import Foundation

extension DashboardModel {
    /// Reduces the office's evidence and schedule to what the page shows.
    static func make(_ state: OfficeState, horizonDays: Int) async -> DashboardModel {
        let office = await state.office
        let report = await state.report
        let upcoming = await state.schedule(days: horizonDays)
        return make(office: office, report: report, upcoming: upcoming, horizonDays: horizonDays)
    }

    static func make(office: LearningOffice, report: EvidenceReport, upcoming: [LearningActivity], horizonDays: Int) -> DashboardModel {
        let names = Dictionary(office.units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let f = report.knowledgeFlow
        var flow = Flow(withinFront: f.withinFront, withinBack: f.withinBack, frontToBack: f.frontToBack, backToFront: f.backToFront,
                        betweenSessions: f.reflectionsBetweenOffices, singleRoleSessions: f.reflectionsWithinOneOffice)
        flow.standardization = f.betweenStrategies.filter { $0.from == .eto }.map { ($0.from.code, $0.to.code, $0.uses) }
        let shared = StandardEffect.sharedSignals(report.standardEffects)
        return DashboardModel(
            officeName: office.name,
            asOf: office.orders.isEmpty ? "no orders yet" : day(report.asOf),
            totals: office.orders.isEmpty
                ? "The store holds no orders yet. Load the demo company with `ambidex demo`, or start `ambidex serve` on a new store."
                : "\(report.orders) orders (\(report.openOrders) open) · \(office.units.count) units · \(office.partners.count) partners · "
                + "\(office.reflections.count) reflections · \(office.knowledgeItems.count) knowledge items · \(office.standards.count) standards",
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
            standards: report.standardEffects.map { standardRow($0, office: office, shared: shared[$0.standard] ?? []) },
            falseDiscoveryRate: SVGChart.percent(report.options.falseDiscoveryRate),
            upcoming: upcoming.prefix(60).map { a in
                ActivityRow(date: day(a.date), kind: a.kind.label, strategy: a.strategy?.code ?? "all",
                            units: a.units.map { names[$0] ?? $0.rawValue }.sorted().joined(separator: ", "), reason: a.reason)
            },
            upcomingHorizonDays: horizonDays,
            partners: partnerRows(office))
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

    static func partnerRows(_ office: LearningOffice) -> [PartnerRow] {
        let orders = Dictionary(grouping: office.orders, by: \.customer).mapValues(\.count)
        return office.partners.sorted { ($0.kind.rawValue, $0.name) < ($1.kind.rawValue, $1.name) }.map {
            PartnerRow(id: $0.id.rawValue, name: $0.name, kind: $0.kind.rawValue, orders: orders[$0.id] ?? 0)
        }
    }

    static func day(_ d: Date) -> String { d.isoDay }
}
