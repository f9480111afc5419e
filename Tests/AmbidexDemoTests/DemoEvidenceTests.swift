import AmbidexCore
import AmbidexDemo
import Foundation
import Testing

/// The evidence against the truth the demo company was generated from.
@Suite("The evidence recovers the demo company's declared truth", .serialized)
struct DemoEvidenceTests {
    static let showcase = DemoCalibration.check(office: 0, scenario: .showcase, seed: 42, orders: 5_200)

    func effect(_ id: StandardID) throws -> StandardEffect { try #require(Self.showcase.effects.first { $0.standard == id }) }

    @Test("the generator declares the true effect of each standard: none, a benefit, and a harm with its onset")
    func declared() throws {
        let s = DemoScenario.showcase
        #expect(s.plan(DemoCompany.kittingStandard)?.effect == DemoScenario.TrueEffect.none)
        guard case .benefit(let lead, let rework)? = s.plan(DemoCompany.moduleStandard)?.effect else { Issue.record("module"); return }
        #expect(lead[.cto] == 0.72 && rework < 1)
        guard case .harm(let onset, _, _, _, _, _)? = s.plan(DemoCompany.failingStandard)?.effect else { Issue.record("packing"); return }
        #expect(onset == DemoCompany.Timeline.packingStartsFailing)
        let (office, truth) = DemoCompany.generate(scenario: s, orders: 1_500)
        let ato = office.orders.filter { $0.strategy == .ato && $0.received > DemoCompany.defaultStart.adding(days: 500) }.map(\.id)
        #expect(truth.effect(of: DemoCompany.kittingStandard, on: .leadTimeDays, strata: [(ato, 1)]) == 0)
        #expect(truth.effect(of: DemoCompany.moduleStandard, on: .leadTimeDays, strata: [(ato, 1)])! < -1)
    }

    @Test("on the demo company: no effect claimed for ATO kitting")
    func kitting() throws {
        let kitting = try effect(DemoCompany.kittingStandard)
        #expect(kitting.metrics.allSatisfy { !$0.clearlyBetter && !$0.clearlyWorse }, "\(kitting.metrics.map(\.adjustedVerdict))")
        // The before-window starts at the module's adoption, so its gain is not read as kitting's.
        #expect(kitting.design.strata[0].startReason.contains("adoption of \(DemoCompany.moduleStandard)"))
    }

    @Test("on the demo company: the module's effect is recovered and claimed")
    func module() throws {
        let lead = try #require(try effect(DemoCompany.moduleStandard).metric(.leadTimeDays))
        let truth = try #require(Self.showcase.cases.first { $0.standard == DemoCompany.moduleStandard && $0.metric == .leadTimeDays })
        #expect(lead.estimate!.contains(truth.truth), "estimate \(lead.estimate!) truth \(truth.truth)")
        #expect(lead.clearlyBetter && truth.truth < -3)
        #expect(try effect(DemoCompany.moduleStandard).metric(.onTimeRate)?.clearlyBetter == true)
    }

    @Test("on the demo company: monitoring flags the packing harm within 8 weeks of its onset, and the standard shows as retired")
    func packing() throws {
        let packing = try effect(DemoCompany.failingStandard)
        let signal = try #require(packing.firstWorseSignal)
        let onset = DemoCompany.defaultStart.adding(days: DemoCompany.Timeline.packingStartsFailing)
        #expect(signal.signal.date >= onset && signal.signal.date <= onset.adding(days: 56), "\(signal.signal.date.isoDay)")
        #expect(packing.retiredAt != nil && packing.retirementReason?.isEmpty == false)
        let detection = try #require(Self.showcase.detection)
        #expect(detection.delayDays! <= 56 && detection.earlierSignals == 0)
    }

    @Test("over generated companies with random true effects and dates: intervals cover the truth, null standards are rarely claimed, harms are flagged fast")
    func calibration() {
        // The full check runs 200 companies (Benchmarks/evidence-calibration.sh); CI runs a smaller one with the same code.
        let r = DemoCalibration.run(offices: 12, seed: 2026, threads: 2)
        #expect(r.cases.count > 150)
        #expect(r.coverage >= 0.9, "coverage \(r.coverage)")
        #expect(r.nullCases.count > 50 && r.falseClaimRate <= 0.05, "false claims \(r.falseClaimRate)")
        #expect(r.detections.count == 12 && r.detected(within: 56) >= 0.9, "detected \(r.detected(within: 56))")
    }
}
