import Foundation

/// A byte-level pull scanner for the small XML dialects of event logs (XES,
/// OCEL 2.0 XML). It checks well-formedness (matching tags, one root, closed
/// quotes), decodes the five predefined entities and character references,
/// and refuses DOCTYPE declarations outright: logs need none, and refusing
/// them rules out entity expansion ("billion laughs") and external entities.
/// Memory is bounded: one token at most `maxToken` bytes, nesting at most 256.
final class XMLScanner {
    enum Token: Equatable { case start, end, text, eof }

    struct Slice { var start: Int; var count: Int; var hasEntity: Bool }
    struct Attribute { var name: Slice; var value: Slice }

    private let input: ByteInput
    private var window: ScanWindow
    private var position = 0
    @inline(__always) private var buffer: UnsafeMutablePointer<UInt8> { window.bytes }
    @inline(__always) private var end: Int { window.end }
    @inline(__always) private var base: Int { window.base }

    private(set) var token: Token = .eof
    private(set) var name = Slice(start: 0, count: 0, hasEntity: false)
    private(set) var selfClosing = false
    /// The current start tag's attributes: `attributeBuffer[0..<attributeCount]` (a fixed buffer: no allocation per tag).
    private let attributeBuffer = UnsafeMutablePointer<Attribute>.allocate(capacity: 256)
    private(set) var attributeCount = 0
    private(set) var text = Slice(start: 0, count: 0, hasEntity: false)
    /// Byte offset of the current token in the (decompressed) file.
    private(set) var tokenOffset = 0

    /// Names of the open elements, end to end: `stack[0..<stackUsed]`.
    private var stack: [UInt8] = []
    private var stackUsed = 0
    private var stackLengths: [Int] = []
    private var stackOffsets: [Int] = []
    private var seenRoot = false
    private var pendingEnd = false
    /// Text with its entities decoded.
    private var scratch = ByteBuffer()

    init(input: ByteInput, maxToken: Int = 64 << 20) {
        self.input = input
        window = ScanWindow(maxToken: maxToken)
    }

    deinit { attributeBuffer.deallocate() }

    var maxToken: Int { window.maxToken }

    var depth: Int { stackLengths.count }
    var fraction: Double { input.fraction }

    func fail(_ reason: String, at offset: Int? = nil) -> ParseFailure {
        ParseFailure(reason, at: offset ?? tokenOffset)
    }

    // MARK: buffer

    /// Keeps bytes from `keep` on, reads more; false at end of file.
    private func refill(keeping keep: Int) throws -> Bool {
        let offset = base + position, limit = maxToken >> 20
        let more = try window.refill(from: input, keeping: keep) {
            ParseFailure("a single tag or text longer than \(limit) MB", at: offset)
        }
        position -= keep
        return more
    }

    @inline(__always) private func byte(_ i: Int) -> UInt8 { buffer[i] }

