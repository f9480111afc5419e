import AmbidexCore
import Foundation

/// The evidence as plain text for a terminal: aligned tables, one per question.
enum ReportText {
    static func render(_ r: EvidenceReport, office: LearningOffice) -> String {
        let names = Dictionary(office.units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var out = "\(r.office) — evidence as of \(day(r.asOf))\n\(r.orders) orders, \(r.openOrders) open\n"

        out += "\nLearning for and from orders, by strategy (P2)\n"
        out += table(["strategy", "orders", "for (in action)", "closed", "from (on action)"],
                     r.coverage.map { [$0.strategy.code, "\($0.orders)", pct($0.learningFor), "\($0.closedOrders)", pct($0.learningFrom)] })

        out += "\nAmbidexterity per unit, all orders (X exploration, Y exploitation; balance 1−|X−Y|, combined X·Y)\n"
        out += table(["unit", "orders", "X", "Y", "balance", "combined"],
                     r.ambidexterity.map { [names[$0.unit] ?? $0.unit.rawValue, "\($0.orders)", pct($0.exploration), pct($0.exploitation),
                                            f2($0.balance), f2($0.combined)] })
        if let latest = r.ambidexterityByPeriod.last?.period {
            out += "\nAmbidexterity per unit, \(latest)\n"
            out += table(["unit", "orders", "X", "Y", "balance", "combined"],
                         r.ambidexterityByPeriod.filter { $0.period == latest }.map {
                             [names[$0.unit] ?? $0.unit.rawValue, "\($0.orders)", pct($0.exploration), pct($0.exploitation), f2($0.balance), f2($0.combined)]
                         })
        }

        let f = r.knowledgeFlow
        out += "\nKnowledge flow (uses of knowledge items, by origin role → user role) (P5)\n"
        out += table(["flow", "uses"], [["within front office", "\(f.withinFront)"], ["within back office", "\(f.withinBack)"],
                                        ["front → back office", "\(f.frontToBack)"], ["back → front office", "\(f.backToFront)"],
                                        ["reflections joining both roles", "\(f.reflectionsBetweenOffices)"],
                                        ["reflections within one role", "\(f.reflectionsWithinOneOffice)"]])
        let fromETO = f.betweenStrategies.filter { $0.from == .eto }
        if !fromETO.isEmpty {
            out += "standardization, ETO knowledge used under: " + fromETO.map { "\($0.to.code) \($0.uses)" }.joined(separator: ", ") + "\n"
        }

        let c = r.cycleTime
        out += "\nCycle time from acquisition to exploitation (days)\n"
        out += table(["items", "exploited", "median", "p25", "p75"], [
            ["all", "\(c.all.exploited)", days(c.all.medianDays), days(c.all.p25Days), days(c.all.p75Days)],
            ["explorative", "\(c.explorative.exploited)", days(c.explorative.medianDays), days(c.explorative.p25Days), days(c.explorative.p75Days)],
            ["exploitative", "\(c.exploitative.exploited)", days(c.exploitative.medianDays), days(c.exploitative.p25Days), days(c.exploitative.p75Days)],
        ])
        out += "\(c.stuck) items still under way after more than \(c.stuckAfterDays) days\n"

        out += "\nEffect of adopted standards (orders in scope, \(r.standardEffects.first?.windowDays ?? 180) days before vs after adoption; 95% bootstrap interval)\n"
        for e in r.standardEffects {
            out += "\n\(e.name) [\(e.standard)] — \(e.kind.label) for \(e.strategies.map(\.code).joined(separator: ", ")), adopted \(day(e.adoptedAt))\n"
            out += table(["metric", "before", "after", "difference", "95% interval", "n before/after", "verdict"], e.comparisons.map { cmp in
                [cmp.metric.label, num(cmp.before, cmp.metric), num(cmp.after, cmp.metric), signed(cmp.difference, cmp.metric),
                 cmp.interval.map { "[\(signed($0.lower, cmp.metric)), \(signed($0.upper, cmp.metric))]" } ?? (cmp.note ?? "–"),
                 "\(cmp.nBefore)/\(cmp.nAfter)", cmp.clearlyBetter ? "better" : cmp.clearlyWorse ? "worse" : "no clear change"]
            })
        }
        return out
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0.indices.contains(i) ? $0[i].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == 0 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: max(0, widths[i] - c.count)) + c
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")] + rows.map(line))
            .joined(separator: "\n") + "\n"
    }

    static func pct(_ v: Double) -> String { String(format: "%.0f%%", v * 100) }
    static func f2(_ v: Double) -> String { String(format: "%.2f", v) }
    static func days(_ v: Double?) -> String { v.map { String(format: "%.0f", $0) } ?? "–" }
    static func num(_ v: Double?, _ m: StandardEffect.Metric) -> String {
        guard let v else { return "–" }
        return m == .onTimeRate ? pct(v) : String(format: "%.2f", v)
    }
    static func signed(_ v: Double?, _ m: StandardEffect.Metric) -> String {
        guard let v else { return "–" }
        return m == .onTimeRate ? String(format: "%+.0f pts", v * 100) : String(format: "%+.2f", v)
    }

    static func day(_ d: Date) -> String { d.isoDay }
}
