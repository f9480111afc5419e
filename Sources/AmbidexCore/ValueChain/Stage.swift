/// A step of the value chain that work on an order passes through.
///
/// Stages are strings rather than an enum because an organization may rename
/// them or add its own; the five defaults are the ones in the literature on
/// customer order decoupling points.
public struct Stage: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ name: String) { self.rawValue = name }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public static let design: Stage = "design"
    public static let source: Stage = "source"
    public static let fabricate: Stage = "fabricate"
    public static let assemble: Stage = "assemble"
    public static let deliver: Stage = "deliver"
}

/// Which force drives work at a stage of one order.
public enum Drive: String, Sendable, Codable, Hashable {
    /// Done ahead of demand, on a forecast: the customer is not waiting.
    case speculation
    /// Done for a real order, while the customer waits.
    case customer
}
