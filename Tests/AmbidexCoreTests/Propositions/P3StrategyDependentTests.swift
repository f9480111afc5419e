@testable import AmbidexCore
import Testing

/// P3: what learning is needed depends on the delivery strategy — ETO daily,
/// real-time reflection; MTS sporadic, retrospective, planned follow-ups;
/// ATO/MTO/CTO in between.
@Suite("P3 — learning depends on the delivery strategy")
struct P3StrategyDependentTests {
    @Test("in-action activities per open order fall from ETO through CTO to the standardized strategies")
    func gradient() {
        var b = OfficeBuilder()
        for s in DeliveryStrategy.allCases {
            for i in 0..<3 { b.order("O-\(s.rawValue)-\(i)", s, received: 29, due: 90) }
        }
        let schedule = CadencePolicy().schedule(b.office, from: OfficeBuilder.d(30), horizonDays: 14)
        func inAction(_ s: DeliveryStrategy) -> Double {
            Double(schedule.filter { $0.strategy == s && $0.kind.mode == .inAction }.count) / 3
        }
        #expect(inAction(.eto) >= 10)          // daily on working days
        #expect(inAction(.cto) == 1)           // once, at configuration
        #expect(inAction(.ato) == 0)
        #expect(inAction(.mto) == 0)
        #expect(inAction(.mts) == 0)
        #expect(inAction(.eto) > inAction(.cto) && inAction(.cto) > inAction(.mts))
    }

    @Test("MTS gets only planned or sporadic retrospective follow-ups; ETO gets recurrent stand-ups")
    func polarOpposites() {
        var b = OfficeBuilder()
        b.order("O-mts-1", .mts, received: 0, closed: 5)
        b.order("O-mts-2", .mts, received: 28, due: 33)
        b.order("O-eto", .eto, received: 28, due: 90)
        let s = CadencePolicy().schedule(b.office, from: OfficeBuilder.d(30), horizonDays: 14)
        let mts = s.filter { $0.strategy == .mts }
        #expect(!mts.isEmpty)
        #expect(mts.allSatisfy { $0.kind.mode == .onAction && ($0.trigger == .planned || $0.trigger == .sporadic) })
        #expect(s.filter { $0.strategy == .eto && $0.kind == .inOrderStandUp }.allSatisfy { $0.trigger == .recurrent })
    }

    @Test("the reasons say different things for different strategies")
    func reasons() {
        var b = OfficeBuilder()
        b.order("O-eto", .eto, received: 28, due: 90)
        b.order("O-cto", .cto, received: 29, due: 60)
        b.order("O-mts", .mts, received: 0, closed: 5)
        let s = CadencePolicy().schedule(b.office, from: OfficeBuilder.d(30), horizonDays: 14)
        let eto = s.first { $0.kind == .inOrderStandUp }!.reason
        let cto = s.first { $0.strategy == .cto && $0.kind.mode == .inAction }!.reason
        let mts = s.first { $0.strategy == .mts }!.reason
        #expect(eto.contains("daily"))
        #expect(cto.contains("configur"))
        #expect(mts.contains("planned"))
        #expect(Set([eto, cto, mts]).count == 3)
    }
}
