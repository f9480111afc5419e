import AmbidexCore
import FluentKit
import Foundation
import SQLKit

/// Figures that say how much the store holds.
public struct StoreCounts: Codable, Sendable, Equatable {
    public var units = 0, partners = 0, orders = 0, events = 0, reflections = 0,
               knowledgeItems = 0, standards = 0, activities = 0
    public var isEmpty: Bool { orders == 0 && units == 0 && partners == 0 }

    public init(units: Int = 0, partners: Int = 0, orders: Int = 0, events: Int = 0, reflections: Int = 0,
                knowledgeItems: Int = 0, standards: Int = 0, activities: Int = 0) {
        self.units = units
        self.partners = partners
        self.orders = orders
        self.events = events
        self.reflections = reflections
        self.knowledgeItems = knowledgeItems
        self.standards = standards
        self.activities = activities
    }
}

extension Store {
    /// Child tables first, so deletes never break a reference.
    static let tablesInDeleteOrder = [
        "learning_activities", "standard_applications", "standard_versions", "standards",
        "knowledge_uses", "knowledge_steps", "knowledge_items", "reflection_orders", "reflections",
        "order_events", "orders", "partners", "units", "settings",
    ]

    public func counts() async throws -> StoreCounts {
        func count(_ table: String) async throws -> Int {
            try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(table)
                .first(decodingColumn: "n", as: Int.self) ?? 0
        }
        do {
            return StoreCounts(units: try await count("units"), partners: try await count("partners"),
                               orders: try await count("orders"), events: try await count("order_events"),
                               reflections: try await count("reflections"), knowledgeItems: try await count("knowledge_items"),
                               standards: try await count("standards"), activities: try await count("learning_activities"))
        } catch { throw explain(error) }
    }

    /// Replaces everything with `office`, atomically: either all of it is
    /// written or the store is left as it was. The office is validated first.
    /// Returns the office's version that holds it.
    @discardableResult
    public func replaceAll(with office: LearningOffice, progress: (@Sendable (Double) -> Void)? = nil) async throws -> Int64 {
        try office.validate()
        do {
            return try await database.transaction { db in
                let sql = db as! any SQLDatabase
                for table in Self.tablesInDeleteOrder { try await sql.delete(from: table).run() }
                try await Self.insert(office, into: sql, progress: progress)
                // Every server learns from the version that the whole office changed.
                let version = try await Self.raiseVersion(sql)
                try await sql.insert(into: "write_log").columns("version", "at", "kind", "subject", "account", "summary")
                    .values(SQLBind(version), SQLBind(Date().storeValue), SQLBind("office.replace"), SQLBind(office.name), SQLBind(String?.none),
                            SQLBind("the whole office replaced: \(office.orders.count) orders, \(office.reflections.count) reflections")).run()
                return version
            }
        } catch { throw explain(error) }
    }

    static func insert(_ office: LearningOffice, into sql: any SQLDatabase, progress: (@Sendable (Double) -> Void)?) async throws {
        var seqByOrder: [OrderID: Int] = [:]
        let eventRows = office.events.map { e -> OrderEventRow in
            let seq = seqByOrder[e.order, default: 0]
            seqByOrder[e.order] = seq + 1
            return OrderEventRow(e, seq: seq)
        }
        let reflectionOrders = office.reflections.flatMap { r in
            r.orders.enumerated().map { ReflectionOrderRow(reflection: r.id.rawValue, orderId: $0.element.rawValue, position: $0.offset) }
        }
        let settings = [SettingRow(key: "office.name", value: JSONColumn.encode(office.name)),
                        SettingRow(key: "office.strategyTable", value: JSONColumn.encode(office.table))]
        let batches: [(String, [any Encodable & Sendable])] = [
            ("settings", settings),
            ("units", office.units.map(UnitRow.init)),
            ("partners", office.partners.map(PartnerRow.init)),
            ("orders", office.orders.map(OrderRow.init)),
            ("order_events", eventRows),
            ("reflections", office.reflections.map(ReflectionRow.init)),
            ("reflection_orders", reflectionOrders),
            ("knowledge_items", office.knowledgeItems.map(KnowledgeItemRow.init)),
            ("knowledge_steps", office.knowledgeItems.flatMap(\.stepRows)),
            ("knowledge_uses", office.knowledgeItems.flatMap(\.useRows)),
            ("standards", office.standards.map(StandardRow.init)),
            ("standard_versions", office.standards.flatMap(\.versionRows)),
            ("standard_applications", office.standards.flatMap(\.applicationRows)),
            ("learning_activities", office.activities.map(LearningActivityRow.init)),
        ]
        let total = Double(max(1, batches.reduce(0) { $0 + $1.1.count }))
        var done = 0
        for (table, rows) in batches {
            try await insertChunked(rows, into: table, on: sql)
            done += rows.count
            progress?(Double(done) / total)
        }
    }

