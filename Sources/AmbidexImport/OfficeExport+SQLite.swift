import AmbidexLog
import CAmbidexSQLite
import Foundation

/// Why an export could not be written.
public struct OfficeExportError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension OfficeExport {
    /// The OCEL 2.0 SQLite encoding: `event`, `object`, `event_object`,
    /// `object_object`, `event_map_type`, `object_map_type`, and a table per
    /// event type (`event_<map>`: id, time, attributes) and per object type
    /// (`object_<map>`: a row of initial values, then a row per later change
    /// with `ocel_changed_field`). Times are ISO 8601 text in UTC; floats are
    /// REAL, eight bytes that read back bit for bit (our reader takes them with
    /// `sqlite3_column_double`, never as SQLite's 15-digit text). `path` must not exist.
    public func writeSQLite(to path: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let db else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw OfficeExportError("\(path): cannot create the SQLite file: \(reason)")
        }
        defer { sqlite3_close(db) }
        let w = SQLiteWriting(db: db, path: path)
        try w.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN")
        try w.exec("""
            CREATE TABLE event_map_type (ocel_type TEXT, ocel_type_map TEXT, PRIMARY KEY(ocel_type));
            CREATE TABLE object_map_type (ocel_type TEXT, ocel_type_map TEXT, PRIMARY KEY(ocel_type));
            CREATE TABLE event (ocel_id TEXT, ocel_type TEXT, PRIMARY KEY(ocel_id), FOREIGN KEY(ocel_type) REFERENCES event_map_type(ocel_type));
            CREATE TABLE object (ocel_id TEXT, ocel_type TEXT, PRIMARY KEY(ocel_id), FOREIGN KEY(ocel_type) REFERENCES object_map_type(ocel_type));
            CREATE TABLE event_object (ocel_event_id TEXT, ocel_object_id TEXT, ocel_qualifier TEXT,
                PRIMARY KEY(ocel_event_id, ocel_object_id, ocel_qualifier),
                FOREIGN KEY(ocel_event_id) REFERENCES event(ocel_id), FOREIGN KEY(ocel_object_id) REFERENCES object(ocel_id));
            CREATE TABLE object_object (ocel_source_id TEXT, ocel_target_id TEXT, ocel_qualifier TEXT,
                PRIMARY KEY(ocel_source_id, ocel_target_id, ocel_qualifier),
                FOREIGN KEY(ocel_source_id) REFERENCES object(ocel_id), FOREIGN KEY(ocel_target_id) REFERENCES object(ocel_id))
            """)
        let eventMaps = Self.maps(eventTypes.map(\.name)), objectMaps = Self.maps(objectTypes.map(\.name))

        // Type tables, and one insert statement per type.
        var eventInserts: [String: (SQLiteStatement, [String: Int32])] = [:]
        for t in eventTypes {
            try w.insert("event_map_type", [t.name, eventMaps[t.name]!])
            let table = "event_" + eventMaps[t.name]!
            try w.exec("CREATE TABLE \(quote(table)) (ocel_id TEXT, ocel_time TIMESTAMP"
                + t.attributes.map { ", \(quote($0.name)) \(Self.columnType($0.type))" }.joined() + ")")
            let columns = Dictionary(uniqueKeysWithValues: t.attributes.enumerated().map { ($0.element.name, Int32($0.offset + 3)) })
            eventInserts[t.name] = (try w.prepare("INSERT INTO \(quote(table)) VALUES (?, ?" + String(repeating: ", ?", count: t.attributes.count) + ")"), columns)
        }
        var objectInserts: [String: (SQLiteStatement, [String: Int32])] = [:]
        for t in objectTypes {
            try w.insert("object_map_type", [t.name, objectMaps[t.name]!])
            let table = "object_" + objectMaps[t.name]!
            try w.exec("CREATE TABLE \(quote(table)) (ocel_id TEXT, ocel_time TIMESTAMP, ocel_changed_field TEXT"
                + t.attributes.map { ", \(quote($0.name)) \(Self.columnType($0.type))" }.joined() + ")")
            let columns = Dictionary(uniqueKeysWithValues: t.attributes.enumerated().map { ($0.element.name, Int32($0.offset + 4)) })
            objectInserts[t.name] = (try w.prepare("INSERT INTO \(quote(table)) VALUES (?, ?, ?" + String(repeating: ", ?", count: t.attributes.count) + ")"), columns)
        }
        defer {
            for s in eventInserts.values { sqlite3_finalize(s.0.handle) }
            for s in objectInserts.values { sqlite3_finalize(s.0.handle) }
        }

