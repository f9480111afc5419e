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
        do {
            let sql = try self.sql
            guard let order = try await sql.select().column("*").from("orders").where("id", .equal, SQLBind(id.rawValue))
                .first(decoding: OrderRow.self, with: Self.rowDecoder)?.domain() else { return nil }
            let customer = try await sql.select().column("*").from("partners").where("id", .equal, SQLBind(order.customer.rawValue))
                .first(decoding: PartnerRow.self, with: Self.rowDecoder)?.domain()
            let events = try await sql.select().column("*").from("order_events").where("order_id", .equal, SQLBind(id.rawValue))
                .orderBy("seq").all(decoding: OrderEventRow.self, with: Self.rowDecoder).map { $0.domain() }
                .enumerated().sorted { $0.element.timestamp != $1.element.timestamp ? $0.element.timestamp < $1.element.timestamp : $0.offset < $1.offset }
                .map(\.element)
            let reflectionIDs = try await sql.select().column("reflection").from("reflection_orders").where("order_id", .equal, SQLBind(id.rawValue))
                .all(decodingColumn: "reflection", as: String.self)
            let reflections = try await self.reflections(reflectionIDs).sorted { $0.date != $1.date ? $0.date < $1.date : $0.id < $1.id }
            let applications = try await self.applications(on: [id.rawValue])
            let itemIDs = try await sql.select().column("item").from("knowledge_orders").where("order_id", .equal, SQLBind(id.rawValue))
                .all(decodingColumn: "item", as: String.self)
            let knowledge = try await knowledgeItems(itemIDs).map(\.item)
            let units = try await sql.select().column("*").from("units").orderBy("id").all(decoding: UnitRow.self, with: Self.rowDecoder).map { try $0.domain() }
            let chain = try await strategyTable().chain
            return OrderFolder(order: order, customer: customer, chain: chain, events: events, reflections: reflections,
                               applications: applications, knowledge: knowledge, units: units)
        } catch let e as StoreError { throw e } catch { throw explain(error) }
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
        let sql = try self.sql
        var out: [Reflection] = []
        for chunk in ids.chunked(500) {
            let linkRows: [ReflectionOrderRow] = try await sql.select().column("*").from("reflection_orders").where("reflection", .in, chunk)
                .orderBy("reflection").orderBy("position").all(decoding: ReflectionOrderRow.self, with: Self.rowDecoder)
            let links = Dictionary(grouping: linkRows, by: \.reflection)
            let rows: [ReflectionRow] = try await sql.select().column("*").from("reflections").where("id", .in, chunk)
                .all(decoding: ReflectionRow.self, with: Self.rowDecoder)
            for row in rows { out.append(try row.domain(orders: (links[row.id] ?? []).map { OrderID($0.orderId) })) }
        }
        return out
    }

    /// Knowledge items by id, each with the orders it came from.
    func knowledgeItems(_ ids: [String]) async throws -> [(item: KnowledgeItem, orders: [OrderID])] {
        let ids = Array(Set(ids))
        guard !ids.isEmpty else { return [] }
        let sql = try self.sql
        var out: [(item: KnowledgeItem, orders: [OrderID])] = []
        for chunk in ids.chunked(500) {
            let stepRows: [KnowledgeStepRow] = try await sql.select().column("*").from("knowledge_steps").where("item", .in, chunk)
                .all(decoding: KnowledgeStepRow.self, with: Self.rowDecoder)
            let useRows: [KnowledgeUseRow] = try await sql.select().column("*").from("knowledge_uses").where("item", .in, chunk)
                .all(decoding: KnowledgeUseRow.self, with: Self.rowDecoder)
            let orderRows: [KnowledgeOrderRow] = try await sql.select().column("*").from("knowledge_orders").where("item", .in, chunk)
                .all(decoding: KnowledgeOrderRow.self, with: Self.rowDecoder)
            let steps = Dictionary(grouping: stepRows, by: \.item), uses = Dictionary(grouping: useRows, by: \.item)
            let orders = Dictionary(grouping: orderRows, by: \.item)
            let rows: [KnowledgeItemRow] = try await sql.select().column("*").from("knowledge_items").where("id", .in, chunk)
                .all(decoding: KnowledgeItemRow.self, with: Self.rowDecoder)
            for row in rows {
                let item = try row.domain(steps: steps[row.id] ?? [], uses: uses[row.id] ?? [])
                out.append((item, (orders[row.id] ?? []).map { OrderID($0.orderId) }))
            }
        }
        return out.sorted { $0.item.id < $1.item.id }
    }

    /// The applications of standards on these orders, with the standards' names.
    func applications(on orders: [String]) async throws -> [StandardApplication] {
        guard !orders.isEmpty else { return [] }
        let sql = try self.sql
        var rows: [StandardApplicationRow] = []
        for chunk in Array(Set(orders)).chunked(500) {
            rows += try await sql.select().column("*").from("standard_applications").where("order_id", .in, chunk)
                .all(decoding: StandardApplicationRow.self, with: Self.rowDecoder)
        }
        let standards = Dictionary(uniqueKeysWithValues: try await self.standards().map { ($0.id, $0) })
        return rows.compactMap { row in
            guard let s = standards[StandardID(row.standard)] else { return nil }
            return StandardApplication(standard: s.id, name: s.name, status: s.status, version: s.version, application: row.domain())
        }.sorted { $0.application.date != $1.application.date ? $0.application.date < $1.application.date : $0.standard < $1.standard }
    }

    /// Every standard with its versions but none of its applications (a standard's applications grow with the office).
    func standards() async throws -> [Standard] {
        let sql = try self.sql
        let versions = Dictionary(grouping: try await sql.select().column("*").from("standard_versions")
            .all(decoding: StandardVersionRow.self, with: Self.rowDecoder), by: \.standard)
        return try await sql.select().column("*").from("standards").orderBy("id").all(decoding: StandardRow.self, with: Self.rowDecoder)
            .map { try $0.domain(versions: versions[$0.id] ?? [], applications: []) }
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
