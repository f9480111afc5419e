import Foundation

/// Exploration and exploitation of one unit over one span of time.
///
/// He & Wong (2004) measured X and Y with survey scales; here both are read
/// from behaviour, on the same 0–1 scale, as two *independent* shares of the
/// orders the unit worked on in the span:
/// - X (exploration): the share touched by developmental learning the unit
///   took part in — a developmental reflection it joined about the order, or
///   an explorative knowledge item it acquired from the order;
/// - Y (exploitation): the share touched by executional learning — an adopted
///   standard applied to the order whose scope includes the unit (or names no
///   units), or an executional reflection it joined about the order.
/// Because an order can count for both, X + Y is not fixed, so the balance
/// 1 − |X − Y| and the combination X·Y say different things.
public struct UnitAmbidexterity: Codable, Sendable, Hashable {
    public var unit: UnitID
    public var period: String
    public var orders: Int
    public var exploration: Double
    public var exploitation: Double
    public var balance: Double { 1 - abs(exploration - exploitation) }
    public var combined: Double { exploration * exploitation }
}

public enum Ambidexterity {
    /// Per unit, for each period, skipping unit-periods with fewer than
    /// `minimumOrders` orders (a share of three orders says little).
    public static func perUnit(_ office: LearningOffice, periods: [Period], minimumOrders: Int = 5) -> [UnitAmbidexterity] {
        let touched = Touched(office)
        var ordersByUnitPeriod: [Int: [UnitID: Set<OrderID>]] = [:]
        for e in office.events {
            guard let p = periods.firstIndex(where: { $0.contains(e.timestamp) }) else { continue }
            ordersByUnitPeriod[p, default: [:]][e.unit, default: []].insert(e.order)
        }
        var result: [UnitAmbidexterity] = []
        for (pi, period) in periods.enumerated() {
            for unit in office.units {
                guard let orders = ordersByUnitPeriod[pi]?[unit.id], orders.count >= minimumOrders else { continue }
                result.append(touched.measure(unit.id, orders: orders, label: period.label))
            }
        }
        return result
    }

    /// Per unit over every order it worked on up to `asOf`.
    public static func overall(_ office: LearningOffice, asOf: Date, minimumOrders: Int = 5) -> [UnitAmbidexterity] {
        let touched = Touched(office)
        var orders: [UnitID: Set<OrderID>] = [:]
        for e in office.events where e.timestamp <= asOf { orders[e.unit, default: []].insert(e.order) }
        return office.units.compactMap { unit in
            guard let o = orders[unit.id], o.count >= minimumOrders else { return nil }
            return touched.measure(unit.id, orders: o, label: "all")
        }
    }

    /// Which (unit, order) pairs were touched by each logic, built once.
    struct Touched {
        var explored: [UnitID: Set<OrderID>] = [:]
        var exploited: [UnitID: Set<OrderID>] = [:]
        var standardOrders: [(units: Set<UnitID>, orders: Set<OrderID>)] = []

        init(_ office: LearningOffice) {
            for r in office.reflections {
                for u in r.units {
                    if r.logic == .developmental { explored[u, default: []].formUnion(r.orders) }
                    else { exploited[u, default: []].formUnion(r.orders) }
                }
            }
            for k in office.knowledgeItems where k.orientation == .explorative {
                if case .orders(let orders) = k.origin { explored[k.originUnit, default: []].formUnion(orders) }
            }
            for s in office.standards where s.adoptedAt != nil {
                standardOrders.append((s.scope.units, Set(s.applications.map(\.order))))
            }
        }

        func measure(_ unit: UnitID, orders: Set<OrderID>, label: String) -> UnitAmbidexterity {
            let n = Double(orders.count)
            let x = Double(orders.intersection(explored[unit] ?? []).count) / n
            var exploitedOrders = orders.intersection(exploited[unit] ?? [])
            for s in standardOrders where s.units.isEmpty || s.units.contains(unit) {
                exploitedOrders.formUnion(orders.intersection(s.orders))
            }
            return UnitAmbidexterity(unit: unit, period: label, orders: orders.count, exploration: x,
                                     exploitation: Double(exploitedOrders.count) / n)
        }
    }
}
