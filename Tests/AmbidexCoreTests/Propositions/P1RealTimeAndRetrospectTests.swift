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

        let eto = s.filter { $0.orders == ["O-eto"] }
        #expect(eto.contains { $0.kind.mode == .inAction && $0.trigger == .recurrent })
        let mto = s.filter { $0.orders == ["O-mto-late"] }
        #expect(mto.contains { $0.kind.mode == .onAction && $0.trigger == .sporadic })
        // The running MTS order gets no real-time reflection at all: standardized work learns in retrospect.
        #expect(s.filter { $0.orders == ["O-mts"] }.isEmpty)
        #expect(s.contains { $0.kind == .crossOrderRetrospective && $0.strategy == .mts && $0.trigger == .planned })

        let modes = Set(s.map(\.kind.mode)), triggers = Set(s.map(\.trigger))
        #expect(modes == [.inAction, .onAction])
        #expect(triggers.isSuperset(of: [.recurrent, .sporadic]))
    }
}
