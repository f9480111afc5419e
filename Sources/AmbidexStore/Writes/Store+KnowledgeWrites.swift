import AmbidexCore
import Foundation
import SQLKit

/// The knowledge pipeline (acquired → assimilated → transformed → exploited, or discarded) and the standards it makes.
extension Store {
    /// A newly acquired knowledge item.
    @discardableResult
    public func addKnowledgeItem(_ item: KnowledgeItem, by account: String? = nil) async throws -> WriteRecord {
        try await write("knowledge.add", subject: item.id.rawValue, by: account) { w in
            try await w.insertKnowledgeItem(item)
            return ((), "knowledge item \(item.id) acquired: \(item.title.prefix(80))")
        }.1
    }

    /// Moves an item one legal stage on (the domain's transitions).
    @discardableResult
    public func advanceKnowledge(_ id: KnowledgeItemID, to stage: AbsorptionStage, at date: Date, by account: String? = nil) async throws -> WriteRecord {
        try await write("knowledge.advance", subject: id.rawValue, by: account) { w in
            var item = try await w.knowledgeItem(id)
            let from = item.stage
            try item.advance(to: stage, at: date)
            try await w.insert("knowledge_steps", [item.stepRows.last!])
            try await w.sql.update("knowledge_items").set("stage", to: SQLBind(stage.rawValue)).set("stage_date", to: SQLBind(date.storeValue))
                .where("id", .equal, SQLBind(id.rawValue)).run()
            return ((), "knowledge item \(id): \(from.rawValue) → \(stage.rawValue)")
        }.1
    }

    /// A unit puts transformed knowledge to use.
    @discardableResult
    public func recordKnowledgeUse(_ id: KnowledgeItemID, _ use: KnowledgeItem.Use, by account: String? = nil) async throws -> WriteRecord {
        try await write("knowledge.use", subject: id.rawValue, by: account) { w in
            var item = try await w.knowledgeItem(id)
            guard try await w.exists("units", use.unit.rawValue) else { throw StoreError("knowledge item \(id): unit \(use.unit) does not exist") }
            try item.recordUse(use)
            try await w.insert("knowledge_uses", [item.useRows.last!])
            return ((), "knowledge item \(id) used by \(use.unit) (\(use.role.rawValue) office\(use.strategy.map { ", \($0.code)" } ?? ""))")
        }.1
    }

    /// A standard proposed (version 1), with the knowledge it came from.
    @discardableResult
    public func proposeStandard(_ standard: Standard, by account: String? = nil) async throws -> WriteRecord {
        try await write("standard.propose", subject: standard.id.rawValue, by: account) { w in
            guard try await !w.exists("standards", standard.id.rawValue) else { throw StoreError("standard \(standard.id) exists already") }
            guard standard.status == .proposed, standard.applications.isEmpty else { throw StoreError("standard \(standard.id): a new standard starts as proposed") }
            if let unknown = try await w.missing("knowledge_items", standard.provenance.map(\.rawValue)).first {
                throw StoreError("standard \(standard.id) names knowledge item \(unknown), which does not exist")
            }
            if let unknown = try await w.missing("units", standard.scope.units.map(\.rawValue).sorted()).first {
                throw StoreError("standard \(standard.id) is scoped to unit \(unknown), which does not exist")
            }
            try await w.insert("standards", [StandardRow(standard)])
            try await w.insert("standard_versions", standard.versionRows)
            return ((), "standard \(standard.id) proposed: \(standard.name.prefix(80))")
        }.1
    }

    @discardableResult
    public func reviseStandard(_ id: StandardID, at date: Date, note: String, text: String? = nil, by account: String? = nil) async throws -> WriteRecord {
        try await changeStandard(id, "standard.revise", by: account) { s in
            try s.revise(at: date, note: note, text: text)
            return "standard \(id): version \(s.version) — \(note.prefix(80))"
        }
    }

    @discardableResult
    public func adoptStandard(_ id: StandardID, at date: Date, by account: String? = nil) async throws -> WriteRecord {
        try await changeStandard(id, "standard.adopt", by: account) { s in
            try s.adopt(at: date)
            return "standard \(id) adopted"
        }
    }

    @discardableResult
    public func retireStandard(_ id: StandardID, at date: Date, reason: String, by account: String? = nil) async throws -> WriteRecord {
        try await changeStandard(id, "standard.retire", by: account) { s in
            try s.retire(at: date, reason: reason)
            return "standard \(id) retired: \(reason.prefix(80))"
        }
    }