    /// Multi-row inserts, cut so no statement exceeds the bind limits
    /// (SQLite 32,766, PostgreSQL 65,535).
    static func insertChunked(_ rows: [any Encodable & Sendable], into table: String, on sql: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        let encoder = SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
        let columns = try encoder.encode(AnyEncodable(rows[0])).count
        let chunk = max(1, 30_000 / max(1, columns))
        var start = 0
        while start < rows.count {
            let slice = rows[start..<min(start + chunk, rows.count)].map(AnyEncodable.init)
            try await sql.insert(into: table).models(slice, with: encoder).run()
            start += chunk
        }
    }

    /// Reads the whole office into memory: the input of the evidence and the
    /// cadence policy.
    public func loadOffice() async throws -> LearningOffice {
        do {
            let db = try sql
            let rowDecoder = SQLRowDecoder(keyDecodingStrategy: .convertFromSnakeCase)
            func all<T: Decodable>(_ table: String, _ type: T.Type, orderBy: [String]) async throws -> [T] {
                var q = db.select().column("*").from(table)
                for c in orderBy { q = q.orderBy(c) }
                return try await q.all(decoding: T.self, with: rowDecoder)
            }
            let settings = try await all("settings", SettingRow.self, orderBy: ["key"])
            let name = try settings.first { $0.key == "office.name" }
                .map { try JSONColumn.decode(String.self, from: $0.value, column: "value", row: "setting office.name") } ?? "Learning office"
            let table = try settings.first { $0.key == "office.strategyTable" }
                .map { try JSONColumn.decode(StrategyTable.self, from: $0.value, column: "value", row: "setting office.strategyTable") } ?? .standard

            let units = try await all("units", UnitRow.self, orderBy: ["id"]).map { try $0.domain() }
            let partners = try await all("partners", PartnerRow.self, orderBy: ["id"]).map { try $0.domain() }
            let orders = try await all("orders", OrderRow.self, orderBy: ["id"]).map { try $0.domain() }
            let events = try await all("order_events", OrderEventRow.self, orderBy: ["order_id", "seq"]).map { $0.domain() }

            let reflectionOrders = Dictionary(grouping: try await all("reflection_orders", ReflectionOrderRow.self, orderBy: ["reflection", "position"]), by: \.reflection)
            let reflections = try await all("reflections", ReflectionRow.self, orderBy: ["id"]).map { row in
                try row.domain(orders: (reflectionOrders[row.id] ?? []).map { OrderID($0.orderId) })
            }

            let steps = Dictionary(grouping: try await all("knowledge_steps", KnowledgeStepRow.self, orderBy: ["item", "position"]), by: \.item)
            let uses = Dictionary(grouping: try await all("knowledge_uses", KnowledgeUseRow.self, orderBy: ["item", "position"]), by: \.item)
            let items = try await all("knowledge_items", KnowledgeItemRow.self, orderBy: ["id"]).map {
                try $0.domain(steps: steps[$0.id] ?? [], uses: uses[$0.id] ?? [])
            }

            let versions = Dictionary(grouping: try await all("standard_versions", StandardVersionRow.self, orderBy: ["standard", "number"]), by: \.standard)
            let applications = Dictionary(grouping: try await all("standard_applications", StandardApplicationRow.self, orderBy: ["standard", "position"]), by: \.standard)
            let standards = try await all("standards", StandardRow.self, orderBy: ["id"]).map {
                try $0.domain(versions: versions[$0.id] ?? [], applications: applications[$0.id] ?? [])
            }
            let activities = try await all("learning_activities", LearningActivityRow.self, orderBy: ["date", "id"]).map { try $0.domain() }

            return LearningOffice(name: name, table: table, units: units, partners: partners, orders: orders, events: events,
                                  reflections: reflections, knowledgeItems: items, standards: standards, activities: activities)
        } catch let e as DomainError {
            throw StoreError("the store holds data that breaks a rule: \(e)")
        } catch {
            throw explain(error)
        }
    }

    /// Reads a setting the office tuned (e.g. its cadence policy), if any.
    public func setting<T: Decodable>(_ key: String, as type: T.Type) async throws -> T? {
        let row = try await sql.select().column("*").from("settings").where("key", .equal, key)
            .first(decoding: SettingRow.self)
        return try row.map { try JSONColumn.decode(T.self, from: $0.value, column: "value", row: "setting \(key)") }
    }

    public func saveSetting<T: Encodable>(_ key: String, _ value: T) async throws {
        let text = JSONColumn.encode(value)
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.delete(from: "settings").where("key", .equal, key).run()
            try await sql.insert(into: "settings").model(SettingRow(key: key, value: text)).run()
        }
    }
}

/// Lets rows of different tables travel in one list to the chunked insert.
struct AnyEncodable: Encodable, Sendable {
    let base: any Encodable & Sendable
    init(_ base: any Encodable & Sendable) { self.base = base }
    func encode(to encoder: any Encoder) throws { try base.encode(to: encoder) }
}
