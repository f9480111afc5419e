import Foundation

extension EffectPanel {
    /// What one stratum gives under one set of week weights. NaN where a
    /// figure cannot be computed (an empty cell, an unreached median).
    struct Values {
        /// The stratum's own level before and after adoption.
        var before = Double.nan, after = Double.nan
        var differenceInDifferences = Double.nan
        /// The mean gap after adoption to the extrapolated pre-adoption line of the gap.
        var timeSeries = Double.nan
        var preSlope = Double.nan
        var level = Double.nan, slopeChange = Double.nan
        var preLine: StandardEffect.Line?
        /// The monthly gap, aligned with the stratum's month keys.
        var months: [Double] = []
    }

    /// The months an event study and a time series can use: at least
    /// `minimumOrders` of the stratum's orders that month and three of each
    /// comparison strategy's. Decided once on the full data.
    func monthKeys(_ stratum: Int, minimumOrders: Int = 5) -> [Int] {
        let s = strata[stratum]
        return s.treated.months.keys.sorted().filter { k in
            s.treated.months[k]!.count >= minimumOrders
                && s.comparisons.allSatisfy { ($0.group.months[k]?.count ?? 0) >= 3 }
        }
    }

    /// The stratum's figures under week weights `w`.
    ///
    /// The *gap* in a period is how far the stratum moved from its own
    /// before-level beyond what its comparison strategies moved from theirs:
    /// for lead time proportionally (the comparison's ratio of medians scales
    /// the stratum's before-median, since strategies differ by an order of
    /// magnitude in lead time), for the rates and means additively. Without a
    /// comparison the gap is the stratum's own change. Difference-in-
    /// differences is the gap over the whole after-window; the time series
    /// fits a line to the monthly gaps before adoption (weighted by orders)
    /// and takes the mean distance of the months after it from that line.
    func evaluate(_ index: Int, keys: [Int], weights w: [Double], rates: [[Double]]) -> Values {
        let s = strata[index]
        func stat(_ c: Cell?, _ strategy: DeliveryStrategy) -> Double? {
            c.flatMap { statistic($0, strategy: strategy, w, rates: rates) }
        }
        var v = Values()
        v.months = [Double](repeating: .nan, count: keys.count)
        guard let before = stat(s.treated.before, s.strategy) else { return v }
        v.before = before
        let comparisonBefore = s.comparisons.map { stat($0.group.before, $0.strategy) }
        let proportional = metric == .leadTimeDays
        func gap(_ t: Double?, _ c: [Double?]) -> Double {
            guard let t else { return .nan }
            if s.comparisons.isEmpty { return t - before }
            var sum = 0.0, weight = 0.0
            for j in c.indices {
                guard let now = c[j], let then = comparisonBefore[j] else { return .nan }
                if proportional {
                    guard now > 0, then > 0 else { return .nan }
                    sum += s.comparisonWeights[j] * Foundation.log(now / then)
                } else {
                    sum += s.comparisonWeights[j] * (now - then)
                }
                weight += s.comparisonWeights[j]
            }
            guard weight > 0 else { return .nan }
            return proportional ? t - before * Foundation.exp(sum / weight) : (t - before) - sum / weight
        }
        let after = stat(s.treated.after, s.strategy)
        v.after = after ?? .nan
        if !s.comparisons.isEmpty {
            v.differenceInDifferences = gap(after, s.comparisons.map { stat($0.group.after, $0.strategy) })
        }
        for (i, k) in keys.enumerated() {
            v.months[i] = gap(stat(s.treated.months[k], s.strategy), s.comparisons.map { stat($0.group.months[k], $0.strategy) })
        }
        segmentedRegression(s, keys: keys, into: &v)
        return v
    }

    /// Level and slope before and after adoption of the monthly gap
    /// (Wagner et al. 2002), x at each month's middle so that x = 0 is the
    /// adoption day. Needs three months before and two after.
    private func segmentedRegression(_ s: Stratum, keys: [Int], into v: inout Values) {
        var pre: (x: [Double], y: [Double], w: [Double]) = ([], [], [])
        var post = pre
        for (i, k) in keys.enumerated() where v.months[i].isFinite {
            let x = Double(k) + 0.5, n = Double(s.treated.months[k]!.count)
            if k < 0 { pre.x.append(x); pre.y.append(v.months[i]); pre.w.append(n) } else { post.x.append(x); post.y.append(v.months[i]); post.w.append(n) }
        }
        guard pre.x.count >= 3, let line = Statistics.line(x: pre.x, y: pre.y, weights: pre.w) else { return }
        v.preSlope = line.slope
        v.preLine = StandardEffect.Line(intercept: line.intercept, slope: line.slope)
        guard post.x.count >= 2 else { return }
        var sum = 0.0, weight = 0.0
        for i in post.x.indices {
            sum += post.w[i] * (post.y[i] - (line.intercept + line.slope * post.x[i]))
            weight += post.w[i]
        }
        v.timeSeries = sum / weight
        if let after = Statistics.line(x: post.x, y: post.y, weights: post.w) {
            v.level = after.intercept - line.intercept
            v.slopeChange = after.slope - line.slope
        }
    }
}
