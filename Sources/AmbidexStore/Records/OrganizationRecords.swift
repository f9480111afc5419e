import AmbidexCore

struct UnitRow: Codable, Sendable {
    var id: String
    var name: String
    var function: String

    init(_ u: Unit) { id = u.id.rawValue; name = u.name; function = u.function.rawValue }

    func domain() throws -> Unit {
        Unit(id: UnitID(id), name: name, function: try decodeEnum(UnitFunction.self, function, column: "function", row: "unit \(id)"))
    }
}

struct PartnerRow: Codable, Sendable {
    var id: String
    var name: String
    var kind: String

    init(_ p: Partner) { id = p.id.rawValue; name = p.name; kind = p.kind.rawValue }

    func domain() throws -> Partner {
        Partner(id: PartnerID(id), name: name, kind: try decodeEnum(Partner.Kind.self, kind, column: "kind", row: "partner \(id)"))
    }
}

struct SettingRow: Codable, Sendable {
    var key: String
    var value: String
}
