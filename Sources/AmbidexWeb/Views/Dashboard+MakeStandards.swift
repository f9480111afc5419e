import AmbidexCore
import Foundation

extension DashboardModel {
    static let strataColors = ["#2b6cb0", "#d9622b", "#6b46c1", "#2f855a", "#b7791f"]

    static func standardRow(_ e: StandardEffect, explorations: [OfficeSnapshot.Exploration], shared: [StandardID] = []) -> StandardRow {
        let colors = Dictionary(uniqueKeysWithValues: e.design.strata.enumerated().map { ($0.element.strategy, strataColors[$0.offset % strataColors.count]) })
        return StandardRow(
            id: e.standard.rawValue, name: e.name, kind: e.kind.label,
            scope: e.strategies.map(\.code).joined(separator: ", ") + (e.units.isEmpty ? "" : " · units \(e.units.map(\.rawValue).joined(separator: ", "))"),
            adopted: day(e.adoptedAt), retired: e.retiredAt.map(day), retirementReason: e.retirementReason,
            notes: e.notes,
            effects: e.metrics.map(effectRow),
            eventStudies: e.metrics.map { m in
                Chart(metric: m.metric.label, svg: SVGChart.eventStudy(m.strata.compactMap { s in
                    let points = s.eventStudy.compactMap { p in p.estimate.map { (p.month, $0.value, $0.lower, $0.upper) } }
                    guard !points.isEmpty else { return nil }
                    return SVGChart.EventSeries(name: s.strategy.code, color: colors[s.strategy] ?? "#2b6cb0", points: points,
                                                trend: s.preLine.map { ($0.intercept, $0.slope) })
                }, title: "\(m.metric.label): gap by month", format: { value($0, m.metric, signed: true) }))
            },
            monitoring: e.monitoring.map { c in
                Chart(metric: c.metric.label, svg: SVGChart.cusum(
                    c.points.map { .init(week: $0.week, worse: $0.cusumWorse, better: $0.cusumBetter, baseline: $0.baseline) },
                    threshold: c.threshold, signals: c.signals.map { ($0.date, $0.side == .worse) }, end: c.end,
                    title: "\(c.metric.label): CUSUM by delivery week"))
            },
            monitoringSummary: monitoringSummary(e, explorations: explorations, shared: shared))
    }

    static func effectRow(_ m: StandardEffect.MetricEffect) -> EffectRow {
        let methods = m.strata.map { s in "\(s.strategy.code): \(s.method.label)" + (s.reason.map { " (\($0))" } ?? "") }.joined(separator: "; ")
        guard let e = m.estimate else {
            return EffectRow(metric: m.metric.label, methods: methods, effect: "–", interval: "cannot tell", p: "–", claim: "cannot tell",
                             better: nil, orders: "–", caveats: (m.cannotTell.map { ["Cannot tell: \($0)."] } ?? []) + m.caveats)
        }
        let claim = m.adjustedVerdict.label + (m.verdict != m.adjustedVerdict ? " (\(m.verdict.label) before adjusting for the number of tests)" : "")
        return EffectRow(metric: m.metric.label, methods: methods, effect: value(e.value, m.metric, signed: true),
                         interval: "[\(value(e.lower, m.metric, signed: true)), \(value(e.upper, m.metric, signed: true))]",
                         p: String(format: "%.3f / %.3f", e.p, m.adjustedP ?? 1), claim: claim,
                         better: m.adjustedVerdict == .better ? true : m.adjustedVerdict == .worse ? false : nil,
                         orders: m.strata.map { "\($0.strategy.code) \($0.ordersBefore) → \($0.ordersAfter)" }.joined(separator: ", "),
                         caveats: m.caveats)
    }

    /// What monitoring said, and what the office did about it: the exploration item opened after the standard failed.
    static func monitoringSummary(_ e: StandardEffect, explorations: [OfficeSnapshot.Exploration], shared: [StandardID] = []) -> String {
        let worse = e.monitoring.compactMap { c in c.firstWorse.map { (c.metric, $0) } }.sorted { $0.1.date < $1.1.date }
        let explored = explorations.filter { $0.standard == e.standard }
        var text: String
        if let first = worse.first {
            text = "Monitoring flagged " + worse.map { "\($0.0.label) for the worse in the week to \(day($0.1.date))" }.joined(separator: ", ")
                + ": a sporadic trigger (P1) for an improvement initiative."
                + (shared.isEmpty ? "" : " " + shared.map(\.rawValue).joined(separator: ", ")
                   + " was flagged at about the same time on the same strategies: the orders got worse, and the cause may be either standard.")
            if let item = explored.first {
                text += " Exploration item \(item.item) (\"\(item.title)\") opened \(day(item.acquired))."
            } else {
                text += " An exploration item is to be opened (\(Monitoring.explorationItemID(e.standard, date: first.1.date)))."
            }
        } else if e.monitoring.allSatisfy({ $0.note != nil }) {
            text = "Not monitored yet: \(e.monitoring.compactMap(\.note).first ?? "no baseline")."
        } else {
            text = "No shift for the worse since adoption."
        }
        if let retired = e.retiredAt { text += " Retired \(day(retired))" + (e.retirementReason.map { ": \($0)." } ?? ".") }
        return text
    }

    static func value(_ v: Double, _ m: StandardEffect.Metric, signed: Bool) -> String {
        if m == .onTimeRate { return String(format: signed ? "%+.0f pts" : "%.0f%%", v * 100) }
        return String(format: signed ? "%+.2f" : "%.2f", v)
    }
}
