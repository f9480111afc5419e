import AmbidexImport
import AmbidexLog
import Foundation

/// The mapping as a form: one field per key of the mapping file (a rule key's
/// rules one per line in a text area), each with the reason Ambidex guessed
/// it. The form's values become the mapping file's text, line by line, so a
/// refusal of a line names its field.
struct ImportForm {
    enum Kind { case line, rules, strategy, columns }

    struct Field {
        var key: String
        var label: String
        var kind: Kind
        var hint: String
    }

    struct Section {
        var title: String
        var fields: [Field]
    }

    static let csvColumns = Section(title: "The CSV log's columns", fields: [
        Field(key: "case", label: "Order column", kind: .columns, hint: "The column that names the order (the case)."),
        Field(key: "activity", label: "Activity column", kind: .columns, hint: "The column that names the step of work."),
        Field(key: "timestamp", label: "Time column", kind: .columns, hint: "When the step happened."),
        Field(key: "timestamp-format", label: "Time format", kind: .line, hint: "iso, or e.g. %d.%m.%Y %H:%M."),
        Field(key: "resource", label: "Resource column", kind: .columns, hint: "Who or what did the work."),
        Field(key: "group", label: "Group column", kind: .columns, hint: "The organizational group, often the unit."),
        Field(key: "role", label: "Role column", kind: .columns, hint: ""),
        Field(key: "lifecycle", label: "Lifecycle column", kind: .columns, hint: "start/complete, if the log has it."),
        Field(key: "attributes", label: "Further columns", kind: .line, hint: "Kept as attributes, comma-separated (e.g. the customization)."),
        Field(key: "separator", label: "Separator", kind: .line, hint: "Empty: guessed from the header line."),
        Field(key: "encoding", label: "Encoding", kind: .line, hint: "utf-8, latin1, windows-1252, utf-16."),
    ])

    static let sections: [Section] = [
        Section(title: "Orders", fields: [
            Field(key: "order-type", label: "Order object type", kind: .line, hint: "OCEL logs: the object type whose objects are the orders."),
            Field(key: "order-prefix", label: "Order id prefix", kind: .line, hint: "Keeps these orders' ids apart from others."),
            Field(key: "strategy", label: "Delivery strategy", kind: .strategy, hint: "Of orders no rule below matches."),
            Field(key: "strategy-rule", label: "Strategy rules", kind: .rules,
                  hint: "One per line, 'strategy: activity pattern' — an order with a matching activity has that strategy; the first rule wins."),
            Field(key: "closed-by", label: "Closed by", kind: .line, hint: "An order is closed when its last activity matches; empty: every order is closed."),
            Field(key: "keep-lifecycle", label: "Keep lifecycle", kind: .line, hint: "Keep only events of this transition (and those without one)."),
            Field(key: "due-days", label: "Due after (days)", kind: .line, hint: "Due date: received plus this."),
            Field(key: "offering", label: "Offering attribute", kind: .line, hint: "A case attribute naming what was ordered."),
            Field(key: "features", label: "Customization features", kind: .line, hint: "Case attributes, comma-separated, kept on ETO/CTO/ATO orders."),
        ]),
        Section(title: "Units, partners and roles", fields: [
            Field(key: "unit", label: "Unit attribute", kind: .line, hint: "resource, group, role or an event attribute's key."),
            Field(key: "unit-rule", label: "Unit rules", kind: .rules, hint: "One per line, 'unit: activity pattern'."),
            Field(key: "unit-default", label: "Default unit", kind: .line, hint: "For events nothing above names."),
            Field(key: "partner", label: "Customer attribute", kind: .line, hint: "A case attribute naming the order's customer."),
            Field(key: "partner-default", label: "Default customer", kind: .line, hint: ""),
            Field(key: "contact", label: "Customer contact", kind: .line,
                  hint: "Activities (a pattern) done with the customer: a unit doing one is front office on that order, otherwise back office."),
        ]),
        Section(title: "Stages of the value chain", fields: [
            Field(key: "stage-rule", label: "Stage rules", kind: .rules, hint: "One per line, 'stage: activity pattern' (design, source, fabricate, assemble, deliver)."),
            Field(key: "stage-default", label: "Default stage", kind: .line, hint: ""),
        ]),
    ]

    static func sections(csv: Bool) -> [Section] { csv ? [csvColumns] + sections : sections }

    static var keys: [String] { (sections + [csvColumns]).flatMap { $0.fields.map(\.key) } }

