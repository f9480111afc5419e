import Foundation

/// Reads a CSV export into an `EventLog` with a column mapping: RFC 4180
/// quoting (separators, quotes and line breaks inside quoted fields), CRLF or
/// LF, a UTF-8 or UTF-16 byte-order mark, and the encodings real exports use.
/// Rows of one case need not be adjacent; cases keep the order of their first
/// row, events the order of their rows.
struct CSVReader {
    let mapping: CSVMapping
    let options: ReadOptions

    private struct Row { var caseName: Int32; var activity: Int32; var time: Int64; var resource: Int32; var group: Int32
        var role: Int32; var lifecycle: Int32; var attributes: [Attribute] }

    func read(path: String) throws -> EventLog {
        let raw: [UInt8]
        do { raw = try LogReader.located(path) { try readAll(ByteInput(path: path)) } }
        let bytes = try decode(raw, path: path)
        return try bytes.withUnsafeBufferPointer { try parse($0, path: path) }
    }

    private func readAll(_ input: ByteInput) throws -> [UInt8] {
        var all: [UInt8] = []
        let size = 1 << 20
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let n = try input.read(into: chunk, count: size)
            if n == 0 { return all }
            all.append(contentsOf: UnsafeRawBufferPointer(start: chunk, count: n))
            options.progress?(input.fraction * 0.5)
        }
    }

    /// The text as UTF-8, without a byte-order mark.
    private func decode(_ raw: [UInt8], path: String) throws -> [UInt8] {
        if raw.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(raw.dropFirst(3)) }
        if raw.starts(with: [0xFF, 0xFE]) || raw.starts(with: [0xFE, 0xFF]) || mapping.encoding == .utf16 {
            guard let s = String(data: Data(raw), encoding: .utf16) else {
                throw LogError(file: path, reason: "the file is not valid UTF-16")
            }
            return Array(s.utf8)
        }
        switch mapping.encoding {
        case .latin1: return Array((String(data: Data(raw), encoding: .isoLatin1) ?? "").utf8)
        case .windows1252:
            guard let s = String(data: Data(raw), encoding: .windowsCP1252) else { throw LogError(file: path, reason: "the file is not windows-1252") }
            return Array(s.utf8)
        default: return raw
        }
    }

    private func parse(_ text: UnsafeBufferPointer<UInt8>, path: String) throws -> EventLog {
        var tokenizer = CSVTokenizer(text: text, separator: mapping.separator ?? CSVTokenizer.guessSeparator(text))
        func failure(_ reason: String, line: Int, column: Int? = nil) -> LogError {
            LogError(file: path, location: LogLocation(line: line, column: column), reason: reason)
        }
        let fail: (String, Int, Int?) -> LogError = { failure($0, line: $1, column: $2) }
        guard let header = try tokenizer.nextRow(fail) else { throw failure("the file is empty: no header line", line: 1) }
        let names = header.fields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
        func column(_ name: String?) throws -> Int? {
            guard let name else { return nil }
            if let i = names.firstIndex(of: name) { return i }
            throw failure("no column '\(name)' in the header (columns: \(names.joined(separator: ", ")))", line: 1)
        }
        let caseColumn = try column(mapping.caseColumn)!, activityColumn = try column(mapping.activityColumn)!
        let timeColumn = try column(mapping.timestampColumn)!
        let resourceColumn = try column(mapping.resourceColumn), groupColumn = try column(mapping.groupColumn)
        let roleColumn = try column(mapping.roleColumn), lifecycleColumn = try column(mapping.lifecycleColumn)
        let mapped = Set([caseColumn, activityColumn, timeColumn, resourceColumn, groupColumn, roleColumn, lifecycleColumn].compactMap { $0 })
        let attributeColumns: [Int] = mapping.attributeColumns == ["*"]
            ? names.indices.filter { !mapped.contains($0) }
            : try mapping.attributeColumns.map { try column($0)! }
        let interner = Interner(capacity: 4096)
        let attributeKeys = attributeColumns.map { interner.intern(names[$0]) }
        var rows: [Row] = []
        var caseIndex: [Int32: Int32] = [:]
        var caseOrder: [Int32] = []
        var rowCaseIndex: [Int32] = []
        while let row = try tokenizer.nextRow(fail) {
            if row.fields.count == 1 && row.fields[0].isEmpty { continue }
            guard row.fields.count == names.count else {
                throw failure("\(row.fields.count) fields where the header has \(names.count) (a ragged row)", line: row.line)
            }
            func value(_ c: Int, required: String?) throws -> Int32 {
                let field = row.fields[c]
                if field.isEmpty {
                    if let required { throw failure("the \(required) is empty (column '\(names[c])')", line: row.line, column: c + 1) }
                    return EventLog.none
                }
                guard let id = field.withUnsafeBytes({ interner.intern($0) }) else {
                    throw failure("text that is not UTF-8 (give the file's encoding in the mapping)", line: row.line, column: c + 1)
                }
                return id
            }
            let caseName = try value(caseColumn, required: "case id")
            let activity = try value(activityColumn, required: "activity")
            let timeText = String(decoding: row.fields[timeColumn], as: UTF8.self)
            guard !timeText.isEmpty else { throw failure("the timestamp is empty (column '\(names[timeColumn])')", line: row.line, column: timeColumn + 1) }
            guard let time = mapping.timeFormat.parse(timeText, naiveOffsetSeconds: options.naiveTimeOffsetSeconds) else {
                throw failure("unknown time format '\(timeText)' (expected \(mapping.timeFormat.pattern == "iso" ? "ISO 8601; give timestamp-format in the mapping" : mapping.timeFormat.pattern))",
                              line: row.line, column: timeColumn + 1)
            }
            var attributes: [Attribute] = []
            for (k, c) in attributeColumns.enumerated() {
                let v = try value(c, required: nil)
                if v >= 0 { attributes.append(Attribute(key: attributeKeys[k], value: .string(v))) }
            }
            let index: Int32
            if let known = caseIndex[caseName] { index = known } else {
                index = Int32(caseOrder.count)
                caseIndex[caseName] = index
                caseOrder.append(caseName)
            }
            rowCaseIndex.append(index)
            rows.append(Row(caseName: caseName, activity: activity, time: time,
                            resource: try resourceColumn.map { try value($0, required: nil) } ?? EventLog.none,
                            group: try groupColumn.map { try value($0, required: nil) } ?? EventLog.none,
                            role: try roleColumn.map { try value($0, required: nil) } ?? EventLog.none,
                            lifecycle: try lifecycleColumn.map { try value($0, required: nil) } ?? EventLog.none,
                            attributes: attributes))
        }
        // Group rows by case, keeping row order within a case (a counting sort).
        var start = [Int](repeating: 0, count: caseOrder.count + 1)
        for c in rowCaseIndex { start[Int(c) + 1] += 1 }
        for i in 0..<caseOrder.count { start[i + 1] += start[i] }
        var order = [Int](repeating: 0, count: rows.count)
        var fill = start
        for (r, c) in rowCaseIndex.enumerated() { order[fill[Int(c)]] = r; fill[Int(c)] += 1 }
        let builder = EventLogBuilder(expectedEvents: rows.count)
        var nextCase = 0
        for (k, r) in order.enumerated() {
            while k == start[nextCase + 1] { builder.endCase(name: caseOrder[nextCase]); nextCase += 1 }
            let row = rows[r]
            builder.eventAttributes.items.append(contentsOf: row.attributes)
            builder.addEvent(activity: row.activity, time: row.time, resource: row.resource, group: row.group, role: row.role, lifecycle: row.lifecycle)
        }
        while nextCase < caseOrder.count { builder.endCase(name: caseOrder[nextCase]); nextCase += 1 }
        var log = builder.build()
        log.strings = interner.strings()
        return log
    }
}

