@testable import AmbidexCore
import Foundation
import Testing

@Suite("The effect of a standard, estimated against comparison groups or its own trend")
struct StandardEffectTests {
    typealias F = EvidenceFixtures
    static let base: [DeliveryStrategy: Double] = [.cto: 30, .eto: 80, .mto: 20, .mts: 3, .ato: 11]

    /// CTO adopts a standard on day 200 that cuts lead time by 20 %; on the
    /// same day every strategy slows down by 20 % (a supplier crisis). A
    /// before/after comparison sees almost nothing; the truth is 30 · 1.2 ·
    /// 0.8 − 30 · 1.2 = −7.2 days on the median.
    func crisis(asOf: Double = 560, effect: Double = 0.8) -> LearningOffice {
        var w = EffectWorld()
        let rule = EffectWorld.Rule(lead: { s, day in
            Self.base[s]! * (day >= 200 ? 1.2 : 1) * (s == .cto && day >= 200 ? effect : 1)
        })
        w.orders([.cto, .eto, .mto], from: 0, to: asOf, asOf: asOf, rule: rule, base: Self.base)
        w.standard("S-cto", [.cto], adopted: 200)
        return w.office
    }

    func effect(_ office: LearningOffice, asOf: Double = 560, settings: StandardEffect.Settings = .init()) throws -> StandardEffect {
        try #require(StandardEffect.measure(office, asOf: F.d(asOf), settings: settings).first)
    }

    @Test("difference-in-differences recovers an effect that a common shock hides from a before/after comparison")
    func commonShock() throws {
        let e = try effect(crisis())
        let lead = try #require(e.metric(.leadTimeDays))
        let cto = try #require(lead.strata.first)
        #expect(cto.method == .differenceInDifferences)
        #expect(cto.comparison.map(\.strategy) == [.mto, .eto])
        let estimate = try #require(lead.estimate)
        #expect(estimate.contains(-7.2), "\(estimate)")
        #expect(estimate.upper < 0 && lead.verdict == .better && lead.adjustedVerdict == .better)
        // The stratum's own before/after change is about 30 · 1.2 · 0.8 − 30 = −1.2 days.
        #expect(abs((cto.after! - cto.before!) + 1.2) < 1.5)
        #expect(cto.preTrend != nil)                    // 180 days before: six months to check parallel trends
        #expect(lead.caveats.contains { $0.contains("consistent with parallel trends") })
    }

    @Test("no effect: the interval covers zero and nothing is claimed")
    func noEffect() throws {
        let lead = try #require(try effect(crisis(effect: 1)).metric(.leadTimeDays))
        let estimate = try #require(lead.estimate)
        #expect(estimate.contains(0))
        #expect(lead.adjustedVerdict == .unclear)
    }

    @Test("the event study shows a flat gap before adoption and the effect after it")
    func eventStudy() throws {
        let lead = try #require(try effect(crisis()).metric(.leadTimeDays))
        let months = try #require(lead.strata.first?.eventStudy)
        let before = months.filter { $0.month < 0 }.compactMap(\.estimate)
        let after = months.filter { $0.month >= 0 }.compactMap(\.estimate)
        #expect(before.count == 6 && after.count >= 8)
        #expect(before.allSatisfy { abs($0.value) < 2.5 })
        #expect(after.allSatisfy { abs($0.value + 7.2) < 3 })
    }

    @Test("lead time counts open orders as censored: the orders still open at the as-of date are in the after-window")
    func censoring() throws {
        let e = try effect(crisis(asOf: 260), asOf: 260)
        let lead = try #require(e.metric(.leadTimeDays))
        let cto = try #require(lead.strata.first)
        // 60 days after adoption, 2 orders a day: every one of them counts, closed or not.
        #expect(cto.ordersAfter == 120)
        #expect(lead.caveats.contains { $0.contains("censored") })
        // Rework is read only on cohorts old enough to have closed.
        let rework = try #require(e.metric(.reworkCount)?.strata.first)
        #expect(rework.ordersAfter < 120)
    }

