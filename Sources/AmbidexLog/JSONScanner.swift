import Foundation

/// A byte-level pull scanner for JSON that checks the grammar as it goes and
/// knows the path of every value (`$.events[3].time`) for error messages.
/// Memory is bounded: one token at most `maxToken` bytes, nesting at most 256.
final class JSONScanner {
    enum Token: Equatable { case beginObject, endObject, beginArray, endArray, string, number, bool(Bool), null, eof }

    private struct Frame { var isArray: Bool; var count: Int; var key: String? }

    private let input: ByteInput
    private var window: ScanWindow
    private var position = 0
    @inline(__always) private var buffer: UnsafeMutablePointer<UInt8> { window.bytes }
    @inline(__always) private var end: Int { window.end }
    @inline(__always) private var base: Int { window.base }
    private var maxToken: Int { window.maxToken }
    private var frames: [Frame] = []
    /// After a key, a value must follow; after a value, a comma or a close.
    private var expectValue = true
    private var done = false

    private(set) var isKey = false
    private(set) var tokenOffset = 0
    /// The current string (unescaped) or number.
    private var current = ByteBuffer()

    init(input: ByteInput, maxToken: Int = 64 << 20) {
        self.input = input
        window = ScanWindow(maxToken: maxToken)
    }

    var fraction: Double { input.fraction }
    var depth: Int { frames.count }

    /// The current string or number, unescaped.
    var bytes: UnsafeRawBufferPointer { current.contents }
    var text: String { String(decoding: bytes, as: UTF8.self) }

    func equals(_ literal: StaticString) -> Bool {
        current.count == literal.utf8CodeUnitCount && memcmp(current.bytes, literal.utf8Start, current.count) == 0
    }

    /// `$.events[3].time`: where the current token is.
    var path: String {
        var p = "$"
        for f in frames {
            if f.isArray { p += "[\(max(0, f.count - 1))]" } else if let k = f.key { p += "." + k }
        }
        return p
    }

    func fail(_ reason: String) -> ParseFailure { ParseFailure(reason, at: tokenOffset, path: path) }

    private func refill() throws -> Bool {
        let offset = base + position, limit = maxToken >> 20, path = path
        let more = try window.refill(from: input, keeping: position) {
            ParseFailure("a single value longer than \(limit) MB", at: offset, path: path)
        }
        position = 0
        return more
    }

    /// Ensures `count` bytes from `position` are in the buffer.
    @inline(__always) private func have(_ count: Int) throws -> Bool {
        while end - position < count { if try !refill() { return false } }
        return true
    }

    private func skipSpace() throws {
        while true {
            while position < end {
                let c = buffer[position]
                guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
                position += 1
            }
            if try !refill() { return }
        }
    }

