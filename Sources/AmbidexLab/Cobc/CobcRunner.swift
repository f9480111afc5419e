/// A COBC experiment: one or more policies, each run `runs` times for
/// `periods`. Run k of every policy starts from the same seeds (common random
/// numbers), so differences between policies are paired and their intervals narrow.
public struct CobcExperiment: Sendable, Hashable, Codable {
    public var policies: [CobcPolicy]
    public var runs: Int
    public var periods: Int
    public var seed: UInt64
    /// The last `window` periods are averaged into each policy's summary.
    public var window: Int

    public init(policies: [CobcPolicy], runs: Int = 200, periods: Int = 100, seed: UInt64 = 1991, window: Int? = nil) {
        self.policies = policies
        self.runs = runs
        self.periods = periods
        self.seed = seed
        self.window = window ?? max(1, periods / 5)
    }

    public func validate() throws(LabError) {
        guard !policies.isEmpty else { throw LabError("an experiment needs at least one policy") }
        guard policies.count <= 12 else { throw LabError("an experiment compares at most 12 policies, not \(policies.count)") }
        guard (1...100_000).contains(runs) else { throw LabError("runs must be 1 to 100000, not \(runs)") }
        guard (1...10_000).contains(periods) else { throw LabError("periods must be 1 to 10000, not \(periods)") }
        guard (1...periods).contains(window) else { throw LabError("the summary window must be 1 to \(periods) periods, not \(window)") }
        // Every run keeps its series until the end: bound the memory that takes.
        let cells = Double(policies.count) * Double(runs) * Double(periods + 1) * Double(CobcMeasure.allCases.count)
        guard cells <= 150_000_000 else {
            throw LabError("policies × runs × periods is too large (\(Int(cells / 11)) run-periods; at most about 13 million)")
        }
        for p in policies { try p.validate() }
    }

    /// The work it takes, in the model's unit step: one person for one period,
    /// summed over runs and policies (as a Double: a hostile request must not overflow it).
    public var personPeriods: Double {
        policies.reduce(0) { $0 + Double($1.people) } * Double(runs) * Double(periods)
    }

    public func run(threads: Int = MarchRunner.defaultThreads, control: LabControl? = nil,
                    progress: (@Sendable (Double) -> Void)? = nil) throws(LabError) -> CobcOutcome {
        try validate()
        let policies = self.policies, runs = self.runs, periods = self.periods, seed = self.seed
        let paths = try MarchRunner.parallel(policies.count * runs, threads: threads, control: control, progress: progress) { job -> [[Double]] in
            let p = job / runs, run = job % runs
            var r = CobcRun(policies[p], seed: Xoshiro.runSeed(seed, cell: 0, run: run), envSeed: Xoshiro.runSeed(seed, cell: 1, run: run))
            var path = [r.measures()]
            path.reserveCapacity(periods + 1)
            for _ in 0..<periods {
                r.step()
                path.append(r.measures())
            }
            return path
        }
        let measures = CobcMeasure.allCases
        func windowMeans(_ path: [[Double]]) -> [Double] {
            measures.indices.map { k in CobcEstimate(path[(periods - window + 1)...].map { $0[k] }).mean }
        }
        let windows = paths.map(windowMeans)
        let results = policies.indices.map { p -> CobcPolicyResult in
            let mine = Array(paths[(p * runs)..<((p + 1) * runs)])
            let series = (0...periods).map { t in measures.indices.map { k in CobcEstimate(mine.map { $0[t][k] }) } }
            let summary = measures.indices.map { k in CobcEstimate((0..<runs).map { windows[p * runs + $0][k] }) }
            let paired: [CobcEstimate]? = p == 0 ? nil : measures.indices.map { k in
                CobcEstimate((0..<runs).map { windows[p * runs + $0][k] - windows[$0][k] })
            }
            return CobcPolicyResult(policy: policies[p], series: series, summary: summary, differenceFromFirst: paired)
        }
        return CobcOutcome(experiment: self, measures: measures, results: results)
    }
}

/// What an experiment found, per policy.
public struct CobcOutcome: Sendable, Hashable, Codable {
    public var experiment: CobcExperiment
    /// The order of the estimates in every row below.
    public var measures: [CobcMeasure]
    public var results: [CobcPolicyResult]

    public func chart(_ measure: CobcMeasure) -> LineChart {
        let k = measures.firstIndex(of: measure) ?? 0
        return LineChart(
            title: "\(measure.description), \(experiment.runs) runs",
            xLabel: "period", yLabel: measure.key,
            series: results.enumerated().map { i, r in
                LineChart.Series(name: r.policy.name, points: r.series.enumerated().compactMap { t, row in
                    let e = row[k]
                    return e.mean.isNaN ? nil : (Double(t), e.mean, e.low, e.high)
                }, dashed: i > 0 && i % 2 == 0)
            })
    }
}

public struct CobcPolicyResult: Sendable, Hashable, Codable {
    public var policy: CobcPolicy
    /// Period 0…periods, one estimate per measure.
    public var series: [[CobcEstimate]]
    /// Each run's mean over the window, across runs.
    public var summary: [CobcEstimate]
    /// Paired per run: this policy's window mean minus the first policy's.
    public var differenceFromFirst: [CobcEstimate]?

    public func summary(_ m: CobcMeasure) -> CobcEstimate { summary[m.rawIndex] }
    public func difference(_ m: CobcMeasure) -> CobcEstimate? { differenceFromFirst?[m.rawIndex] }
}
