import Foundation

/// Turns one metric's point figures and bootstrap replicates into what the
/// report says: a method per stratum, the strata combined, and why the
/// estimate may still be wrong — or why there is none.
struct MetricEstimate {
    let panel: EffectPanel
    let design: EffectDesign
    let keys: [[Int]]
    let point: [EffectPanel.Values]
    let replicates: [[EffectPanel.Values]]
    let excluded: [[EffectDesign.Exclusion]]
    let settings: StandardEffect.Settings
    let asOf: Date

    typealias Effect = StandardEffect

    var metric: Effect.Metric { panel.metric }
    var asked: Int { settings.resamples }

    func estimate(_ value: Double, _ reps: [Double], minimumShare: Double = 0.95) -> Estimate? {
        Estimate.from(value, replicates: reps, asked: asked, minimumShare: minimumShare)
    }

    func effect() -> Effect.MetricEffect {
        var strata: [Effect.StratumEffect] = []
        var chosen: [(weight: Double, point: Double, reps: [Double], strategy: DeliveryStrategy)] = []
        var caveats: [String] = [], reasons: [String] = []
        for ds in design.strata {
            if let blocker = ds.blocker {
                strata.append(cannotTell(ds.strategy, blocker))
                reasons.append("\(ds.strategy.code): \(blocker)")
                continue
            }
            guard let i = panel.strata.firstIndex(where: { $0.strategy == ds.strategy }) else { continue }
            let (stratum, note) = estimateStratum(i)
            strata.append(stratum)
            if let e = stratum.estimate {
                let method = stratum.method
                chosen.append((Double(stratum.ordersAfter), e.value,
                               replicates[i].map { method == .differenceInDifferences ? $0.differenceInDifferences : $0.timeSeries },
                               ds.strategy))
                if let note { caveats.append(note) }
            } else {
                reasons.append("\(ds.strategy.code): \(stratum.reason ?? "no estimate")")
            }
        }
        caveats += metricCaveats(strata)
        guard !chosen.isEmpty else {
            return Effect.MetricEffect(metric: metric, estimate: nil, cannotTell: reasons.joined(separator: "; "), verdict: .cannotTell,
                                       adjustedP: nil, adjustedVerdict: .cannotTell, strata: strata, caveats: caveats)
        }
        if !reasons.isEmpty {
            caveats.insert("Covers \(chosen.map(\.strategy.code).joined(separator: ", ")) only; " + reasons.joined(separator: "; ") + ".", at: 0)
        }
        let total = chosen.reduce(0) { $0 + $1.weight }
        let value = chosen.reduce(0) { $0 + $1.weight * $1.point } / total
        let reps = (0..<asked).map { r in chosen.reduce(0) { $0 + $1.weight * $1.reps[r] } / total }
        guard let combined = estimate(value, reps) else {
            return Effect.MetricEffect(metric: metric, estimate: nil, cannotTell: "too few orders in some weeks to resample",
                                       verdict: .cannotTell, adjustedP: nil, adjustedVerdict: .cannotTell, strata: strata, caveats: caveats)
        }
        return Effect.MetricEffect(metric: metric, estimate: combined, cannotTell: nil, verdict: verdict(combined),
                                   adjustedP: nil, adjustedVerdict: .unclear, strata: strata, caveats: caveats)
    }

    func verdict(_ e: Estimate) -> Effect.Verdict {
        let improved = metric.lowerIsBetter ? e.upper < 0 : e.lower > 0
        let worsened = metric.lowerIsBetter ? e.lower > 0 : e.upper < 0
        return improved ? .better : worsened ? .worse : .unclear
    }

    func cannotTell(_ strategy: DeliveryStrategy, _ reason: String, before: Int = 0, after: Int = 0,
                    comparison: [Effect.ComparisonGroup] = []) -> Effect.StratumEffect {
        Effect.StratumEffect(strategy: strategy, method: .cannotTell, reason: reason, estimate: nil, ordersBefore: before, ordersAfter: after,
                             before: nil, after: nil, comparison: comparison, preTrend: nil, levelChange: nil, slopeChange: nil,
                             preLine: nil, sensitivity: nil, eventStudy: [], responseBefore: nil, responseAfter: nil)
    }

