import Foundation

/// Exploration and exploitation of one unit — under one strategy, or over
/// all its work — judged against the mode its strategies call for.
///
/// He & Wong (2004) measured exploration X and exploitation Y with survey
/// scales; here both are read from behaviour, on the same 0–1 scale, as
/// *independent* means over the orders the unit worked on (has events on):
/// - X (exploration): an order scores 1 when the unit joined a developmental
///   reflection addressing it specifically (at most `specificMaxOrders`
///   orders named) or acquired an explorative knowledge item from it, and ½
///   when the unit's only reflection on it was executional but at the
///   reflection-based action level (Ellström: knowledge-based action in a new
///   situation carries exploration even while serving a standard);
/// - Y (exploitation): an order scores 1 when the unit joined an executional
///   reflection addressing it specifically, or applied an adopted standard to
///   it — an application someone recorded, by this unit (or, when it names no
///   unit, by a unit of the standard's scope; any unit on the order when the
///   scope names none). Automatic applications, recorded only because the
///   order is in scope, are no act of exploitation and do not count.
///
/// Both are computed per unit × strategy, so a unit that works only on ETO
/// orders is not compared with one that works mostly on MTS. Seed 000 says
/// the right mode differs: ambidextrous learning in an *explorative* mode
/// for customized work (ETO, CTO) and an *exploitative* mode for standardized
/// work (MTS, ATO, MTO), where "an excess of explorative activities will
/// hinder efficiency". So the judgement is the gap between the unit's share
/// of exploration in its learning, X / (X + Y), and the target share of its
/// strategy (`AmbidexterityTargets`); for a unit over all strategies the
/// target is the mean of its strategies' targets weighted by its orders.
/// Beside it, Cao, Gedajlovic & Zhang's (2009) two dimensions: the balance
/// dimension 1 − |X − Y| and the combined dimension X · Y (a unit doing
/// little of either is balanced but not ambidextrous).
public struct UnitAmbidexterity: Codable, Sendable, Hashable {
    public enum Judgement: String, Codable, Sendable, Hashable {
        case inMode, tooExplorative, tooExploitative, noLearning
        public var label: String {
            switch self {
            case .inMode: "in mode"
            case .tooExplorative: "too explorative"
            case .tooExploitative: "too exploitative"
            case .noLearning: "no learning recorded"
            }
        }
    }

    public let unit: UnitID
    /// Nil for the unit over all its strategies.
    public let strategy: DeliveryStrategy?
    /// The period's label, or "all".
    public let period: String
    /// Orders the unit worked on: the denominator of X and Y.
    public let orders: Int
    /// X and Y, each in 0…1.
    public let exploration: Double
    public let exploitation: Double
    /// X / (X + Y); nil when the unit did neither.
    public let explorationShare: Double?
    /// The share its strategies call for.
    public let targetExplorationShare: Double
    /// explorationShare − target: positive is more explorative than called for.
    public let gap: Double?
    public let judgement: Judgement
    /// Cao et al.'s balance dimension 1 − |X − Y|.
    public let balance: Double
    /// Cao et al.'s combined dimension X · Y.
    public let combined: Double

    public init(unit: UnitID, strategy: DeliveryStrategy?, period: String, orders: Int, exploration: Double, exploitation: Double,
                target: Double, tolerance: Double) {
        self.unit = unit
        self.strategy = strategy
        self.period = period
        self.orders = orders
        self.exploration = exploration
        self.exploitation = exploitation
        targetExplorationShare = target
        let sum = exploration + exploitation
        explorationShare = sum > 0 ? exploration / sum : nil
        gap = explorationShare.map { $0 - target }
        if let gap {
            judgement = gap > tolerance ? .tooExplorative : gap < -tolerance ? .tooExploitative : .inMode
        } else {
            judgement = .noLearning
        }
        balance = 1 - abs(exploration - exploitation)
        combined = exploration * exploitation
    }
}

/// The share of exploration in a unit's learning each strategy calls for.
public struct AmbidexterityTargets: Codable, Sendable, Hashable {
    /// Explorative mode (ETO, CTO): exploration leads, exploitation keeps what is known.
    public var explorativeMode = 2.0 / 3
    /// Exploitative mode (MTS, ATO, MTO): exploitation leads, exploration through planned change.
    public var exploitativeMode = 1.0 / 3
    /// A gap within this distance of the target counts as in mode.
    public var tolerance = 0.15
    public init() {}

    public func target(_ s: DeliveryStrategy) -> Double { s.isCustomized ? explorativeMode : exploitativeMode }
}

public enum Ambidexterity {
    /// Per unit over every order it worked on up to `asOf`, in `office.units`
    /// order, skipping units with fewer than `minimumOrders` orders.
    public static func overall(_ office: LearningOffice, asOf: Date, minimumOrders: Int = 5, targets: AmbidexterityTargets = .init(),
                               specificMaxOrders: Int = 3) -> [UnitAmbidexterity] {
        overall(office, asOf: asOf, minimumOrders: minimumOrders, targets: targets,
                touched: Touched(office, asOf: asOf, specificMaxOrders: specificMaxOrders))
    }

    static func overall(_ office: LearningOffice, asOf: Date, minimumOrders: Int, targets: AmbidexterityTargets, touched: Touched) -> [UnitAmbidexterity] {
        var orders: [UnitID: Set<OrderID>] = [:]
        for e in office.events where e.timestamp <= asOf { orders[e.unit, default: []].insert(e.order) }
        return office.units.compactMap { unit in
            guard let o = orders[unit.id], o.count >= max(1, minimumOrders) else { return nil }
            return touched.measure(unit.id, orders: o, strategy: nil, label: "all", targets: targets)
        }
    }