    /// The mapping file's values per key (rules in their order) and the reasons of its `# key: reason` lines.
    static func values(of text: String) -> (values: [String: [String]], reasons: [String: String]) {
        var values: [String: [String]] = [:], reasons: [String: String] = [:]
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") {
                let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
                if let colon = body.firstIndex(of: ":") {
                    let key = String(body[..<colon])
                    let reason = body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    // A key guessed in several steps explains each; the form shows them together.
                    if keys.contains(key) { reasons[key] = reasons[key].map { "\($0); \(reason)" } ?? reason }
                }
                continue
            }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            values[key, default: []].append(line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces))
        }
        return (values, reasons)
    }

    /// The form's fields as a mapping file; `fieldOfLine[n]` is the field line n+1 came from.
    static func text(from fields: [String: String], csv: Bool) throws -> (text: String, fieldOfLine: [String]) {
        var lines: [String] = [], fieldOfLine: [String] = []
        for section in sections(csv: csv) {
            for f in section.fields {
                let raw = fields[f.key] ?? ""
                guard raw.utf8.count <= 4_000 else { throw FieldError(field: f.key, reason: "\(f.label) is longer than 4,000 characters") }
                let parts = f.kind == .rules ? raw.split(whereSeparator: \.isNewline).map(String.init) : [raw]
                for part in parts {
                    let value = part.trimmingCharacters(in: .whitespacesAndNewlines)
                    guard !value.contains(where: \.isNewline) else { throw FieldError(field: f.key, reason: "\(f.label) is one line") }
                    if value.isEmpty { continue }
                    lines.append("\(f.key) = \(value)")
                    fieldOfLine.append(f.key)
                }
            }
        }
        return (lines.joined(separator: "\n") + "\n", fieldOfLine)
    }

    /// The mapping's refusal, or a CSV column's, as the field at fault.
    static func fieldError(_ error: ImportError, fieldOfLine: [String]) -> FieldError {
        if let line = error.line, line >= 1, line <= fieldOfLine.count {
            return FieldError(field: fieldOfLine[line - 1], reason: error.description.replacingOccurrences(of: "mapping:\(line): ", with: ""))
        }
        let text = error.description
        for key in ["case", "activity", "timestamp-format", "timestamp", "separator", "encoding"] where text.contains("'\(key)'") {
            return FieldError(field: key, reason: text)
        }
        for (word, key) in [("separator must", "separator"), ("unknown encoding", "encoding"), ("time format", "timestamp-format")] where text.contains(word) {
            return FieldError(field: key, reason: text)
        }
        return FieldError(field: "file", reason: text)
    }

    /// A CSV log's columns guessed from its header line by their names, so the first preview has something to show.
    static func guessColumns(_ content: Data) -> [String] {
        let columns = header(content)
        func pick(_ names: [String]) -> String? {
            for n in names { if let c = columns.first(where: { $0.lowercased() == n }) { return c } }
            for n in names { if let c = columns.first(where: { $0.lowercased().contains(n) }) { return c } }
            return nil
        }
        var out: [String] = []
        guard !columns.isEmpty else { return [] }
        let guesses: [(String, [String])] = [
            ("case", ["case:concept:name", "case_id", "case id", "caseid", "case", "order_id", "order id", "order"]),
            ("activity", ["concept:name", "activity", "event", "step", "task"]),
            ("timestamp", ["time:timestamp", "timestamp", "time", "date", "end"]),
            ("resource", ["org:resource", "resource", "user"]),
            ("group", ["org:group", "group", "department", "unit"]),
        ]
        var used = Set<String>()
        for (key, names) in guesses {
            if let c = pick(names), !used.contains(c) {
                used.insert(c)
                out.append("\(key) = \(c)")
            }
        }
        return out
    }

    /// A CSV file's column names, when its first line looks like a header: at least
    /// three named columns of printable text. Otherwise nothing.
    static func header(_ content: Data) -> [String] {
        let head = content.prefix(64 << 10)
        guard let end = head.firstIndex(of: UInt8(ascii: "\n")) ?? (head.isEmpty ? nil : head.endIndex) else { return [] }
        guard let line = String(data: head[head.startIndex..<end], encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines)
            .trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF}")) else { return [] }
        let separator = [";", "\t", "|", ","].max { line.components(separatedBy: $0).count < line.components(separatedBy: $1).count } ?? ","
        let columns = line.components(separatedBy: separator).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
        guard columns.count >= 3, columns.allSatisfy({ !$0.isEmpty && !$0.unicodeScalars.contains { CharacterSet.controlCharacters.contains($0) } }) else {
            return []
        }
        return columns
    }
}
