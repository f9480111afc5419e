import AmbidexCore
import AmbidexLog
import Foundation

/// The whole office as one OCEL 2.0 log, before it is encoded: orders, units,
/// partners, standards and knowledge items as objects; order events,
/// reflections, knowledge steps and uses, standard proposals, versions,
/// adoptions, retirements and applications, and learning activities as events.
/// Built once, then written as JSON, SQLite or CSV, so the three encodings
/// cannot disagree. Times are microseconds since 1970 (OCEL's resolution).
public struct OfficeExport: Sendable {
    public typealias ValueType = ObjectCentricLog.ValueType

    public enum Value: Sendable, Hashable {
        case string(String), time(Int64), integer(Int), float(Double), boolean(Bool)
    }

    public struct Attribute: Sendable, Hashable {
        public var name: String
        public var value: Value
        /// When an object's attribute took the value (nil: from the start, written as 1970-01-01).
        public var time: Int64?
    }

    public struct Relationship: Sendable, Hashable {
        public var objectId: String
        public var qualifier: String
    }

    public struct Object: Sendable {
        public var id: String
        public var type: String
        public var attributes: [Attribute]
        public var relationships: [Relationship]
    }

    public struct Event: Sendable {
        public var id: String
        public var type: String
        public var time: Int64
        public var attributes: [Attribute]
        public var relationships: [Relationship]
    }

    public struct TypeDeclaration: Sendable, Equatable {
        public var name: String
        public var attributes: [(name: String, type: ValueType)]
        public static func == (a: Self, b: Self) -> Bool {
            a.name == b.name && a.attributes.map(\.name) == b.attributes.map(\.name) && a.attributes.map(\.type) == b.attributes.map(\.type)
        }
    }

    public var objectTypes: [TypeDeclaration]
    public var eventTypes: [TypeDeclaration]
    public var objects: [Object]
    public var events: [Event]

    /// Objects and events per type, in the types' order, for a summary.
    public var objectCounts: [(type: String, count: Int)] { Self.counts(objects.map(\.type), in: objectTypes) }
    public var eventCounts: [(type: String, count: Int)] { Self.counts(events.map(\.type), in: eventTypes) }
    public var relationCount: Int { events.reduce(0) { $0 + $1.relationships.count } }

    private static func counts(_ types: [String], in declared: [TypeDeclaration]) -> [(type: String, count: Int)] {
        var n: [String: Int] = [:]
        for t in types { n[t, default: 0] += 1 }
        return declared.map { ($0.name, n[$0.name] ?? 0) }
    }
}

/// Microseconds since 1970, the way OCEL times are read back (`Timestamp`).
extension Date {
    var exportMicros: Int64 { Int64((timeIntervalSince1970 * 1_000_000).rounded()) }
    init(exportMicros: Int64) { self.init(timeIntervalSince1970: Double(exportMicros) / 1_000_000) }
}

extension OfficeExport.Value {
    var type: OfficeExport.ValueType {
        switch self {
        case .string: .string
        case .time: .time
        case .integer: .integer
        case .float: .float
        case .boolean: .boolean
        }
    }

    /// The value as OCEL writes it in text: times in ISO 8601 UTC to the
    /// microsecond, floats in the shortest form that reads back exactly.
    var text: String {
        switch self {
        case .string(let s): s
        case .time(let t): Timestamp.iso(t)
        case .integer(let i): String(i)
        case .float(let d): d.description
        case .boolean(let b): b ? "true" : "false"
        }
    }
}