    /// The standard applied to an order, and whether work deviated from it.
    @discardableResult
    public func applyStandard(_ id: StandardID, _ application: Standard.Application, by account: String? = nil) async throws -> WriteRecord {
        try await write(application.deviated ? "standard.deviation" : "standard.apply", subject: id.rawValue, by: account) { w in
            var s = try await w.standard(id)
            guard let order = try await w.one("orders", where: "id", is: application.order.rawValue, as: OrderRow.self)?.domain() else {
                throw StoreError("standard \(id): there is no order \(application.order)")
            }
            if let unit = application.appliedBy, try await !w.exists("units", unit.rawValue) {
                throw StoreError("standard \(id): unit \(unit) does not exist")
            }
            try s.apply(application, to: order)
            try await w.insert("standard_applications", [s.applicationRows.last!])
            return ((), "standard \(id) \(application.deviated ? "deviated from" : "applied") on order \(application.order)"
                + (application.note.map { ": \($0.prefix(80))" } ?? ""))
        }.1
    }

    /// Reads a standard, lets `change` apply a domain rule, and writes its row and versions back.
    private func changeStandard(_ id: StandardID, _ kind: String, by account: String?,
                                _ change: @escaping @Sendable (inout Standard) throws -> String) async throws -> WriteRecord {
        try await write(kind, subject: id.rawValue, by: account) { w in
            var s = try await w.standard(id)
            let summary = try change(&s)
            let row = StandardRow(s)
            try await w.sql.update("standards").set("status", to: SQLBind(row.status)).set("adopted_at", to: SQLBind(row.adoptedAt))
                .set("retired_at", to: SQLBind(row.retiredAt)).set("retirement_reason", to: SQLBind(row.retirementReason))
                .where("id", .equal, SQLBind(id.rawValue)).run()
            try await w.sql.delete(from: "standard_versions").where("standard", .equal, SQLBind(id.rawValue)).run()
            try await w.insert("standard_versions", s.versionRows)
            return ((), summary)
        }.1
    }
}

extension WriteContext {
    func knowledgeItem(_ id: KnowledgeItemID) async throws -> KnowledgeItem {
        guard let row = try await one("knowledge_items", where: "id", is: id.rawValue, as: KnowledgeItemRow.self) else {
            throw StoreError("there is no knowledge item \(id)")
        }
        return try row.domain(steps: try await all("knowledge_steps", where: "item", is: id.rawValue, orderBy: "position", as: KnowledgeStepRow.self),
                              uses: try await all("knowledge_uses", where: "item", is: id.rawValue, orderBy: "position", as: KnowledgeUseRow.self))
    }

    func standard(_ id: StandardID) async throws -> Standard {
        guard let row = try await one("standards", where: "id", is: id.rawValue, as: StandardRow.self) else { throw StoreError("there is no standard \(id)") }
        return try row.domain(versions: try await all("standard_versions", where: "standard", is: id.rawValue, orderBy: "number", as: StandardVersionRow.self),
                              applications: try await all("standard_applications", where: "standard", is: id.rawValue, orderBy: "position",
                                                          as: StandardApplicationRow.self))
    }

    /// What an item says it came from exists.
    /// A new item, checked (unique id, its unit and origin exist) and written with its steps, uses and source orders.
    func insertKnowledgeItem(_ item: KnowledgeItem) async throws {
        guard try await !exists("knowledge_items", item.id.rawValue) else { throw StoreError("knowledge item \(item.id) exists already") }
        guard try await exists("units", item.originUnit.rawValue) else {
            throw StoreError("knowledge item \(item.id) names unit \(item.originUnit), which does not exist")
        }
        try await checkOrigin(item)
        try await insert("knowledge_items", [KnowledgeItemRow(item)])
        try await insert("knowledge_steps", item.stepRows)
        try await insert("knowledge_uses", item.useRows)
        var reflectionOrders: [OrderID] = []
        if case .reflection(let r) = item.origin {
            reflectionOrders = try await all("reflection_orders", where: "reflection", is: r.rawValue, orderBy: "position",
                                             as: ReflectionOrderRow.self).map { OrderID($0.orderId) }
        }
        try await insert("knowledge_orders", KnowledgeOrderRow.rows(item: item.id.rawValue, orders: item.sourceOrders(reflectionOrders).map(\.rawValue)))
    }

    func checkOrigin(_ item: KnowledgeItem) async throws {
        let (table, ids): (String, [String]) = switch item.origin {
        case .reflection(let r): ("reflections", [r.rawValue])
        case .orders(let o): ("orders", o.map(\.rawValue))
        case .partner(let p): ("partners", [p.rawValue])
        case .failingStandard(let s): ("standards", [s.rawValue])
        }
        if let unknown = try await missing(table, ids).first {
            throw StoreError("knowledge item \(item.id) comes from \(unknown), which is not among the \(table.replacingOccurrences(of: "_", with: " "))")
        }
    }
}
