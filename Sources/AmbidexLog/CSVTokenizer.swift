import Foundation

/// Splits CSV text into rows of fields (RFC 4180: separators, quotes and line
/// breaks inside quoted fields, doubled quotes, CRLF or LF) as it streams: a
/// row at a time, its fields slices of the scan window, so memory is bounded
/// by the longest row, not the file.
final class CSVTokenizer {
    struct Field {
        var start: Int
        var count: Int
        /// A quoted field whose doubled quotes are still to be undone.
        var doubledQuotes: Bool
    }

    private let input: CSVTextInput
    private let path: String
    private var window: ScanWindow
    /// Where the next row starts in the window, and its line in the file.
    private var position = 0
    private var line = 1
    private(set) var separator: UInt8 = UInt8(ascii: ",")
    /// The current row: its fields and the line it starts on.
    private(set) var fields: [Field] = []
    private(set) var rowLine = 0

    private static let quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D

    init(input: CSVTextInput, path: String, separator: UInt8?) throws {
        self.input = input
        self.path = path
        window = ScanWindow(maxToken: 64 << 20)
        while window.end < 1 << 16, try refill() {}
        self.separator = separator ?? guessSeparator()
    }

    var fraction: Double { input.fraction }

    func failure(_ reason: String, line: Int, column: Int? = nil) -> LogError {
        LogError(file: path, location: LogLocation(line: line, column: column), reason: reason)
    }

    private func refill() throws -> Bool {
        // The error is made from values read before the window changes.
        let rowOffset = window.base + position, limit = window.maxToken >> 20, atLine = line
        let more = try window.refill(from: input, keeping: position) {
            ParseFailure("a single row longer than \(limit) MB (line \(atLine))", at: rowOffset)
        }
        position = 0
        return more
    }

    /// The separator that splits the first line into the most fields: `,` `;` tab or `|`.
    private func guessSeparator() -> UInt8 {
        let text = UnsafeBufferPointer(start: window.bytes, count: window.end)
        let firstLine = text.prefix { $0 != CSVTokenizer.lf }
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]
        let counts = candidates.map { c in firstLine.reduce(0) { $0 + ($1 == c ? 1 : 0) } }
        return candidates[counts.indices.max { counts[$0] < counts[$1] }!]
    }

    /// Reads the next row into `fields`; false at the end of the text.
    func nextRow() throws -> Bool {
        while true {
            if position >= window.end {
                if try !refill() { return false }
                continue
            }
            if try scanRow(final: false) { return true }
            if try !refill() { return try scanRow(final: true) }
        }
    }

    /// The bytes of field `k` of the current row (doubled quotes undone in place).
    func field(_ k: Int) -> UnsafeRawBufferPointer {
        let f = fields[k]
        let p = window.bytes + f.start
        guard f.doubledQuotes else { return UnsafeRawBufferPointer(start: p, count: f.count) }
        var w = 0, r = 0
        while r < f.count {
            p[w] = p[r]
            r += p[r] == CSVTokenizer.quote ? 2 : 1
            w += 1
        }
        fields[k].count = w
        fields[k].doubledQuotes = false
        return UnsafeRawBufferPointer(start: p, count: w)
    }

    /// Scans the row at `position`. Not `final`: false when the window ends
    /// before the row does (the caller reads more and scans again). `final`:
    /// the text ends here, so does the row.
    private func scanRow(final: Bool) throws -> Bool {
        fields.removeAll(keepingCapacity: true)
        let b = window.bytes, end = window.end, sep = separator
        var i = position
        var lines = 0
        var fieldStart = i
        func finish(at next: Int, lineBreaks: Int) -> Bool {
            rowLine = line
            line += lineBreaks
            position = next
            return true
        }
        while true {
            if i >= end {
                guard final else { return false }
                var fieldEnd = i
                if fieldEnd > fieldStart && b[fieldEnd - 1] == CSVTokenizer.cr { fieldEnd -= 1 }
                fields.append(Field(start: fieldStart, count: fieldEnd - fieldStart, doubledQuotes: false))
                return finish(at: i, lineBreaks: lines)
            }
            if b[i] == CSVTokenizer.quote && i == fieldStart {
                let quoteLine = line + lines
                var k = i + 1
                var doubled = false
                while true {
                    guard k < end else {
                        guard final else { return false }
                        throw failure("a quoted field opened on line \(quoteLine) is never closed", line: quoteLine, column: fields.count + 1)
                    }
                    let q = b[k]
                    if q == CSVTokenizer.quote {
                        guard k + 1 < end else {
                            if final { break }
                            return false
                        }
                        if b[k + 1] == CSVTokenizer.quote { doubled = true; k += 2; continue }
                        break
                    }
                    if q == CSVTokenizer.lf { lines += 1 }
                    k += 1
                }
                fields.append(Field(start: i + 1, count: k - i - 1, doubledQuotes: doubled))
                i = k + 1
                if i >= end {
                    guard final else { return false }
                    return finish(at: i, lineBreaks: lines)
                }
                let after = b[i]
                if after == sep { i += 1; fieldStart = i; continue }
                if after == CSVTokenizer.lf { return finish(at: i + 1, lineBreaks: lines + 1) }
                if after == CSVTokenizer.cr {
                    if i + 1 >= end {
                        guard final else { return false }
                        return finish(at: i + 1, lineBreaks: lines)
                    }
                    if b[i + 1] == CSVTokenizer.lf { return finish(at: i + 2, lineBreaks: lines + 1) }
                }
                throw failure("text after the closing quote of a field", line: line + lines, column: fields.count)
            }
            while i < end && b[i] != sep && b[i] != CSVTokenizer.lf { i += 1 }
            if i >= end { continue }
            if b[i] == sep {
                fields.append(Field(start: fieldStart, count: i - fieldStart, doubledQuotes: false))
                i += 1
                fieldStart = i
                continue
            }
            var fieldEnd = i
            if fieldEnd > fieldStart && b[fieldEnd - 1] == CSVTokenizer.cr { fieldEnd -= 1 }
            fields.append(Field(start: fieldStart, count: fieldEnd - fieldStart, doubledQuotes: false))
            return finish(at: i + 1, lineBreaks: lines + 1)
        }
    }
}
