@testable import AmbidexCore
import Testing

@Suite("Effect of adopted standards, before vs after, with bootstrap intervals")
struct StandardEffectTests {
    typealias F = EvidenceFixtures

    /// Twenty CTO orders before adoption (day 60) take 10, 11 or 12 days
    /// (mean 10.95), one rework each, 14 of 20 on time, feedback 3; `after`
    /// orders after it take 4 days less, no rework, all on time, feedback 4 on
    /// every other order and none on the rest.
    func office(adopt: Double? = 60, after: Int = 20, units: Set<UnitID> = []) -> LearningOffice {
        var b = OfficeBuilder()
        for i in 0..<20 {
            b.order("B-\(i)", .cto, received: Double(i), due: Double(i) + 11, closed: Double(i) + 10 + Double(i % 3), rework: 1, feedback: 3)
        }
        for i in 0..<after {
            b.order("A-\(i)", .cto, received: 100 + Double(i), due: 111 + Double(i), closed: 106 + Double(i) + Double(i % 3),
                    rework: 0, feedback: i.isMultiple(of: 2) ? 4 : nil)
        }
        b.order("M-1", .mts, received: 101, closed: 150, rework: 9)     // out of scope: another strategy
        b.order("X-1", .cto, received: 55, closed: 70, rework: 9)       // straddles adoption: neither side
        b.order("X-3", .cto, received: 300, closed: 320, rework: 9)     // after the 180-day window
        b.office.standards = [F.standard("S-1", strategies: [.cto], units: units, adopted: adopt)]
        return b.office
    }

    func comparison(_ e: StandardEffect, _ m: StandardEffect.Metric) throws -> StandardEffect.Comparison {
        try #require(e.comparisons.first { $0.metric == m })
    }

    @Test("differences and intervals come from the orders in scope on each side of adoption")
    func effects() throws {
        let e = try #require(StandardEffect.measure(office(), asOf: F.d(400), windowDays: 180, minimumPerSide: 10).first)
        #expect(e.comparisons.map(\.metric) == StandardEffect.Metric.allCases)
        #expect((e.ordersBefore, e.ordersAfter) == (20, 20))
        let lead = try comparison(e, .leadTimeDays)
        #expect((lead.nBefore, lead.nAfter) == (20, 20))
        #expect(abs(lead.before! - 10.95) < 1e-9 && abs(lead.after! - 6.95) < 1e-9)
        #expect(abs(lead.difference! + 4) < 1e-9)
        let interval = try #require(lead.interval)
        #expect(interval.contains(-4) && interval.upper < 0 && interval.level == 0.95)
        #expect(lead.verdict == .better && lead.clearlyBetter && !lead.clearlyWorse)
        let onTime = try comparison(e, .onTimeRate)
        #expect(abs(onTime.difference! - 0.3) < 1e-9)
        #expect(onTime.verdict == .better)
        let rework = try comparison(e, .reworkCount)
        #expect(rework.difference == -1)
        // Every value on each side is equal, so every resample gives exactly −1.
        #expect(rework.interval == Bootstrap.Interval(lower: -1, upper: -1, level: 0.95))
    }

    @Test("missing feedback is left out of its mean and its n, not read as zero")
    func feedbackNil() throws {
        let e = try #require(StandardEffect.measure(office(), asOf: F.d(400)).first)
        let fb = try comparison(e, .feedbackScore)
        #expect((fb.nBefore, fb.nAfter) == (20, 10))
        #expect(fb.before == 3 && fb.after == 4 && fb.difference == 1)
        #expect(fb.verdict == .better)
        let few = try #require(StandardEffect.measure(office(after: 12), asOf: F.d(400)).first)
        let fbFew = try comparison(few, .feedbackScore)
        #expect(fbFew.nAfter == 6 && fbFew.interval == nil && fbFew.verdict == .notMeasured)
        #expect(fbFew.note?.contains("orders with feedback") == true)
        #expect(try comparison(few, .leadTimeDays).interval != nil)
    }

    @Test("too few orders on a side gives means but no interval, and says why")
    func tooFew() throws {
        let e = try #require(StandardEffect.measure(office(after: 4), asOf: F.d(400), minimumPerSide: 10).first)
        let lead = try comparison(e, .leadTimeDays)
        #expect(lead.nAfter == 4 && lead.after != nil)
        #expect(lead.interval == nil)
        #expect(lead.verdict == .notMeasured && !lead.clearlyBetter && !lead.clearlyWorse)
        #expect(lead.note == "fewer than 10 orders on a side (20 before, 4 after)")
    }

    @Test("no orders after adoption yet: no after mean, no difference")
    func nothingAfter() throws {
        let e = try #require(StandardEffect.measure(office(after: 0), asOf: F.d(90)).first)
        let lead = try comparison(e, .leadTimeDays)
        #expect(lead.after == nil && lead.difference == nil && lead.nAfter == 0)
    }

    @Test("a standard never adopted, or adopted after the as-of date, has no effect to measure")
    func notAdopted() {
        #expect(StandardEffect.measure(office(adopt: nil), asOf: F.d(400)).isEmpty)
        #expect(StandardEffect.measure(office(adopt: 60), asOf: F.d(59)).isEmpty)
    }

    @Test("a scope naming units takes only the orders those units worked on")
    func unitScope() throws {
        var o = office(units: ["U-eng"])
        for id in ["B-0", "B-1", "A-0", "A-1", "A-2"] {
            o.events.append(OrderEvent(order: OrderID(id), activity: "work", stage: .design, unit: "U-eng",
                                       timestamp: F.d(id.hasPrefix("B") ? 1 : 101), customerContact: true))
        }
        let e = try #require(StandardEffect.measure(o, asOf: F.d(400), minimumPerSide: 2).first)
        #expect((e.ordersBefore, e.ordersAfter) == (2, 3))
        #expect(e.units == ["U-eng"])
    }

    @Test("retirement and the as-of date end the after window")
    func windowEnds() throws {
        // After orders close on days 106, 108, 110, 109, 111, …
        var o = office()
        o.standards = [F.standard("S-1", strategies: [.cto], adopted: 60, retired: 109)]
        let retired = try #require(StandardEffect.measure(o, asOf: F.d(400)).first)
        #expect(retired.ordersAfter == 3)
        #expect(retired.retiredAt == F.d(109))
        let early = try #require(StandardEffect.measure(office(), asOf: F.d(108)).first)
        #expect(early.ordersAfter == 2)
        #expect(early.retiredAt == nil)
    }

    @Test("orders closed before the window are left out")
    func windowStart() throws {
        // With a 40-day window, before means closed on day 20 or later: B-8 and B-10 … B-19.
        let e = try #require(StandardEffect.measure(office(), asOf: F.d(400), windowDays: 40).first)
        #expect((e.ordersBefore, e.ordersAfter) == (11, 0))
        #expect(e.windowDays == 40)
    }

    @Test("intervals are reproducible, and the seed option moves them")
    func reproducible() throws {
        let a = StandardEffect.measure(office(), asOf: F.d(400))
        let b = StandardEffect.measure(office(), asOf: F.d(400))
        let c = StandardEffect.measure(office(), asOf: F.d(400), seed: 7)
        #expect(a == b)
        #expect(a[0].comparisons[0].interval != c[0].comparisons[0].interval)
    }
}
