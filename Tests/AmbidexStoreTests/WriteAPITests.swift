import AmbidexCore
import AmbidexStore
import AmbidexTestSupport
import Foundation
import Testing

/// The store's write API: each change one transaction, checked by the domain's
/// rules first, logged with a new office version; a refused change changes nothing.
@Suite("Writing to the live office", .serialized)
struct WriteAPITests {
    static func d(_ n: Double) -> Date { SmallOffice.day0.adding(days: n) }

    /// The store's whole content, to compare before and after a refused write.
    struct Snapshot: Equatable {
        var orders: [Order], events: [OrderEvent], reflections: [Reflection], knowledge: [KnowledgeItem], standards: [Standard]
        var activities: [LearningActivity], version: Int64
    }

    static func snapshot(_ store: Store) async throws -> Snapshot {
        let o = try await store.loadOffice()
        return Snapshot(orders: o.orders, events: o.events, reflections: o.reflections, knowledge: o.knowledgeItems, standards: o.standards,
                        activities: o.activities, version: try await store.officeVersion())
    }

    @Test("every operation lands as the domain would do it, raises the version once and is in the log", arguments: Backend.available)
    func operations(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            var office = try SmallOffice.make()
            try await store.replaceAll(with: office)
            let v0 = try await store.officeVersion()

            // An order comes in with its first event, more work is recorded, it closes.
            let order = try Order(id: "O-9", customer: "C-nord", offering: "Custom pump line", strategy: .eto, decouplingPoint: .stage(.design),
                                  customization: ["flow": "60 m³/h"], priority: .urgent, received: Self.d(100), due: Self.d(140))
            let first = OrderEvent(order: "O-9", activity: "clarify requirements", stage: .design, unit: "U-eng", timestamp: Self.d(101), customerContact: true)
            try await store.addOrder(order, events: [first], by: "lead@example.org")
            let more = [OrderEvent(order: "O-9", activity: "machine housing", stage: .fabricate, unit: "U-prod", resource: "CNC-2",
                                   timestamp: Self.d(110), customerContact: false)]
            try await store.appendEvents(more, to: "O-9")
            let inAction = try Reflection(id: "R-9", mode: .inAction, trigger: .recurrent, actionLevel: .reflection, logic: .developmental,
                                          date: Self.d(112), summary: "Flow test before assembly", units: ["U-eng", "U-prod"], orders: ["O-9"])
            try await store.recordReflection(inAction)
            try await store.closeOrder("O-9", at: Self.d(135), reworkCount: 2, feedbackScore: 4)
            var closed = order
            try closed.close(at: Self.d(135), reworkCount: 2, feedbackScore: 4)
            office.orders.append(closed)
            office.events += [first] + more
            office.reflections.append(inAction)

            // Knowledge moves, is used, becomes a standard that is adopted, applied, deviated from, revised and retired.
            var item = KnowledgeItem(id: "K-9", title: "Flow test before assembly", orientation: .explorative, origin: .reflection("R-9"),
                                     originUnit: "U-eng", originRole: .front, originStrategy: .eto, acquired: Self.d(112))
            try await store.addKnowledgeItem(item)
            for (stage, day) in [(AbsorptionStage.assimilated, 115.0), (.transformed, 120)] {
                try await store.advanceKnowledge("K-9", to: stage, at: Self.d(day))
                try item.advance(to: stage, at: Self.d(day))
            }
            let use = KnowledgeItem.Use(unit: "U-prod", role: .back, strategy: .cto, date: Self.d(121))
            try await store.recordKnowledgeUse("K-9", use)
            try item.recordUse(use)
            office.knowledgeItems.append(item)

            var standard = try Standard(id: "S-9", name: "Flow test routine", kind: .routine, scope: .init(strategies: [.eto]),
                                        provenance: ["K-9"], proposedAt: Self.d(122))
            try await store.proposeStandard(standard)
            try await store.adoptStandard("S-9", at: Self.d(125))
            try standard.adopt(at: Self.d(125))
            let applied = Standard.Application(order: "O-9", date: Self.d(126), deviated: false, appliedBy: "U-prod")
            let deviated = Standard.Application(order: "O-9", date: Self.d(127), deviated: true, note: "rig busy", appliedBy: "U-prod")
            try await store.applyStandard("S-9", applied)
            try await store.applyStandard("S-9", deviated)
            try standard.apply(applied, to: closed)
            try standard.apply(deviated, to: closed)
            try await store.reviseStandard("S-9", at: Self.d(130), note: "a second rig")
            try standard.revise(at: Self.d(130), note: "a second rig")
            try await store.retireStandard("S-9", at: Self.d(200), reason: "replaced by inline testing")
            try standard.retire(at: Self.d(200), reason: "replaced by inline testing")
            office.standards.append(standard)

            var policy = CadencePolicy.default
            policy.retrospectiveEveryDays = 21
            try await store.saveCadencePolicy(policy)

            let loaded = try await store.loadOffice()
            #expect(loaded.orders == office.orders.sorted { $0.id < $1.id })
            #expect(loaded.events == office.events.sorted { ($0.order, $0.timestamp) < ($1.order, $1.timestamp) })
            #expect(loaded.reflections == office.reflections.sorted { $0.id < $1.id })
            #expect(loaded.knowledgeItems == office.knowledgeItems.sorted { $0.id < $1.id })
            #expect(loaded.standards == office.standards.sorted { $0.id < $1.id })
            #expect(try await store.setting(CadencePolicy.settingKey, as: CadencePolicy.self) == policy)

            // One version per change, each in the log with who and what.
            let log = try await store.writes(after: v0)
            let v1 = try await store.officeVersion()
            #expect(log.count == 15 && v1 == v0 + 15)
            #expect(log.map(\.version) == Array((v0 + 1)...(v0 + 15)))
            #expect(log.first?.kind == "order.add" && log.first?.account == "lead@example.org" && log.first?.summary.contains("O-9") == true)
            #expect(try await store.history(of: "S-9").map(\.kind)
                    == ["standard.retire", "standard.revise", "standard.deviation", "standard.apply", "standard.adopt", "standard.propose"])
        }
    }

    @Test("a write that breaks a rule says why in one line and leaves the store exactly as it was", arguments: Backend.available)
    func refusals(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            try await store.replaceAll(with: try SmallOffice.make())
            let before = try await Self.snapshot(store)
            let mts = try Order(id: "O-2", customer: "C-nord", offering: "x", strategy: .mts, decouplingPoint: .none, received: Self.d(0), due: Self.d(1))
            let stranger = try Order(id: "O-7", customer: "C-nobody", offering: "x", strategy: .mts, decouplingPoint: .none, received: Self.d(0), due: Self.d(1))
            let fresh = try Order(id: "O-8", customer: "C-nord", offering: "x", strategy: .mts, decouplingPoint: .none, received: Self.d(0), due: Self.d(1))
            let cases: [(String, () async throws -> Void)] = [
                ("order O-2 exists already", { try await store.addOrder(mts) }),
                ("names customer C-nobody, which is not a partner", { try await store.addOrder(stranger) }),
                // The order would be written before the bad event is found: the transaction takes it back.
                ("names unit U-ghost, which does not exist", {
                    try await store.addOrder(fresh, events: [OrderEvent(order: "O-8", activity: "pick", stage: .deliver, unit: "U-ghost",
                                                                        timestamp: Self.d(0), customerContact: false)])
                }),
                ("order O-1 is already closed", { try await store.closeOrder("O-1", at: Self.d(50), reworkCount: 0, feedbackScore: nil) }),
                ("there is no order O-404", { try await store.closeOrder("O-404", at: Self.d(50), reworkCount: 0, feedbackScore: nil) }),
                ("is in action, but order O-1 is not open on that day", {
                    try await store.recordReflection(try Reflection(id: "R-late", mode: .inAction, trigger: .sporadic, actionLevel: .rule,
                                                                    logic: .executional, date: Self.d(60), summary: "too late",
                                                                    units: ["U-eng"], orders: ["O-1"]))
                }),
                ("reflection R-1 exists already", {
                    try await store.recordReflection(try Reflection(id: "R-1", mode: .onAction, trigger: .sporadic, actionLevel: .rule,
                                                                    logic: .executional, date: Self.d(60), summary: "again", units: ["U-eng"], orders: ["O-1"]))
                }),
                ("cannot go from exploited to assimilated", { try await store.advanceKnowledge("K-1", to: .assimilated, at: Self.d(100)) }),
                ("only a proposed standard can be adopted", { try await store.adoptStandard("S-1", at: Self.d(100)) }),
                ("does not cover ETO orders such as O-1", {
                    try await store.applyStandard("S-1", .init(order: "O-1", date: Self.d(90), deviated: false))
                }),
                ("cannot record a deviation: nobody checked it", {
                    try await store.applyStandard("S-1", .init(order: "O-3", date: Self.d(90), deviated: true, automatic: true))
                }),
                ("must be at least 1", {
                    var p = CadencePolicy.default
                    p.retrospectiveEveryDays = 0
                    try await store.saveCadencePolicy(p)
                }),
            ]
            for (reason, attempt) in cases {
                do {
                    try await attempt()
                    Issue.record("accepted, although: \(reason)")
                } catch {
                    let text = String(describing: error)
                    #expect(text.contains(reason), "\(text)")
                    #expect(!text.contains("\n"), "\(text)")
                }
                #expect(try await Self.snapshot(store) == before, "changed by: \(reason)")
            }
        }
    }

    @Test("writers in parallel lose no update: exact counts, one version each", arguments: Backend.available)
    func parallelWriters(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            var office = try SmallOffice.make()
            var orders: [Order] = []
            for k in 0..<24 {
                orders.append(try Order(id: OrderID(String(format: "O-p%02d", k)), customer: "C-nord", offering: "Custom pump line", strategy: .eto,
                                        decouplingPoint: .stage(.design), received: Self.d(100), due: Self.d(150)))
            }
            office.orders += orders
            try await store.replaceAll(with: office)
            let v0 = try await store.officeVersion()
            // Each order gets events from two writers at once, a reflection, and is closed; one standard gets many applications.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (k, order) in orders.enumerated() {
                    group.addTask {
                        for step in 0..<3 {
                            try await store.appendEvents([OrderEvent(order: order.id, activity: "step \(step)", stage: .fabricate, unit: "U-prod",
                                                                     timestamp: Self.d(101 + Double(step)), customerContact: false)], to: order.id)
                        }
                    }
                    group.addTask {
                        try await store.appendEvents([OrderEvent(order: order.id, activity: "call", stage: .design, unit: "U-eng",
                                                                 timestamp: Self.d(101), customerContact: true)], to: order.id)
                        try await store.recordReflection(try Reflection(id: ReflectionID("R-p\(k)"), mode: .inAction, trigger: .recurrent,
                                                                        actionLevel: .rule, logic: .executional, date: Self.d(105),
                                                                        summary: "stand-up", units: ["U-eng"], orders: [order.id]))
                    }
                }
                try await group.waitForAll()
            }
            let loaded = try await store.loadOffice()
            for order in orders {
                let events = loaded.events.filter { $0.order == order.id }
                #expect(events.count == 4, "\(order.id)")
            }
            #expect(loaded.reflections.count == office.reflections.count + orders.count)
            #expect(try await store.officeVersion() == v0 + Int64(orders.count * 5))
            #expect(try await store.writes(after: v0).count == orders.count * 5)
        }
    }

    @Test("an activity held, skipped or moved shows as recorded in the schedule, and not again where it was", arguments: Backend.available)
    func activities(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            var office = try SmallOffice.make()
            let open = try Order(id: "O-eto", customer: "C-nord", offering: "Custom pump line", strategy: .eto, decouplingPoint: .stage(.design),
                                 received: Self.d(95), due: Self.d(160))
            office.orders.append(open)
            office.events.append(OrderEvent(order: "O-eto", activity: "clarify requirements", stage: .design, unit: "U-eng",
                                            timestamp: Self.d(96), customerContact: true))
            try await store.replaceAll(with: office)
            let from = Self.d(100)
            func schedule() async throws -> [LearningActivity] {
                CadencePolicy.default.schedule(try await store.loadOffice(), from: from, horizonDays: 14)
            }
            let planned = try await schedule()
            #expect(planned.count >= 3, "\(planned.map(\.id))")
            let (a, b, c) = (planned[0], planned[1], planned[2])
            try await store.holdActivity(a, at: a.date, note: "decided to test the seal early")
            try await store.skipActivity(b, reason: "the team is at the customer's site")
            let later = c.date.adding(days: 3)
            try await store.rescheduleActivity(c, to: later)
            await #expect(throws: StoreError.self) { try await store.skipActivity(a, reason: "twice") }
            await #expect(throws: StoreError.self) { try await store.skipActivity(b, reason: " ") }

            let now = try await schedule()
            #expect(now.first { $0.id == a.id }?.status == .held && now.first { $0.id == a.id }?.note == "decided to test the seal early")
            #expect(now.first { $0.id == b.id }?.status == .skipped)
            #expect(now.filter { $0.id == c.id }.map(\.date) == [later])
            #expect(now.first { $0.id == c.id }?.note == "moved from \(c.date.isoDay)")
            #expect(now.count == planned.count)
        }
    }
}
