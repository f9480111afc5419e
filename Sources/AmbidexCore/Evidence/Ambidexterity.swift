import Foundation

/// Exploration and exploitation of one unit over one span of time.
///
/// He & Wong (2004) measured exploration X and exploitation Y with survey
/// scales; here both are read from behaviour, on the same 0–1 scale, as two
/// *independent* shares of the orders the unit worked on in the span (the
/// orders it has events on within it):
/// - X (exploration): the share touched by developmental learning the unit
///   took part in — a developmental reflection (in or on action) it joined
///   about the order, or an explorative knowledge item it acquired from the
///   order (origin `.orders` naming it, with the unit as origin unit);
/// - Y (exploitation): the share touched by executional learning — an adopted
///   standard applied to the order (`Standard.applications`) whose scope
///   includes the unit or names no units, or an executional reflection it
///   joined about the order.
/// An order can count for both, so X + Y is not fixed and the balance
/// 1 − |X − Y| and the combination X·Y say different things: a unit that does
/// little of either is balanced but not ambidextrous.
public struct UnitAmbidexterity: Codable, Sendable, Hashable {
    public let unit: UnitID
    /// The period's label, or "all".
    public let period: String
    /// Orders the unit worked on in the span: the denominator of X and Y.
    public let orders: Int
    public let exploredOrders: Int
    public let exploitedOrders: Int
    /// X = exploredOrders / orders.
    public let exploration: Double
    /// Y = exploitedOrders / orders.
    public let exploitation: Double
    /// 1 − |X − Y|.
    public let balance: Double
    /// X · Y.
    public let combined: Double

    public init(unit: UnitID, period: String, orders: Int, exploredOrders: Int, exploitedOrders: Int) {
        self.unit = unit
        self.period = period
        self.orders = orders
        self.exploredOrders = exploredOrders
        self.exploitedOrders = exploitedOrders
        exploration = Statistics.share(exploredOrders, of: orders)
        exploitation = Statistics.share(exploitedOrders, of: orders)
        balance = 1 - abs(exploration - exploitation)
        combined = exploration * exploitation
    }
}

public enum Ambidexterity {
    /// Per unit, for each period (e.g. `Period.quarters`), in period order and
    /// then `office.units` order, skipping unit-periods with fewer than
    /// `minimumOrders` orders (a share of three orders says little).
    ///
    /// An order belongs to a unit's period when the unit has an event on it in
    /// the period (and by `asOf`). Learning about it counts when dated by
    /// `asOf` (all of it when `asOf` is nil), even after the period ended: a
    /// review of a Q3 order held in Q4 is learning from the unit's Q3 work, so
    /// the latest period's figures can still rise as such reviews come in.
    public static func perUnit(_ office: LearningOffice, periods: [Period], asOf: Date? = nil,
                               minimumOrders: Int = 5) -> [UnitAmbidexterity] {
        let cutoff = asOf ?? .distantFuture
        let touched = Touched(office, asOf: cutoff)
        let sorted = periods.enumerated().sorted { $0.element.start < $1.element.start }
        var ordersByPeriod = [[UnitID: Set<OrderID>]](repeating: [:], count: periods.count)
        for e in office.events where e.timestamp <= cutoff {
            guard let p = Self.period(containing: e.timestamp, in: sorted) else { continue }
            ordersByPeriod[p][e.unit, default: []].insert(e.order)
        }
        var result: [UnitAmbidexterity] = []
        for (pi, period) in periods.enumerated() {
            for unit in office.units {
                guard let orders = ordersByPeriod[pi][unit.id], orders.count >= max(1, minimumOrders) else { continue }
                result.append(touched.measure(unit.id, orders: orders, label: period.label))
            }
        }
        return result
    }

    /// Per unit over every order it worked on up to `asOf`, in `office.units` order.
    public static func overall(_ office: LearningOffice, asOf: Date, minimumOrders: Int = 5) -> [UnitAmbidexterity] {
        let touched = Touched(office, asOf: asOf)
        var orders: [UnitID: Set<OrderID>] = [:]
        for e in office.events where e.timestamp <= asOf { orders[e.unit, default: []].insert(e.order) }
        return office.units.compactMap { unit in
            guard let o = orders[unit.id], o.count >= max(1, minimumOrders) else { return nil }
            return touched.measure(unit.id, orders: o, label: "all")
        }
    }

    /// Binary search over periods sorted by start; periods may leave gaps.
    static func period(containing date: Date, in sorted: [(offset: Int, element: Period)]) -> Int? {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid].element.start <= date { lo = mid + 1 } else { hi = mid }
        }
        // Overlapping periods are unusual; fall back to a scan so each still gets its events.
        guard lo > 0 else { return nil }
        let candidate = sorted[lo - 1]
        return candidate.element.contains(date) ? candidate.offset : sorted.first { $0.element.contains(date) }?.offset
    }

    /// Which orders each unit's learning touched, by logic, built once from
    /// reflections, knowledge items and standard applications.
    struct Touched {
        var explored: [UnitID: Set<OrderID>] = [:]
        var exploited: [UnitID: Set<OrderID>] = [:]
        /// Orders with an applied adopted standard that names no units: every unit's.
        var standardForAll: Set<OrderID> = []

        init(_ office: LearningOffice, asOf: Date) {
            for r in office.reflections where r.date <= asOf {
                for u in r.units {
                    switch r.logic {
                    case .developmental: explored[u, default: []].formUnion(r.orders)
                    case .executional: exploited[u, default: []].formUnion(r.orders)
                    }
                }
            }
            for k in office.knowledgeItems where k.orientation == .explorative && k.acquiredAt <= asOf {
                if case .orders(let orders) = k.origin { explored[k.originUnit, default: []].formUnion(orders) }
            }
            for s in office.standards where s.adoptedAt != nil {
                let applied = s.applications.lazy.filter { $0.date <= asOf }.map(\.order)
                if s.scope.units.isEmpty { standardForAll.formUnion(applied) }
                else { for u in s.scope.units { exploited[u, default: []].formUnion(applied) } }
            }
        }

        func measure(_ unit: UnitID, orders: Set<OrderID>, label: String) -> UnitAmbidexterity {
            let explored = orders.intersection(explored[unit] ?? [])
            var exploitedOrders = orders.intersection(exploited[unit] ?? [])
            exploitedOrders.formUnion(orders.intersection(standardForAll))
            return UnitAmbidexterity(unit: unit, period: label, orders: orders.count,
                                     exploredOrders: explored.count, exploitedOrders: exploitedOrders.count)
        }
    }
}
