import AmbidexCore
import Foundation
import Testing

/// The lessons an order page surfaces: similar past orders found by what they
/// share, their knowledge and standards ranked by how similar and how usable,
/// each with the reasons it matched.
@Suite("Lessons from similar orders")
struct LessonRankingTests {
    static let day0 = Date(timeIntervalSince1970: 1_704_067_200)

    static func order(_ id: String, _ strategy: DeliveryStrategy = .eto, offering: String = "Offshore winch drive", customer: String = "C-1",
                      custom: [String: String] = [:], day: Double = 0, closed: Bool = true) throws -> Order {
        var o = try Order(id: OrderID(id), customer: PartnerID(customer), offering: offering, strategy: strategy,
                          decouplingPoint: strategy == .mts ? .none : .stage(.design), customization: custom,
                          received: day0.adding(days: day), due: day0.adding(days: day + 60))
        if closed { try o.close(at: day0.adding(days: day + 40), reworkCount: 0, feedbackScore: nil) }
        return o
    }

    static func item(_ id: String, from orders: [String], stage: AbsorptionStage = .acquired, title: String? = nil) throws -> KnowledgeItem {
        var k = KnowledgeItem(id: KnowledgeItemID(id), title: title ?? "Item \(id)", orientation: .explorative,
                              origin: .orders(orders.map { OrderID($0) }), originUnit: "U-eng", originRole: .back, originStrategy: .eto,
                              acquired: day0.adding(days: 50))
        let path: [AbsorptionStage] = switch stage {
        case .acquired: []
        case .assimilated: [.assimilated]
        case .transformed: [.assimilated, .transformed]
        case .exploited: [.assimilated, .transformed, .exploited]
        case .discarded: [.discarded]
        }
        for (i, s) in path.enumerated() { try k.advance(to: s, at: day0.adding(days: 51 + Double(i))) }
        return k
    }

    static let target = ["power": "400 kW", "interface": "flange", "standard": "DNV"]

    @Test("similarity names what two orders share and orders them by it")
    func similarity() throws {
        let t = try Self.order("T", custom: Self.target, closed: false)
        let twin = OrderSimilarity.between(t, try Self.order("A", custom: Self.target))
        let near = OrderSimilarity.between(t, try Self.order("B", custom: ["power": "400 kW", "interface": "flange", "standard": "ABS"]))
        let far = OrderSimilarity.between(t, try Self.order("C", .cto, offering: "Pump", customer: "C-9", custom: ["colour": "red"]))
        let stock = OrderSimilarity.between(try Self.order("D", .mts, offering: "P10"), try Self.order("E", .mts, offering: "P10", customer: "C-2"))
        #expect(twin.score == 1)
        #expect(twin.score > near.score && near.score > far.score && far.score == 0)
        #expect(near.reasons.contains("shares interface = flange, power = 400 kW"))
        #expect(near.reasons.contains("same offering (Offshore winch drive)") && near.reasons.contains("also ETO") && near.reasons.contains("same customer (C-1)"))
        #expect(far.reasons.isEmpty)
        // Standardized orders have no choices: offering and strategy decide, the customer differs.
        #expect(abs(stock.score - 0.4 / 0.55) < 1e-9)
    }

    @Test("a planted lesson on a near-identical order ranks first among 300 generated decoys, with its reasons; the order's own learning is not a lesson")
    func plantedLesson() throws {
        var rng = SystemRandomNumberGenerator()
        let t = try Self.order("T", custom: Self.target, day: 400, closed: false)
        var candidates = [try Self.order("TWIN", custom: Self.target, day: 100), try Self.order("NEAR", custom: ["power": "400 kW", "interface": "flange", "standard": "ABS"], day: 120)]
        var knowledge: [(item: KnowledgeItem, orders: [OrderID])] = [
            (try Self.item("K-twin", from: ["TWIN"], stage: .exploited), ["TWIN"]),
            (try Self.item("K-near", from: ["NEAR"], stage: .exploited), ["NEAR"]),
            (try Self.item("K-own", from: ["T"], stage: .exploited), ["T"]),
        ]
        let offerings = ["Pump line", "Crane drive", "Conveyor", "Offshore winch drive"]
        for i in 0..<300 {
            let strategy = [DeliveryStrategy.cto, .eto, .mts].randomElement(using: &rng)!
            let custom = strategy == .mts ? [:] : ["power": ["90 kW", "250 kW"].randomElement(using: &rng)!, "interface": ["shaft", "coupling"].randomElement(using: &rng)!]
            let id = "D-\(i)"
            candidates.append(try Self.order(id, strategy, offering: offerings.randomElement(using: &rng)!, customer: "C-\(Int.random(in: 2...9, using: &rng))",
                                             custom: custom, day: Double(i)))
            knowledge.append((try Self.item("K-d\(i)", from: [id], stage: [.acquired, .exploited, .discarded].randomElement(using: &rng)!), [OrderID(id)]))
        }
        let sources = LessonSources(order: t, candidates: candidates.shuffled(using: &rng), knowledge: knowledge.shuffled(using: &rng),
                                    standards: [], reflections: [], textMatches: [])
        let lessons = LessonRanking.rank(sources)
        #expect(lessons.first?.subject == .knowledge("K-twin"))
        #expect(lessons.dropFirst().first?.subject == .knowledge("K-near"))
        #expect(!lessons.contains { $0.subject == .knowledge("K-own") })
        #expect(lessons.first?.reasons.first == "came from TWIN: shares interface = flange, power = 400 kW, standard = DNV; same offering (Offshore winch drive); also ETO; same customer (C-1)")
        let similar = Set(LessonRanking.similarOrders(sources).map(\.order.id))
        for l in lessons {
            #expect(!l.reasons.isEmpty && !l.orders.isEmpty && l.orders.allSatisfy(similar.contains), "\(l)")
        }
        #expect(lessons.map(\.score) == lessons.map(\.score).sorted(by: >))
        #expect(lessons.count == LessonRanking.limit)
    }