/// Splits CSV text into rows of fields (RFC 4180).
struct CSVTokenizer {
    struct Row { var fields: [[UInt8]]; var line: Int }

    let text: UnsafeBufferPointer<UInt8>
    let separator: UInt8
    private var position = 0
    private var line = 1

    init(text: UnsafeBufferPointer<UInt8>, separator: UInt8) {
        self.text = text
        self.separator = separator
    }

    /// The separator that splits the first line into the most fields.
    static func guessSeparator(_ text: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let firstLine = text.prefix { $0 != 0x0A }
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]
        return candidates.max { a, b in firstLine.filter { $0 == a }.count < firstLine.filter { $0 == b }.count } ?? UInt8(ascii: ",")
    }

    mutating func nextRow(_ failure: (String, Int, Int?) -> LogError) throws -> Row? {
        guard position < text.count else { return nil }
        let rowLine = line
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        while true {
            if position >= text.count { fields.append(field); return Row(fields: fields, line: rowLine) }
            let c = text[position]
            if c == UInt8(ascii: "\"") && field.isEmpty {
                // A quoted field.
                let quoteLine = line
                position += 1
                while true {
                    guard position < text.count else {
                        throw failure("a quoted field opened on line \(quoteLine) is never closed", quoteLine, fields.count + 1)
                    }
                    let q = text[position]
                    if q == UInt8(ascii: "\"") {
                        if position + 1 < text.count && text[position + 1] == UInt8(ascii: "\"") { field.append(q); position += 2; continue }
                        position += 1
                        break
                    }
                    if q == 0x0A { line += 1 }
                    field.append(q)
                    position += 1
                }
                if position < text.count {
                    let after = text[position]
                    guard after == separator || after == 0x0A || after == 0x0D else {
                        throw failure("text after the closing quote of a field", line, fields.count + 1)
                    }
                }
                continue
            }
            if c == separator { fields.append(field); field = []; position += 1; continue }
            if c == 0x0D && position + 1 < text.count && text[position + 1] == 0x0A { position += 1; continue }
            if c == 0x0A {
                position += 1
                line += 1
                fields.append(field)
                return Row(fields: fields, line: rowLine)
            }
            field.append(c)
            position += 1
        }
    }
}

