import Foundation

/// Small collections are kept as JSON text: portable across SQLite and
/// PostgreSQL, and never queried on their own.
enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain arrays, dictionaries and enums of strings cannot fail.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, column: String, row: String) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) }
        catch { throw StoreError("column \(column) of \(row) holds malformed JSON: \(text.prefix(80))") }
    }
}

extension Date {
    var storeValue: Double { timeIntervalSince1970 }
    init(storeValue: Double) { self.init(timeIntervalSince1970: storeValue) }
}

/// Parses an enum stored as its raw value, naming the row when it cannot.
func decodeEnum<E: RawRepresentable>(_ type: E.Type, _ raw: String, column: String, row: String) throws -> E where E.RawValue == String {
    guard let value = E(rawValue: raw) else { throw StoreError("column \(column) of \(row) holds an unknown value '\(raw)'") }
    return value
}