        let objectRow = try w.prepare("INSERT INTO object VALUES (?, ?)")
        let objectObject = try w.prepare("INSERT INTO object_object VALUES (?, ?, ?)")
        defer { sqlite3_finalize(objectRow.handle); sqlite3_finalize(objectObject.handle) }
        let initial = Timestamp.iso(0)
        for o in objects {
            try objectRow.run([.text(o.id), .text(o.type)], w, place: "object '\(o.id)'")
            let (insert, columns) = objectInserts[o.type]!
            // The initial values in one row, then each later value in a row of its own.
            insert.reset()
            insert.bind(1, .text(o.id)); insert.bind(2, .text(initial))
            for a in o.attributes where a.time == nil { if let c = columns[a.name] { insert.bind(c, Self.cell(a.value)) } }
            try insert.step(w, place: "object '\(o.id)'")
            for a in o.attributes {
                guard let time = a.time, let c = columns[a.name] else { continue }
                insert.reset()
                insert.bind(1, .text(o.id)); insert.bind(2, .text(Timestamp.iso(time))); insert.bind(3, .text(a.name)); insert.bind(c, Self.cell(a.value))
                try insert.step(w, place: "object '\(o.id)'")
            }
            for r in o.relationships {
                try objectObject.run([.text(o.id), .text(r.objectId), .text(r.qualifier)], w, place: "object '\(o.id)' → '\(r.objectId)' (\(r.qualifier))")
            }
        }

        let eventRow = try w.prepare("INSERT INTO event VALUES (?, ?)")
        let eventObject = try w.prepare("INSERT INTO event_object VALUES (?, ?, ?)")
        defer { sqlite3_finalize(eventRow.handle); sqlite3_finalize(eventObject.handle) }
        for e in events {
            try eventRow.run([.text(e.id), .text(e.type)], w, place: "event '\(e.id)'")
            let (insert, columns) = eventInserts[e.type]!
            insert.reset()
            insert.bind(1, .text(e.id)); insert.bind(2, .text(Timestamp.iso(e.time)))
            for a in e.attributes { if let c = columns[a.name] { insert.bind(c, Self.cell(a.value)) } }
            try insert.step(w, place: "event '\(e.id)'")
            for r in e.relationships {
                try eventObject.run([.text(e.id), .text(r.objectId), .text(r.qualifier)], w, place: "event '\(e.id)' → '\(r.objectId)' (\(r.qualifier))")
            }
        }
        try w.exec("COMMIT")
    }

    /// Table-name suffixes: the type's letters and digits (as pm4py makes
    /// them), made unique with a number where two types would clash.
    static func maps(_ names: [String]) -> [String: String] {
        var used = Set<String>(), result: [String: String] = [:]
        for name in names {
            let base = String(String.UnicodeScalarView(name.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }))
            var map = base.isEmpty ? "type" : base, n = 1
            while used.contains(map.lowercased()) { n += 1; map = (base.isEmpty ? "type" : base) + "\(n)" }
            used.insert(map.lowercased())
            result[name] = map
        }
        return result
    }

    static func columnType(_ t: ValueType) -> String {
        switch t {
        case .string: "TEXT"
        case .float: "REAL"
        case .time: "TIMESTAMP"
        case .integer: "INTEGER"
        case .boolean: "BOOLEAN"
        }
    }

    static func cell(_ v: Value) -> SQLiteStatement.Cell {
        switch v {
        case .integer(let i): .integer(Int64(i))
        case .boolean(let b): .integer(b ? 1 : 0)
        case .float(let d): .real(d)
        default: .text(v.text)
        }
    }
}

private func quote(_ identifier: String) -> String {
    "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// The connection being written, for its error messages.
struct SQLiteWriting {
    let db: OpaquePointer
    let path: String

    var message: String { String(cString: sqlite3_errmsg(db)) }

    func exec(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw OfficeExportError("\(path): writing failed: \(message)") }
    }

    func prepare(_ sql: String) throws -> SQLiteStatement {
        var s: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &s, nil) == SQLITE_OK, let s else { throw OfficeExportError("\(path): writing failed: \(message)") }
        return SQLiteStatement(handle: s)
    }

    func insert(_ table: String, _ values: [String]) throws {
        let s = try prepare("INSERT INTO \(quote(table)) VALUES (" + values.map { _ in "?" }.joined(separator: ", ") + ")")
        defer { sqlite3_finalize(s.handle) }
        try s.run(values.map { .text($0) }, self, place: "table \(table)")
    }
}

struct SQLiteStatement {
    enum Cell { case text(String), integer(Int64), real(Double) }
    let handle: OpaquePointer

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ column: Int32, _ cell: Cell) {
        switch cell {
        case .text(let s): sqlite3_bind_text(handle, column, s, Int32(s.utf8.count), Self.transient)
        case .integer(let i): sqlite3_bind_int64(handle, column, i)
        case .real(let d): sqlite3_bind_double(handle, column, d)
        }
    }

    func step(_ w: SQLiteWriting, place: String) throws {
        guard sqlite3_step(handle) == SQLITE_DONE else { throw OfficeExportError("\(w.path): writing \(place) failed: \(w.message)") }
    }

    func run(_ cells: [Cell], _ w: SQLiteWriting, place: String) throws {
        reset()
        for (i, c) in cells.enumerated() { bind(Int32(i + 1), c) }
        try step(w, place: place)
    }
}
