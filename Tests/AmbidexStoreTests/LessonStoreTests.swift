import AmbidexCore
import AmbidexDemo
@_spi(Testing) import AmbidexStore
import AmbidexTestSupport
import Foundation
import Testing

/// An order's folder and lessons read from the store through indexes, equal
/// to what the domain computes from the whole office in memory; the full-text
/// search over reflections on both backends.
@Suite("Order folders and lessons in the store", .serialized)
struct LessonStoreTests {
    @Test("the lessons read through indexes are the ranking over the whole office in memory", arguments: Backend.available)
    func lessonsMatchMemory(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            let office = DemoCompany.generate(seed: 11, orders: 400)
            try await store.replaceAll(with: office)
            let reflectionOrders = Dictionary(uniqueKeysWithValues: office.reflections.map { ($0.id, $0.orders) })
            let knowledge = office.knowledgeItems.map { item -> (item: KnowledgeItem, orders: [OrderID]) in
                switch item.origin {
                case .orders(let o): (item, o)
                case .reflection(let r): (item, reflectionOrders[r] ?? [])
                default: (item, [])
                }
            }
            let picks = DeliveryStrategy.allCases.flatMap { s in office.orders.filter { $0.strategy == s }.prefix(2) }
                + office.orders.filter { $0.closed == nil && $0.strategy == .eto }.prefix(2)
            var withLessons = 0
            for order in picks {
                let candidates = office.orders.filter { $0.offering == order.offering || $0.strategy == order.strategy || $0.customer == order.customer }
                let matches = try await store.searchReflections(LessonRanking.searchTerms(for: order), limit: 20)
                let memory = LessonRanking.rank(LessonSources(order: order, candidates: candidates, knowledge: knowledge, standards: office.standards,
                                                              reflections: office.reflections, textMatches: matches))
                let stored = try await store.lessons(for: order)
                #expect(stored.map(\.subject) == memory.map(\.subject), "\(order.id)")
                #expect(stored.map(\.reasons) == memory.map(\.reasons), "\(order.id)")
                #expect(stored.map(\.score) == memory.map(\.score), "\(order.id)")
                if stored.contains(where: { if case .knowledge = $0.subject { true } else { false } }) { withLessons += 1 }
            }
            #expect(withLessons >= picks.count / 2, "the demo's orders have knowledge on similar orders to surface")
        }
    }

    @Test("an order's folder: events in time order, its reflections, knowledge, standards applied and each unit's role", arguments: Backend.available)
    func folder(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            try await store.replaceAll(with: try SmallOffice.make())
            let o1 = try #require(try await store.orderFolder("O-1"))
            #expect(o1.events.map(\.activity) == ["clarify requirements", "machine housing"])
            #expect(o1.reflections.map(\.id) == ["R-1", "R-2"])
            #expect(o1.knowledge.map(\.id) == ["K-1"])
            #expect(o1.applications.isEmpty)
            #expect(o1.roles.map(\.unit) == ["U-eng", "U-prod"] && o1.roles.map(\.role) == [.front, .back])
            #expect(o1.customer?.name == "Nordwerk AB" && o1.chain == .standard)
            let o3 = try #require(try await store.orderFolder("O-3"))
            #expect(o3.applications.map(\.standard) == ["S-1"] && o3.applications.first?.application.deviated == true)
            #expect(o3.applications.first?.version == 2 && o3.applications.first?.name == "Seal selection module")
            #expect(try await store.orderFolder("O-nope") == nil)
            #expect(try await store.orderFolder("'; DROP TABLE orders; --") == nil)
        }
    }

    @Test("a reflection that opens a knowledge item writes both or neither; the item is found by its order", arguments: Backend.available)
    func reflectionOpeningKnowledge(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            try await store.replaceAll(with: try SmallOffice.make())
            let now = SmallOffice.day0.adding(days: 12)
            let r = try Reflection(id: "R-new", mode: .inAction, trigger: .sporadic, actionLevel: .rule, logic: .developmental, date: now,
                                   summary: "Zirconium bearings wore out", units: ["U-prod"], orders: ["O-2"])
            let bad = KnowledgeItem(id: "K-new", title: "Bearings", orientation: .explorative, origin: .reflection("R-new"),
                                    originUnit: "U-ghost", originRole: .back, originStrategy: .mts, acquired: now)
            let version = try await store.officeVersion()
            await #expect(throws: StoreError.self) { try await store.recordReflection(r, opening: bad) }
            #expect(try await store.officeVersion() == version)
            #expect(try await store.orderFolder("O-2")?.reflections.isEmpty == true)
            #expect(try await store.searchReflections(["zirconium"]).isEmpty, "the refused reflection left nothing in the text index")

            let good = KnowledgeItem(id: "K-new", title: "Bearings", orientation: .explorative, origin: .reflection("R-new"),
                                     originUnit: "U-prod", originRole: .back, originStrategy: .mts, acquired: now)
            let record = try await store.recordReflection(r, opening: good, by: "lead@example.org")
            #expect(record.version == version + 1 && record.summary.contains("opened knowledge item K-new"))
            let folder = try #require(try await store.orderFolder("O-2"))
            #expect(folder.reflections.map(\.id) == ["R-new"] && folder.knowledge.map(\.id) == ["K-new"])
            let found = try await store.searchReflections(["zirconium"])
            #expect(found.map(\.reflection.id) == ["R-new"] && found.first?.terms == ["zirconium"])
        }
    }

    @Test("full-text search stems words, survives hostile input and follows a bulk replace", arguments: Backend.available)
    func search(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            try await store.replaceAll(with: try SmallOffice.make())
            #expect(try await store.searchReflections(["seals"]).map(\.reflection.id) == ["R-1"])
            #expect(try await store.searchReflections(["reworking", "housings"]).map(\.reflection.id) == ["R-2"])
            for hostile in ["\" OR 1=1 --", "'; DROP TABLE reflections; --", "NEAR(", "*", "seal:x", "", "a|b&!c", String(repeating: "x", count: 5_000)] {
                _ = try await store.searchReflections([hostile])
            }
            #expect(try await store.searchReflections(["'; DROP TABLE reflections; --"]).isEmpty)
            #expect(try await store.orderFolder("O-1")?.reflections.count == 2, "nothing was dropped")
            try await store.replaceAll(with: DemoCompany.generate(seed: 3, orders: 60))
            #expect(try await store.searchReflections(["seals"]).isEmpty, "the replaced office's text is gone from the index")
            #expect(try await !store.searchReflections(["stand"]).isEmpty)
        }
    }

    @Test("a word in more reflections than the limit is too common to search by; the rarer words still find theirs", arguments: Backend.available)
    func commonWords(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            var office = try SmallOffice.make()
            for i in 0...Store.commonWord {
                office.reflections.append(try Reflection(id: ReflectionID("R-w\(i)"), mode: .onAction, trigger: .planned, actionLevel: .rule, logic: .executional,
                                                         date: SmallOffice.day0.adding(days: 50), summary: "Widget check \(i)", units: ["U-prod"], orders: ["O-1"]))
            }
            office.reflections.append(try Reflection(id: "R-gizmo", mode: .onAction, trigger: .planned, actionLevel: .rule, logic: .executional,
                                                     date: SmallOffice.day0.adding(days: 50), summary: "Widget and gizmo", units: ["U-prod"], orders: ["O-1"]))
            try await store.replaceAll(with: office)
            #expect(try await store.searchReflections(["widget"]).isEmpty)
            let found = try await store.searchReflections(["widgets", "gizmo"])
            #expect(found.map(\.reflection.id) == ["R-gizmo"] && found.first?.terms == ["gizmo"])
        }
    }

    @Test("the migration's derivation of each knowledge item's orders equals the write paths'", arguments: Backend.available)
    func knowledgeOrdersDerivation(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            let office = DemoCompany.generate(seed: 5, orders: 200)
            try await store.replaceAll(with: office)
            let picks = office.orders.prefix(60)
            var before: [[KnowledgeItemID]] = []
            for o in picks { before.append(try #require(try await store.orderFolder(o.id)).knowledge.map(\.id)) }
            try await store.rederiveKnowledgeOrders()
            var after: [[KnowledgeItemID]] = []
            for o in picks { after.append(try #require(try await store.orderFolder(o.id)).knowledge.map(\.id)) }
            #expect(before == after && before.contains { !$0.isEmpty })
        }
    }
}
