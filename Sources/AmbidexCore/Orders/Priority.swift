/// An order's priority, 1 (lowest) to 5 (highest). Concurrent orders with
/// different priorities pull a unit in different directions — the variation
/// P4 says stimulates learning.
public struct Priority: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public static let range = 1...5
    public let rawValue: Int

    public init?(rawValue: Int) {
        guard Self.range.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public init(clamping value: Int) { rawValue = min(max(value, Self.range.lowerBound), Self.range.upperBound) }

    public static let low = Priority(clamping: 1)
    public static let normal = Priority(clamping: 3)
    public static let urgent = Priority(clamping: 5)

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "P\(rawValue)" }

    public init(from decoder: any Decoder) throws {
        let v = try decoder.singleValueContainer().decode(Int.self)
        guard let p = Priority(rawValue: v) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "priority \(v) is outside 1…5"))
        }
        self = p
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
