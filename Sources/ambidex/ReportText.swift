import AmbidexCore
import Foundation

/// The evidence as plain text for a terminal: aligned tables, one per question.
enum ReportText {
    static func render(_ r: EvidenceReport, units: [AmbidexCore.Unit]) -> String {
        let names = Dictionary(units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func unit(_ id: UnitID) -> String { names[id] ?? id.rawValue }
        var out = "\(r.office) — evidence as of \(day(r.asOf))\n\(r.orders) orders, \(r.openOrders) open\n"

        out += "\nLearning for and from orders, by strategy (P2)\n"
        out += table(["strategy", "orders", "for (in action)", "closed", "from (specific)", "retrospective only", "open with gate review"],
                     r.coverage.map { [$0.strategy.code, "\($0.orders)", pct($0.learningFor), "\($0.closedOrders)", pct($0.learningFrom),
                                       pct($0.retrospectiveOnly), "\($0.openWithPhaseReview)"] })
        out += "Rule: \(r.coverageRule)\n"
        out += "\nIntensity of learning, by strategy\n"
        out += table(["strategy", "in action / order", "reviews / closed", "participants", "days to review", "process sessions", "per 30 days"],
                     r.coverage.map { c in
                         let i = c.intensity
                         return [c.strategy.code, f2(i.inActionPerOrder), f2(i.reviewsPerClosedOrder), f1(i.participantsPerReflection),
                                 days(i.medianDaysToReview), "\(i.processSessions)", f1(i.processSessionsPer30Days)]
                     })

        out += "\nAmbidexterity per unit (X exploration, Y exploitation; judged against the mode its strategies call for)\n"
        out += ambidexterity(r.ambidexterity, unit: unit, strategyColumn: false)
        out += "\nAmbidexterity per unit and strategy (target share of exploration: ETO/CTO \(pct(r.options.ambidexterityTargets.explorativeMode)), "
            + "MTS/ATO/MTO \(pct(r.options.ambidexterityTargets.exploitativeMode)))\n"
        out += ambidexterity(r.ambidexterityByStrategy, unit: unit, strategyColumn: true)

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

        out += cycleTime(r.cycleTime)
        out += standards(r)
        return out
    }

    static func ambidexterity(_ rows: [UnitAmbidexterity], unit: (UnitID) -> String, strategyColumn: Bool) -> String {
        let header = ["unit"] + (strategyColumn ? ["strategy"] : []) + ["orders", "X", "Y", "share X", "target", "gap", "judgement", "balance", "combined"]
        return table(header, rows.map { a in
            [unit(a.unit)] + (strategyColumn ? [a.strategy?.code ?? "all"] : [])
                + ["\(a.orders)", pct(a.exploration), pct(a.exploitation), a.explorationShare.map(pct) ?? "–", pct(a.targetExplorationShare),
                   a.gap.map { String(format: "%+.0f pts", $0 * 100) } ?? "–", a.judgement.label, f2(a.balance), f2(a.combined)]
        })
    }

    static func cycleTime(_ c: CycleTime) -> String {
        var out = "\nFrom acquisition to exploitation (days; items under way censored, discarding a competing risk)\n"
        func figure(_ v: CycleTime.Figure, percent: Bool = false) -> String {
            let fmt = { (x: Double) in percent ? pct(x) : String(format: "%.0f", x) }
            guard let value = v.value else { return "not reached" }
            return "\(fmt(value)) [\(v.lower.map(fmt) ?? "–"), \(v.upper.map(fmt) ?? "not reached")]"
        }
        let rows = [("all", c.all), ("explorative", c.explorative), ("exploitative", c.exploitative)].map { name, s in
            [name, "\(s.items)", "\(s.exploited)", "\(s.discarded)", "\(s.underWay)"]
                + s.horizons.map { figure($0.exploited, percent: true) }
                + s.quartilesAmongExploited.map { figure($0.days) }
        }
        out += table(["items", "n", "exploited", "discarded", "under way"] + CycleTime.horizonDays.map { "by \($0) d" }
                     + ["p25 (exploited)", "median", "p75"], rows)
        out += "Median time until half of all items are exploited: \(figure(c.all.quartiles[1].days)); share ever exploited so far \(figure(c.all.everExploited, percent: true)).\n"
        out += "\(c.stuck) items still under way after more than \(c.stuckAfterDays) days\n"
        return out
    }

    static func standards(_ r: EvidenceReport) -> String {
        let shared = StandardEffect.sharedSignals(r.standardEffects)
        var out = "\nEffect of adopted standards (\(pct(r.options.falseDiscoveryRate)) false discovery rate across \(r.standardEffects.flatMap(\.metrics).filter { $0.estimate != nil }.count) estimates; 95% intervals from resampling whole weeks)\n"
        for e in r.standardEffects {
            out += "\n\(e.name) [\(e.standard)] — \(e.kind.label) for \(e.strategies.map(\.code).joined(separator: ", ")), adopted \(day(e.adoptedAt))"
                + (e.retiredAt.map { ", retired \(day($0))" } ?? "") + "\n"
            for note in e.notes { out += "  · \(note)\n" }
            out += table(["metric", "method", "effect", "95% interval", "p (adjusted)", "n after", "claim"], e.metrics.map { m in
                let methods = m.strata.map { "\($0.strategy.code) \(short($0.method))" }.joined(separator: ", ")
                guard let est = m.estimate else { return [m.metric.label, methods, "–", "cannot tell", "–", "–", "cannot tell"] }
                return [m.metric.label, methods, signed(est.value, m.metric), "[\(signed(est.lower, m.metric)), \(signed(est.upper, m.metric))]",
                        String(format: "%.3f (%.3f)", est.p, m.adjustedP ?? 1), "\(m.strata.filter { $0.estimate != nil }.reduce(0) { $0 + $1.ordersAfter })",
                        m.adjustedVerdict.label + (m.verdict != m.adjustedVerdict ? " (\(m.verdict.label) before adjustment)" : "")]
            })
            for m in e.metrics {
                if let why = m.cannotTell { out += "  \(m.metric.label): cannot tell — \(why)\n" }
                for c in m.caveats { out += "  \(m.metric.label): \(c)\n" }
            }
            out += "  Monitoring: " + monitoring(e) + (shared[e.standard].map { "; flagged at about the same time as " + $0.map(\.rawValue).joined(separator: ", ")
                + " on the same strategies (the cause may be either)" } ?? "") + "\n"
        }
        let retired = r.retiredStandards
        if !retired.isEmpty {
            out += "\nRetired standards and what monitoring said\n"
            out += table(["standard", "adopted", "retired", "monitoring", "reason"], retired.map {
                [$0.name, day($0.adoptedAt), $0.retiredAt.map(day) ?? "–", monitoring($0), $0.retirementReason ?? ""]
            })
        }
        return out
    }

    static func monitoring(_ e: StandardEffect) -> String {
        let worse = e.monitoring.compactMap { c in c.firstWorse.map { "\(c.metric.label) worse from the week to \(day($0.date))" } }
        if !worse.isEmpty { return worse.joined(separator: "; ") }
        if let note = e.monitoring.compactMap(\.note).first, e.monitoring.allSatisfy({ $0.note != nil }) { return "not yet: \(note)" }
        return "no shift for the worse"
    }

    static func short(_ m: StandardEffect.Method) -> String {
        switch m {
        case .differenceInDifferences: "DiD"
        case .comparativeTimeSeries: "CITS"
        case .interruptedTimeSeries: "ITS"
        case .cannotTell: "cannot tell"
        }
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
    static func f1(_ v: Double) -> String { String(format: "%.1f", v) }
    static func f2(_ v: Double) -> String { String(format: "%.2f", v) }
    static func days(_ v: Double?) -> String { v.map { String(format: "%.0f", $0) } ?? "–" }
    static func signed(_ v: Double, _ m: StandardEffect.Metric) -> String {
        m == .onTimeRate ? String(format: "%+.0f pts", v * 100) : String(format: "%+.2f", v)
    }

    static func day(_ d: Date) -> String { d.isoDay }
}
