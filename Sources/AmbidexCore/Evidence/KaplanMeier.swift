/// Survival estimates for times that may be right-censored: an order still
/// open on the as-of date has a lead time of *at least* its age, a knowledge
/// item still under way has not yet been exploited. Dropping them would
/// describe only the fast ones (Kaplan & Meier 1958; Aalen & Johansen 1978).
///
/// Every function takes observations sorted by time and a weight per
/// observation, so the block bootstrap can pass the number of times each
/// observation's week was drawn instead of copying the data.
public enum KaplanMeier {
    /// The smallest event time at which the weighted Kaplan–Meier survival
    /// S(t) falls to `1 − p` or below; nil when it never does (too many
    /// observations censored before it). When S(t) lands exactly on `1 − p`,
    /// the midpoint to the next event time, so the median of uncensored data
    /// is the ordinary median.
    public static func quantile(_ p: Double, times: [Double], events: [Bool], weights: [Double]) -> Double? {
        quantile(p, times: times, events: events, blocks: Array(times.indices), blockWeights: weights)
    }

    /// The same, with observation i weighted by `blockWeights[blocks[i]]`:
    /// how a bootstrap replicate weighs an observation by its week's draws,
    /// without building a weight array per cell.
    static func quantile(_ p: Double, times: [Double], events: [Bool], blocks: [Int], blockWeights: [Double]) -> Double? {
        let target = 1 - p
        var atRisk = 0.0
        for b in blocks { atRisk += blockWeights[b] }
        var survival = 1.0
        var i = 0
        let n = times.count
        while i < n {
            let t = times[i]
            var died = 0.0, left = 0.0
            var j = i
            while j < n && times[j] == t {
                let w = blockWeights[blocks[j]]
                if events[j] { died += w } else { left += w }
                j += 1
            }
            if died > 0 && atRisk > 0 {
                survival *= 1 - died / atRisk
                if survival <= target + 1e-12 {
                    if abs(survival - target) <= 1e-12 {
                        var k = j
                        while k < n && !(events[k] && blockWeights[blocks[k]] > 0) { k += 1 }
                        if k < n { return (t + times[k]) / 2 }
                    }
                    return t
                }
            }
            atRisk -= died + left
            i = j
        }
        return nil
    }

    /// The median with every observation weighted once.
    public static func median(times: [Double], events: [Bool]) -> Double? {
        quantile(0.5, times: times, events: events, weights: [Double](repeating: 1, count: times.count))
    }

    /// Sorts observations by time, events before censorings at the same time
    /// (the usual convention: a censored order was still at risk then).
    public static func sorted(times: [Double], events: [Bool]) -> [Int] {
        times.indices.sorted { (times[$0], events[$0] ? 0 : 1, $0) < (times[$1], events[$1] ? 0 : 1, $1) }
    }

    /// Cumulative incidence of each cause when several compete (Aalen–Johansen):
    /// `causes[i]` is 0 for a censored observation and 1…k for the cause that
    /// ended it. Returns, per cause, the step function as (time, incidence)
    /// pairs at its event times, and the overall survival S at the last time.
    /// Treating a competing cause as censoring instead would overstate the
    /// incidence: an item that was discarded will never be exploited.
    public static func cumulativeIncidence(times: [Double], causes: [Int], weights: [Double], causeCount: Int)
        -> (incidence: [[(time: Double, value: Double)]], survival: [(time: Double, value: Double)]) {
        precondition(causeCount >= 1, "at least one cause")
        var atRisk = weights.reduce(0, +)
        var survival = 1.0
        var cif = [Double](repeating: 0, count: causeCount + 1)
        var steps = [[(time: Double, value: Double)]](repeating: [], count: causeCount)
        var overall: [(time: Double, value: Double)] = []
        var i = 0
        let n = times.count
        var died = [Double](repeating: 0, count: causeCount + 1)
        while i < n {
            let t = times[i]
            for k in died.indices { died[k] = 0 }
            var left = 0.0
            var j = i
            while j < n && times[j] == t {
                if causes[j] == 0 { left += weights[j] } else { died[causes[j]] += weights[j] }
                j += 1
            }
            let allDied = died.reduce(0, +)
            if allDied > 0 && atRisk > 0 {
                for k in 1...causeCount where died[k] > 0 {
                    cif[k] += survival * died[k] / atRisk
                    steps[k - 1].append((t, cif[k]))
                }
                survival *= 1 - allDied / atRisk
                overall.append((t, survival))
            }
            atRisk -= allDied + left
            i = j
        }
        return (steps, overall)
    }

    /// The first time a step function reaches `level`; nil if it never does.
    public static func firstReaching(_ level: Double, _ steps: [(time: Double, value: Double)]) -> Double? {
        steps.first { $0.value >= level - 1e-12 }?.time
    }
}