    @Test("without a clean comparison, a long enough series gives an interrupted time series; a short one cannot tell, and says why")
    func timeSeries() throws {
        // Only CTO orders exist: a trend of +0.3 days a month and a drop of 6 days at adoption.
        var w = EffectWorld()
        let rule = EffectWorld.Rule(lead: { _, day in 30 + 0.01 * day - (day >= 200 ? 6 : 0) }, noise: 0.05)
        w.orders([.cto], from: 0, to: 500, asOf: 500, rule: rule, base: Self.base)
        w.standard("S-cto", [.cto], adopted: 200)
        let lead = try #require(try effect(w.office, asOf: 500).metric(.leadTimeDays))
        let cto = try #require(lead.strata.first)
        #expect(cto.method == .interruptedTimeSeries)
        let estimate = try #require(lead.estimate)
        #expect(estimate.contains(-6), "\(estimate)")
        #expect(cto.levelChange.map { $0.contains(-6) } == true)
        #expect(lead.caveats.contains { $0.contains("no comparison strategy") })

        var short = EffectWorld()
        short.orders([.cto], from: 100, to: 500, asOf: 500, rule: rule, base: Self.base)
        short.standard("S-cto", [.cto], adopted: 200)
        let none = try #require(try effect(short.office, asOf: 500).metric(.leadTimeDays))
        #expect(none.estimate == nil && none.verdict == .cannotTell && none.adjustedVerdict == .cannotTell)
        #expect(none.cannotTell?.contains("a time series needs 6 usable months before adoption (there are 4)") == true)
    }

    @Test("feedback is weighted for who answers: late orders answering more often do not bias the estimate")
    func feedbackWeights() throws {
        // Late orders score 2 and nine in ten of their customers answer; on-time orders score 4 and one in ten answers.
        // After adoption CTO orders are faster, so fewer are late: the true mean score rises with the share on time.
        var w = EffectWorld()
        var count = 0
        var rule = EffectWorld.Rule(lead: { s, day in Self.base[s]! * (s == .cto && day >= 200 ? 0.85 : 1) }, noise: 0.2)
        rule.feedback = { _, _, late, _ in
            count += 1
            return (late ? count % 10 != 0 : count % 10 == 0) ? (late ? 2 : 4) : nil
        }
        w.orders([.cto, .eto, .mto], from: 0, to: 560, asOf: 560, rule: rule, base: Self.base)
        w.standard("S-cto", [.cto], adopted: 200)
        let e = try effect(w.office)
        let onTime = try #require(e.metric(.onTimeRate)?.strata.first)
        let feedback = try #require(e.metric(.feedbackScore)?.strata.first)
        // The weighted level is 2 · late + 4 · on time, whatever the answers' mix.
        #expect(abs(feedback.before! - (2 + 2 * onTime.before!)) < 0.1)
        #expect(abs(feedback.after! - (2 + 2 * onTime.after!)) < 0.1)
        #expect(feedback.responseBefore! > feedback.responseAfter!)
    }

    @Test("a scope naming units takes only the orders those units worked on")
    func unitScope() throws {
        var o = crisis()
        for (i, order) in o.orders.enumerated() where order.strategy == .cto && i % 2 == 0 {
            o.events.append(OrderEvent(order: order.id, activity: "work", stage: .fabricate, unit: "U-eng", timestamp: order.received,
                                       customerContact: false))
        }
        o.standards[0].scope.units = ["U-eng"]
        let e = try effect(o)
        let all = try effect(crisis())
        let (mine, every) = (e.metric(.leadTimeDays)!.strata[0], all.metric(.leadTimeDays)!.strata[0])
        #expect(abs(Double(mine.ordersAfter) - Double(every.ordersAfter) / 2) <= 1)
        #expect(e.units == ["U-eng"] && e.notes.contains { $0.contains("Only orders that U-eng worked on count") })
    }

    @Test("a standard never adopted, or adopted after the as-of date, has no effect to measure")
    func notAdopted() {
        var o = crisis()
        o.standards = [F.standard("S-x", strategies: [.cto], adopted: nil)]
        #expect(StandardEffect.measure(o, asOf: F.d(560)).isEmpty)
        #expect(StandardEffect.measure(crisis(), asOf: F.d(199)).isEmpty)
    }

    @Test("intervals are reproducible, and the seed moves them")
    func reproducible() throws {
        let a = try effect(crisis())
        let b = try effect(crisis())
        var seeded = StandardEffect.Settings()
        seeded.seed = 7
        let c = try effect(crisis(), settings: seeded)
        #expect(a == b)
        #expect(a.metrics[0].estimate != c.metrics[0].estimate)
        #expect(a.metrics[0].estimate?.value == c.metrics[0].estimate?.value)
    }
}

