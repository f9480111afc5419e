@testable import AmbidexCore
import Testing

@Suite("Effect of adopted standards, with bootstrap intervals")
struct StandardEffectTests {
    /// Twenty CTO orders before adoption take 10–12 days; twenty after take 6–8.
    func office(adopt: Bool = true, after: Int = 20) -> LearningOffice {
        var b = OfficeBuilder()
        for i in 0..<20 { b.order("B-\(i)", .cto, received: Double(i), due: Double(i) + 11, closed: Double(i) + 10 + Double(i % 3), rework: 1) }
        for i in 0..<after { b.order("A-\(i)", .cto, received: 100 + Double(i), due: 111 + Double(i), closed: 106 + Double(i) + Double(i % 3), rework: 0) }
        b.order("M-1", .mts, received: 101, closed: 150) // out of scope: must not count
        var s = try! Standard(id: "S-1", name: "Module", kind: .module, scope: .init(strategies: [.cto]), provenance: [],
                              proposedAt: OfficeBuilder.d(50))
        if adopt { try! s.adopt(at: OfficeBuilder.d(60)) }
        b.office.standards = [s]
        return b.office
    }

    @Test("the difference and its interval come from the orders in scope on each side")
    func leadTime() throws {
        let effects = StandardEffect.measure(office(), asOf: OfficeBuilder.d(200), windowDays: 180, minimumPerSide: 10)
        let e = try #require(effects.first)
        let lead = try #require(e.comparisons.first { $0.metric == .leadTimeDays })
        #expect(lead.nBefore == 20)
        #expect(lead.nAfter == 20)
        #expect(abs(lead.difference! + 4) < 1e-9)
        let interval = try #require(lead.interval)
        #expect(interval.contains(-4))
        #expect(interval.upper < 0)
        #expect(lead.clearlyBetter)
        let rework = try #require(e.comparisons.first { $0.metric == .reworkCount })
        #expect(rework.difference == -1)
        #expect(rework.clearlyBetter)
    }

    @Test("too few orders on a side gives no interval, and says why")
    func tooFew() throws {
        let e = try #require(StandardEffect.measure(office(after: 4), asOf: OfficeBuilder.d(200), minimumPerSide: 10).first)
        let lead = try #require(e.comparisons.first { $0.metric == .leadTimeDays })
        #expect(lead.interval == nil)
        #expect(lead.note?.contains("fewer than 10") == true)
    }

    @Test("a standard never adopted has no effect to measure")
    func notAdopted() {
        #expect(StandardEffect.measure(office(adopt: false), asOf: OfficeBuilder.d(200)).isEmpty)
    }

    @Test("the bootstrap is reproducible for a seed and covers the true difference")
    func bootstrap() throws {
        let before = (0..<40).map { 10 + Double($0 % 5) }
        let after = (0..<40).map { 7 + Double($0 % 5) }
        let a = try #require(Bootstrap.differenceInterval(before: before, after: after, seed: 1))
        let b = try #require(Bootstrap.differenceInterval(before: before, after: after, seed: 1))
        let c = try #require(Bootstrap.differenceInterval(before: before, after: after, seed: 2))
        #expect(a == b)
        #expect(a != c)
        #expect(a.contains(-3))
        #expect(!a.contains(0))
        #expect(Bootstrap.differenceInterval(before: [], after: after) == nil)
    }

    @Test("identical groups give an interval around zero")
    func noEffect() throws {
        let values = (0..<50).map { Double($0 % 7) }
        let i = try #require(Bootstrap.differenceInterval(before: values, after: values))
        #expect(i.contains(0))
    }
}
