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

    /// The same text `JSONEncoder` writes for a list of strings, about fifty times
    /// faster: most JSON columns are lists of ids, written once per row of a bulk write.
    static func encode(_ strings: [String]) -> String {
        var out = "["
        out.reserveCapacity(strings.reduce(2) { $0 + $1.utf8.count + 3 })
        for (i, s) in strings.enumerated() {
            if i > 0 { out.append(",") }
            appendQuoted(s, to: &out)
        }
        out.append("]")
        return out
    }

    /// The same text `JSONEncoder` with sorted keys writes for a dictionary of strings.
    static func encode(_ object: [String: String]) -> String {
        var out = "{"
        for (i, key) in object.keys.sorted().enumerated() {
            if i > 0 { out.append(",") }
            appendQuoted(key, to: &out)
            out.append(":")
            appendQuoted(object[key]!, to: &out)
        }
        out.append("}")
        return out
    }

    /// Escapes as `JSONEncoder` does: quote, backslash and slash, the short forms
    /// of control characters where JSON has them, `\u00xx` for the others.
    private static func appendQuoted(_ s: String, to out: inout String) {
        out.append("\"")
        let needsEscape = s.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/") }
        guard needsEscape else {
            out.append(s)
            out.append("\"")
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "/": out.append("\\/")
            case "\u{8}": out.append("\\b")
            case "\u{C}": out.append("\\f")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
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
