import Foundation

/// Reads a CSV export into an `EventLog` with a column mapping, streaming: the
/// text is decoded to UTF-8 and split into rows a chunk at a time, and each
/// row goes straight into the log's columns, so memory is the log plus a
/// chunk, never the whole file. Rows of one case need not be adjacent; cases
/// keep the order of their first row, events the order of their rows.
struct CSVReader {
    let mapping: CSVMapping
    let options: ReadOptions

    func read(path: String) throws -> EventLog {
        try LogReader.located(path) {
            let tokenizer = try CSVTokenizer(input: CSVTextInput(ByteInput(path: path, limit: options.maxBytes), encoding: mapping.encoding),
                                             path: path, separator: mapping.separator)
            return try read(tokenizer)
        }
    }

    private func read(_ t: CSVTokenizer) throws -> EventLog {
        guard try t.nextRow() else { throw t.failure("the file is empty: no header line", line: 1) }
        let names = t.fields.indices.map { String(decoding: t.field($0), as: UTF8.self).trimmingCharacters(in: .whitespaces) }
        func column(_ name: String?) throws -> Int? {
            guard let name else { return nil }
            if let i = names.firstIndex(of: name) { return i }
            throw t.failure("no column '\(name)' in the header (columns: \(names.joined(separator: ", ")))", line: 1)
        }
        let caseColumn = try column(mapping.caseColumn)!, activityColumn = try column(mapping.activityColumn)!
        let timeColumn = try column(mapping.timestampColumn)!
        let resourceColumn = try column(mapping.resourceColumn), groupColumn = try column(mapping.groupColumn)
        let roleColumn = try column(mapping.roleColumn), lifecycleColumn = try column(mapping.lifecycleColumn)
        let mapped = Set([caseColumn, activityColumn, timeColumn, resourceColumn, groupColumn, roleColumn, lifecycleColumn].compactMap { $0 })
        let attributeColumns: [Int] = mapping.attributeColumns == ["*"]
            ? names.indices.filter { !mapped.contains($0) }
            : try mapping.attributeColumns.map { try column($0)! }
        let builder = EventLogBuilder()
        let interner = builder.interner
        let attributeKeys = attributeColumns.map { interner.intern(names[$0]) }
        // The case of each row (cases numbered by first appearance), and of each case name.
        var rowCase: [Int32] = []
        var caseNames: [Int32] = []
        var caseOfName: [Int32] = []
        var progress = ReadProgress(options)
        func value(_ c: Int, required: String?) throws -> Int32 {
            let field = t.field(c)
            if field.isEmpty {
                if let required { throw t.failure("the \(required) is empty (column '\(names[c])')", line: t.rowLine, column: c + 1) }
                return EventLog.none
            }
            guard let id = interner.intern(field) else {
                throw t.failure("text that is not UTF-8 (give the file's encoding in the mapping)", line: t.rowLine, column: c + 1)
            }
            return id
        }
        func optional(_ c: Int?) throws -> Int32 { try c.map { try value($0, required: nil) } ?? EventLog.none }
        while try t.nextRow() {
            if t.fields.count == 1 && t.fields[0].count == 0 { continue }
            guard t.fields.count == names.count else {
                throw t.failure("\(t.fields.count) fields where the header has \(names.count) (a ragged row)", line: t.rowLine)
            }
            let caseName = try value(caseColumn, required: "case id")
            let activity = try value(activityColumn, required: "activity")
            let timeText = t.field(timeColumn)
            guard !timeText.isEmpty else {
                throw t.failure("the timestamp is empty (column '\(names[timeColumn])')", line: t.rowLine, column: timeColumn + 1)
            }
            guard let time = mapping.timeFormat.parse(timeText, naiveOffsetSeconds: options.naiveTimeOffsetSeconds) else {
                let expected = mapping.timeFormat.pattern == "iso" ? "ISO 8601; give timestamp-format in the mapping" : mapping.timeFormat.pattern
                throw t.failure("unknown time format '\(String(decoding: timeText, as: UTF8.self))' (expected \(expected))",
                                line: t.rowLine, column: timeColumn + 1)
            }
            for (k, c) in attributeColumns.enumerated() {
                let v = try value(c, required: nil)
                if v >= 0 { builder.eventAttributes.items.append(Attribute(key: attributeKeys[k], value: .string(v))) }
            }
            if Int(caseName) >= caseOfName.count {
                caseOfName.append(contentsOf: repeatElement(-1, count: Int(caseName) + 1 - caseOfName.count))
            }
            if caseOfName[Int(caseName)] < 0 {
                caseOfName[Int(caseName)] = Int32(caseNames.count)
                caseNames.append(caseName)
            }
            rowCase.append(caseOfName[Int(caseName)])
            builder.addEvent(activity: activity, time: time, resource: try optional(resourceColumn), group: try optional(groupColumn),
                             role: try optional(roleColumn), lifecycle: try optional(lifecycleColumn))
            if rowCase.count & 1023 == 0 { progress.update(t.fraction) }
        }
        builder.groupEvents(byCase: rowCase, names: caseNames)
        return builder.build()
    }
}
