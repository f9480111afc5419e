import AmbidexCore
import Foundation

struct StandardRow: Codable, Sendable {
    var id: String
    var name: String
    var kind: String
    var scopeStrategies: String
    var scopeUnits: String
    var status: String
    var proposedAt: Double
    var adoptedAt: Double?
    var retiredAt: Double?
    var retirementReason: String?
    var provenance: String

    init(_ s: Standard) {
        id = s.id.rawValue
        name = s.name
        kind = s.kind.rawValue
        scopeStrategies = JSONColumn.encode(s.scope.strategies.map(\.rawValue).sorted())
        scopeUnits = JSONColumn.encode(s.scope.units.map(\.rawValue).sorted())
        status = s.status.rawValue
        proposedAt = s.proposedAt.storeValue
        adoptedAt = s.adoptedAt?.storeValue
        retiredAt = s.retiredAt?.storeValue
        retirementReason = s.retirementReason
        provenance = JSONColumn.encode(s.provenance.map(\.rawValue))
    }

    func domain(versions: [StandardVersionRow], applications: [StandardApplicationRow]) throws -> Standard {
        let row = "standard \(id)"
        let strategies = try JSONColumn.decode([String].self, from: scopeStrategies, column: "scope_strategies", row: row)
            .map { try decodeEnum(DeliveryStrategy.self, $0, column: "scope_strategies", row: row) }
        let units = try JSONColumn.decode([String].self, from: scopeUnits, column: "scope_units", row: row).map { UnitID(rawValue: $0) }
        return try Standard.restore(
            id: StandardID(id), name: name,
            kind: decodeEnum(Standard.Kind.self, kind, column: "kind", row: row),
            scope: Standard.Scope(strategies: Set(strategies), units: Set(units)),
            provenance: JSONColumn.decode([String].self, from: provenance, column: "provenance", row: row).map { KnowledgeItemID(rawValue: $0) },
            status: decodeEnum(Standard.Status.self, status, column: "status", row: row),
            proposedAt: Date(storeValue: proposedAt), adoptedAt: adoptedAt.map(Date.init(storeValue:)),
            retiredAt: retiredAt.map(Date.init(storeValue:)), retirementReason: retirementReason,
            versions: versions.sorted { $0.number < $1.number }.map { .init(number: $0.number, date: Date(storeValue: $0.date), note: $0.note, text: $0.text) },
            applications: applications.sorted { $0.position < $1.position }.map { $0.domain() })
    }
}

struct StandardVersionRow: Codable, Sendable {
    var standard: String
    var number: Int
    var date: Double
    var note: String
    var text: String?
}

struct StandardApplicationRow: Codable, Sendable {
    var standard: String
    var position: Int
    var orderId: String
    var date: Double
    var deviated: Bool
    var note: String?
    var automatic: Bool
    var appliedBy: String?

    func domain() -> Standard.Application {
        .init(order: OrderID(orderId), date: Date(storeValue: date), deviated: deviated, note: note,
              automatic: automatic, appliedBy: appliedBy.map { UnitID(rawValue: $0) })
    }
}

extension Standard {
    var versionRows: [StandardVersionRow] {
        versions.map { StandardVersionRow(standard: id.rawValue, number: $0.number, date: $0.date.storeValue, note: $0.note, text: $0.text) }
    }
    var applicationRows: [StandardApplicationRow] {
        applications.enumerated().map {
            StandardApplicationRow(standard: id.rawValue, position: $0.offset, orderId: $0.element.order.rawValue,
                                   date: $0.element.date.storeValue, deviated: $0.element.deviated, note: $0.element.note,
                                   automatic: $0.element.automatic, appliedBy: $0.element.appliedBy?.rawValue)
        }
    }
}
