@testable import AmbidexCore
import Testing

/// P3 as seed 000 states it: ETO learns bottom-up, in real time and daily,
/// on each order; standardized work (MTS above all, ATO, MTO) also reflects
/// daily and in real time, but top down, on the standard work and the
/// offering for a whole market, rarely on a specific order — besides
/// systematic follow-ups that are sporadic, retrospective and planned, and
/// learning about market needs; CTO lies between.
@Suite("P3 — learning depends on the delivery strategy")
struct P3StrategyDependentTests {
    static let from = OfficeBuilder.d(30)

    /// Three open orders of every strategy, received the day before.
    func everyStrategy() -> OfficeBuilder {
        var b = OfficeBuilder()
        for s in DeliveryStrategy.allCases {
            for i in 0..<3 {
                b.order("O-\(s.rawValue)-\(i)", s, received: 29, due: 90)
                b.event("O-\(s.rawValue)-\(i)", s == .eto ? "U-eng" : "U-prod", at: 29.5, contact: s == .eto, stage: s == .eto ? .design : .fabricate)
            }
        }
        return b
    }

    @Test("reflection on each order falls from ETO (every working day) through CTO (once, at configuration) to none for the standardized strategies")
    func perOrder() {
        let schedule = CadencePolicy().schedule(everyStrategy().office, from: Self.from, horizonDays: 14)
        func perOrder(_ s: DeliveryStrategy) -> Double {
            Double(schedule.filter { $0.strategy == s && $0.kind.mode == .inAction }.map { $0.orders.count }.reduce(0, +)) / 3
        }
        #expect(perOrder(.eto) >= 10)
        #expect(perOrder(.cto) == 1)
        #expect(perOrder(.ato) == 0 && perOrder(.mto) == 0 && perOrder(.mts) == 0)
    }

    @Test("standardized flows reflect daily too: one top-down meeting per flow on its standard work, naming no order")
    func flows() {
        var b = everyStrategy()
        b.office.standards = [EvidenceFixtures.standard("S-route", strategies: [.mto], adopted: 1)]
        let schedule = CadencePolicy().schedule(b.office, from: Self.from, horizonDays: 14)
        for s in [DeliveryStrategy.mts, .ato, .mto] {
            let meetings = schedule.filter { $0.kind == .dailyFlowMeeting && $0.strategy == s }
            #expect(meetings.count == 10, "\(s)")
            #expect(meetings.allSatisfy { $0.orders.isEmpty && $0.trigger == .recurrent && $0.kind.mode == .inAction })
            #expect(meetings.allSatisfy { $0.reason.contains("Top-down") && $0.reason.contains("not on a single order") })
        }
        #expect(schedule.first { $0.kind == .dailyFlowMeeting && $0.strategy == .mto }?.standards == ["S-route"])
        #expect(!schedule.contains { $0.kind == .dailyFlowMeeting && ($0.strategy == .eto || $0.strategy == .cto) })
        var policy = CadencePolicy()
        policy.flowMeetingStrategies = [.mts]
        #expect(Set(policy.schedule(b.office, from: Self.from, horizonDays: 14).filter { $0.kind == .dailyFlowMeeting }.compactMap(\.strategy)) == [.mts])
    }

    @Test("ETO: one daily stand-up per team over its open orders, overdue ones included, not one per order")
    func teamStandUps() throws {
        var b = OfficeBuilder()
        b.order("O-1", .eto, received: 5, due: 60)
        b.order("O-2", .eto, received: 6, due: 25)   // overdue by day 30
        b.order("O-3", .eto, received: 7, due: 90)
        for id in ["O-1", "O-2", "O-3"] { b.event(id, "U-eng", at: 8, contact: true, stage: .design) }
        let standUps = CadencePolicy().schedule(b.office, from: Self.from, horizonDays: 14).filter { $0.kind == .inOrderStandUp }
        #expect(standUps.count == 10)
        #expect(standUps.allSatisfy { Set($0.orders) == ["O-1", "O-2", "O-3"] && $0.units.contains("U-eng") })
        let first = try #require(standUps.first)
        #expect(first.reason.contains("Engineering's ETO team") && first.reason.contains("1 of them overdue (O-2)"))
        #expect(first.reason.contains("bottom-up"))
    }

    @Test("learning about market needs has a place for MTS and ATO: forecast against actual demand, by offering")
    func marketReviews() throws {
        var b = OfficeBuilder()
        for day in stride(from: 0.0, to: 90, by: 3) { b.order("O-old-\(day)", .mts, received: day, closed: day + 2) }
        for day in stride(from: 91.0, to: 120, by: 1) { b.order("O-new-\(day)", .mts, received: day, closed: day + 2) }
        b.order("O-ato", .ato, received: 100, closed: 105)
        b.order("O-mto", .mto, received: 100, closed: 110)
        let schedule = CadencePolicy().schedule(b.office, from: OfficeBuilder.d(121), horizonDays: 7)
        let reviews = schedule.filter { $0.kind == .marketReview }
        #expect(Set(reviews.compactMap(\.strategy)) == [.mts, .ato])
        let mts = try #require(reviews.first { $0.strategy == .mts })
        #expect(mts.trigger == .planned && mts.kind.mode == .onAction && mts.orders.isEmpty)
        #expect(mts.reason.contains("thing: 29 against 10 expected"))
        #expect(mts.reason.contains("market"))
    }

    @Test("MTS follows up in retrospect through planned initiatives; ETO's stand-ups are recurrent")
    func polarOpposites() {
        var b = OfficeBuilder()
        b.order("O-mts-1", .mts, received: 0, closed: 5)
        b.order("O-mts-2", .mts, received: 28, due: 33)
        b.order("O-eto", .eto, received: 28, due: 90)
        let s = CadencePolicy().schedule(b.office, from: Self.from, horizonDays: 14)
        let mts = s.filter { $0.strategy == .mts }
        #expect(mts.filter { $0.kind.mode == .onAction }.allSatisfy { $0.trigger == .planned || $0.trigger == .sporadic })
        #expect(mts.filter { $0.kind.mode == .inAction }.allSatisfy { $0.kind == .dailyFlowMeeting })
        #expect(s.filter { $0.strategy == .eto && $0.kind == .inOrderStandUp }.allSatisfy { $0.trigger == .recurrent })
    }

    @Test("the reasons say different things for different strategies")
    func reasons() {
        var b = OfficeBuilder()
        b.order("O-eto", .eto, received: 28, due: 90)
        b.order("O-cto", .cto, received: 29, due: 60)
        b.order("O-mts", .mts, received: 0, closed: 5)
        let s = CadencePolicy().schedule(b.office, from: Self.from, horizonDays: 14)
        let eto = s.first { $0.kind == .inOrderStandUp }!.reason
        let cto = s.first { $0.strategy == .cto && $0.kind.mode == .inAction }!.reason
        let mts = s.first { $0.strategy == .mts && $0.kind == .crossOrderRetrospective }!.reason
        #expect(eto.contains("daily"))
        #expect(cto.contains("configur"))
        #expect(mts.contains("planned"))
        #expect(Set([eto, cto, mts]).count == 3)
    }
}