    /// The stratum's estimate by the method its data allow, and the caveat that goes with that method.
    func estimateStratum(_ i: Int) -> (Effect.StratumEffect, String?) {
        let s = panel.strata[i], p = point[i], reps = replicates[i]
        let code = s.strategy.code
        let (nB, nA) = (s.treated.before.count, s.treated.after.count)
        let (wB, wA) = (s.treated.before.weeks, s.treated.after.weeks)
        let groups = s.comparisons.map { Effect.ComparisonGroup(strategy: $0.strategy, ordersBefore: $0.group.before.count, ordersAfter: $0.group.after.count) }
        let need = "\(settings.minimumOrdersPerSide) in \(settings.minimumWeeksPerSide) weeks needed"
        if nB < settings.minimumOrdersPerSide || wB < settings.minimumWeeksPerSide {
            return (cannotTell(s.strategy, "only \(nB) orders in \(wB) weeks before adoption (\(need))", before: nB, after: nA, comparison: groups), nil)
        }
        if nA < settings.minimumOrdersPerSide || wA < settings.minimumWeeksPerSide {
            return (cannotTell(s.strategy, "only \(nA) orders in \(wA) weeks after adoption (\(need))", before: nB, after: nA, comparison: groups), nil)
        }
        if !p.before.isFinite || !p.after.isFinite {
            let side = p.before.isFinite ? "after" : "before"
            return (cannotTell(s.strategy, metric == .leadTimeDays ? "fewer than half the orders received \(side) adoption have closed: their median lead time is not known yet"
                                                                   : "no \(metric.label) known \(side) adoption", before: nB, after: nA, comparison: groups), nil)
        }
        let preTrend = p.preSlope.isFinite ? estimate(p.preSlope, reps.map(\.preSlope)) : nil
        let preMonths = keys[i].filter { $0 < 0 }.count, postMonths = keys[i].count - preMonths
        let trendSeen = preMonths >= settings.minimumMonthsForTrend && postMonths >= 2
        let series = trendSeen && p.timeSeries.isFinite ? estimate(p.timeSeries, reps.map(\.timeSeries)) : nil
        var method = Effect.Method.cannotTell, chosen: Estimate?, reason: String?, note: String?
        let comparisons = s.comparisons.map(\.strategy.code).joined(separator: ", ")
        var sensitivity: Estimate?
        if !s.comparisons.isEmpty {
            if let did = estimate(p.differenceInDifferences, reps.map(\.differenceInDifferences)) {
                (method, chosen) = (.differenceInDifferences, did)
                let how = metric == .leadTimeDays ? "in proportion" : "by the same amount"
                var check: String
                if !trendSeen {
                    check = "only \(preMonths) usable months before adoption (\(settings.minimumMonthsForTrend) needed to check), so parallel trends are assumed, not checked."
                } else if let trend = preTrend, trend.excludesZero {
                    // The method was fixed before looking; a drift before adoption puts it in doubt, and the
                    // comparative time series that extrapolates the drift is shown beside it, not instead.
                    sensitivity = series
                    check = "but the monthly gap was already drifting \(signed(trend.value)) per month [\(signed(trend.lower)), \(signed(trend.upper))] before adoption, so parallel trends are doubtful"
                        + (series.map { "; if that drift had gone on, a comparative interrupted time series gives \(signed($0.value)) [\(signed($0.lower)), \(signed($0.upper))]." } ?? ".")
                } else {
                    check = preTrend.map { "before adoption the monthly gap drifted \(signed($0.value)) per month [\(signed($0.lower)), \(signed($0.upper))], consistent with parallel trends." }
                        ?? "the monthly gap before adoption could not be fitted, so parallel trends are assumed."
                }
                note = "\(code): assumes \(code) would have moved \(how) as \(comparisons) without the standard; " + check
            } else {
                reason = "too few orders in some weeks to resample"
            }
        } else if let series {
            (method, chosen) = (.interruptedTimeSeries, series)
            note = "\(code): no comparison strategy is free of other changes in the window, so anything else that changed for \(code) at adoption reads as the standard's effect; a line fitted to \(preMonths) months before is extrapolated over \(postMonths) months after."
        } else {
            reason = "no comparison strategy is free of other changes in the window, and a time series needs \(settings.minimumMonthsForTrend) usable months before adoption (there are \(preMonths)) and 2 after (\(postMonths))"
        }
        let timeSeries = method == .interruptedTimeSeries || sensitivity != nil
        let events = keys[i].enumerated().map { j, k in
            Effect.EventPoint(month: k, orders: s.treated.months[k]?.count ?? 0,
                              estimate: p.months[j].isFinite ? estimate(p.months[j], reps.map { $0.months[j] }, minimumShare: 0.8) : nil)
        }
        let feedback = metric == .feedbackScore
        return (Effect.StratumEffect(
            strategy: s.strategy, method: method, reason: reason, estimate: chosen, ordersBefore: nB, ordersAfter: nA,
            before: p.before, after: p.after, comparison: groups, preTrend: preTrend,
            levelChange: timeSeries && p.level.isFinite ? estimate(p.level, reps.map(\.level)) : nil,
            slopeChange: timeSeries && p.slopeChange.isFinite ? estimate(p.slopeChange, reps.map(\.slopeChange)) : nil,
            preLine: timeSeries ? p.preLine : nil, sensitivity: sensitivity, eventStudy: events,
            responseBefore: feedback ? EffectPanel.answered(s.treated.before) : nil,
            responseAfter: feedback ? EffectPanel.answered(s.treated.after) : nil), note)
    }

