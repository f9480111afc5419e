import AmbidexCore
import AmbidexDemo
import Foundation
import Testing

@Suite("The demo company")
struct DemoCompanyTests {
    static let office = DemoCompany.generate()

    @Test("the same seed gives the same company; another seed another one")
    func determinism() {
        let again = DemoCompany.generate()
        #expect(again.orders == Self.office.orders)
        #expect(again.events == Self.office.events)
        #expect(again.reflections == Self.office.reflections)
        #expect(again.knowledgeItems == Self.office.knowledgeItems)
        #expect(again.standards == Self.office.standards)
        let other = DemoCompany.generate(seed: 7)
        #expect(other.orders != Self.office.orders)
    }

    @Test("it has the promised size: 8 units, about 20 partners, all strategies, two years of ≥ 5,000 orders")
    func size() throws {
        let o = Self.office
        #expect(o.units.count == 8)
        #expect(Set(o.units.map(\.function)).count == 8)
        #expect(o.partners.count == 20)
        #expect(o.orders.count >= 5_000)
        #expect(Set(o.orders.map(\.strategy)) == Set(DeliveryStrategy.allCases))
        let first = try #require(o.orders.map(\.received).min()), last = try #require(o.orders.map(\.received).max())
        #expect(last.timeIntervalSince(first) > 700 * 86_400)
        #expect(o.orders.contains { $0.closed == nil })
        #expect(Double(o.events.count) / Double(o.orders.count) > 5)
        for mode in Reflection.Mode.allCases { #expect(o.reflections.contains { $0.mode == mode }) }
        for kind in LearningActivity.Kind.allCases where kind != .inOrderStandUp {
            #expect(o.activities.contains { $0.kind == kind }, "no held \(kind.label)")
        }
        for stage in AbsorptionStage.allCases { #expect(o.knowledgeItems.contains { $0.stage == stage }, "no item \(stage)") }
    }

    @Test("it obeys every rule of the domain")
    func valid() throws {
        try Self.office.validate()
        #expect(Self.office.orders.filter { $0.strategy == .mts || $0.strategy == .mto }.allSatisfy { $0.customization.isEmpty })
        let table = Self.office.table
        let orders = Dictionary(uniqueKeysWithValues: Self.office.orders.map { ($0.id, $0) })
        // Work happens in customer-driven stages, apart from order entry and delivery.
        for e in Self.office.events where e.activity != "register order" && e.stage != .deliver && e.activity != "plan order" {
            #expect(table.drive(of: e.stage, under: orders[e.order]!.strategy) == .customer)
        }
    }

    @Test("the module born from ETO work is adopted for CTO and cuts CTO lead time")
    func moduleDynamics() throws {
        let o = Self.office
        let module = try #require(o.standards.first { $0.id == DemoCompany.moduleStandard })
        #expect(module.kind == .module)
        #expect(module.scope.strategies.contains(.cto))
        let provenance = o.knowledgeItems.filter { module.provenance.contains($0.id) }
        #expect(!provenance.isEmpty && provenance.allSatisfy { $0.originStrategy == .eto })
        let adopted = try #require(module.adoptedAt)
        func meanLead(_ keep: (Order) -> Bool) -> Double {
            let l = o.orders.filter { $0.strategy == .cto && keep($0) }.compactMap { $0.outcome?.leadTimeDays }
            return l.reduce(0, +) / Double(l.count)
        }
        let before = meanLead { $0.closed.map { $0 < adopted } ?? false }
        let after = meanLead { $0.received >= adopted }
        #expect(after < before * 0.85, "CTO lead time \(before) → \(after)")
    }

    @Test("the failing procedure is retired and traced back into exploration")
    func failingDynamics() throws {
        let o = Self.office
        let procedure = try #require(o.standards.first { $0.id == DemoCompany.failingStandard })
        #expect(procedure.status == .retired)
        let early = try #require(procedure.deviationRate(since: procedure.adoptedAt!))
        let late = try #require(procedure.deviationRate(since: procedure.retiredAt!.adding(days: -60)))
        #expect(late > early * 2)
        let next = try #require(o.knowledgeItems.first { $0.id == DemoCompany.explorationAfterFailure })
        #expect(next.origin == .failingStandard(procedure.id))
        #expect(next.orientation == .explorative)
    }

    @Test("applications are either checked by a unit of the scope or recorded automatically, and only checked ones show deviations")
    func applications() throws {
        let packing = try #require(Self.office.standards.first { $0.id == DemoCompany.failingStandard })
        let module = try #require(Self.office.standards.first { $0.id == DemoCompany.moduleStandard })
        for s in [packing, module] {
            #expect(s.applications.contains { $0.automatic } && s.applications.contains { !$0.automatic })
            #expect(s.applications.filter(\.automatic).allSatisfy { !$0.deviated && $0.appliedBy == nil })
            #expect(s.applications.filter { !$0.automatic }.allSatisfy { $0.appliedBy.map(s.scope.units.contains) ?? true })
        }
    }

    @Test("ETO gate reviews look back on the design phase of orders still open")
    func gateReviews() {
        let orders = Dictionary(uniqueKeysWithValues: Self.office.orders.map { ($0.id, $0) })
        let gates = Self.office.reflections.filter { $0.phase == .design }
        #expect(gates.count > 50)
        #expect(gates.allSatisfy { $0.mode == .onAction && orders[$0.orders[0]]!.isOpen(at: $0.date) })
    }

    @Test("it scales to tens of thousands of orders")
    func scale() {
        let big = DemoCompany.generate(seed: 3, orders: 20_000)
        #expect(big.orders.count == 20_000)
        #expect(big.events.count > 100_000)
    }

    @Test("the schedule a unit sees is a handful a day: on the 5,200-order company no unit is invited to more than 5 activities a day over 14 days")
    func handfulADay() {
        let schedule = CadencePolicy().schedule(Self.office, from: Self.office.asOf, horizonDays: 14)
        var invitations: [UnitID: Int] = [:]
        for a in schedule { for u in a.units { invitations[u, default: 0] += 1 } }
        #expect(invitations.count == Self.office.units.count)
        for (unit, n) in invitations { #expect(Double(n) / 14 <= 5, "\(unit): \(n) invitations in 14 days") }
        // Grouped: one co-design session per customer.
        let coDesign = schedule.filter { $0.kind == .customerCoDesignSession && $0.strategy == .eto && $0.status == .scheduled }
        #expect(!coDesign.isEmpty && Set(coDesign.flatMap(\.partners)).count == coDesign.count)
    }
}
