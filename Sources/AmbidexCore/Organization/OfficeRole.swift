/// Front office works in direct contact with the customer of an order; back
/// office does not. The role belongs to a (unit, order) pair, never to a unit.
public enum OfficeRole: String, CaseIterable, Sendable, Codable, Hashable, CustomStringConvertible {
    case front, back
    public var description: String { self == .front ? "front office" : "back office" }
}
