import AmbidexCore
import FluentKit
import Foundation
import SQLKit

/// Everything the office holds on one order, read through indexes on the
/// order's id: what its page shows, at the same cost in a small office and a large one.
public struct OrderFolder: Sendable {
    public var order: Order
    public var customer: Partner?
    /// The value chain the order's decoupling point sits in.
    public var chain: ValueChain
    public var events: [OrderEvent]
    public var reflections: [Reflection]
    public var applications: [StandardApplication]
    /// Knowledge items that came from this order.
    public var knowledge: [KnowledgeItem]
    public var units: [AmbidexCore.Unit]

    /// Each unit that worked on the order with its role on it: front office if it had customer contact there.
    public var roles: [(unit: UnitID, role: OfficeRole)] {
        var contact: [UnitID: Bool] = [:]
        for e in events { contact[e.unit] = (contact[e.unit] ?? false) || e.customerContact }
        return contact.map { ($0.key, $0.value ? OfficeRole.front : .back) }.sorted { $0.unit < $1.unit }
    }
}

/// One application of a standard to an order, with the standard it names.
public struct StandardApplication: Sendable, Hashable {
    public var standard: StandardID
    public var name: String
    public var status: Standard.Status
    public var version: Int
    public var application: Standard.Application
}

extension Store {
    /// The order and what hangs on it, or nil if there is no such order.
    public func orderFolder(_ id: OrderID) async throws -> OrderFolder? {
        try await orderPage(id, lessons: 0)?.folder
    }

    /// The office's strategy table (the value chain and each strategy's decoupling point).
    func strategyTable() async throws -> StrategyTable {
        guard let row = try await sql.select().column("*").from("settings").where("key", .equal, SQLBind("office.strategyTable"))
            .first(decoding: SettingRow.self, with: Self.rowDecoder) else { return .standard }
        return try JSONColumn.decode(StrategyTable.self, from: row.value, column: "value", row: "setting office.strategyTable")
    }

    /// Reflections by id, each with all the orders it names.
    func reflections(_ ids: [String]) async throws -> [Reflection] {
        let ids = Array(Set(ids))
        guard !ids.isEmpty else { return [] }
        var out: [Reflection] = []
        for chunk in ids.chunked(500) {
            let linkRows = try await rows(ReflectionOrderRow.self, "SELECT * FROM reflection_orders WHERE reflection IN (\(marks(chunk))) ORDER BY reflection, position",
                                          chunk.map { .text($0) }, table: "reflection_orders")
            let links = Dictionary(grouping: linkRows, by: \.reflection)
            let found = try await rows(ReflectionRow.self, "SELECT \(ReflectionRow.columns) FROM reflections WHERE id IN (\(marks(chunk)))", chunk.map { .text($0) }, table: "reflections")
            for row in found { out.append(try row.domain(orders: (links[row.id] ?? []).map { OrderID($0.orderId) })) }
        }
        return out
    }

    /// Knowledge items by id, each with the orders it came from.
    func knowledgeItems(_ ids: [String]) async throws -> [(item: KnowledgeItem, orders: [OrderID])] {
        let ids = Array(Set(ids))
        guard !ids.isEmpty else { return [] }
        var out: [(item: KnowledgeItem, orders: [OrderID])] = []
        for chunk in ids.chunked(500) {
            let binds: [StoreBind] = chunk.map { .text($0) }
            let stepRows = try await rows(KnowledgeStepRow.self, "SELECT * FROM knowledge_steps WHERE item IN (\(marks(chunk)))", binds, table: "knowledge_steps")
            let useRows = try await rows(KnowledgeUseRow.self, "SELECT * FROM knowledge_uses WHERE item IN (\(marks(chunk)))", binds, table: "knowledge_uses")
            let orderRows = try await rows(KnowledgeOrderRow.self, "SELECT * FROM knowledge_orders WHERE item IN (\(marks(chunk)))", binds, table: "knowledge_orders")
            let steps = Dictionary(grouping: stepRows, by: \.item), uses = Dictionary(grouping: useRows, by: \.item)
            let orders = Dictionary(grouping: orderRows, by: \.item)
            for row in try await rows(KnowledgeItemRow.self, "SELECT * FROM knowledge_items WHERE id IN (\(marks(chunk)))", binds, table: "knowledge_items") {
                let item = try row.domain(steps: steps[row.id] ?? [], uses: uses[row.id] ?? [])
                out.append((item, (orders[row.id] ?? []).map { OrderID($0.orderId) }))
            }
        }
        return out.sorted { $0.item.id < $1.item.id }
    }

    /// The applications of standards on these orders, with the standards' names.
    func applications(on orders: [String], standards known: [Standard]? = nil) async throws -> [StandardApplication] {
        guard !orders.isEmpty else { return [] }
        var found: [StandardApplicationRow] = []
        for chunk in Array(Set(orders)).chunked(500) {
            found += try await rows(StandardApplicationRow.self, "SELECT * FROM standard_applications WHERE order_id IN (\(marks(chunk)))",
                                    chunk.map { .text($0) }, table: "standard_applications")
        }
        let list: [Standard]
        if let known { list = known } else { list = try await self.standards() }
        let standards = Dictionary(uniqueKeysWithValues: list.map { ($0.id, $0) })
        return found.compactMap { row in
            guard let s = standards[StandardID(row.standard)] else { return nil }
            return StandardApplication(standard: s.id, name: s.name, status: s.status, version: s.version, application: row.domain())
        }.sorted { $0.application.date != $1.application.date ? $0.application.date < $1.application.date : $0.standard < $1.standard }
    }

    /// Every standard with its versions but none of its applications (a standard's applications grow with the office).
    func standards() async throws -> [Standard] {
        let versions = Dictionary(grouping: try await rows(StandardVersionRow.self, "SELECT * FROM standard_versions", [], table: "standard_versions"), by: \.standard)
        return try await rows(StandardRow.self, "SELECT * FROM standards ORDER BY id", [], table: "standards")
            .map { try $0.domain(versions: versions[$0.id] ?? [], applications: []) }
    }
}

/// `?, ?, …`: one bind marker per value.
func marks(_ values: [some Any]) -> String {
    Array(repeating: "?", count: values.count).joined(separator: ", ")
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
