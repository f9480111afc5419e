/// A typed identifier, so a unit's id can never be passed where an order's is
/// expected. The raw value is the human-readable code kept in the store and
/// shown in the UI ("O-004711", "U-eng").
public struct Identifier<Entity>: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

public typealias UnitID = Identifier<Unit>
public typealias PartnerID = Identifier<Partner>
public typealias OrderID = Identifier<Order>
public typealias ReflectionID = Identifier<Reflection>
public typealias KnowledgeItemID = Identifier<KnowledgeItem>
public typealias StandardID = Identifier<Standard>
public typealias LearningActivityID = Identifier<LearningActivity>
