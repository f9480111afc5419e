/// The cells of one result row, by position, whichever the backend.
protocol StoreRowCells {
    func isNull(_ index: Int) -> Bool
    func string(_ index: Int) throws -> String
    func integer(_ index: Int) throws -> Int
    func real(_ index: Int) throws -> Double
    func bool(_ index: Int) throws -> Bool
}

/// Where each column of a result is, by the name a record's coding key uses:
/// built once per query from the result's snake_case column names, so a row
/// never converts a name.
final class StoreColumns: @unchecked Sendable {
    let table: String
    let names: [String]
    /// The names as coding keys spell them, by position.
    let keys: [String]
    private let positions: [String: Int]

    init(table: String, names: [String]) {
        self.table = table
        self.names = names
        keys = names.map(Self.camelCase)
        var positions: [String: Int] = [:]
        for (i, key) in keys.enumerated() { positions[key] = i }
        self.positions = positions
    }

    func position(of key: String) -> Int? { positions[key] }

    /// `lead_time_days` → `leadTimeDays`, as `convertFromSnakeCase` does for these names.
    static func camelCase(_ name: String) -> String {
        let parts = name.split(separator: "_", omittingEmptySubsequences: true)
        guard let first = parts.first else { return name }
        return parts.dropFirst().reduce(String(first)) { $0 + $1.prefix(1).uppercased() + $1.dropFirst() }
    }
}

/// Decodes a record of `Records` (a flat struct of strings, numbers, booleans
/// and their optionals) straight from a row's cells: the reading twin of
/// `BulkRowEncoder`. The records' own `Codable` conformance stays the one
/// definition of their columns; this skips SQLKit's row decoder, whose key
/// conversion and per-value decoders cost most of reading the office back.
struct StoreRowDecoder<Cells: StoreRowCells>: Decoder {
    let cells: Cells
    let columns: StoreColumns
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Fields(cells: cells, columns: columns, cursor: Cursor()))
    }

    /// Where the next field is expected: a record declares its fields in the
    /// table's column order, and its decoder asks for them in that order, so
    /// a field is found by comparing one name rather than hashing it.
    final class Cursor {
        var next = 0
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "a row of \(columns.table) is a flat record, not a list"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "a row of \(columns.table) is a flat record, not a single value"))
    }

    struct Fields<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let cells: Cells
        let columns: StoreColumns
        let cursor: Cursor
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { columns.names.compactMap { Key(stringValue: StoreColumns.camelCase($0)) } }

        func contains(_ key: Key) -> Bool { columns.position(of: key.stringValue) != nil }

        /// The column of `key`, if the result has one.
        private func locate(_ key: Key) -> Int? {
            let name = key.stringValue
            let expected = cursor.next
            if expected < columns.keys.count, columns.keys[expected] == name {
                cursor.next = expected + 1
                return expected
            }
            guard let i = columns.position(of: name) else { return nil }
            cursor.next = i + 1
            return i
        }

        private func position(_ key: Key) throws -> Int {
            guard let i = locate(key) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: [key], debugDescription: "\(columns.table) has no column for \(key.stringValue)"))
            }
            return i
        }

        private func present(_ key: Key) throws -> Int {
            let i = try position(key)
            guard !cells.isNull(i) else {
                throw DecodingError.valueNotFound(Any.self, .init(codingPath: [key], debugDescription: "column \(columns.names[i]) of \(columns.table) is NULL"))
            }
            return i
        }

        func decodeNil(forKey key: Key) throws -> Bool { cells.isNull(try position(key)) }
        // Optionals find their column once (the defaults would look it up three times).
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(key) { try cells.bool($0) } }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(key) { try cells.string($0) } }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(key) { try cells.real($0) } }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(key) { try cells.integer($0) } }

        private func optional<T>(_ key: Key, _ read: (Int) throws -> T) throws -> T? {
            guard let i = locate(key) else { return nil }
            return cells.isNull(i) ? nil : try read(i)
        }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try cells.bool(present(key)) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try cells.string(present(key)) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try cells.real(present(key)) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try cells.integer(present(key)) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { Int64(try cells.integer(present(key))) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try unsupported(type, key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try unsupported(type, key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try unsupported(type, key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try unsupported(type, key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try unsupported(type, key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try unsupported(type, key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try unsupported(type, key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try unsupported(type, key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try unsupported(type, key) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try unsupported(type, key) }

        private func unsupported<T>(_ type: T.Type, _ key: Key) throws -> T {
            throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription:
                "a row of \(columns.table) holds strings, numbers and booleans only; \(type) needs a column decoding of its own"))
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "a row of \(columns.table) is a flat record"))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "a row of \(columns.table) is a flat record"))
        }
        func superDecoder() throws -> any Decoder { throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "a flat record")) }
        func superDecoder(forKey key: Key) throws -> any Decoder { try superDecoder() }
    }
}
