import Foundation

/// Days from acquiring knowledge to exploiting it, as a survival time.
///
/// An item still under way on the as-of date has not been exploited *yet*:
/// it is censored at its age, not left out (leaving it out would describe
/// only the fast survivors). An item discarded will never be exploited: that
/// is a competing risk, so the share exploited by a given day is the
/// Aalen–Johansen cumulative incidence, not one minus a Kaplan–Meier curve
/// that treats discarding as censoring (which would overstate it).
/// Intervals come from resampling items (percentiles of 400 replicates).
public struct CycleTime: Codable, Sendable, Hashable {
    /// A figure with its 95 % percentile interval; `upper` nil means "not reached" in some replicates.
    public struct Figure: Codable, Sendable, Hashable {
        public let value: Double?
        public let lower: Double?
        public let upper: Double?
    }

    /// The share of items exploited (or discarded) within `days` of being acquired.
    public struct Horizon: Codable, Sendable, Hashable {
        public let days: Int
        public let exploited: Figure
        public let discarded: Figure
    }

    /// Days by which a share `q` is exploited.
    public struct Quantile: Codable, Sendable, Hashable {
        public let q: Double
        public let days: Figure
    }

    /// A step of the cumulative incidence curves, for a chart.
    public struct Point: Codable, Sendable, Hashable {
        public let days: Double
        public let exploited: Double
        public let discarded: Double
    }

    public struct Survival: Codable, Sendable, Hashable {
        /// Items acquired by the as-of date, and how each stood then.
        public let items: Int
        public let exploited: Int
        public let discarded: Int
        public let underWay: Int
        public let horizons: [Horizon]
        /// Days until a quarter, half, three quarters of *all* items are exploited (nil when the share is never reached).
        public let quartiles: [Quantile]
        /// Days among the items that do get exploited: the incidence divided by its last value.
        public let quartilesAmongExploited: [Quantile]
        /// The share ever exploited, as far as the data reach (the incidence at the last event).
        public let everExploited: Figure
        public let curve: [Point]
    }

    public let all: Survival
    public let explorative: Survival
    public let exploitative: Survival
    /// Items acquired more than `stuckAfterDays` before the as-of date and, on
    /// that date, neither exploited nor discarded.
    public let stuck: Int
    public let stuckExplorative: Int
    public let stuckExploitative: Int
    public let stuckAfterDays: Int

    public static let horizonDays = [90, 180, 365]

    public static func measure(_ office: LearningOffice, asOf: Date, stuckAfterDays: Int = 180, resamples: Int = 400, seed: UInt64 = 0) -> CycleTime {
        var byOrientation: [Orientation: [(days: Double, cause: Int)]] = [:]
        var stuck: [Orientation: Int] = [:]
        let stuckBefore = asOf.adding(days: -Double(stuckAfterDays))
        for item in office.knowledgeItems where item.acquiredAt <= asOf {
            let age = { (d: Date) in d.timeIntervalSince(item.acquiredAt) / 86_400 }
            let entry: (Double, Int)
            if let e = item.date(of: .exploited), e <= asOf { entry = (age(e), 1) }
            else if let d = item.date(of: .discarded), d <= asOf { entry = (age(d), 2) }
            else {
                entry = (age(asOf), 0)
                if item.acquiredAt < stuckBefore { stuck[item.orientation, default: 0] += 1 }
            }
            byOrientation[item.orientation, default: []].append(entry)
        }
        let explorative = byOrientation[.explorative] ?? [], exploitative = byOrientation[.exploitative] ?? []
        return CycleTime(all: survival(explorative + exploitative, resamples: resamples, seed: seed),
                         explorative: survival(explorative, resamples: resamples, seed: seed &+ 1),
                         exploitative: survival(exploitative, resamples: resamples, seed: seed &+ 2),
                         stuck: stuck.values.reduce(0, +), stuckExplorative: stuck[.explorative] ?? 0,
                         stuckExploitative: stuck[.exploitative] ?? 0, stuckAfterDays: stuckAfterDays)
    }

    /// Everything the survival summary says, under item weights (1 each, or a replicate's counts).
    struct Readings {
        var horizons: [(exploited: Double, discarded: Double)]
        var quartiles: [Double?]
        var amongExploited: [Double?]
        var ever: Double?
        var curve: [Point]
    }