@Suite("Effect designs: windows and comparison groups clean of other changes")
struct EffectDesignTests {
    typealias F = EvidenceFixtures

    func design(_ standards: [Standard], first: [DeliveryStrategy: Double] = [.mts: 0, .ato: 0, .mto: 0, .cto: 0, .eto: 0],
                asOf: Double = 700, pre: Int = 180, post: Int = 540) -> EffectDesign {
        let changes = OfficeChange.calendar(standards, asOf: F.d(asOf))
        return EffectDesign.make(standards[0], changes: changes, firstOrder: first.mapValues(F.d), asOf: F.d(asOf), preDays: pre, postDays: post)!
    }

    @Test("the window stops at other changes to the stratum, and says what set each end")
    func windows() throws {
        let d = design([F.standard("S-kit", strategies: [.ato], adopted: 480), F.standard("S-module", strategies: [.ato, .cto], adopted: 365)])
        let ato = try #require(d.strata.first)
        #expect(ato.start == F.d(365) && ato.startReason == "the adoption of S-module on \(F.d(365).isoDay)")
        #expect(ato.end == F.d(700) && ato.endReason == "the as-of date")
        let capped = design([F.standard("S-kit", strategies: [.ato], adopted: 480, retired: 600)], asOf: 900, post: 90)
        #expect(capped.strata[0].end == F.d(570) && capped.strata[0].endReason == "the 90-day window after adoption")
        let retired = design([F.standard("S-kit", strategies: [.ato], adopted: 480, retired: 600)], asOf: 900)
        #expect(retired.strata[0].end == F.d(600) && retired.strata[0].endReason.hasPrefix("its retirement"))
    }

    @Test("a window cut short by the start of the data says so")
    func dataStart() {
        let d = design([F.standard("S-pack", strategies: [.mts], adopted: 60)])
        #expect(d.strata[0].start == F.d(0))
        #expect(d.strata[0].startReason == "the start of the data (60 of 180 days)")
    }

    @Test("comparison strategies must be free of changes inside the window; a change at its edge is fine")
    func comparisons() {
        let standards = [F.standard("S-kit", strategies: [.ato], adopted: 480), F.standard("S-module", strategies: [.ato, .cto], adopted: 365),
                         F.standard("S-pack", strategies: [.mts, .mto], adopted: 60, retired: 590), F.standard("S-eto", strategies: [.eto], adopted: 120)]
        let ato = design(standards).strata[0]
        #expect(ato.comparison == [.cto, .eto])
        #expect(ato.excluded.map(\.strategy) == [.mts, .mto])
        #expect(ato.excluded[0].reason.contains("retirement of S-pack"))
    }

    @Test("a monitoring signal is a change too: it makes a comparison unclean")
    func signals() {
        let standards = [F.standard("S-kit", strategies: [.ato], adopted: 480), F.standard("S-eto", strategies: [.eto], adopted: 120)]
        var changes = OfficeChange.calendar(standards, asOf: F.d(700))
        changes.append(OfficeChange(date: F.d(500), standard: "S-eto", kind: .monitoringSignal, strategies: [.eto]))
        let d = EffectDesign.make(standards[0], changes: changes, firstOrder: [.ato: F.d(0), .eto: F.d(0), .cto: F.d(0)], asOf: F.d(700),
                                  preDays: 180, postDays: 540)!
        #expect(!d.strata[0].comparison.contains(.eto))
        #expect(d.strata[0].excluded.contains { $0.strategy == .eto && $0.reason.contains("monitoring signal of S-eto") })
    }

    @Test("another change on the adoption day itself blocks the stratum; strategies without orders give none")
    func blockers() {
        let d = design([F.standard("S-a", strategies: [.cto, .ato], adopted: 300), F.standard("S-b", strategies: [.cto], adopted: 300)],
                       first: [.cto: 0, .eto: 0])
        #expect(d.strata.first { $0.strategy == .cto }?.blocker?.contains("same day") == true)
        #expect(d.strata.first { $0.strategy == .ato }?.blocker == "no ATO orders yet")
        #expect(d.sliceStrategies == [.ato, .cto, .eto])
    }
}
