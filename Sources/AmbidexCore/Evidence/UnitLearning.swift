import Foundation

/// One unit's learning over time: what its page shows beside the office-wide
/// evidence. Ambidexterity per quarter (He & Wong's X and Y, Cao et al.'s
/// balance and combined dimensions, judged against the unit's strategies),
/// how its role and the priorities it works under varied across its
/// concurrent orders (P4), and the knowledge that flowed into and out of it,
/// between front and back office (P5).
public struct UnitLearning: Codable, Sendable, Hashable {
    public var unit: UnitID
    /// Over every order the unit worked on; nil under the report's minimum of orders.
    public var overall: UnitAmbidexterity?
    /// Per strategy it worked under, MTS to ETO.
    public var byStrategy: [UnitAmbidexterity]
    /// One per quarter of `quarters`, oldest first; nil where the unit had too few orders.
    public var byQuarter: [UnitAmbidexterity?]
    /// Role switching and priority variation per quarter, aligned with `byQuarter`.
    public var roles: [UnitRoleProfile?]
    public var flow: UnitKnowledgeFlow

    /// Every unit's learning as of `asOf` over the last `quarters` calendar quarters, and those quarters.
    public static func make(_ office: LearningOffice, asOf: Date, quarters: Int = 8,
                            options: EvidenceReport.Options = .init()) -> (quarters: [Period], units: [UnitLearning]) {
        let index = office.index()
        let first = office.orders.lazy.map(\.received).min() ?? asOf
        let periods = first <= asOf ? Array(Period.quarters(from: first, to: asOf).suffix(max(0, quarters))) : []
        let targets = options.ambidexterityTargets, minimum = options.minimumOrdersPerUnit
        let touched = Ambidexterity.Touched(office, asOf: asOf, specificMaxOrders: options.specificReflectionMaxOrders)
        let overall = Dictionary(Ambidexterity.overall(office, asOf: asOf, minimumOrders: minimum, targets: targets, touched: touched).map { ($0.unit, $0) },
                                 uniquingKeysWith: { a, _ in a })
        let byStrategy = Dictionary(grouping: Ambidexterity.byStrategy(office, asOf: asOf, minimumOrders: minimum, targets: targets, touched: touched), by: \.unit)
        var byQuarter: [UnitID: [String: UnitAmbidexterity]] = [:]
        for a in Ambidexterity.perUnit(office, periods: periods, asOf: asOf, minimumOrders: minimum, targets: targets, touched: touched) {
            byQuarter[a.unit, default: [:]][a.period] = a
        }
        var roles: [UnitID: [String: UnitRoleProfile]] = [:]
        for p in periods {
            for r in UnitRoleProfile.profiles(office, period: Period(start: p.start, end: min(p.end, asOf.addingTimeInterval(1)), label: p.label), index: index) {
                roles[r.unit, default: [:]][r.period] = r
            }
        }
        let flows = UnitKnowledgeFlow.measure(office, asOf: asOf, index: index)
        return (periods, office.units.map { u in
            UnitLearning(unit: u.id, overall: overall[u.id], byStrategy: byStrategy[u.id] ?? [],
                         byQuarter: periods.map { byQuarter[u.id]?[$0.label] }, roles: periods.map { roles[u.id]?[$0.label] },
                         flow: flows[u.id] ?? UnitKnowledgeFlow(unit: u.id))
        })
    }
}

/// The knowledge that came out of one unit and went into it, up to a date:
/// each recorded use of a knowledge item counts for the unit where the item
/// arose (out, when another unit used it) and for the unit that used it (in,
/// when the item arose elsewhere), and as crossing offices when the use's
/// role differs from the item's origin role (as `KnowledgeFlow` counts it).
public struct UnitKnowledgeFlow: Codable, Sendable, Hashable {
    public struct Counterpart: Codable, Sendable, Hashable {
        public var unit: UnitID
        public var uses: Int
    }

    public var unit: UnitID
    /// Knowledge items acquired from the unit's work.
    public var acquired = 0
    /// Uses of its own items by itself.
    public var usedWithin = 0
    /// Uses of its items by other units, and of those by a unit in the other office role.
    public var usedByOthers = 0
    public var usedByOthersAcrossOffices = 0
    /// Its uses of items that arose in other units, and of those items from the other office role.
    public var usedFromOthers = 0
    public var usedFromOthersAcrossOffices = 0
    /// Who used its knowledge and whose it used, most uses first (at most five each).
    public var users: [Counterpart] = []
    public var sources: [Counterpart] = []
    /// Reflections it joined, and of those the ones that brought front and back office together.
    public var reflections = 0
    public var reflectionsBetweenOffices = 0

    public init(unit: UnitID) { self.unit = unit }

    static let counterpartLimit = 5

    public static func measure(_ office: LearningOffice, asOf: Date) -> [UnitID: UnitKnowledgeFlow] {
        measure(office, asOf: asOf, index: office.index())
    }

    static func measure(_ office: LearningOffice, asOf: Date, index: LearningOffice.Index) -> [UnitID: UnitKnowledgeFlow] {
        var flows: [UnitID: UnitKnowledgeFlow] = [:]
        var users: [UnitID: [UnitID: Int]] = [:], sources: [UnitID: [UnitID: Int]] = [:]
        func edit(_ u: UnitID, _ change: (inout UnitKnowledgeFlow) -> Void) {
            var f = flows[u] ?? UnitKnowledgeFlow(unit: u)
            change(&f)
            flows[u] = f
        }
        for item in office.knowledgeItems where item.acquiredAt <= asOf {
            let origin = item.originUnit
            edit(origin) { $0.acquired += 1 }
            for use in item.uses where use.date <= asOf {
                let across = use.role != item.originRole
                if use.unit == origin {
                    edit(origin) { $0.usedWithin += 1 }
                    continue
                }
                edit(origin) { $0.usedByOthers += 1; if across { $0.usedByOthersAcrossOffices += 1 } }
                edit(use.unit) { $0.usedFromOthers += 1; if across { $0.usedFromOthersAcrossOffices += 1 } }
                users[origin, default: [:]][use.unit, default: 0] += 1
                sources[use.unit, default: [:]][origin, default: 0] += 1
            }
        }
        for r in office.reflections where r.date <= asOf {
            var front = false, back = false
            for unit in r.units {
                for order in r.orders {
                    switch index.role(of: unit, on: order) {
                    case .front: front = true
                    case .back: back = true
                    case nil: break
                    }
                }
            }
            for unit in Set(r.units) { edit(unit) { $0.reflections += 1; if front && back { $0.reflectionsBetweenOffices += 1 } } }
        }
        func top(_ counts: [UnitID: Int]?) -> [Counterpart] {
            (counts ?? [:]).sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(counterpartLimit).map { Counterpart(unit: $0.key, uses: $0.value) }
        }
        for u in flows.keys {
            flows[u]!.users = top(users[u])
            flows[u]!.sources = top(sources[u])
        }
        return flows
    }
}
