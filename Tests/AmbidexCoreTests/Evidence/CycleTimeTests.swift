@testable import AmbidexCore
import Testing

@Suite("Cycle time from acquisition to exploitation")
struct CycleTimeTests {
    typealias F = EvidenceFixtures

    /// Four explorative items exploited after 10, 20, 30 and 40 days, two
    /// exploitative ones after 6 and 8; one exploitative item still acquired,
    /// one discarded.
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

    @Test("median, mean and quartiles per orientation and overall")
    func quantiles() {
        let c = CycleTime.measure(office(), asOf: F.d(300), stuckAfterDays: 180)
        #expect(c.explorative.exploited == 4)
        #expect(c.explorative.medianDays == 25)
        #expect(c.explorative.meanDays == 25)
        #expect(c.explorative.p25Days == 17.5)
        #expect(c.explorative.p75Days == 32.5)
        #expect(c.exploitative.exploited == 2)
        #expect(c.exploitative.medianDays == 7)
        // All six: 6, 8, 10, 20, 30, 40.
        #expect(c.all.exploited == 6)
        #expect(c.all.medianDays == 15)
        #expect(c.all.meanDays == 19)
        #expect(c.all.p25Days == 8.5)
        #expect(c.all.p75Days == 27.5)
    }

    @Test("stuck: not terminal and acquired longer ago than the threshold; discarded and exploited items are not stuck")
    func stuck() {
        let late = CycleTime.measure(office(), asOf: F.d(300), stuckAfterDays: 180)
        #expect(late.stuck == 1 && late.stuckExploitative == 1 && late.stuckExplorative == 0)
        #expect(late.stuckAfterDays == 180)
        #expect(CycleTime.measure(office(), asOf: F.d(100), stuckAfterDays: 180).stuck == 0)
        // Before the 40-day item was exploited, it was still under way.
        let early = CycleTime.measure(office(), asOf: F.d(35), stuckAfterDays: 30)
        #expect(early.stuck == 2)
        #expect(early.explorative.exploited == 3)
    }

    @Test("no exploited items gives counts of zero and no day figures")
    func empty() {
        let c = CycleTime.measure(OfficeBuilder().office, asOf: F.d(10))
        #expect(c.all.exploited == 0)
        #expect(c.all.medianDays == nil && c.all.meanDays == nil && c.all.p25Days == nil && c.all.p75Days == nil)
        #expect(c.stuck == 0)
    }
}
