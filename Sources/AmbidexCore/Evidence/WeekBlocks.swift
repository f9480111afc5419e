import Foundation

/// Calendar weeks (UTC, Monday to Sunday) as the blocks of a block bootstrap.
///
/// Orders of one week share that week: its load, its staff, its supplier
/// delays. Resampling orders one by one as if they were independent makes
/// intervals too narrow; resampling whole weeks, with every order of a drawn
/// week (treated and comparison alike), keeps that correlation (Künsch 1989;
/// here with a block of one calendar week). Correlation that lasts longer
/// than a week is not captured — the evidence says so where it matters.
public struct WeekBlocks: Sendable {
    /// 1970-01-05 was a Monday.
    static let mondayEpoch = Date(timeIntervalSince1970: 4 * 86_400)

    /// The calendar week of a date, counted from 1970-01-05.
    public static func week(of date: Date) -> Int {
        Int((date.timeIntervalSince(mondayEpoch) / (7 * 86_400)).rounded(.down))
    }

    /// The Monday 00:00 UTC starting week `w`.
    public static func start(ofWeek w: Int) -> Date { mondayEpoch.addingTimeInterval(Double(w) * 7 * 86_400) }

    /// Blocks drawn together: each has a stratum (e.g. before or after an
    /// adoption), and a replicate redraws each stratum's blocks among
    /// themselves, as many as it has.
    private let strata: [[Int]]
    public let count: Int

    /// `stratumOfBlock[b]` names the stratum of block `b`.
    public init(stratumOfBlock: [Int]) {
        count = stratumOfBlock.count
        var s: [[Int]] = []
        for (b, k) in stratumOfBlock.enumerated() {
            while s.count <= k { s.append([]) }
            s[k].append(b)
        }
        strata = s
    }

    /// How often each block is drawn in one replicate; the weights of the
    /// orders in a block are this count.
    public func draw(_ rng: inout SeededGenerator, into weights: inout [Double]) {
        if weights.count != count { weights = [Double](repeating: 0, count: count) }
        for i in weights.indices { weights[i] = 0 }
        for blocks in strata where !blocks.isEmpty {
            let n = UInt64(blocks.count)
            // The modulo bias, about n / 2^64, is far below anything a report shows.
            for _ in blocks { weights[blocks[Int(rng.next() % n)]] += 1 }
        }
    }
}

/// A point estimate with its bootstrap standard error, a normal 95 %
/// interval and a two-sided p-value.
///
/// The interval is estimate ± 1.96 SE rather than percentiles of the
/// replicates: with a few hundred replicates a percentile p-value cannot go
/// below about 1/200, while Benjamini–Hochberg over two dozen tests needs
/// p-values down to 0.002 to make any claim at all.
public struct Estimate: Codable, Sendable, Hashable {
    public let value: Double
    public let standardError: Double
    public let lower: Double
    public let upper: Double
    public let p: Double
    /// Replicates that gave a value (an empty cell gives none).
    public let replicates: Int

    public init(value: Double, standardError: Double, replicates: Int) {
        self.value = value
        self.standardError = standardError
        lower = value - 1.959_963_984_540_054 * standardError
        upper = value + 1.959_963_984_540_054 * standardError
        p = Statistics.twoSidedP(estimate: value, standardError: standardError)
        self.replicates = replicates
    }

    public func contains(_ v: Double) -> Bool { lower <= v && v <= upper }
    public var excludesZero: Bool { lower > 0 || upper < 0 }

    /// From a point estimate and its replicates; nil when fewer than
    /// `minimumShare` of the `asked` replicates gave a value (the estimate
    /// then rests on too few orders to be resampled).
    public static func from(_ value: Double, replicates: [Double], asked: Int, minimumShare: Double = 0.95) -> Estimate? {
        let valid = replicates.filter(\.isFinite)
        guard value.isFinite, asked > 1, Double(valid.count) >= minimumShare * Double(asked),
              let sd = Statistics.standardDeviation(valid) else { return nil }
        return Estimate(value: value, standardError: sd, replicates: valid.count)
    }
}
