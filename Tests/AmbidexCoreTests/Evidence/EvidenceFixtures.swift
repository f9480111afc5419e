@testable import AmbidexCore
import Foundation

/// Knowledge items, activities and standards for the evidence tests, dated in
/// days from `OfficeBuilder.day0` so expected figures can be worked out by hand.
enum EvidenceFixtures {
    static func d(_ n: Double) -> Date { OfficeBuilder.d(n) }

    /// An item acquired on `acquired`, assimilated a day later and transformed
    /// two days later (so it can be used), then optionally used and exploited.
    static func item(_ id: String, orientation: Orientation = .explorative, origin: KnowledgeItem.Origin = .orders([]),
                     unit: UnitID = "U-eng", role: OfficeRole = .front, strategy: DeliveryStrategy? = .eto,
                     acquired: Double = 0, uses: [(unit: UnitID, role: OfficeRole, strategy: DeliveryStrategy?, day: Double)] = [],
                     exploitedAfter: Double? = nil, discardedAfter: Double? = nil, transform: Bool = true) -> KnowledgeItem {
        var k = KnowledgeItem(id: KnowledgeItemID(id), title: id, orientation: orientation, origin: origin,
                              originUnit: unit, originRole: role, originStrategy: strategy, acquired: d(acquired))
        if let gone = discardedAfter {
            try! k.advance(to: .discarded, at: d(acquired + gone))
            return k
        }
        guard transform else { return k }
        try! k.advance(to: .assimilated, at: d(acquired + 1))
        try! k.advance(to: .transformed, at: d(acquired + 2))
        for u in uses { try! k.recordUse(.init(unit: u.unit, role: u.role, strategy: u.strategy, date: d(u.day))) }
        if let e = exploitedAfter { try! k.advance(to: .exploited, at: d(acquired + e)) }
        return k
    }

    static func activity(_ id: String, _ kind: LearningActivity.Kind, at day: Double, orders: [OrderID],
                         status: LearningActivity.Status = .held) -> LearningActivity {
        LearningActivity(id: LearningActivityID(id), kind: kind, trigger: .recurrent, date: d(day), units: ["U-eng"],
                         orders: orders, reason: "test", status: status)
    }

    /// A standard proposed a day before `adopted` (or on day 0 when never adopted).
    static func standard(_ id: String, strategies: Set<DeliveryStrategy>, units: Set<UnitID> = [], adopted: Double?,
                         retired: Double? = nil) -> Standard {
        var s = try! Standard(id: StandardID(id), name: id, kind: .procedure, scope: .init(strategies: strategies, units: units),
                              provenance: [], proposedAt: d(max(0, (adopted ?? 1) - 1)))
        if let adopted { try! s.adopt(at: d(adopted)) }
        if let retired { try! s.retire(at: d(retired), reason: "test") }
        return s
    }

    /// Applies an adopted standard to an order of the office, on `day`.
    static func apply(_ standard: inout Standard, to order: OrderID, in office: LearningOffice, at day: Double) {
        let o = office.orders.first { $0.id == order }!
        try! standard.apply(.init(order: order, date: d(day), deviated: false), to: o)
    }

    static func reflection(_ id: String, _ mode: Reflection.Mode, at day: Double, orders: [OrderID], units: Set<UnitID>,
                           partners: Set<PartnerID> = [], logic: LearningLogic = .developmental) -> Reflection {
        try! Reflection(id: ReflectionID(id), mode: mode, trigger: .sporadic, actionLevel: .reflection, logic: logic,
                        date: d(day), summary: id, units: units, partners: partners, orders: orders)
    }
}
