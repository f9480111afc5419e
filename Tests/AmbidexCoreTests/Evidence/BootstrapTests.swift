@testable import AmbidexCore
import Testing

@Suite("Percentile bootstrap of a difference between two groups")
struct BootstrapTests {
    let before = (0..<40).map { 10 + Double($0 % 5) }   // mean 12
    let after = (0..<40).map { 7 + Double($0 % 5) }     // mean 9: the true difference is −3

    @Test("covers the true difference in a constructed example, and excludes zero")
    func covers() throws {
        let i = try #require(Bootstrap.differenceInterval(before: before, after: after, seed: 1))
        #expect(i.contains(-3))
        #expect(!i.contains(0) && i.excludesZero)
        #expect(i.lower < i.upper)
        // Each group's sd is √2, so the difference's standard error is about 0.32:
        // the interval is about ±0.62 wide, certainly within ±1.
        #expect(i.lower > -4 && i.upper < -2)
    }

    @Test("is deterministic for a seed, and a different seed gives a different interval")
    func deterministic() throws {
        let a = try #require(Bootstrap.differenceInterval(before: before, after: after, seed: 1))
        let b = try #require(Bootstrap.differenceInterval(before: before, after: after, seed: 1))
        let c = try #require(Bootstrap.differenceInterval(before: before, after: after, seed: 2))
        #expect(a == b)
        #expect(a != c)
    }

    @Test("the mean shortcut gives exactly the generic form's interval with a mean statistic")
    func meanShortcut() throws {
        let uneven = (0..<23).map { Double(($0 * 7) % 11) / 3 }
        let mean: ([Double]) -> Double = { $0.reduce(0, +) / Double($0.count) }
        for seed: UInt64 in [1, 2, 3] {
            let fast = Bootstrap.differenceInterval(before: before, after: uneven, resamples: 300, seed: seed)
            let generic = Bootstrap.differenceInterval(before: before, after: uneven, resamples: 300, seed: seed, statistic: mean)
            #expect(fast != nil && fast == generic)
        }
    }

    @Test("constant groups give the exact difference as a zero-width interval")
    func constant() throws {
        let i = try #require(Bootstrap.differenceInterval(before: [5, 5, 5], after: [8, 8], resamples: 50))
        #expect(i == Bootstrap.Interval(lower: 3, upper: 3, level: 0.95))
    }

    @Test("identical groups give an interval around zero")
    func noEffect() throws {
        let values = (0..<50).map { Double($0 % 7) }
        let i = try #require(Bootstrap.differenceInterval(before: values, after: values))
        #expect(i.contains(0) && !i.excludesZero)
    }

    @Test("a wider level gives a wider interval from the same resamples")
    func level() throws {
        let i90 = try #require(Bootstrap.differenceInterval(before: before, after: after, level: 0.90, seed: 3))
        let i99 = try #require(Bootstrap.differenceInterval(before: before, after: after, level: 0.99, seed: 3))
        #expect(i99.lower < i90.lower && i90.upper < i99.upper)
        #expect(i90.level == 0.90)
    }

    @Test("is generic over the element and the statistic")
    func generic() throws {
        // Share of on-time orders: 6 of 10 before, 9 of 10 after.
        let onTimeBefore = (0..<10).map { $0 < 6 }, onTimeAfter = (0..<10).map { $0 < 9 }
        let share: ([Bool]) -> Double = { Double($0.filter { $0 }.count) / Double($0.count) }
        let i = try #require(Bootstrap.differenceInterval(before: onTimeBefore, after: onTimeAfter, seed: 4, statistic: share))
        #expect(i.contains(0.3))
        // Medians of constant-but-for-outliers groups: the outliers cannot move the median.
        let median: ([Double]) -> Double = { Statistics.quantile($0.sorted(), 0.5)! }
        let m = try #require(Bootstrap.differenceInterval(before: [1, 1, 1, 1, 1, 1, 1, 1, 1, 100], after: [2, 2, 2, 2, 2, 2, 2, 2, 2, -100],
                                                          seed: 5, statistic: median))
        #expect(m.contains(1))
    }

    @Test("nothing to resample gives no interval")
    func degenerate() {
        #expect(Bootstrap.differenceInterval(before: [], after: after) == nil)
        #expect(Bootstrap.differenceInterval(before: before, after: []) == nil)
        #expect(Bootstrap.differenceInterval(before: before, after: after, resamples: 1) == nil)
        #expect(Bootstrap.differenceInterval(before: before, after: after, level: 1) == nil)
        #expect(Bootstrap.differenceInterval(before: before, after: after, level: 0) == nil)
    }

    @Test("over many samples from known distributions, the 95% interval covers the true difference about 95% of the time")
    func coverageRate() {
        var rng = SeededGenerator(seed: 99)
        let trials = 200, trueDifference = -2.0
        var covered = 0
        for t in 0..<trials {
            let b = (0..<40).map { _ in rng.normal(mean: 10, sd: 3) }
            let a = (0..<40).map { _ in rng.normal(mean: 10 + trueDifference, sd: 3) }
            if Bootstrap.differenceInterval(before: b, after: a, resamples: 400, seed: UInt64(t))!.contains(trueDifference) { covered += 1 }
        }
        // Binomial(200, 0.95) has sd ≈ 3.1 hits; percentile intervals run slightly narrow at n = 40.
        #expect((176...199).contains(covered), "covered \(covered) of \(trials)")
    }
}
