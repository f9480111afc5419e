import AmbidexCore
import Foundation
import Testing

@Suite("Retrospective rules and evidence")
struct RetrospectiveRulesTests {
    func board(_ phase: Retrospective.Phase) -> RetrospectiveBoard {
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        let r = Retrospective(id: "RT-1", title: "t", scope: RetrospectiveScope(), template: .general, facilitator: "f@x", created: t0, phase: phase)
        let cards = (0..<5).map { RetroCard(id: "C-\($0)", kind: .reflection, prompt: "well", author: $0 % 2 == 0 ? "a@x" : "b@x", text: "card \($0)",
                                            created: t0.addingTimeInterval(Double($0)), parent: $0 == 4 ? "C-3" : nil) }
        return RetrospectiveBoard(retrospective: r, cards: cards)
    }

    @Test("three votes a person a phase, one per topic; stacked cards are no topics")
    func voteBudget() throws {
        var b = board(.vote)
        for k in 0..<3 {
            let phase = try b.checkVote("C-\(k)", by: "a@x")
            b.votes.append(RetroVote(target: "C-\(k)", voter: "a@x", phase: phase))
        }
        #expect(throws: DomainError.self) { try b.checkVote("C-3", by: "a@x") }
        #expect(throws: DomainError.self) { try b.checkVote("C-4", by: "b@x") }
        #expect(throws: DomainError.self) { try board(.reflect).checkVote("C-0", by: "a@x") }
        #expect(b.topics.map(\.card.id).prefix(3) == ["C-0", "C-1", "C-2"] && b.topics.count == 4)
        #expect(b.causeTopics.map(\.card.id) == ["C-0", "C-1", "C-2"])
    }

    @Test("stacking lands on the target's topic; a card never stacks on itself; only in the group phase")
    func stacking() throws {
        let b = board(.group)
        #expect(try b.stackTarget("C-0", onto: "C-4") == "C-3")
        #expect(try b.stackTarget("C-0", onto: nil) == nil)
        #expect(throws: DomainError.self) { try b.stackTarget("C-3", onto: "C-4") }
        #expect(throws: DomainError.self) { try board(.vote).stackTarget("C-0", onto: "C-1") }
    }

    @Test("others' cards are unread while people write; authors hidden until revealed")
    func anonymity() {
        var b = board(.reflect)
        #expect(b.shows(b.cards[0], to: "a@x") && !b.shows(b.cards[1], to: "a@x"))
        #expect(b.author(of: b.cards[1], to: "a@x") == nil && b.author(of: b.cards[0], to: "a@x") == "a@x")
        b.retrospective.phase = .group
        #expect(b.shows(b.cards[1], to: "a@x") && b.author(of: b.cards[1], to: "a@x") == nil)
        b.retrospective.revealed = true
        #expect(b.author(of: b.cards[1], to: "a@x") == "b@x")
    }

    @Test("phases run in order to closed, with each template's time box")
    func phases() throws {
        var r = board(.reflect).retrospective
        var seen: [Retrospective.Phase] = [r.phase]
        while !r.isClosed { try r.advance(at: Date()); seen.append(r.phase) }
        #expect(seen == Retrospective.Phase.allCases)
        #expect(throws: DomainError.self) { try r.advance(at: Date()) }
        #expect(RetrospectiveTemplate.fitting(.eto) == .afterActionReview && RetrospectiveTemplate.fitting(.mts) == .processReview)
        #expect(RetrospectiveTemplate.afterActionReview.prompts.count == 4)
    }

    @Test("Wilson interval: known values, and it recovers a true on-time rate from generated orders")
    func wilson() throws {
        let s = ScopeEvidence.Share(hits: 8, of: 10)
        let i = try #require(s.interval)
        #expect(abs(i.low - 0.4902) < 0.001 && abs(i.high - 0.9433) < 0.001)
        #expect(ScopeEvidence.Share(hits: 0, of: 5).interval!.low == 0)
        // 200 samples of 80 orders with a true rate of 0.7: the 95 % interval covers it about 95 times in 100.
        var g = SeededGenerator(seed: 7)
        var covered = 0
        for _ in 0..<200 {
            let hits = (0..<80).filter { _ in Double.random(in: 0..<1, using: &g) < 0.7 }.count
            let iv = ScopeEvidence.Share(hits: hits, of: 80).interval!
            if iv.low <= 0.7 && 0.7 <= iv.high { covered += 1 }
        }
        #expect((180...198).contains(covered), "coverage \(covered) of 200")
    }

    @Test("the timeline counts what came in, closed on time and late, and rework, per day")
    func timeline() throws {
        let t0 = Date(timeIntervalSince1970: 1_700_006_400)
        var a = try Order(id: "O-a", customer: "C", offering: "x", strategy: .mto, decouplingPoint: .none, priority: .low, received: t0, due: t0.adding(days: 2))
        try a.close(at: t0.adding(days: 3), reworkCount: 1, feedbackScore: nil)
        var b = try Order(id: "O-b", customer: "C", offering: "x", strategy: .mto, decouplingPoint: .none, priority: .low, received: t0, due: t0.adding(days: 5))
        try b.close(at: t0.adding(days: 3), reworkCount: 0, feedbackScore: 4)
        let events = [OrderEvent(order: "O-a", activity: "rework", stage: .fabricate, unit: "U-p", timestamp: t0.adding(days: 2), customerContact: false),
                      OrderEvent(order: "O-b", activity: "call", stage: .deliver, unit: "U-s", timestamp: t0.adding(days: 1), customerContact: true)]
        let t = ScopeTimeline(orders: [a, b], events: events)
        #expect(t.days == 1 && t.buckets.count == 4)
        #expect(t.buckets[0].received == 2 && t.buckets[1].customerContacts == 1 && t.buckets[2].rework == 1)
        #expect(t.buckets[3].closedLate == 1 && t.buckets[3].closedOnTime == 1)
        #expect(t.moments.map(\.kind) == [.late, .rework])
        let e = ScopeEvidence(orders: [a, b], applications: [("O-a", true), ("O-b", false)])
        #expect(e.onTime.value == 0.5 && e.value(.deviations) == 0.5 && e.value(.rework) == 0.5 && e.feedbackAnswered == 1)
    }
}
