import CAmbidexSQLite
import Foundation

/// Reads the OCEL 2.0 SQLite encoding (tables `event`, `object`,
/// `event_object`, `object_object`, `event_map_type`, `object_map_type` and
/// one `event_<type>` / `object_<type>` table per type) with the system SQLite,
/// read-only. Errors name the table and row.
final class OCELSQLiteReader {
    let options: ReadOptions
    private let b = ObjectCentricLogBuilder()
    private var db: OpaquePointer?
    private var path = ""
    private var progress: ReadProgress
    /// Rows read so far and in all the tables read, for the progress.
    private var rowsRead = 0
    private var rowsInAll = 0

    init(options: ReadOptions) {
        self.options = options
        progress = ReadProgress(options)
    }

    deinit { sqlite3_close(db) }

    private func error(_ reason: String, at place: String? = nil) -> LogError {
        LogError(file: path, location: LogLocation(path: place), reason: reason)
    }

    func read(path: String) throws -> ObjectCentricLog {
        self.path = path
        guard FileManager.default.isReadableFile(atPath: path) else { throw error("cannot open: no such readable file") }
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
            throw error("cannot open as SQLite: \(message())")
        }
        // A corrupt or hostile file must not take unbounded time or memory.
        sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 64 << 20)
        var tables = Set<String>()
        try query("SELECT name FROM sqlite_master WHERE type = 'table'") { row in tables.insert(row.text(0) ?? "") }
        for required in ["event", "object", "event_object", "object_object", "event_map_type", "object_map_type"] where !tables.contains(required) {
            throw error("not an OCEL 2.0 SQLite log: table '\(required)' is missing")
        }
        let eventMaps = try typeMaps("event_map_type")
        let objectMaps = try typeMaps("object_map_type")
        b.eventTypes = try declarations(eventMaps, prefix: "event_", tables: tables, skip: ["ocel_id", "ocel_time"])
        b.objectTypes = try declarations(objectMaps, prefix: "object_", tables: tables, skip: ["ocel_id", "ocel_time", "ocel_changed_field"])
        if progress.isOn {
            // SQLite tells no position in the file: progress counts rows, so count them first (only when shown).
            let counted = ["event", "object", "event_object", "object_object"] + eventMaps.values.map { "event_" + $0 }
                + objectMaps.values.map { "object_" + $0 }
            try query("SELECT " + counted.map { "(SELECT count(*) FROM \(quote($0)))" }.joined(separator: " + ")) { row in
                rowsInAll = Int(row.text(0) ?? "") ?? 0
            }
            rowsRead = 0
        }

        // Events: ids and types, then times and attributes from each type's table.
        var eventIndex: [Int32: Int] = [:]
        try query("SELECT ocel_id, ocel_type FROM event ORDER BY rowid") { row in
            let id = try row.required(0, "ocel_id"), type = try row.required(1, "ocel_type")
            let i = b.intern(id)
            guard eventIndex[i] == nil else { throw self.error("duplicate event id '\(id)'", at: row.place) }
            eventIndex[i] = b.eventId.count
            b.eventId.append(i)
            b.eventType.append(b.intern(type))
            b.eventTime.append(Int64.min)
            b.eventOffsets.append(0)
        }
        var attributesOf = [[ObjectCentricLog.EventAttribute]](repeating: [], count: b.eventId.count)
        // The type and attribute names, interned before any row: `strings()` builds every string, so it is called once.
        let declared = b.interner.strings()
        for declaration in b.eventTypes {
            let typeName = declared[Int(declaration.name)]
            guard let map = eventMaps[typeName] else { continue }
            let columns = declaration.attributes
            let names = columns.map { quote(declared[Int($0.name)]) }
            let sql = "SELECT ocel_id, ocel_time" + names.map { ", " + $0 }.joined() + " FROM \(quote("event_" + map))"
            try query(sql) { row in
                let id = try row.required(0, "ocel_id")
                guard let index = eventIndex[b.intern(id)] else {
                    throw self.error("event '\(id)' is not in the table 'event'", at: row.place)
                }
                b.eventTime[index] = try time(row, 1)
                for (k, column) in columns.enumerated() {
                    guard let text = row.text(k + 2) else { continue }
                    guard let value = b.value(text, type: column.type, naiveOffset: options.naiveTimeOffsetSeconds) else {
                        throw self.error("'\(text)' is not a valid \(column.type.rawValue)", at: row.place)
                    }
                    attributesOf[index].append(.init(name: column.name, value: value))
                }
            }
        }
        for (i, t) in b.eventTime.enumerated() where t == Int64.min {
            throw error("event '\(b.interner.strings()[Int(b.eventId[i])])' has no row with its time in its type's table")
        }
        for attributes in attributesOf {
            b.eventAttributes.append(contentsOf: attributes)
            b.eventAttributeStart.append(Int32(b.eventAttributes.count))
        }

        try query("SELECT ocel_id, ocel_type FROM object ORDER BY rowid") { row in
            b.objectId.append(b.intern(try row.required(0, "ocel_id")))
            b.objectType.append(b.intern(try row.required(1, "ocel_type")))
            b.objectOffsets.append(0)
        }
        for declaration in b.objectTypes {
            let typeName = declared[Int(declaration.name)]
            guard let map = objectMaps[typeName] else { continue }
            let columns = declaration.attributes
            let names = columns.map { quote(declared[Int($0.name)]) }
            let present = try columnNames(of: "object_" + map)
            // pm4py writes a type without attributes as a table of ids only.
            guard present.contains("ocel_time") else { continue }
            let hasChanged = present.contains("ocel_changed_field")
            let sql = "SELECT ocel_id, ocel_time, " + (hasChanged ? "ocel_changed_field" : "NULL") + names.map { ", " + $0 }.joined()
                + " FROM \(quote("object_" + map)) ORDER BY rowid"
            let columnNames = columns.map { declared[Int($0.name)] }
            try query(sql) { row in
                let id = b.intern(try row.required(0, "ocel_id"))
                let t = try time(row, 1)
                let changed = row.text(2)
                for (k, column) in columns.enumerated() {
                    let name = columnNames[k]
                    if let changed, !changed.isEmpty, changed != name { continue }
                    guard let text = row.text(k + 3) else { continue }
                    guard let value = b.value(text, type: column.type, naiveOffset: options.naiveTimeOffsetSeconds) else {
                        throw self.error("'\(text)' is not a valid \(column.type.rawValue)", at: row.place)
                    }
                    b.objectAttributes.append(.init(object: id, name: column.name, time: t, value: value))
                    b.objectAttributeOffsets.append(0)
                }
            }
        }

        try query("SELECT ocel_event_id, ocel_object_id, ocel_qualifier FROM event_object ORDER BY rowid") { row in
            let e = try row.required(0, "ocel_event_id")
            guard let index = eventIndex[b.intern(e)] else {
                throw self.error("a relation refers to event '\(e)', which the log does not declare", at: row.place)
            }
            b.eventObjects.append(.init(source: Int32(index), object: b.intern(try row.required(1, "ocel_object_id")),
                                        qualifier: b.intern(row.text(2) ?? "")))
            b.eventObjectOffsets.append(0)
        }
        try query("SELECT ocel_source_id, ocel_target_id, ocel_qualifier FROM object_object ORDER BY rowid") { row in
            b.objectObjects.append(.init(source: b.intern(try row.required(0, "ocel_source_id")),
                                         object: b.intern(try row.required(1, "ocel_target_id")),
                                         qualifier: b.intern(row.text(2) ?? "")))
            b.objectObjectOffsets.append(0)
        }
        try PendingValues().checkTypes(b, strings: b.interner.strings()) { reason, _ in self.error(reason) }
        return try b.build { reason, _, _ in self.error(reason) }
    }

    private func time(_ row: Row, _ column: Int) throws -> Int64 {
        let s = try row.required(column, "ocel_time")
        guard let t = Timestamp.parseISO(s, naiveOffsetSeconds: options.naiveTimeOffsetSeconds) else {
            throw error("unknown time format '\(s)' (expected ISO 8601)", at: row.place)
        }
        return t
    }

    private func typeMaps(_ table: String) throws -> [String: String] {
        var maps: [String: String] = [:]
        try query("SELECT ocel_type, ocel_type_map FROM \(table)") { row in
            maps[try row.required(0, "ocel_type")] = try row.required(1, "ocel_type_map")
        }
        return maps
    }

    private func columnNames(of table: String) throws -> [String] {
        var names: [String] = []
        try query("PRAGMA table_info(\(quote(table)))") { row in names.append(row.text(1) ?? "") }
        return names
    }

    private func declarations(_ maps: [String: String], prefix: String, tables: Set<String>, skip: Set<String>) throws -> [ObjectCentricLog.TypeDeclaration] {
        var result: [ObjectCentricLog.TypeDeclaration] = []
        for (name, map) in maps.sorted(by: { $0.key < $1.key }) {
            let table = prefix + map
            guard tables.contains(table) else { throw error("type '\(name)' has no table '\(table)'") }
            var attributes: [ObjectCentricLog.AttributeDeclaration] = []
            try query("PRAGMA table_info(\(quote(table)))") { row in
                let column = row.text(1) ?? ""
                guard !skip.contains(column) else { return }
                let declared = (row.text(2) ?? "").uppercased()
                let type: ObjectCentricLog.ValueType
                if declared.contains("INT") { type = .integer }
                else if declared.contains("REAL") || declared.contains("FLOA") || declared.contains("DOUB") { type = .float }
                else if declared.contains("BOOL") { type = .boolean }
                else if declared.contains("TIME") || declared.contains("DATE") { type = .time }
                else { type = .string }
                attributes.append(.init(name: b.intern(column), type: type))
            }
            result.append(.init(name: b.intern(name), attributes: attributes))
        }
        return result
    }

    private func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private func message() -> String { db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory" }

    struct Row {
        let statement: OpaquePointer
        let place: String
        let file: String

        func text(_ column: Int) -> String? {
            let type = sqlite3_column_type(statement, Int32(column))
            // SQLite renders a REAL as text with 15 significant digits; Swift's shortest form reads back exactly.
            if type == SQLITE_FLOAT { return String(sqlite3_column_double(statement, Int32(column))) }
            guard type != SQLITE_NULL,
                  let p = sqlite3_column_text(statement, Int32(column)) else { return nil }
            let n = Int(sqlite3_column_bytes(statement, Int32(column)))
            return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        }

        func required(_ column: Int, _ name: String) throws -> String {
            guard let v = text(column) else { throw LogError(file: file, location: LogLocation(path: place), reason: "\(name) is empty") }
            return v
        }
    }

    private func query(_ sql: String, _ each: (Row) throws -> Void) throws {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw error("cannot read: \(message())")
        }
        defer { sqlite3_finalize(statement) }
        let table = sql.components(separatedBy: " FROM ").last?.components(separatedBy: " ").first ?? ""
        var rowNumber = 0
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw error("cannot read \(table): \(message())") }
            rowNumber += 1
            try each(Row(statement: statement, place: "table \(table), row \(rowNumber)", file: path))
            rowsRead += 1
            if rowsInAll > 0 { progress.update(Double(rowsRead) / Double(rowsInAll)) }
        }
    }
}
