@testable import AmbidexCore
import Testing
import Foundation

/// A schedule people can act on: activities grouped as offices group them
/// (one co-design session per customer, reviews only where an order's outcome
/// calls for one) and spread over the working days.
@Suite("Grouped schedule")
struct GroupedScheduleTests {
    static let from = OfficeBuilder.d(30)

    @Test("after-action reviews spread at most reviewsPerDay a working day, oldest first")
    func reviewsSpread() {
        var b = OfficeBuilder()
        for i in 0..<5 { b.order("O-\(i)", .mto, received: 0, due: 10, closed: 20 + Double(i)) }
        var two = CadencePolicy()
        two.reviewsPerDay = 2
        let reviews = two.schedule(b.office, from: Self.from, horizonDays: 14).filter { $0.kind == .afterActionReview }
        #expect(reviews.count == 5)
        let byDay = Dictionary(grouping: reviews, by: \.date)
        #expect(byDay.values.map(\.count).sorted() == [1, 2, 2])
        #expect(byDay[reviews.map(\.date).min()!]?.flatMap(\.orders).sorted() == ["O-0", "O-1"], "the oldest first")
        #expect(reviews.allSatisfy { !CadencePolicyTests.isWeekend($0.date) })
        #expect(Set(CadencePolicy().schedule(b.office, from: Self.from, horizonDays: 14).filter { $0.kind == .afterActionReview }.map(\.date)).count == 5)
    }

    @Test("one co-design session per customer over its open ETO orders that had none, spread over the days, with the units facing ETO customers")
    func coDesignPerCustomer() {
        var b = OfficeBuilder()
        b.office.partners += ["C-2", "C-3", "C-4"].map { Partner(id: PartnerID($0), name: "Customer \($0)", kind: .customer) }
        b.order("O-a", .eto, received: 28, due: 90)
        b.order("O-b", .eto, received: 29, due: 90)
        b.order("O-done", .eto, received: 27, due: 90)
        for (i, c) in ["C-2", "C-3", "C-4"].enumerated() {
            b.order("O-\(c)", .eto, received: 20 + Double(i), due: 90)
            b.office.orders[b.office.orders.count - 1].customer = PartnerID(c)
        }
        b.office.activities = [LearningActivity(id: "A-1", kind: .customerCoDesignSession, trigger: .planned, date: OfficeBuilder.d(28),
                                                partners: ["C-1"], orders: ["O-done"], reason: "", status: .held)]
        var three = CadencePolicy()
        three.coDesignSessionsPerDay = 3
        let sessions = three.schedule(b.office, from: Self.from, horizonDays: 14).filter { $0.kind == .customerCoDesignSession && $0.status == .scheduled }
        #expect(sessions.count == 4)
        let c1 = sessions.first { $0.partners == ["C-1"] }
        #expect(c1?.orders == ["O-a", "O-b"] && c1?.reason.contains("2 open ETO orders") == true)
        let byDay = Dictionary(grouping: sessions, by: \.date)
        #expect(byDay.count == 2 && byDay.values.allSatisfy { $0.count <= 3 })
        #expect(byDay[sessions.map(\.date).max()!]?.map(\.partners) == [["C-1"]], "the customers waiting longest come first")
        #expect(sessions.allSatisfy { $0.units.isSuperset(of: ["U-sales", "U-eng"]) && !$0.units.contains("U-log") })
    }

    @Test("a daily flow meeting invites the units doing the flow's standard work, not those facing its customers")
    func flowMeetingUnits() {
        var b = OfficeBuilder()
        b.order("O-1", .mts, received: 28, due: 40)
        b.event("O-1", "U-sales", at: 28, contact: true)
        b.event("O-1", "U-prod", at: 29, contact: false)
        b.event("O-1", "U-log", at: 29.5, contact: false)
        let meetings = CadencePolicy().schedule(b.office, from: Self.from, horizonDays: 7).filter { $0.kind == .dailyFlowMeeting && $0.strategy == .mts }
        #expect(!meetings.isEmpty && meetings.allSatisfy { $0.units == ["U-prod", "U-log"] })
    }

    @Test("the new settings are checked and survive a saved policy without them")
    func settings() throws {
        var p = CadencePolicy()
        p.reviewsPerDay = 0
        #expect(throws: DomainError.self) { try p.validate() }
        p = CadencePolicy()
        p.reviewFeedbackAtMost = 7
        #expect(throws: DomainError.self) { try p.validate() }
        let old = try JSONDecoder().decode(CadencePolicy.self, from: Data(#"{"reviewLookbackDays": 10}"#.utf8))
        #expect(old.reviewsPerDay == 1 && old.coDesignSessionsPerDay == 1 && old.reviewFeedbackAtMost == 2 && old.reviewLookbackDays == 10)
    }
}
