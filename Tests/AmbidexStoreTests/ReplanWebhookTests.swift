import AmbidexCore
@testable import AmbidexStore
import AmbidexTestSupport
import Foundation
import Testing

/// Activities the cadence policy schedules on its own are no one's write; each
/// snapshot reports to `schedule.replan` webhooks what its schedule holds that
/// the one before did not, and nothing else.
@Suite("The policy's new activities reach webhooks", .serialized)
struct ReplanWebhookTests {
    /// The same activity on the next day: what a stand-up tomorrow or a session moved by the policy looks like.
    static func nextDay(_ a: LearningActivity) -> LearningActivity {
        let date = a.date.adding(days: 1)
        let id = Store.plannedSubject(a.id) == a.id.rawValue ? a.id.rawValue : Store.plannedSubject(a.id) + "-" + date.isoDay
        return LearningActivity(id: LearningActivityID(id), kind: a.kind, trigger: a.trigger, date: date, strategy: a.strategy, units: a.units,
                                partners: a.partners, orders: a.orders, reason: a.reason)
    }

    @Test("an activity's day is not part of what it is")
    func subjects() {
        #expect(Store.plannedSubject("A-inOrderStandUp-team-U-eng-2027-01-04") == "A-inOrderStandUp-team-U-eng")
        #expect(Store.plannedSubject("A-programme-ab12-1") == "A-programme-ab12-1")
        #expect(Store.plannedSubject("A-x-2027-1-04") == "A-x-2027-1-04")
        #expect(Store.plannedSubject("2027-01-04") == "2027-01-04")
    }

    @Test("the first schedule is the baseline; then only new planned subjects are reported, once, to the hooks that follow them", arguments: Backend.available)
    func replan(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            let office = try SmallOffice.make()
            try await store.replaceAll(with: office)
            let hook = try await store.createWebhook(url: "http://127.0.0.1:9/hook", events: [.activitiesScheduled], secret: "s", by: "lead@example.org")
            _ = try await store.createWebhook(url: "http://127.0.0.1:9/other", events: [.standardAdopted], secret: "t", by: "lead@example.org")
            let input = try await store.snapshotInput()
            let first = OfficeSnapshot.make(input.office, policy: input.policy, version: input.version)
            try #require(first.schedule.count >= 2, "the small office has a schedule to compare")
            try await store.saveSnapshot(first)
            #expect(try await store.webhookDeliveries().isEmpty, "the first schedule is the baseline, not news")

            // The next schedule: everything a day later (the same subjects), one review the policy adds, and a programme step someone recorded.
            let day = first.asOf.adding(days: 9)
            let review = LearningActivity(id: LearningActivityID("A-afterActionReview-O-3-" + day.isoDay), kind: .afterActionReview, trigger: .sporadic,
                                          date: day, strategy: .mts, units: ["U-prod"], orders: ["O-3"], reason: "O-3 deviated from its standard")
            let step = try PartnerProgramme.activities(network: "Nordic", partners: ["C-nord"], units: ["U-sales"], start: day, key: "k1")[0]
            try await store.planProgramme([step], network: "Nordic")
            var next = first
            next.version = try await store.officeVersion()
            next.schedule = first.schedule.map(Self.nextDay) + [review, step]
            try await store.saveSnapshot(next)

            let deliveries = try await store.webhookDeliveries()
            #expect(deliveries.count == 1 && deliveries.first?.hook == hook.id && deliveries.first?.event == "schedule.replan",
                    "one delivery, to the hook that follows it: \(deliveries.map { ($0.hook, $0.event) })")
            let delivery = try #require(deliveries.first)
            let payload = try #require(try JSONSerialization.jsonObject(with: Data(delivery.payload.utf8)) as? [String: Any])
            let listed = (payload["activities"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(listed == [review.id.rawValue], "only the new one; moved ones and the recorded step are not news: \(listed)")
            #expect(payload["activitiesTotal"] as? Int == 1 && (payload["summary"] as? String ?? "").contains("1 after-action review"))

            // An older snapshot saved late, and the same schedule again, report nothing.
            try await store.saveSnapshot(first)
            var again = next
            again.version += 1
            try await store.saveSnapshot(again)
            #expect(try await store.webhookDeliveries().count == 1)

            // The review done and gone, then planned again later: news again.
            var without = again
            without.version += 1
            without.schedule.removeAll { $0.id == review.id }
            try await store.saveSnapshot(without)
            var back = without
            back.version += 1
            back.schedule.append(review)
            try await store.saveSnapshot(back)
            #expect(try await store.webhookDeliveries().count == 2)

            // The office replaced: a snapshot computed from the office before is ignored, the first of the new one is the baseline.
            var stale = back
            stale.schedule.append(LearningActivity(id: "A-afterActionReview-O-1-2030-01-07", kind: .afterActionReview, trigger: .sporadic,
                                                   date: day, units: ["U-prod"], orders: ["O-1"], reason: "stale"))
            try await store.replaceAll(with: office)
            stale.version = try await store.officeVersion() - 1
            try await store.saveSnapshot(stale)
            let input2 = try await store.snapshotInput()
            var fresh = OfficeSnapshot.make(input2.office, policy: input2.policy, version: input2.version)
            try await store.saveSnapshot(fresh)
            #expect(try await store.webhookDeliveries().count == 2, "neither the stale snapshot nor the new office's first is news")
            fresh.version += 1
            fresh.schedule.append(review)
            try await store.saveSnapshot(fresh)
            #expect(try await store.webhookDeliveries().count == 3, "and the next one compares with the new office's")
        }
    }
}