    /// What the metric's own population and measurement leave open.
    func metricCaveats(_ strata: [Effect.StratumEffect]) -> [String] {
        switch metric {
        case .leadTimeDays:
            let open = panel.strata.reduce(0) { $0 + $1.treated.after.events.filter { !$0 }.count }
            return open == 0 ? [] : ["\(open) orders after adoption were still open on \(asOf.isoDay): they count as censored at their age (Kaplan–Meier), not left out."]
        case .onTimeRate:
            return ["Only orders due by \(asOf.isoDay) count; an order still open past its due date counts as late."]
        case .reworkCount:
            return ["Only orders old enough that 90 % of their cohort has closed count; the few of those still open are left out."]
        case .feedbackScore:
            let rates = strata.compactMap { s in
                s.responseBefore.flatMap { b in s.responseAfter.map { "\(s.strategy.code) \(Int((b * 100).rounded())) % → \(Int(($0 * 100).rounded())) %" } }
            }
            return ["Customers answered for " + rates.joined(separator: ", ") + " of orders. Answers are weighted by how often orders of the same lateness and rework got one; if customers answer because of a satisfaction that lateness and rework do not show, the estimate is biased."]
        }
    }

    func signed(_ v: Double) -> String {
        metric == .onTimeRate ? String(format: "%+.1f pts", v * 100) : String(format: "%+.2f", v)
    }
}

extension StandardEffect {
    /// Benjamini–Hochberg across every standard × metric with an estimate:
    /// sets each adjusted p-value, and the verdict a claim rests on (better
    /// or worse only when the adjusted p-value is below `q`).
    public static func adjust(_ effects: inout [StandardEffect], q: Double) {
        var tests: [(e: Int, m: Int, p: Double)] = []
        for (i, e) in effects.enumerated() {
            for (j, m) in e.metrics.enumerated() {
                if let est = m.estimate { tests.append((i, j, est.p)) }
            }
        }
        let adjusted = FalseDiscovery.adjusted(tests.map(\.p))
        for (t, p) in zip(tests, adjusted) {
            var m = effects[t.e].metrics[t.m]
            let value = m.estimate!.value
            let better = m.metric.lowerIsBetter ? value < 0 : value > 0
            m.adjustedP = p
            m.adjustedVerdict = p < q ? (better ? .better : .worse) : .unclear
            effects[t.e].metrics[t.m] = m
        }
    }
}