    @inline(__always) private static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D
    }

    @inline(__always) private static func isNameEnd(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == UInt8(ascii: "/") || c == UInt8(ascii: ">") || c == UInt8(ascii: "=")
    }

    // MARK: tokens

    private enum Scan { case token, more, skip }

    /// Advances to the next token.
    func next() throws -> Token {
        if pendingEnd {
            pendingEnd = false
            popElement()
            token = .end
            return token
        }
        while true {
            let start = position
            if start >= end {
                if try !refill(keeping: start) { return try finish() }
                continue
            }
            tokenOffset = base + start
            let result: Scan
            if byte(start) == UInt8(ascii: "<") {
                result = try scanMarkup(start)
            } else {
                result = try scanText(start)
            }
            switch result {
            case .token: return token
            case .skip: continue
            case .more:
                if try !refill(keeping: start) {
                    if byte(start) == UInt8(ascii: "<") || !stackLengths.isEmpty || !seenRoot {
                        throw ParseFailure(byte(start) == UInt8(ascii: "<") ? "unexpected end of file inside a tag" : unclosedReason(), at: base + position)
                    }
                    // Trailing text after the root: only whitespace is allowed.
                    try checkTrailingText(position, end)
                    position = end
                    return try finish()
                }
            }
        }
    }

    private func unclosedReason() -> String {
        if let last = stackLengths.last {
            let nameBytes = stack[(stackUsed - last)..<stackUsed]
            return "unexpected end of file: <\(String(decoding: nameBytes, as: UTF8.self))> (opened at byte \(stackOffsets.last!)) is not closed"
        }
        return "unexpected end of file: no root element"
    }

    private func finish() throws -> Token {
        guard seenRoot else { throw ParseFailure("no root element: the file is empty or holds no XML", at: base + position) }
        guard stackLengths.isEmpty else { throw ParseFailure(unclosedReason(), at: base + position) }
        token = .eof
        return token
    }

    private func checkTrailingText(_ from: Int, _ to: Int) throws {
        for i in from..<to where !XMLScanner.isSpace(byte(i)) {
            throw ParseFailure("text outside the root element", at: base + i)
        }
    }

    private func scanText(_ start: Int) throws -> Scan {
        guard let lt = memchr(buffer + start, Int32(UInt8(ascii: "<")), end - start) else { return .more }
        let stop = buffer.distance(to: lt.assumingMemoryBound(to: UInt8.self))
        if stackLengths.isEmpty {
            try checkTrailingText(start, stop)
            position = stop
            return .skip
        }
        let amp = memchr(buffer + start, Int32(UInt8(ascii: "&")), stop - start) != nil
        text = Slice(start: start, count: stop - start, hasEntity: amp)
        position = stop
        token = .text
        return .token
    }

    private func find(_ pattern: StaticString, from: Int) -> Int? {
        let p = pattern.utf8Start
        let n = pattern.utf8CodeUnitCount
        var i = from
        while i + n <= end {
            guard let hit = memchr(buffer + i, Int32(p[0]), end - n + 1 - i) else { return nil }
            let at = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(buffer + at, p, n) == 0 { return at }
            i = at + 1
        }
        return nil
    }

    private func startsWith(_ pattern: StaticString, at i: Int) -> Bool? {
        let n = pattern.utf8CodeUnitCount
        if i + n > end { return nil }
        return memcmp(buffer + i, pattern.utf8Start, n) == 0
    }

    private func scanMarkup(_ start: Int) throws -> Scan {
        guard start + 1 < end else { return .more }
        let c = byte(start + 1)
        if c == UInt8(ascii: "?") {
            guard let close = find("?>", from: start + 2) else { return .more }
            if startsWith("<?xml ", at: start) == true { try checkDeclaration(start, close) }
            position = close + 2
            return .skip
        }
        if c == UInt8(ascii: "!") {
            guard let isComment = startsWith("<!--", at: start) else { return .more }
            if isComment {
                guard let close = find("-->", from: start + 4) else { return .more }
                position = close + 3
                return .skip
            }
            guard let isCDATA = startsWith("<![CDATA[", at: start) else { return .more }
            if isCDATA {
                guard let close = find("]]>", from: start + 9) else { return .more }
                guard !stackLengths.isEmpty else { throw fail("CDATA outside the root element") }
                text = Slice(start: start + 9, count: close - start - 9, hasEntity: false)
                position = close + 3
                token = .text
                return .token
            }
            throw fail("DOCTYPE and other declarations are refused: event logs need none, and they allow entity expansion and external entities")
        }
        if c == UInt8(ascii: "/") {
            var i = start + 2
            while i < end && !XMLScanner.isNameEnd(byte(i)) { i += 1 }
            let nameEnd = i
            while i < end && XMLScanner.isSpace(byte(i)) { i += 1 }
            guard i < end else { return .more }
            guard byte(i) == UInt8(ascii: ">") else { throw fail("malformed end tag") }
            name = Slice(start: start + 2, count: nameEnd - start - 2, hasEntity: false)
            try matchEnd()
            position = i + 1
            token = .end
            return .token
        }
        // Start tag.
        var i = start + 1
        while i < end && !XMLScanner.isNameEnd(byte(i)) { i += 1 }
        guard i < end else { return .more }
        let tagName = Slice(start: start + 1, count: i - start - 1, hasEntity: false)
        guard tagName.count > 0, byte(start + 1) != UInt8(ascii: "<") else { throw fail("malformed tag: '<' without a name") }
        attributeCount = 0
        while true {
            while i < end && XMLScanner.isSpace(byte(i)) { i += 1 }
            guard i < end else { return .more }
            let c = byte(i)
            if c == UInt8(ascii: ">") { selfClosing = false; position = i + 1; break }
            if c == UInt8(ascii: "/") {
                guard i + 1 < end else { return .more }
                guard byte(i + 1) == UInt8(ascii: ">") else { throw fail("malformed tag: '/' not followed by '>'", at: base + i) }
                selfClosing = true
                position = i + 2
                break
            }
            let nameStart = i
            while i < end && !XMLScanner.isNameEnd(byte(i)) { i += 1 }
            let nameEnd = i
            guard nameEnd > nameStart else { throw fail("malformed attribute in <\(string(tagName))>", at: base + i) }
            while i < end && XMLScanner.isSpace(byte(i)) { i += 1 }
            guard i < end else { return .more }
            guard byte(i) == UInt8(ascii: "=") else { throw fail("attribute \(string(Slice(start: nameStart, count: nameEnd - nameStart, hasEntity: false))) has no value", at: base + i) }
            i += 1
            while i < end && XMLScanner.isSpace(byte(i)) { i += 1 }
            guard i < end else { return .more }
            let quote = byte(i)
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { throw fail("attribute value without quotes", at: base + i) }
            // One pass over the value: find the closing quote, note entities, refuse '<'.
            let valueStart = i + 1
            var k = valueStart
            var amp = false
            while k < end {
                let v = buffer[k]
                if v == quote { break }
                if v == UInt8(ascii: "&") { amp = true } else if v == UInt8(ascii: "<") {
                    throw fail("'<' inside an attribute value", at: base + k)
                }
                k += 1
            }
            guard k < end else { return .more }
            let valueEnd = k
            guard attributeCount < 256 else { throw fail("more than 256 attributes in one tag") }
            attributeBuffer[attributeCount] = Attribute(name: Slice(start: nameStart, count: nameEnd - nameStart, hasEntity: false),
                                                        value: Slice(start: valueStart, count: valueEnd - valueStart, hasEntity: amp))
            attributeCount += 1
            i = valueEnd + 1
        }
        name = tagName
        if stackLengths.isEmpty {
            guard !seenRoot else { throw fail("a second root element") }
            seenRoot = true
        }
        guard stackLengths.count < 256 else { throw fail("elements nested deeper than 256") }
        let need = stackUsed + tagName.count
        if need > stack.count { stack.append(contentsOf: repeatElement(0, count: need - stack.count)) }
        let used = stackUsed
        stack.withUnsafeMutableBufferPointer { s in _ = memcpy(s.baseAddress! + used, buffer + tagName.start, tagName.count) }
        stackUsed = need
        stackLengths.append(tagName.count)
        stackOffsets.append(tokenOffset)
        if selfClosing { pendingEnd = true }
        token = .start
        return .token
    }

    private func checkDeclaration(_ start: Int, _ close: Int) throws {
        let decl = String(decoding: UnsafeBufferPointer(start: buffer + start, count: close - start), as: UTF8.self).lowercased()
        guard let range = decl.range(of: "encoding") else { return }
        let rest = decl[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        let encoding = rest.prefix { $0 != "\"" && $0 != "'" && $0 != " " }
        guard ["utf-8", "utf8", "us-ascii", "ascii"].contains(String(encoding)) else {
            throw fail("encoding \(encoding) is not supported: convert the file to UTF-8 (e.g. iconv -f \(encoding) -t UTF-8)")
        }
    }

    private func popElement() {
        let n = stackLengths.removeLast()
        stackUsed -= n
        stackOffsets.removeLast()
    }

    private func matchEnd() throws {
        guard let n = stackLengths.last else { throw fail("end tag </\(string(name))> without a start tag") }
        let used = stackUsed
        let matches = n == name.count && stack.withUnsafeBufferPointer { s in
            memcmp(s.baseAddress! + used - n, buffer + name.start, n) == 0
        }
        guard matches else {
            let open = String(decoding: stack[(stackUsed - n)..<stackUsed], as: UTF8.self)
            throw fail("end tag </\(string(name))> does not match <\(open)> opened at byte \(stackOffsets.last!)")
        }
        popElement()
    }

    // MARK: values

    /// Is the slice exactly these bytes?
    @inline(__always)
    func equals(_ s: Slice, _ literal: StaticString) -> Bool {
        s.count == literal.utf8CodeUnitCount && memcmp(buffer + s.start, literal.utf8Start, s.count) == 0
    }

    func attribute(_ name: StaticString) -> Slice? {
        for k in 0..<attributeCount where equals(attributeBuffer[k].name, name) { return attributeBuffer[k].value }
        return nil
    }

    /// The bytes of a slice with entities decoded; valid until the next call.
    func bytes(_ s: Slice) throws -> UnsafeRawBufferPointer {
        if !s.hasEntity { return UnsafeRawBufferPointer(start: buffer + s.start, count: s.count) }
        scratch.removeAll()
        var i = s.start
        let stop = s.start + s.count
        while i < stop {
            let c = byte(i)
            if c != UInt8(ascii: "&") { scratch.append(c); i += 1; continue }
            guard let semi = memchr(buffer + i, Int32(UInt8(ascii: ";")), min(stop - i, 12)) else {
                throw fail("'&' that starts no entity", at: base + i)
            }
            let semiAt = buffer.distance(to: semi.assumingMemoryBound(to: UInt8.self))
            let entity = String(decoding: UnsafeBufferPointer(start: buffer + i + 1, count: semiAt - i - 1), as: UTF8.self)
            switch entity {
            case "amp": scratch.append(UInt8(ascii: "&"))
            case "lt": scratch.append(UInt8(ascii: "<"))
            case "gt": scratch.append(UInt8(ascii: ">"))
            case "quot": scratch.append(UInt8(ascii: "\""))
            case "apos": scratch.append(UInt8(ascii: "'"))
            default:
                var code: UInt32?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") { code = UInt32(entity.dropFirst(2), radix: 16) }
                else if entity.hasPrefix("#") { code = UInt32(entity.dropFirst(), radix: 10) }
                guard let code, let scalar = Unicode.Scalar(code), code != 0 else {
                    throw fail("undefined entity &\(entity); (entity declarations are not supported)", at: base + i)
                }
                for b in String(Character(scalar)).utf8 { scratch.append(b) }
            }
            i = semiAt + 1
        }
        return scratch.contents
    }

    func string(_ s: Slice) -> String {
        String(decoding: UnsafeBufferPointer(start: buffer + s.start, count: s.count), as: UTF8.self)
    }

    /// The decoded text of a slice; text that is not UTF-8 is an error.
    func decodedString(_ s: Slice) throws -> String {
        let b = try bytes(s)
        guard let text = String(validating: b, as: UTF8.self) else { throw ParseFailure("text that is not UTF-8", at: base + s.start) }
        return text
    }

    /// Byte offset of a slice in the file, for errors.
    func offset(of s: Slice) -> Int { base + s.start }
}