    static let quartileLevels = [0.25, 0.5, 0.75]

    static func readings(times: [Double], causes: [Int], weights: [Double], curve: Bool) -> Readings {
        let (incidence, _) = KaplanMeier.cumulativeIncidence(times: times, causes: causes, weights: weights, causeCount: 2)
        func at(_ steps: [(time: Double, value: Double)], _ t: Double) -> Double { steps.last { $0.time <= t }?.value ?? 0 }
        let exploited = incidence[0], discarded = incidence[1]
        let ever = exploited.last?.value
        var points: [Point] = []
        if curve {
            let times = Set(exploited.map(\.time) + discarded.map(\.time)).sorted()
            // A point where either share moved by half a point or more: the curve's shape, not every step.
            var last = (-1.0, -1.0)
            for t in times {
                let p = Point(days: t, exploited: at(exploited, t), discarded: at(discarded, t))
                if abs(p.exploited - last.0) >= 0.005 || abs(p.discarded - last.1) >= 0.005 || t == times.last {
                    points.append(p)
                    last = (p.exploited, p.discarded)
                }
            }
        }
        return Readings(
            horizons: horizonDays.map { (at(exploited, Double($0)), at(discarded, Double($0))) },
            quartiles: quartileLevels.map { KaplanMeier.firstReaching($0, exploited) },
            amongExploited: quartileLevels.map { q in ever.flatMap { $0 > 0 ? KaplanMeier.firstReaching(q * $0, exploited) : nil } },
            ever: ever, curve: points)
    }

    static func survival(_ entries: [(days: Double, cause: Int)], resamples: Int, seed: UInt64) -> Survival {
        let sorted = entries.sorted { ($0.days, $0.cause == 0 ? 1 : 0) < ($1.days, $1.cause == 0 ? 1 : 0) }
        let times = sorted.map(\.days), causes = sorted.map(\.cause)
        let point = readings(times: times, causes: causes, weights: [Double](repeating: 1, count: times.count), curve: true)
        var replicates: [Readings] = []
        if !times.isEmpty {
            var rng = SeededGenerator(seed: 0xC1C1E &+ seed)
            var w = [Double](repeating: 0, count: times.count)
            let n = UInt64(times.count)
            for _ in 0..<resamples {
                for i in w.indices { w[i] = 0 }
                for _ in 0..<times.count { w[Int(rng.next() % n)] += 1 }
                replicates.append(readings(times: times, causes: causes, weights: w, curve: false))
            }
        }
        func figure(_ value: Double?, _ reps: [Double?]) -> Figure {
            guard value != nil, !reps.isEmpty else { return Figure(value: value, lower: nil, upper: nil) }
            // An unreached quantile sorts last: it makes the upper end "not reached", never a number.
            let sortedReps = reps.map { $0 ?? .infinity }.sorted()
            let lower = Statistics.quantile(sortedReps, 0.025), upper = Statistics.quantile(sortedReps, 0.975)
            return Figure(value: value, lower: lower.flatMap { $0.isFinite ? $0 : nil }, upper: upper.flatMap { $0.isFinite ? $0 : nil })
        }
        let horizons = horizonDays.indices.map { h in
            Horizon(days: horizonDays[h], exploited: figure(point.horizons[h].exploited, replicates.map { $0.horizons[h].exploited }),
                    discarded: figure(point.horizons[h].discarded, replicates.map { $0.horizons[h].discarded }))
        }
        return Survival(
            items: entries.count, exploited: causes.filter { $0 == 1 }.count, discarded: causes.filter { $0 == 2 }.count,
            underWay: causes.filter { $0 == 0 }.count, horizons: horizons,
            quartiles: quartileLevels.indices.map { q in
                Quantile(q: quartileLevels[q], days: figure(point.quartiles[q], replicates.map { $0.quartiles[q] }))
            },
            quartilesAmongExploited: quartileLevels.indices.map { q in
                Quantile(q: quartileLevels[q], days: figure(point.amongExploited[q], replicates.map { $0.amongExploited[q] }))
            },
            everExploited: figure(point.ever, replicates.map(\.ever)), curve: point.curve)
    }
}
