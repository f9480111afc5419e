import Foundation

/// Which CSV columns hold what. No column name is fixed: an ERP export names
/// them as it likes. Given by flags or by a small mapping file of
/// `key = value` lines:
///
///     case = Order ID
///     activity = Step
///     timestamp = Finished at
///     timestamp-format = %d.%m.%Y %H:%M
///     resource = User
///     attributes = Plant, Amount
///     separator = ;
///     encoding = windows-1252
public struct CSVMapping: Sendable, Equatable {
    public var caseColumn: String
    public var activityColumn: String
    public var timestampColumn: String
    public var timeFormat: TimeFormat
    public var resourceColumn: String?
    public var groupColumn: String?
    public var roleColumn: String?
    public var lifecycleColumn: String?
    /// Further columns kept as event attributes; `["*"]` keeps every other column.
    public var attributeColumns: [String]
    /// nil: guessed from the header line (`,` `;` tab or `|`).
    public var separator: UInt8?
    public var encoding: CSVEncoding

    public init(caseColumn: String, activityColumn: String, timestampColumn: String, timeFormat: TimeFormat = .iso,
                resourceColumn: String? = nil, groupColumn: String? = nil, roleColumn: String? = nil, lifecycleColumn: String? = nil,
                attributeColumns: [String] = [], separator: UInt8? = nil, encoding: CSVEncoding = .utf8) {
        self.caseColumn = caseColumn
        self.activityColumn = activityColumn
        self.timestampColumn = timestampColumn
        self.timeFormat = timeFormat
        self.resourceColumn = resourceColumn
        self.groupColumn = groupColumn
        self.roleColumn = roleColumn
        self.lifecycleColumn = lifecycleColumn
        self.attributeColumns = attributeColumns
        self.separator = separator
        self.encoding = encoding
    }

    /// Reads a mapping file's text; every problem names its line.
    public static func parse(_ text: String) throws -> CSVMapping {
        var values: [String: String] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let eq = line.firstIndex(of: "=") else { throw CSVMappingError(reason: "line \(n + 1): expected 'key = value'") }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard known.contains(key) else { throw CSVMappingError(reason: "line \(n + 1): unknown key '\(key)' (known: \(known.sorted().joined(separator: ", ")))") }
            values[key] = value
        }
        return try make(values)
    }

    /// The keys a mapping file may use for a CSV log's columns.
    public static var keys: Set<String> { known }

    static let known: Set<String> = ["case", "activity", "timestamp", "timestamp-format", "resource", "group", "role", "lifecycle",
                                     "attributes", "separator", "encoding"]

    /// A mapping from named values (a file's lines or the command line's flags).
    public static func make(_ values: [String: String]) throws -> CSVMapping {
        func need(_ key: String) throws -> String {
            guard let v = values[key], !v.isEmpty else { throw CSVMappingError(reason: "the mapping needs '\(key)': the column that holds the \(key)") }
            return v
        }
        let format: TimeFormat
        do { format = try TimeFormat(values["timestamp-format"] ?? "iso") } catch let e as TimeFormatError { throw CSVMappingError(reason: e.reason) }
        var separator: UInt8? = nil
        if let s = values["separator"], !s.isEmpty {
            switch s {
            case "tab", "\\t": separator = 0x09
            case "comma": separator = UInt8(ascii: ",")
            case "semicolon": separator = UInt8(ascii: ";")
            default:
                guard s.utf8.count == 1 else { throw CSVMappingError(reason: "separator must be one character, tab, comma or semicolon, not '\(s)'") }
                separator = s.utf8.first
            }
        }
        let encoding: CSVEncoding
        if let e = values["encoding"], !e.isEmpty {
            guard let parsed = CSVEncoding(name: e) else {
                throw CSVMappingError(reason: "unknown encoding '\(e)' (utf-8, utf-16, utf-16le, utf-16be, latin1, windows-1252)")
            }
            encoding = parsed
        } else { encoding = .utf8 }
        let attributes = (values["attributes"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        func optional(_ key: String) -> String? { values[key].flatMap { $0.isEmpty ? nil : $0 } }
        return CSVMapping(caseColumn: try need("case"), activityColumn: try need("activity"), timestampColumn: try need("timestamp"),
                          timeFormat: format, resourceColumn: optional("resource"), groupColumn: optional("group"),
                          roleColumn: optional("role"), lifecycleColumn: optional("lifecycle"), attributeColumns: attributes,
                          separator: separator, encoding: encoding)
    }
}

/// A CSV file's encoding. A byte-order mark in the file wins; `utf16`
/// without one takes the byte order from the header's zero bytes.
public enum CSVEncoding: String, Sendable, Equatable {
    case utf8 = "utf-8", utf16 = "utf-16", utf16LE = "utf-16le", utf16BE = "utf-16be", latin1 = "latin1", windows1252 = "windows-1252"

    init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "utf-16", "utf16": self = .utf16
        case "utf-16le", "utf16le": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1": self = .latin1
        case "windows-1252", "cp1252": self = .windows1252
        default: return nil
        }
    }
}

public struct CSVMappingError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
