@testable import AmbidexCore
import Testing

@Suite("Cycle time from acquisition to exploitation, as a survival time")
struct CycleTimeTests {
    typealias F = EvidenceFixtures

    /// Four explorative items exploited after 10, 20, 30 and 40 days, two
    /// exploitative ones after 6 and 8; one exploitative item still under way
    /// (acquired on day 0), one explorative item discarded after 3 days.
    func office() -> LearningOffice {
        var b = OfficeBuilder()
        b.office.knowledgeItems = [10.0, 20, 30, 40].enumerated().map { i, days in
            F.item("K-x\(i)", orientation: .explorative, exploitedAfter: days)
        } + [6.0, 8].enumerated().map { i, days in F.item("K-e\(i)", orientation: .exploitative, exploitedAfter: days) } + [
            F.item("K-stuck", orientation: .exploitative, transform: false),
            F.item("K-gone", orientation: .explorative, discardedAfter: 3),
        ]
        return b.office
    }

    @Test("the share exploited is the Aalen–Johansen incidence: every item counts, the one under way censored, the discarded one a competing risk")
    func incidence() throws {
        let c = CycleTime.measure(office(), asOf: F.d(300), stuckAfterDays: 180, resamples: 200)
        #expect((c.all.items, c.all.exploited, c.all.discarded, c.all.underWay) == (8, 6, 1, 1))
        // The discard on day 3 leaves 7 at risk; each exploitation then adds 7/8 · 1/7 = 1/8.
        let by90 = try #require(c.all.horizons.first { $0.days == 90 })
        #expect(abs(by90.exploited.value! - 0.75) < 1e-12)
        #expect(abs(by90.discarded.value! - 0.125) < 1e-12)
        #expect(abs(c.all.everExploited.value! - 0.75) < 1e-12)
        // A quarter of all items by day 8, half by day 20, three quarters by day 40.
        #expect(c.all.quartiles.map(\.days.value) == [8, 20, 40])
        // Among the items that get exploited (incidence / 0.75): 0.1875 by day 8, 0.375 by day 10, 0.5625 by day 30.
        #expect(c.all.quartilesAmongExploited.map(\.days.value) == [8, 10, 30])
        #expect(c.explorative.quartilesAmongExploited.map(\.days.value) == [10, 20, 30])
        #expect(abs(c.exploitative.everExploited.value! - 2.0 / 3) < 1e-12)
    }

    @Test("treating a discard as censoring would overstate the share exploited")
    func competingRisk() {
        let times = [3.0, 6, 8, 10, 20, 30, 40, 300], weights = [Double](repeating: 1, count: 8)
        let competing = KaplanMeier.cumulativeIncidence(times: times, causes: [2, 1, 1, 1, 1, 1, 1, 0], weights: weights, causeCount: 2)
        let censored = KaplanMeier.cumulativeIncidence(times: times, causes: [0, 1, 1, 1, 1, 1, 1, 0], weights: weights, causeCount: 2)
        #expect(abs(competing.incidence[0].last!.value - 6.0 / 8) < 1e-12)
        #expect(abs(censored.incidence[0].last!.value - 6.0 / 7) < 1e-12)
    }

    @Test("a quantile the incidence never reaches is 'not reached', not a number from the survivors")
    func notReached() {
        var b = OfficeBuilder()
        b.office.knowledgeItems = [F.item("K-1", exploitedAfter: 10)] + (0..<3).map { F.item("K-w\($0)", transform: false) }
        let c = CycleTime.measure(b.office, asOf: F.d(100), resamples: 100)
        #expect(c.all.quartiles.map(\.days.value) == [10, nil, nil])
        // Among the one item exploited, every quartile is its 10 days.
        #expect(c.all.quartilesAmongExploited.map(\.days.value) == [10, 10, 10])
    }

    @Test("intervals bracket the figure and are reproducible")
    func intervals() throws {
        let a = CycleTime.measure(office(), asOf: F.d(300), resamples: 300)
        #expect(a == CycleTime.measure(office(), asOf: F.d(300), resamples: 300))
        let by90 = try #require(a.all.horizons.first { $0.days == 90 }?.exploited)
        #expect(by90.lower! <= by90.value! && by90.value! <= by90.upper!)
        #expect(by90.lower! < by90.upper!)
    }

    @Test("stuck: not terminal and acquired longer ago than the threshold; discarded and exploited items are not stuck")
    func stuck() {
        let late = CycleTime.measure(office(), asOf: F.d(300), stuckAfterDays: 180, resamples: 10)
        #expect(late.stuck == 1 && late.stuckExploitative == 1 && late.stuckExplorative == 0)
        #expect(late.stuckAfterDays == 180)
        #expect(CycleTime.measure(office(), asOf: F.d(100), stuckAfterDays: 180, resamples: 10).stuck == 0)
        // Before the 40-day item was exploited, it was still under way: censored then, not missing.
        let early = CycleTime.measure(office(), asOf: F.d(35), stuckAfterDays: 30, resamples: 10)
        #expect(early.stuck == 2)
        #expect((early.explorative.exploited, early.explorative.underWay) == (3, 1))
    }

    @Test("no items gives zero counts and no day figures")
    func empty() {
        let c = CycleTime.measure(OfficeBuilder().office, asOf: F.d(10), resamples: 10)
        #expect(c.all.items == 0 && c.all.exploited == 0)
        #expect(c.all.quartiles.allSatisfy { $0.days.value == nil })
        #expect(c.all.everExploited.value == nil)
        #expect(c.stuck == 0)
    }
}
