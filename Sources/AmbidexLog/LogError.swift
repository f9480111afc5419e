/// Where in a file something went wrong. Byte offsets count the bytes of the
/// decompressed text; line and column are 1-based, the column in bytes.
public struct LogLocation: Sendable, Equatable, CustomStringConvertible {
    public var byteOffset: Int?
    public var line: Int?
    public var column: Int?
    /// For JSON: the path of the value, e.g. `$.events[3].time`. For SQLite: table and row.
    public var path: String?

    public init(byteOffset: Int? = nil, line: Int? = nil, column: Int? = nil, path: String? = nil) {
        self.byteOffset = byteOffset
        self.line = line
        self.column = column
        self.path = path
    }

    public var description: String {
        var parts: [String] = []
        if let line { parts.append(column.map { "line \(line), column \($0)" } ?? "line \(line)") }
        if let path { parts.append(path) }
        if let byteOffset { parts.append("byte \(byteOffset)") }
        return parts.joined(separator: ", ")
    }
}

/// A log that cannot be read: the file, where, and why. Readers never crash or
/// hang on bad input; they throw this.
public struct LogError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var location: LogLocation
    public var reason: String

    public init(file: String, location: LogLocation = LogLocation(), reason: String) {
        self.file = file
        self.location = location
        self.reason = reason
    }

    public var description: String {
        let at = location.description
        return at.isEmpty ? "\(file): \(reason)" : "\(file): \(at): \(reason)"
    }
}

/// A reader's error before it knows its file name and line: the byte offset
/// and the reason. The reader adds the rest.
struct ParseFailure: Error {
    var offset: Int
    var path: String?
    var reason: String

    init(_ reason: String, at offset: Int, path: String? = nil) {
        self.reason = reason
        self.offset = offset
        self.path = path
    }
}
