@testable import AmbidexCore
import Testing

/// P1: learning happens in real time and in retrospect, through sporadic and
/// recurrent interventions, depending on how customized the order is.
@Suite("P1 — real time and retrospect, recurrent and sporadic, by customization")
struct P1RealTimeAndRetrospectTests {
    @Test("the policy schedules in-action and on-action, recurrent and sporadic activities, and which depends on the order")
    func mix() {
        var b = OfficeBuilder()
        b.order("O-eto", .eto, received: 28, due: 120)                 // customized, running
        b.order("O-mto-late", .mto, received: 0, due: 20, closed: 26)   // standardized, went wrong
        b.order("O-mts", .mts, received: 27, due: 31)                   // standardized, running
        b.order("O-mts-done", .mts, received: 10, due: 14, closed: 13)  // standardized, done
        let s = CadencePolicy().schedule(b.office, from: OfficeBuilder.d(30), horizonDays: 14)

        let eto = s.filter { $0.orders.contains("O-eto") }
        #expect(eto.contains { $0.kind.mode == .inAction && $0.trigger == .recurrent })
        let mto = s.filter { $0.orders == ["O-mto-late"] }
        #expect(mto.contains { $0.kind.mode == .onAction && $0.trigger == .sporadic })
        // The running MTS order gets no reflection of its own: standardized work reflects on its flow, not on an order.
        #expect(s.filter { $0.orders.contains("O-mts") }.isEmpty)
        #expect(s.contains { $0.kind == .dailyFlowMeeting && $0.strategy == .mts && $0.orders.isEmpty })
        #expect(s.contains { $0.kind == .crossOrderRetrospective && $0.strategy == .mts && $0.trigger == .planned })

        let modes = Set(s.map(\.kind.mode)), triggers = Set(s.map(\.trigger))
        #expect(modes == [.inAction, .onAction])
        #expect(triggers.isSuperset(of: [.recurrent, .sporadic, .planned]))
    }

    @Test("a standard whose monitoring signals a shift for the worse is a sporadic trigger: an improvement initiative that opens an exploration item")
    func monitoringTrigger() throws {
        let office = MonitoringTests().office(onset: 300)
        let s = CadencePolicy().schedule(office, from: OfficeBuilder.d(340), horizonDays: 7)
        let initiative = try #require(s.first { $0.kind == .improvementInitiative })
        #expect(initiative.trigger == .sporadic && initiative.standards == ["S-pack"])
        #expect(initiative.reason.contains("monitoring saw rework per order shift for the worse"))
        #expect(initiative.knowledgeItems.first?.rawValue.hasPrefix("K-explore-S-pack-") == true)
        // Without the harm there is nothing to trigger.
        #expect(!CadencePolicy().schedule(MonitoringTests().office(), from: OfficeBuilder.d(340), horizonDays: 7).contains { $0.kind == .improvementInitiative })
    }
}