    /// Per unit × strategy over every order up to `asOf`: unit order first,
    /// then strategies from MTS to ETO, skipping pairs with fewer than `minimumOrders` orders.
    public static func byStrategy(_ office: LearningOffice, asOf: Date, minimumOrders: Int = 5, targets: AmbidexterityTargets = .init(),
                                  specificMaxOrders: Int = 3) -> [UnitAmbidexterity] {
        byStrategy(office, asOf: asOf, minimumOrders: minimumOrders, targets: targets,
                   touched: Touched(office, asOf: asOf, specificMaxOrders: specificMaxOrders))
    }

    static func byStrategy(_ office: LearningOffice, asOf: Date, minimumOrders: Int, targets: AmbidexterityTargets, touched: Touched) -> [UnitAmbidexterity] {
        var orders: [UnitID: [DeliveryStrategy: Set<OrderID>]] = [:]
        for e in office.events where e.timestamp <= asOf {
            guard let s = touched.strategyOf[e.order] else { continue }
            orders[e.unit, default: [:]][s, default: []].insert(e.order)
        }
        return office.units.flatMap { unit in
            DeliveryStrategy.allCases.compactMap { s in
                guard let o = orders[unit.id]?[s], o.count >= max(1, minimumOrders) else { return nil }
                return touched.measure(unit.id, orders: o, strategy: s, label: "all", targets: targets)
            }
        }
    }

    /// Per unit over each period (e.g. `Period.quarters`), in period order and
    /// then `office.units` order, skipping unit-periods with fewer than
    /// `minimumOrders` orders. An order belongs to a unit's period when the
    /// unit has an event on it in the period (and by `asOf`). Learning about
    /// it counts when dated by `asOf`, even after the period ended: a review
    /// of a Q3 order held in Q4 is learning from the unit's Q3 work.
    public static func perUnit(_ office: LearningOffice, periods: [Period], asOf: Date? = nil, minimumOrders: Int = 5,
                               targets: AmbidexterityTargets = .init(), specificMaxOrders: Int = 3) -> [UnitAmbidexterity] {
        perUnit(office, periods: periods, asOf: asOf, minimumOrders: minimumOrders, targets: targets,
                touched: Touched(office, asOf: asOf ?? .distantFuture, specificMaxOrders: specificMaxOrders))
    }

    static func perUnit(_ office: LearningOffice, periods: [Period], asOf: Date?, minimumOrders: Int, targets: AmbidexterityTargets,
                        touched: Touched) -> [UnitAmbidexterity] {
        let cutoff = asOf ?? .distantFuture
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
                result.append(touched.measure(unit.id, orders: orders, strategy: nil, label: period.label, targets: targets))
            }
        }
        return result
    }

    /// Binary search over periods sorted by start; periods may leave gaps.
    static func period(containing date: Date, in sorted: [(offset: Int, element: Period)]) -> Int? {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid].element.start <= date { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let candidate = sorted[lo - 1]
        return candidate.element.contains(date) ? candidate.offset : sorted.first { $0.element.contains(date) }?.offset
    }

    /// Each unit's exploration and exploitation score per order, built once
    /// from reflections, knowledge items and recorded standard applications.
    struct Touched {
        struct Pair: Hashable { let unit: UnitID; let order: OrderID }
        var scores: [Pair: (x: Double, y: Double)] = [:]
        var strategyOf: [OrderID: DeliveryStrategy] = [:]

        mutating func raise(_ u: UnitID, _ o: OrderID, x: Double = 0, y: Double = 0) {
            let key = Pair(unit: u, order: o)
            let old = scores[key] ?? (0, 0)
            scores[key] = (max(old.x, x), max(old.y, y))
        }

        init(_ office: LearningOffice, asOf: Date, specificMaxOrders k: Int) {
            for o in office.orders { strategyOf[o.id] = o.strategy }
            for r in office.reflections where r.date <= asOf && r.orders.count <= k {
                for u in r.units {
                    for o in r.orders {
                        switch r.logic {
                        case .developmental: raise(u, o, x: 1)
                        case .executional: raise(u, o, x: r.actionLevel == .reflection ? 0.5 : 0, y: 1)
                        }
                    }
                }
            }
            for item in office.knowledgeItems where item.orientation == .explorative && item.acquiredAt <= asOf {
                if case .orders(let orders) = item.origin { for o in orders { raise(item.originUnit, o, x: 1) } }
            }
            var unitsByOrder: [OrderID: Set<UnitID>] = [:]
            for e in office.events { unitsByOrder[e.order, default: []].insert(e.unit) }
            for s in office.standards where s.adoptedAt != nil {
                for a in s.applications where a.date <= asOf && !a.automatic {
                    let by: Set<UnitID> = a.appliedBy.map { [$0] } ?? (s.scope.units.isEmpty ? unitsByOrder[a.order] ?? [] : s.scope.units)
                    for u in by { raise(u, a.order, y: 1) }
                }
            }
        }

        func measure(_ unit: UnitID, orders: Set<OrderID>, strategy: DeliveryStrategy?, label: String,
                     targets: AmbidexterityTargets) -> UnitAmbidexterity {
            var x = 0.0, y = 0.0, target = 0.0
            for o in orders {
                if let s = scores[Pair(unit: unit, order: o)] { x += s.x; y += s.y }
                target += targets.target(strategyOf[o] ?? strategy ?? .mts)
            }
            let n = Double(max(1, orders.count))
            return UnitAmbidexterity(unit: unit, strategy: strategy, period: label, orders: orders.count, exploration: x / n,
                                     exploitation: y / n, target: target / n, tolerance: targets.tolerance)
        }
    }
}
