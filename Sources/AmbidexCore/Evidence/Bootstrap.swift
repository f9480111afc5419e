/// A percentile bootstrap for the difference of a statistic between two
/// independent groups (Efron & Tibshirani 1993, ch. 13).
///
/// The office compares orders before and after a change without assuming a
/// distribution: lead times are skewed, on-time is 0/1, feedback is ordinal.
/// Seeded with `SeededGenerator`, so the same data and seed always give the
/// same interval on every platform — a report can be reproduced and checked.
public enum Bootstrap {
    /// A central interval of the bootstrap distribution, e.g. 95 %.
    public struct Interval: Codable, Sendable, Hashable {
        public let lower: Double
        public let upper: Double
        public let level: Double
        public init(lower: Double, upper: Double, level: Double) {
            self.lower = lower
            self.upper = upper
            self.level = level
        }
        public func contains(_ v: Double) -> Bool { lower <= v && v <= upper }
        /// Whether the whole interval lies on one side of zero.
        public var excludesZero: Bool { lower > 0 || upper < 0 }
    }

    /// Resamples `before` and `after` independently, with replacement, the same
    /// size as each group, `resamples` times, and returns the central `level`
    /// interval of `statistic(after) − statistic(before)`.
    ///
    /// Nil when a group is empty, fewer than two resamples are asked for, or
    /// `level` is not strictly between 0 and 1.
    public static func differenceInterval<Element>(
        before: [Element], after: [Element], resamples: Int = 1_000, level: Double = 0.95, seed: UInt64 = 2004,
        statistic: ([Element]) -> Double
    ) -> Interval? {
        guard !before.isEmpty, !after.isEmpty, resamples > 1, level > 0, level < 1 else { return nil }
        var rng = SeededGenerator(seed: seed)
        var diffs = [Double]()
        diffs.reserveCapacity(resamples)
        var a = after, b = before
        let nA = UInt64(after.count), nB = UInt64(before.count)
        for _ in 0..<resamples {
            // The modulo bias, about n / 2^64, is far below anything a report shows.
            for i in a.indices { a[i] = after[Int(rng.next() % nA)] }
            for i in b.indices { b[i] = before[Int(rng.next() % nB)] }
            diffs.append(statistic(a) - statistic(b))
        }
        return interval(sorting: &diffs, level: level)
    }

    /// The interval for the difference of means, the statistic the office uses
    /// for lead time, on-time rate (a mean of 0/1), rework and feedback.
    ///
    /// Same draws and same figures as the generic form with a mean statistic,
    /// but sums as it draws instead of building resampled arrays: the report
    /// runs it for every metric of every standard.
    public static func differenceInterval(before: [Double], after: [Double], resamples: Int = 1_000, level: Double = 0.95,
                                          seed: UInt64 = 2004) -> Interval? {
        guard !before.isEmpty, !after.isEmpty, resamples > 1, level > 0, level < 1 else { return nil }
        var rng = SeededGenerator(seed: seed)
        var diffs = [Double]()
        diffs.reserveCapacity(resamples)
        let nA = UInt64(after.count), nB = UInt64(before.count)
        after.withUnsafeBufferPointer { a in
            before.withUnsafeBufferPointer { b in
                for _ in 0..<resamples {
                    var sumA = 0.0, sumB = 0.0
                    for _ in 0..<a.count { sumA += a[Int(rng.next() % nA)] }
                    for _ in 0..<b.count { sumB += b[Int(rng.next() % nB)] }
                    diffs.append(sumA / Double(a.count) - sumB / Double(b.count))
                }
            }
        }
        return interval(sorting: &diffs, level: level)
    }

    static func interval(sorting diffs: inout [Double], level: Double) -> Interval? {
        diffs.sort()
        let tail = (1 - level) / 2
        guard let lower = Statistics.quantile(diffs, tail), let upper = Statistics.quantile(diffs, 1 - tail) else { return nil }
        return Interval(lower: lower, upper: upper, level: level)
    }
}
