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

    /// Reads the whole office into memory: the input of the evidence and the
    /// cadence policy. One read session: the office is one state of the store.
    public func loadOffice() async throws -> LearningOffice {
        do { return try await withReadSession { try await Self.readOffice($0) } }
        catch let e as StoreError { throw e } catch { throw explain(error) }
    }

    static func readOffice(_ session: StoreReadSession) async throws -> LearningOffice {
        do {
            let settings = try await session.all(SettingRow.self, from: "settings", orderBy: ["key"])
            let name = try settings.first { $0.key == "office.name" }
                .map { try JSONColumn.decode(String.self, from: $0.value, column: "value", row: "setting office.name") } ?? "Learning office"
            let table = try settings.first { $0.key == "office.strategyTable" }
                .map { try JSONColumn.decode(StrategyTable.self, from: $0.value, column: "value", row: "setting office.strategyTable") } ?? .standard

            let units = try await session.all(UnitRow.self, from: "units", orderBy: ["id"]).map { try $0.domain() }
            let partners = try await session.all(PartnerRow.self, from: "partners", orderBy: ["id"]).map { try $0.domain() }
            let orders = try await session.all(OrderRow.self, from: "orders", orderBy: ["id"]).map { try $0.domain() }
            let events = try await session.all(OrderEventRow.self, from: "order_events", orderBy: ["order_id", "seq"]).map { $0.domain() }

            let reflectionOrders = Dictionary(grouping: try await session.all(ReflectionOrderRow.self, from: "reflection_orders",
                                                                              orderBy: ["reflection", "position"]), by: \.reflection)
            let reflections = try await session.rows(ReflectionRow.self, "SELECT \(ReflectionRow.columns) FROM reflections ORDER BY id", table: "reflections").map { row in
                try row.domain(orders: (reflectionOrders[row.id] ?? []).map { OrderID($0.orderId) })
            }

            let steps = Dictionary(grouping: try await session.all(KnowledgeStepRow.self, from: "knowledge_steps", orderBy: ["item", "position"]), by: \.item)
            let uses = Dictionary(grouping: try await session.all(KnowledgeUseRow.self, from: "knowledge_uses", orderBy: ["item", "position"]), by: \.item)
            let items = try await session.all(KnowledgeItemRow.self, from: "knowledge_items", orderBy: ["id"]).map {
                try $0.domain(steps: steps[$0.id] ?? [], uses: uses[$0.id] ?? [])
            }

            let versions = Dictionary(grouping: try await session.all(StandardVersionRow.self, from: "standard_versions",
                                                                      orderBy: ["standard", "number"]), by: \.standard)
            let applications = Dictionary(grouping: try await session.all(StandardApplicationRow.self, from: "standard_applications",
                                                                          orderBy: ["standard", "position"]), by: \.standard)
            let standards = try await session.all(StandardRow.self, from: "standards", orderBy: ["id"]).map {
                try $0.domain(versions: versions[$0.id] ?? [], applications: applications[$0.id] ?? [])
            }
            let activities = try await session.all(LearningActivityRow.self, from: "learning_activities", orderBy: ["date", "id"]).map { try $0.domain() }

            return LearningOffice(name: name, table: table, units: units, partners: partners, orders: orders, events: events,
                                  reflections: reflections, knowledgeItems: items, standards: standards, activities: activities)
        } catch let e as DomainError {
            throw StoreError("the store holds data that breaks a rule: \(e)")
        } catch let e as StoreError {
            throw e
        } catch let e as DecodingError {
            throw StoreError("the store holds a row Ambidex cannot read: \(Self.describe(e))")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(_, let c), .valueNotFound(_, let c), .typeMismatch(_, let c), .dataCorrupted(let c): c.debugDescription
        @unknown default: "\(error)"
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

/// Lets rows of any table travel to SQLKit's encoder as one type.
struct AnyEncodable: Encodable, Sendable {
    let base: any Encodable & Sendable
    init(_ base: any Encodable & Sendable) { self.base = base }
    func encode(to encoder: any Encoder) throws { try base.encode(to: encoder) }
}
