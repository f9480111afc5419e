/// A percentile bootstrap for the difference of a statistic between two
/// independent groups. Seeded, so the same data always gives the same interval.
public enum Bootstrap {
    public struct Interval: Codable, Sendable, Hashable {
        public var lower: Double
        public var upper: Double
        public var level: Double
        public func contains(_ v: Double) -> Bool { lower <= v && v <= upper }
    }

    /// Resamples `before` and `after` independently, with replacement,
    /// `resamples` times and returns the central `level` interval of
    /// statistic(after) − statistic(before).
    public static func differenceInterval(before: [Double], after: [Double], resamples: Int = 1_000, level: Double = 0.95,
                                          seed: UInt64 = 2004, statistic: ([Double]) -> Double = { $0.reduce(0, +) / Double($0.count) }) -> Interval? {
        guard !before.isEmpty, !after.isEmpty, resamples > 1 else { return nil }
        var rng = SeededGenerator(seed: seed)
        var diffs = [Double]()
        diffs.reserveCapacity(resamples)
        var a = [Double](repeating: 0, count: after.count)
        var b = [Double](repeating: 0, count: before.count)
        for _ in 0..<resamples {
            for i in a.indices { a[i] = after[Int(rng.next() % UInt64(after.count))] }
            for i in b.indices { b[i] = before[Int(rng.next() % UInt64(before.count))] }
            diffs.append(statistic(a) - statistic(b))
        }
        diffs.sort()
        let tail = (1 - level) / 2
        return Interval(lower: Statistics.quantile(diffs, tail)!, upper: Statistics.quantile(diffs, 1 - tail)!, level: level)
    }
}
