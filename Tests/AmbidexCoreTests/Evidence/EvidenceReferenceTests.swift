@testable import AmbidexCore
import Foundation
import Testing

/// The evidence functions build lookups once to stay linear in the size of
/// the office. Here they are checked against plain, slow readings of their
/// definitions on random offices, so an optimization cannot change a figure.
@Suite("Evidence agrees with a direct reading of its definitions")
struct EvidenceReferenceTests {
    typealias F = EvidenceFixtures

    /// A random office of `n` orders with events, reflections, activities,
    /// knowledge items and one applied standard, valid by the domain's rules.
    static func randomOffice(seed: UInt64, n: Int = 120) -> LearningOffice {
        var rng = SeededGenerator(seed: seed)
        var b = OfficeBuilder()
        let units: [UnitID] = ["U-sales", "U-eng", "U-prod", "U-log"]
        for i in 0..<n {
            let strategy = DeliveryStrategy.allCases[Int(rng.next() % 5)]
            let received = rng.unit() * 300
            let closed: Double? = rng.chance(0.8) ? received + 5 + rng.unit() * 40 : nil
            let id = b.order("O-\(i)", strategy, received: received, closed: closed, feedback: rng.chance(0.5) ? 4 : nil)
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let unit = units[Int(rng.next() % 4)]
                b.event(id.rawValue, unit.rawValue, at: received + rng.unit() * ((closed ?? received + 30) - received), contact: rng.chance(0.4))
            }
        }
        let orders = b.office.orders
        for r in 0..<(n * 2) {
            let o = orders[Int(rng.next() % UInt64(orders.count))]
            let logic: LearningLogic = rng.chance(0.5) ? .developmental : .executional
            let who = Set(units.filter { _ in rng.chance(0.4) })
            let participants: Set<UnitID> = who.isEmpty ? ["U-eng"] : who
            if rng.chance(0.5) {
                // In action, dated anywhere around the order's life: some inside, some not.
                let day = o.received.timeIntervalSince(OfficeBuilder.day0) / 86_400 + rng.unit() * 60 - 10
                b.office.reflections.append(F.reflection("R-\(r)", .inAction, at: day, orders: [o.id], units: participants, logic: logic))
            } else {
                let other = orders[Int(rng.next() % UInt64(orders.count))]
                let day = rng.unit() * 380
                b.office.reflections.append(F.reflection("R-\(r)", .onAction, at: day, orders: [o.id, other.id], units: participants, logic: logic))
            }
        }
        for a in 0..<n {
            let o = orders[Int(rng.next() % UInt64(orders.count))]
            let kind = LearningActivity.Kind.allCases[Int(rng.next() % UInt64(LearningActivity.Kind.allCases.count))]
            let status = LearningActivity.Status.allCases[Int(rng.next() % 3)]
            b.office.activities.append(F.activity("A-\(a)", kind, at: rng.unit() * 380, orders: [o.id], status: status))
        }
        for k in 0..<(n / 4) {
            let from = orders[Int(rng.next() % UInt64(orders.count))]
            b.office.knowledgeItems.append(F.item("K-\(k)", orientation: rng.chance(0.5) ? .explorative : .exploitative,
                                                   origin: .orders([from.id]), unit: units[Int(rng.next() % 4)],
                                                   acquired: rng.unit() * 300, transform: false))
        }
        var s = F.standard("S-1", strategies: [.cto, .ato], units: rng.chance(0.5) ? [] : ["U-prod"], adopted: 100)
        for o in orders where s.scope.covers(o.strategy) && rng.chance(0.5) {
            F.apply(&s, to: o.id, in: b.office, at: 100 + rng.unit() * 250)
        }
        b.office.standards = [s]
        return b.office
    }

    @Test("coverage", arguments: [1, 2, 3] as [UInt64])
    func coverage(seed: UInt64) {
        let office = Self.randomOffice(seed: seed)
        let asOf = F.d(330)
        for row in Coverage.byStrategy(office, asOf: asOf) {
            let mine = office.orders.filter { $0.strategy == row.strategy && $0.received <= asOf }
            let forOrders = mine.filter { o in
                let end = min(o.closed ?? asOf, asOf)
                let inSpan = { (d: Date) in d >= o.received && d <= end && d <= asOf }
                return office.reflections.contains { $0.mode == .inAction && $0.orders.contains(o.id) && inSpan($0.date) }
                    || office.activities.contains { $0.status == .held && $0.kind.mode == .inAction && $0.orders.contains(o.id) && inSpan($0.date) }
            }
            let closed = mine.filter { $0.closed.map { $0 <= asOf } ?? false }
            let fromOrders = closed.filter { o in
                let after = { (d: Date) in d >= o.closed! && d <= asOf }
                return office.reflections.contains { $0.mode == .onAction && $0.orders.count <= 3 && $0.orders.contains(o.id) && after($0.date) }
                    || office.activities.contains { $0.status == .held && $0.kind.mode == .onAction && $0.orders.count <= 3 && $0.orders.contains(o.id) && after($0.date) }
            }
            #expect((row.orders, row.ordersWithLearningFor, row.closedOrders, row.closedWithLearningFrom)
                    == (mine.count, forOrders.count, closed.count, fromOrders.count), "\(row.strategy)")
        }
    }

    @Test("ambidexterity", arguments: [4, 5, 6] as [UInt64])
    func ambidexterity(seed: UInt64) {
        let office = Self.randomOffice(seed: seed)
        let asOf = F.d(330)
        let periods = Period.quarters(from: F.d(0), to: asOf)
        let rows = Ambidexterity.perUnit(office, periods: periods, asOf: asOf, minimumOrders: 3)
            + Ambidexterity.overall(office, asOf: asOf, minimumOrders: 3)
            + Ambidexterity.byStrategy(office, asOf: asOf, minimumOrders: 3)
        #expect(!rows.isEmpty)
        let strategyOf = Dictionary(uniqueKeysWithValues: office.orders.map { ($0.id, $0.strategy) })
        for row in rows {
            let span = periods.first { $0.label == row.period } ?? Period(start: .distantPast, end: asOf.addingTimeInterval(1), label: "all")
            let orders = Set(office.events.filter { e in
                e.unit == row.unit && span.contains(e.timestamp) && e.timestamp <= asOf && (row.strategy.map { strategyOf[e.order] == $0 } ?? true)
            }.map(\.order))
            func joined(_ o: OrderID, _ keep: (Reflection) -> Bool) -> Bool {
                office.reflections.contains { $0.date <= asOf && $0.orders.count <= 3 && $0.units.contains(row.unit) && $0.orders.contains(o) && keep($0) }
            }
            let x = orders.map { o -> Double in
                let item = office.knowledgeItems.contains { k in
                    guard k.orientation == .explorative, k.originUnit == row.unit, k.acquiredAt <= asOf, case .orders(let from) = k.origin else { return false }
                    return from.contains(o)
                }
                if item || joined(o, { $0.logic == .developmental }) { return 1 }
                return joined(o, { $0.logic == .executional && $0.actionLevel == .reflection }) ? 0.5 : 0
            }.reduce(0, +)
            let y = orders.filter { o in
                joined(o, { $0.logic == .executional }) || office.standards.contains { s in
                    s.adoptedAt != nil && s.applications.contains { a in
                        guard a.order == o, a.date <= asOf, !a.automatic else { return false }
                        if let by = a.appliedBy { return by == row.unit }
                        return s.scope.units.isEmpty ? office.events.contains { $0.order == o && $0.unit == row.unit } : s.scope.units.contains(row.unit)
                    }
                }
            }.count
            #expect(row.orders == orders.count, "\(row.unit) \(row.period)")
            #expect(abs(row.exploration - x / Double(orders.count)) < 1e-12 && abs(row.exploitation - Double(y) / Double(orders.count)) < 1e-12,
                    "\(row.unit) \(row.period) \(row.strategy?.code ?? "all")")
        }
    }

    @Test("reflections between offices", arguments: [7, 8] as [UInt64])
    func between(seed: UInt64) {
        let office = Self.randomOffice(seed: seed)
        let asOf = F.d(330)
        let index = office.index()
        var between = 0, within = 0
        for r in office.reflections where r.date <= asOf {
            let roles = Set(r.units.flatMap { u in r.orders.compactMap { index.role(of: u, on: $0) } })
            if roles.count == 2 { between += 1 } else if roles.count == 1 { within += 1 }
        }
        let f = KnowledgeFlow.measure(office, asOf: asOf)
        #expect((f.reflectionsBetweenOffices, f.reflectionsWithinOneOffice) == (between, within))
        #expect(between > 0 && within > 0)
    }
}
