/// Where a bulk write puts the values of its rows: binds for SQLite, COPY text
/// for PostgreSQL. One row's values arrive in column order.
protocol BulkSink: AnyObject {
    func text(_ value: String)
    func integer(_ value: Int)
    func real(_ value: Double)
    func bool(_ value: Bool)
    func null()
}

/// Encodes a record (a flat struct of strings, numbers, booleans and their
/// optionals, as every row type in `Records` is) straight into a sink. The
/// row types' own `Codable` conformance stays the one definition of their
/// columns; this only skips the general machinery of SQLKit's encoder, which
/// builds an expression per value and costs most of a bulk write's time.
/// A nil optional is written as NULL, as `SQLQueryEncoder` does with `.asNil`,
/// so every row has every column, in the order the record declares them.
struct BulkRowEncoder<Sink: BulkSink>: Encoder {
    let sink: Sink
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Columns(sink: sink))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { fatalError("a bulk row is a flat record, not a list") }
    func singleValueContainer() -> any SingleValueEncodingContainer { fatalError("a bulk row is a flat record, not a single value") }

    struct Columns<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let sink: Sink
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { sink.null() }
        mutating func encode(_ value: Bool, forKey key: Key) throws { sink.bool(value) }
        mutating func encode(_ value: String, forKey key: Key) throws { sink.text(value) }
        mutating func encode(_ value: Double, forKey key: Key) throws { sink.real(value) }
        mutating func encode(_ value: Int, forKey key: Key) throws { sink.integer(value) }
        mutating func encode(_ value: some Encodable, forKey key: Key) throws {
            throw EncodingError.invalidValue(value, .init(codingPath: [key], debugDescription:
                "a bulk row holds strings, numbers and booleans only; \(type(of: value)) needs a column encoding of its own"))
        }

        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { if let value { sink.bool(value) } else { sink.null() } }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { if let value { sink.text(value) } else { sink.null() } }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { if let value { sink.real(value) } else { sink.null() } }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { if let value { sink.integer(value) } else { sink.null() } }
        mutating func encodeIfPresent(_ value: (some Encodable)?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { sink.null() }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            fatalError("a bulk row is a flat record: \(key.stringValue) cannot nest")
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            fatalError("a bulk row is a flat record: \(key.stringValue) cannot nest")
        }
        mutating func superEncoder() -> any Encoder { fatalError("a bulk row is a flat record") }
        mutating func superEncoder(forKey key: Key) -> any Encoder { fatalError("a bulk row is a flat record") }
    }
}
