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

    /// Reads a list of strings as `encode(_ strings:)` writes it, without a
    /// `JSONDecoder` per row; any other spelling of JSON goes to `JSONDecoder`.
    static func decode(_ type: [String].Type, from text: String, column: String, row: @autoclosure () -> String) throws -> [String] {
        var text = text
        if let fast = text.withUTF8({ FlatJSON(bytes: $0).strings() }) { return fast }
        return try decode(type, generic: text, column: column, row: row())
    }

    /// Reads a dictionary of strings as `encode(_ object:)` writes it (see above).
    static func decode(_ type: [String: String].Type, from text: String, column: String, row: @autoclosure () -> String) throws -> [String: String] {
        var text = text
        if let fast = text.withUTF8({ FlatJSON(bytes: $0).object() }) { return fast }
        return try decode(type, generic: text, column: column, row: row())
    }

    private static func decode<T: Decodable>(_ type: T.Type, generic text: String, column: String, row: String) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) }
        catch { throw StoreError("column \(column) of \(row) holds malformed JSON: \(text.prefix(80))") }
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, column: String, row: String) throws -> T {
        try decode(type, generic: text, column: column, row: row)
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

/// A parser for the two shapes most JSON columns hold — `["a","b"]` and
/// `{"k":"v"}` as `JSONColumn` writes them (no spaces; escapes of quote,
/// backslash, slash and control characters). It answers nil for anything
/// else, and the caller falls back to `JSONDecoder`, so it only has to be
/// right, never complete.
struct FlatJSON {
    let bytes: UnsafeBufferPointer<UInt8>

    func strings() -> [String]? {
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "["), bytes[bytes.count - 1] == UInt8(ascii: "]") else { return nil }
        var out: [String] = []
        var i = 1
        if i == bytes.count - 1 { return out }
        while true {
            guard let (value, next) = string(at: i) else { return nil }
            out.append(value)
            if next == bytes.count - 1 { return out }
            guard bytes[next] == UInt8(ascii: ",") else { return nil }
            i = next + 1
        }
    }

    func object() -> [String: String]? {
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "{"), bytes[bytes.count - 1] == UInt8(ascii: "}") else { return nil }
        var out: [String: String] = [:]
        var i = 1
        if i == bytes.count - 1 { return out }
        while true {
            guard let (key, colon) = string(at: i), colon < bytes.count, bytes[colon] == UInt8(ascii: ":"),
                  let (value, next) = string(at: colon + 1), out.updateValue(value, forKey: key) == nil else { return nil }
            if next == bytes.count - 1 { return out }
            guard bytes[next] == UInt8(ascii: ",") else { return nil }
            i = next + 1
        }
    }

    /// The string whose opening quote is at `start`, and the index after its closing quote.
    private func string(at start: Int) -> (String, Int)? {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "\"") else { return nil }
        var i = start + 1
        var escaped = false
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                let body = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<i])
                guard escaped else { return (String(decoding: body, as: UTF8.self), i + 1) }
                return unescape(body).map { ($0, i + 1) }
            case UInt8(ascii: "\\"):
                escaped = true
                i += 2
            case 0..<0x20:
                return nil
            default:
                i += 1
            }
        }
        return nil
    }

    private func unescape(_ body: UnsafeBufferPointer<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var i = 0
        while i < body.count {
            let c = body[i]
            guard c == UInt8(ascii: "\\") else { out.append(c); i += 1; continue }
            guard i + 1 < body.count else { return nil }
            switch body[i + 1] {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            default: return nil   // \u escapes and anything unusual: JSONDecoder's job
            }
            i += 2
        }
        return String(decoding: out, as: UTF8.self)
    }
}