    @Test("usable knowledge before discarded; standards by application and scope, deviations said; reflections capped per order and found by text")
    func kindsOfLessons() throws {
        let t = try Self.order("T", custom: Self.target, day: 400, closed: false)
        let twin = try Self.order("TWIN", custom: Self.target, day: 100)
        let other = try Self.order("OTHER", .cto, offering: "Pump", customer: "C-7", custom: ["colour": "red"], day: 90)
        var applied = try Standard(id: "S-applied", name: "Winch hand-over", kind: .procedure, scope: .init(strategies: [.eto]), provenance: [], proposedAt: Self.day0)
        try applied.adopt(at: Self.day0.adding(days: 10))
        try applied.apply(.init(order: "TWIN", date: Self.day0.adding(days: 120), deviated: true, note: "flange did not fit"), to: twin)
        var covering = try Standard(id: "S-cover", name: "ETO gate review", kind: .routine, scope: .init(strategies: [.eto]), provenance: [], proposedAt: Self.day0)
        try covering.adopt(at: Self.day0.adding(days: 10))
        var elsewhere = try Standard(id: "S-cto", name: "CTO rule", kind: .configurationOption, scope: .init(strategies: [.cto]), provenance: [], proposedAt: Self.day0)
        try elsewhere.adopt(at: Self.day0.adding(days: 10))
        let standups = try (0..<5).map { i in
            try Reflection(id: ReflectionID("R-s\(i)"), mode: .inAction, trigger: .recurrent, actionLevel: .rule, logic: .executional,
                           date: Self.day0.adding(days: 101 + Double(i)), summary: "Stand-up \(i)", units: ["U-eng"], orders: ["TWIN"])
        }
        let far = try Reflection(id: "R-far", mode: .onAction, trigger: .sporadic, actionLevel: .reflection, logic: .developmental,
                                 date: Self.day0.adding(days: 140), summary: "The flange tolerance at DNV class", units: ["U-eng"], orders: ["OTHER"])
        let sources = LessonSources(
            order: t, candidates: [twin, other],
            knowledge: [(try Self.item("K-gone", from: ["TWIN"], stage: .discarded), ["TWIN"]), (try Self.item("K-used", from: ["TWIN"], stage: .exploited), ["TWIN"])],
            standards: [applied, covering, elsewhere], reflections: standups,
            textMatches: [TextMatch(reflection: far, rank: 0, terms: LessonRanking.matchedTerms(far.summary, LessonRanking.searchTerms(for: t)))])
        let lessons = LessonRanking.rank(sources, limit: 50)
        let index = { (s: Lesson.Subject) in lessons.firstIndex { $0.subject == s } }
        #expect(try #require(index(.knowledge("K-used"))) < (try #require(index(.knowledge("K-gone")))))
        #expect(lessons.first { $0.subject == .knowledge("K-gone") }?.reasons.contains { $0.hasPrefix("discarded") } == true)
        let appliedLesson = try #require(lessons.first { $0.subject == .standard("S-applied") })
        #expect(appliedLesson.reasons.contains("work deviated from it on 1 of 1 similar order where someone checked"))
        #expect(lessons.first { $0.subject == .standard("S-cover") }?.reasons == ["adopted for ETO orders"])
        #expect(index(.standard("S-cto")) == nil, "a CTO standard applied nowhere similar is no lesson for an ETO order")
        #expect(lessons.filter { if case .reflection = $0.subject { $0.orders.first == "TWIN" } else { false } }.count == 2)
        let text = try #require(lessons.first { $0.subject == .reflection("R-far") })
        #expect(text.reasons.contains("mentions ‘flange’, ‘dnv’"), "\(text.reasons)")
    }

    @Test("search terms come from the order's choices and offering; matched terms allow word endings to differ")
    func terms() throws {
        let t = try Self.order("T", custom: ["drive interface": "Custom flange", "standard": "DNV"], closed: false)
        #expect(LessonRanking.searchTerms(for: t) == ["custom", "flange", "drive", "interface", "dnv", "standard", "offshore", "winch"])
        #expect(LessonRanking.searchTerms(for: t, limit: 3) == ["custom", "flange", "drive"])
        #expect(LessonRanking.matchedTerms("Flanges were late; the drives stalled", ["flange", "drive", "winch"]) == ["flange", "drive"])
        #expect(LessonRanking.words("\"Ünïcode\" OR 'x'; DROP--") == ["ünïcode", "or", "x", "drop"])
    }
}