    func next() throws -> Token {
        try skipSpace()
        tokenOffset = base + position
        isKey = false
        guard try have(1) else {
            guard done else { throw ParseFailure(frames.isEmpty ? "the file holds no JSON value" : "unexpected end of file inside \(frames.last!.isArray ? "an array" : "an object")", at: tokenOffset, path: path) }
            return .eof
        }
        let c = buffer[position]
        if done { throw fail("content after the end of the JSON value") }
        // Separators between values.
        if !expectValue {
            guard let top = frames.last else { throw fail("content after the end of the JSON value") }
            if c == UInt8(ascii: ",") {
                position += 1
                expectValue = true
                try skipSpace()
                tokenOffset = base + position
                guard try have(1) else { throw ParseFailure("unexpected end of file", at: tokenOffset, path: path) }
                if top.isArray { return try value(top: true) }
                return try key()
            }
            if c == UInt8(ascii: top.isArray ? "]" : "}") { position += 1; return close() }
            throw fail("expected ',' or '\(top.isArray ? "]" : "}")', found '\(Character(Unicode.Scalar(c)))'")
        }
        if let top = frames.last, !top.isArray, top.key == nil {
            // First key of an object, or an empty object.
            if c == UInt8(ascii: "}") { position += 1; return close() }
            return try key()
        }
        if let top = frames.last, top.isArray, top.count == 0, c == UInt8(ascii: "]") { position += 1; return close() }
        return try value(top: frames.last?.isArray ?? false)
    }

    private func close() -> Token {
        let f = frames.removeLast()
        expectValue = false
        if frames.isEmpty { done = true }
        return f.isArray ? .endArray : .endObject
    }

    private func key() throws -> Token {
        guard buffer[position] == UInt8(ascii: "\"") else { throw fail("expected a key in quotes") }
        try readString()
        frames[frames.count - 1].key = text
        try skipSpace()
        guard try have(1), buffer[position] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
        position += 1
        isKey = true
        expectValue = true
        return .string
    }

    private func value(top isArray: Bool) throws -> Token {
        if isArray { frames[frames.count - 1].count += 1 }
        let c = buffer[position]
        expectValue = false
        if frames.isEmpty { done = true }
        switch c {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard frames.count < 256 else { throw fail("JSON nested deeper than 256") }
            position += 1
            done = false
            frames.append(Frame(isArray: c == UInt8(ascii: "["), count: 0, key: nil))
            expectValue = true
            return c == UInt8(ascii: "{") ? .beginObject : .beginArray
        case UInt8(ascii: "\""):
            try readString()
            return .string
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try readNumber()
            return .number
        default:
            throw fail("unexpected character '\(Character(Unicode.Scalar(c)))'")
        }
    }

    private func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard try have(n), memcmp(buffer + position, word.utf8Start, n) == 0 else { throw fail("invalid literal (expected \(word))") }
        position += n
    }

    private func readNumber() throws {
        current.removeAll()
        while true {
            while position < end {
                let c = buffer[position]
                let ok = (c >= 48 && c <= 57) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".")
                    || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
                guard ok else { return try checkNumber() }
                current.append(c)
                position += 1
                guard current.count < 400 else { throw fail("a number longer than 400 characters") }
            }
            if try !refill() { return try checkNumber() }
        }
    }

    private func checkNumber() throws {
        guard Double(text) != nil else { throw fail("invalid number '\(text)'") }
    }

    private func readString() throws {
        current.removeAll()
        position += 1
        while true {
            guard try have(1) else { throw fail("unexpected end of file inside a string") }
            // Copy a run of plain bytes at once.
            var i = position
            while i < end {
                let c = buffer[i]
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 { break }
                i += 1
            }
            current.append(buffer + position, count: i - position)
            if current.count > maxToken { throw fail("a string longer than \(maxToken >> 20) MB") }
            position = i
            guard position < end else { continue }
            let c = buffer[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                guard Interner.isUTF8(bytes) else { throw fail("a string that is not UTF-8") }
                return
            }
            if c < 0x20 { throw ParseFailure("a control character inside a string", at: base + position, path: path) }
            guard try have(2) else { throw fail("unexpected end of file inside a string") }
            let e = buffer[position + 1]
            position += 2
            switch e {
            case UInt8(ascii: "\""): current.append(0x22)
            case UInt8(ascii: "\\"): current.append(0x5C)
            case UInt8(ascii: "/"): current.append(0x2F)
            case UInt8(ascii: "b"): current.append(0x08)
            case UInt8(ascii: "f"): current.append(0x0C)
            case UInt8(ascii: "n"): current.append(0x0A)
            case UInt8(ascii: "r"): current.append(0x0D)
            case UInt8(ascii: "t"): current.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code) {
                    guard try have(2), buffer[position] == UInt8(ascii: "\\"), buffer[position + 1] == UInt8(ascii: "u") else {
                        throw fail("an unpaired surrogate in a \\u escape")
                    }
                    position += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("an unpaired surrogate in a \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw fail("an invalid \\u escape") }
                for b in String(Character(scalar)).utf8 { current.append(b) }
            default:
                throw fail("an invalid escape '\\\(Character(Unicode.Scalar(e)))'")
            }
        }
    }

    private func hex4() throws -> UInt32 {
        guard try have(4) else { throw fail("unexpected end of file in a \\u escape") }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = buffer[position + k]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw fail("an invalid \\u escape")
            }
            v = v * 16 + d
        }
        position += 4
        return v
    }

    /// Skips the value whose first token was just read.
    func skipValue(_ first: Token) throws {
        guard first == .beginObject || first == .beginArray else { return }
        let depth = frames.count
        while frames.count >= depth {
            if try next() == .eof { return }
        }
    }
}
