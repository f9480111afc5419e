import AmbidexCore
import Foundation

/// A unit's page as JSON: the same figures, per quarter oldest first; a
/// quarter with too few orders to judge is null.
struct UnitJSON: Encodable {
    var id: String
    var name: String
    var function: String
    var quarters: [String]
    var overall: UnitAmbidexterity?
    var byStrategy: [UnitAmbidexterity]
    var byQuarter: [UnitAmbidexterity?]
    var roles: [UnitRoleProfile?]
    var flow: UnitKnowledgeFlow
    /// The names of the units `roles` and `flow` refer to.
    var names: [String: String]

    init(unit: AmbidexCore.Unit, learning l: UnitLearning, snapshot: OfficeSnapshot) {
        id = unit.id.rawValue
        name = unit.name
        function = unit.function.rawValue
        quarters = snapshot.unitPeriods.map(\.label)
        overall = l.overall
        byStrategy = l.byStrategy
        byQuarter = l.byQuarter
        roles = l.roles
        flow = l.flow
        let referred = Set(l.roles.compactMap { $0?.counterparts }.flatMap { $0 } + l.flow.users.map(\.unit) + l.flow.sources.map(\.unit))
        names = Dictionary(snapshot.units.filter { referred.contains($0.id) }.map { ($0.id.rawValue, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// One row of the list.
    struct Summary: Encodable {
        var id: String
        var name: String
        var function: String
        var orders: Int
        var exploration: Double?
        var exploitation: Double?
        var balance: Double?
        var combined: Double?
        var judgement: String?
        /// The latest quarter's role variation and switch rate (nil when the unit did no work in it).
        var roleVariation: Double?
        var switchRate: Double?
        var knowledgeOut: Int
        var knowledgeIn: Int

        init(unit: AmbidexCore.Unit, learning l: UnitLearning) {
            id = unit.id.rawValue
            name = unit.name
            function = unit.function.rawValue
            orders = l.overall?.orders ?? 0
            exploration = l.overall?.exploration
            exploitation = l.overall?.exploitation
            balance = l.overall?.balance
            combined = l.overall?.combined
            judgement = l.overall?.judgement.rawValue
            let latest = l.roles.last ?? nil
            roleVariation = latest?.roleVariation
            switchRate = latest?.switchRate
            knowledgeOut = l.flow.usedByOthers
            knowledgeIn = l.flow.usedFromOthers
        }
    }
}
