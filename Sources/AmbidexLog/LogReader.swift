import Foundation

/// The formats Ambidex reads.
public enum LogFormat: String, Sendable, CaseIterable {
    case xes, ocelJSON = "jsonocel", ocelXML = "xmlocel", ocelSQLite = "sqlite", csv

    /// The format a file name suggests (`.xes`, `.xes.gz`, `.jsonocel`, `.xmlocel`, `.sqlite`, `.csv`).
    public static func guess(path: String) -> LogFormat? {
        var name = path.lowercased()
        if name.hasSuffix(".gz") { name = String(name.dropLast(3)) }
        if name.hasSuffix(".xes") { return .xes }
        if name.hasSuffix(".jsonocel") || name.hasSuffix(".json") { return .ocelJSON }
        if name.hasSuffix(".xmlocel") || name.hasSuffix(".xml") { return .ocelXML }
        if name.hasSuffix(".sqlite") || name.hasSuffix(".sqlite3") || name.hasSuffix(".db") { return .ocelSQLite }
        if name.hasSuffix(".csv") || name.hasSuffix(".tsv") || name.hasSuffix(".txt") { return .csv }
        return nil
    }

    public var isObjectCentric: Bool { self == .ocelJSON || self == .ocelXML || self == .ocelSQLite }
}

/// Reads logs from files. Every failure is a `LogError` naming the file, where
/// and why; nothing is partially returned.
public enum LogReader {
    public static func readXES(path: String, options: ReadOptions = ReadOptions()) throws -> EventLog {
        try finished(options) { try located(path) { try XESReader(options: options).read(ByteInput(path: path, limit: options.maxBytes)) } }
    }

    public static func readOCEL(path: String, format: LogFormat? = nil, options: ReadOptions = ReadOptions()) throws -> ObjectCentricLog {
        try finished(options) {
            switch format ?? LogFormat.guess(path: path) {
            case .ocelJSON: return try located(path) { try OCELJSONReader(options: options).read(ByteInput(path: path, limit: options.maxBytes)) }
            case .ocelXML: return try located(path) { try OCELXMLReader(options: options).read(ByteInput(path: path, limit: options.maxBytes)) }
            case .ocelSQLite: return try OCELSQLiteReader(options: options).read(path: path)
            default: throw LogError(file: path, reason: "not an OCEL 2.0 file (.jsonocel, .xmlocel or .sqlite)")
            }
        }
    }

    public static func readCSV(path: String, mapping: CSVMapping, options: ReadOptions = ReadOptions()) throws -> EventLog {
        try finished(options) { try CSVReader(mapping: mapping, options: options).read(path: path) }
    }

    /// Runs a reader and reports the whole file read when it succeeds (readers
    /// report only whole percents on the way).
    private static func finished<T>(_ options: ReadOptions, _ read: () throws -> T) throws -> T {
        let result = try read()
        options.progress?(1)
        return result
    }

    /// Runs a streaming reader and turns its byte offset into line and column.
    static func located<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as ParseFailure {
            throw LogError(file: path, location: locate(path: path, offset: failure.offset, jsonPath: failure.path), reason: failure.reason)
        }
    }

    /// Line and column of a byte offset of the decompressed text: read again up
    /// to it (only on the error path, so reading stays one pass).
    static func locate(path: String, offset: Int, jsonPath: String? = nil) -> LogLocation {
        var location = LogLocation(byteOffset: offset, path: jsonPath)
        guard let input = try? ByteInput(path: path) else { return location }
        var line = 1, lineStart = 0, position = 0
        let size = 1 << 16
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 1)
        defer { buffer.deallocate() }
        while position < offset {
            guard let n = try? input.read(into: buffer, count: min(size, offset - position)), n > 0 else { break }
            let bytes = buffer.assumingMemoryBound(to: UInt8.self)
            for i in 0..<n where bytes[i] == 0x0A { line += 1; lineStart = position + i + 1 }
            position += n
        }
        if offset == 0 && position == 0 { return location }
        location.line = line
        location.column = offset - lineStart + 1
        return location
    }
}
