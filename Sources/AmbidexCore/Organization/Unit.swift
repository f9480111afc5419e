/// An organizational unit (a department, a cell, a team).
public struct Unit: Identifiable, Hashable, Sendable, Codable {
    public let id: UnitID
    public var name: String
    public var function: UnitFunction

    public init(id: UnitID, name: String, function: UnitFunction) {
        self.id = id
        self.name = name
        self.function = function
    }
}
