@testable import AmbidexCore
import Foundation
import Testing

@Suite("Statistics: Kaplan–Meier, Benjamini–Hochberg, week blocks, estimates")
struct StatisticsTests {
    @Test("Kaplan–Meier without censoring gives the ordinary median; censoring keeps the long ones in play")
    func kaplanMeier() {
        #expect(KaplanMeier.median(times: [1, 2, 3, 4], events: [true, true, true, true]) == 2.5)
        #expect(KaplanMeier.median(times: [1, 2, 3, 4, 5], events: [true, true, true, true, true]) == 3)
        // Censored at 2: S(1) = 4/5, S(3) = 4/5 · 2/3 = 8/15 > 1/2, S(4) = 8/15 · 1/2 ≤ 1/2.
        #expect(KaplanMeier.median(times: [1, 2, 3, 4, 5], events: [true, false, true, true, true]) == 4)
        // Dropping the censored order instead (a closed-only median) would say 3.5.
        #expect(KaplanMeier.median(times: [1, 3, 4, 5], events: [true, true, true, true]) == 3.5)
        // More than half censored before any event reaches one half: the median is not known yet.
        #expect(KaplanMeier.median(times: [1, 2, 3, 10], events: [false, false, false, true]) == 10)
        #expect(KaplanMeier.median(times: [1, 2, 3, 4], events: [true, false, false, false]) == nil)
    }

    @Test("weights count an observation as often as its week was drawn")
    func weights() {
        let t = [1.0, 2, 3, 4], e = [true, true, true, true]
        #expect(KaplanMeier.quantile(0.5, times: t, events: e, weights: [1, 1, 1, 1]) == 2.5)
        #expect(KaplanMeier.quantile(0.5, times: t, events: e, weights: [0, 0, 2, 1]) == 3)
        #expect(KaplanMeier.quantile(0.5, times: t, events: e, blocks: [0, 0, 1, 1], blockWeights: [3, 1]) == 2)
    }

    @Test("Benjamini–Hochberg adjusted p-values match R's p.adjust(p, \"BH\")")
    func benjaminiHochberg() {
        let adjusted = FalseDiscovery.adjusted([0.01, 0.04, 0.03, 0.005])
        for (a, b) in zip(adjusted, [0.02, 0.04, 0.04, 0.02]) { #expect(abs(a - b) < 1e-12) }
        // p.adjust(c(0.001, 0.2, 0.02, 0.5, 0.04), "BH") = 0.005 0.25 0.05 0.5 0.0666…
        let r = FalseDiscovery.adjusted([0.001, 0.2, 0.02, 0.5, 0.04])
        for (a, b) in zip(r, [0.005, 0.25, 0.05, 0.5, 0.2 / 3]) { #expect(abs(a - b) < 1e-12) }
        #expect(FalseDiscovery.adjusted([]).isEmpty)
    }

    @Test("a replicate draws as many blocks as each stratum has, only among its own")
    func blocks() {
        let blocks = WeekBlocks(stratumOfBlock: [0, 0, 0, 1, 1])
        var rng = SeededGenerator(seed: 1)
        var w: [Double] = []
        for _ in 0..<50 {
            blocks.draw(&rng, into: &w)
            #expect(w[0] + w[1] + w[2] == 3 && w[3] + w[4] == 2)
        }
        #expect(WeekBlocks.week(of: WeekBlocks.start(ofWeek: 2_900)) == 2_900)
        // 2025-01-06 is a Monday: its week starts that day.
        #expect(WeekBlocks.start(ofWeek: WeekBlocks.week(of: OfficeBuilder.d(5.5))) == OfficeBuilder.d(5))
    }

    @Test("an estimate is value ± 1.96 standard errors with a two-sided p; too many failed replicates give none")
    func estimate() throws {
        let e = Estimate(value: 2, standardError: 1, replicates: 100)
        #expect(abs(e.lower - 0.04) < 0.001 && abs(e.upper - 3.96) < 0.001)
        #expect(abs(e.p - 0.0455) < 0.0005)
        #expect(e.excludesZero && e.contains(1) && !e.contains(4))
        #expect(Estimate.from(1, replicates: [1, 2, .nan, 3], asked: 4) == nil)
        let ok = try #require(Estimate.from(1, replicates: [0, 1, 2, 1], asked: 4))
        #expect(abs(ok.standardError - (2.0 / 3).squareRoot()) < 1e-12)
        #expect(Statistics.twoSidedP(estimate: 0, standardError: 0) == 1 && Statistics.twoSidedP(estimate: 1, standardError: 0) == 0)
    }

    @Test("weighted least squares finds the line; one x value has none")
    func line() throws {
        let l = try #require(Statistics.line(x: [0, 1, 2, 3], y: [1, 3, 5, 7], weights: [1, 2, 1, 3]))
        #expect(abs(l.intercept - 1) < 1e-12 && abs(l.slope - 2) < 1e-12)
        #expect(Statistics.line(x: [1, 1], y: [1, 2], weights: [1, 1]) == nil)
    }
}
