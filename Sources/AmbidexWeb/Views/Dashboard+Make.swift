import AmbidexCore
import Foundation

extension DashboardModel {
    /// Reduces the office's evidence and schedule to what the page shows.
    static func make(_ state: OfficeState, horizonDays: Int) async -> DashboardModel {
        let office = await state.office
        let report = await state.report
        let upcoming = await state.schedule(days: horizonDays)
        let names = Dictionary(office.units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let f = report.knowledgeFlow
        let c = report.cycleTime
        var flow = Flow(withinFront: f.withinFront, withinBack: f.withinBack, frontToBack: f.frontToBack, backToFront: f.backToFront,
                        betweenSessions: f.reflectionsBetweenOffices, singleRoleSessions: f.reflectionsWithinOneOffice)
        flow.standardization = f.betweenStrategies.filter { $0.from == .eto }.map { ($0.from.code, $0.to.code, $0.uses) }
        return DashboardModel(
            officeName: office.name,
            asOf: office.orders.isEmpty ? "no orders yet" : day(report.asOf),
            totals: office.orders.isEmpty
                ? "The store holds no orders yet. Load the demo company with `ambidex demo`, or start `ambidex serve` on a new store."
                : "\(report.orders) orders (\(report.openOrders) open) · \(office.units.count) units · \(office.partners.count) partners · "
                + "\(office.reflections.count) reflections · \(office.knowledgeItems.count) knowledge items · \(office.standards.count) standards",
            coverage: report.coverage.map {
                CoverageRow(strategy: $0.strategy.code, strategyName: $0.strategy.name, orders: $0.orders, learningFor: $0.learningFor,
                            closed: $0.closedOrders, learningFrom: $0.learningFrom)
            },
            units: report.ambidexterity.map {
                UnitRow(unit: names[$0.unit] ?? $0.unit.rawValue, orders: $0.orders, exploration: $0.exploration,
                        exploitation: $0.exploitation, balance: $0.balance, combined: $0.combined)
            },
            flow: flow,
            cycleTime: CycleTime(exploited: c.all.exploited, medianDays: c.all.medianDays, p25Days: c.all.p25Days,
                                 p75Days: c.all.p75Days, stuck: c.stuck),
            standards: report.standardEffects.map { e in
                StandardRow(id: e.standard.rawValue, name: e.name, kind: e.kind.label,
                            scope: e.strategies.map(\.code).joined(separator: ", "), adopted: day(e.adoptedAt),
                            effects: e.comparisons.map { effect($0) })
            },
            upcoming: upcoming.prefix(60).map { a in
                ActivityRow(date: day(a.date), kind: a.kind.label, strategy: a.strategy?.code ?? "all",
                            units: a.units.map { names[$0] ?? $0.rawValue }.sorted().joined(separator: ", "), reason: a.reason)
            },
            upcomingHorizonDays: horizonDays,
            partners: partnerRows(office))
    }

    static func partnerRows(_ office: LearningOffice) -> [PartnerRow] {
        let orders = Dictionary(grouping: office.orders, by: \.customer).mapValues(\.count)
        return office.partners.sorted { ($0.kind.rawValue, $0.name) < ($1.kind.rawValue, $1.name) }.map {
            PartnerRow(id: $0.id.rawValue, name: $0.name, kind: $0.kind.rawValue, orders: orders[$0.id] ?? 0)
        }
    }

    static func effect(_ c: StandardEffect.Comparison) -> EffectRow {
        let rate = c.metric == .onTimeRate
        func value(_ v: Double?) -> String { v.map { rate ? String(format: "%.0f%%", $0 * 100) : String(format: "%.2f", $0) } ?? "–" }
        func signed(_ v: Double?) -> String { v.map { rate ? String(format: "%+.0f pts", $0 * 100) : String(format: "%+.2f", $0) } ?? "–" }
        return EffectRow(metric: c.metric.label, before: value(c.before), after: value(c.after), difference: signed(c.difference),
                         interval: c.interval.map { "[\(signed($0.lower)), \(signed($0.upper))]" } ?? (c.note ?? "–"),
                         better: c.clearlyBetter ? true : c.clearlyWorse ? false : nil,
                         counts: "\(c.nBefore) / \(c.nAfter)")
    }

    static func day(_ d: Date) -> String { d.isoDay }
}
