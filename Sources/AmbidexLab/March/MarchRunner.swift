
/// Summary of many runs of one cell.
public struct MarchCellResult: Sendable, Hashable, Codable {
    public var p1: Double
    public var p2: Double
    public var p3: Double
    public var p4: Double
    public var fractionFast: Double
    public var runs: Int
    public var codeScore: Double
    public var codeScoreSD: Double
    public var codeFrac: Double
    public var codeFracSD: Double
    public var individualScore: Double
    public var individualScoreSD: Double
    public var individualFrac: Double
    public var fastScore: Double?
    public var slowScore: Double?
    public var periodsMean: Double
    public var periodsMax: Int
    public var unconverged: Int

    /// Standard error of the mean code score.
    public var codeScoreSE: Double { codeScoreSD / Double(max(runs, 1)).squareRoot() }
}

/// Runs cells of the model in parallel. Each run draws from its own stream,
/// seeded by (seed, cell, run), so the figures are bit-identical for a seed
/// whatever the number of threads.
public enum MarchRunner {
    public static var defaultThreads: Int { max(1, ProcessInfo.activeProcessorCountValue) }

    /// Final states: to equilibrium when `periods` is nil, else after `periods`.
    public static func run(_ cells: [MarchParameters], runs: Int, periods: Int?, seed: UInt64, threads: Int = defaultThreads,
                           control: LabControl? = nil, progress: (@Sendable (Double) -> Void)? = nil) throws(LabError) -> [MarchCellResult] {
        let outcomes = try parallel(cells.count * runs, threads: threads, control: control, progress: progress) { job -> MarchOutcome in
            let cell = job / runs, run = job % runs
            var r = MarchRun(cells[cell], seed: Xoshiro.runSeed(seed, cell: cell, run: run))
            return r.run(periods: periods, fastCount: cells[cell].fastCount)
        }
        return cells.indices.map { c in summarize(cells[c], Array(outcomes[(c * runs)..<((c + 1) * runs)])) }
    }

    /// Mean code score, code frac and individual frac after each period 0…periods, per cell.
    public static func series(_ cells: [MarchParameters], runs: Int, periods: Int, seed: UInt64, threads: Int = defaultThreads,
                              control: LabControl? = nil, progress: (@Sendable (Double) -> Void)? = nil) throws(LabError) -> [[MarchPoint]] {
        let paths = try parallel(cells.count * runs, threads: threads, control: control, progress: progress) { job -> [MarchPoint] in
            let cell = job / runs, run = job % runs
            var r = MarchRun(cells[cell], seed: Xoshiro.runSeed(seed, cell: cell, run: run))
            var path = [MarchPoint]()
            path.reserveCapacity(periods + 1)
            _ = r.run(periods: periods, fastCount: cells[cell].fastCount) { t, state in
                path.append(MarchPoint(period: t, codeScore: state.codeScore, codeFrac: state.codeFrac, individualFrac: state.individualFrac))
            }
            return path
        }
        return cells.indices.map { c in
            (0...periods).map { t in
                var p = MarchPoint(period: t, codeScore: 0, codeFrac: 0, individualFrac: 0)
                var sq = 0.0
                for run in 0..<runs {
                    let q = paths[c * runs + run][t]
                    p.codeScore += q.codeScore; p.codeFrac += q.codeFrac; p.individualFrac += q.individualFrac
                    sq += q.codeScore * q.codeScore
                }
                let n = Double(runs)
                p.codeScore /= n; p.codeFrac /= n; p.individualFrac /= n
                p.codeScoreSD = runs > 1 ? ((sq - n * p.codeScore * p.codeScore) / (n - 1)).squareRoot() : 0
                return p
            }
        }
    }

    static func summarize(_ p: MarchParameters, _ o: [MarchOutcome]) -> MarchCellResult {
        func meanSD(_ xs: [Double]) -> (Double, Double) {
            let n = Double(xs.count), mean = xs.reduce(0, +) / n
            let v = xs.count > 1 ? xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
            return (mean, v.squareRoot())
        }
        let (cs, csd) = meanSD(o.map(\.codeScore)), (cf, cfsd) = meanSD(o.map(\.codeFrac))
        let (isc, isd) = meanSD(o.map(\.individualScore))
        let fast = o.compactMap(\.fastScore), slow = o.compactMap(\.slowScore)
        return MarchCellResult(
            p1: ((p.p1.reduce(0, +) / Double(p.p1.count)) * 1e9).rounded() / 1e9, p2: p.p2, p3: p.p3, p4: p.p4,
            fractionFast: Double(p.fastCount) / Double(p.p1.count), runs: o.count,
            codeScore: cs, codeScoreSD: csd, codeFrac: cf, codeFracSD: cfsd, individualScore: isc, individualScoreSD: isd,
            individualFrac: o.map(\.individualFrac).reduce(0, +) / Double(o.count),
            fastScore: fast.isEmpty ? nil : fast.reduce(0, +) / Double(fast.count),
            slowScore: slow.isEmpty ? nil : slow.reduce(0, +) / Double(slow.count),
            periodsMean: Double(o.map(\.periods).reduce(0, +)) / Double(o.count), periodsMax: o.map(\.periods).max() ?? 0,
            unconverged: o.filter { !$0.converged }.count)
    }

    /// Runs `count` independent jobs on the lab's own threads, results in job order;
    /// `LabError.cancelled` when `control` was cancelled first.
    static func parallel<T: Sendable>(_ count: Int, threads: Int, control: LabControl?, progress: (@Sendable (Double) -> Void)?,
                                      _ job: @escaping @Sendable (Int) -> T) throws(LabError) -> [T] {
        guard let values = LabThreads.parallel(count, threads: threads, control: control, progress: progress, job) else { throw .cancelled }
        return values
    }
}

/// One point of a time series, averaged over runs.
public struct MarchPoint: Sendable, Hashable, Codable {
    public var period: Int
    public var codeScore: Double
    public var codeFrac: Double
    public var individualFrac: Double
    public var codeScoreSD: Double = 0
}

/// Each worker writes only its own slots, so no two threads touch one
/// index; raw memory, because a Swift array in a class would be checked for
/// exclusive access on every write.
final class ResultBox<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T?>
    private let count: Int
    init(_ count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
    }
    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
    func set(_ i: Int, _ v: T) { base[i] = v }
    func values() -> [T] { (0..<count).map { base[$0]! } }
}

import Foundation

extension ProcessInfo {
    static var activeProcessorCountValue: Int { ProcessInfo.processInfo.activeProcessorCount }
}
