import AmbidexCore
import Foundation

struct ReflectionRow: Codable, Sendable {
    var id: String
    var mode: String
    var trigger: String
    var actionLevel: String
    var logic: String
    var date: Double
    var summary: String
    var units: String
    var partners: String
    var phase: String?

    /// Its columns, named: on PostgreSQL the table also holds the summary's text search vector, which no read needs.
    static let columns = #""id", "mode", "trigger", "action_level", "logic", "date", "summary", "units", "partners", "phase""#

    init(_ r: Reflection) {
        id = r.id.rawValue
        mode = r.mode.rawValue
        trigger = r.trigger.rawValue
        actionLevel = r.actionLevel.rawValue
        logic = r.logic.rawValue
        date = r.date.storeValue
        summary = r.summary
        units = JSONColumn.encode(r.units.map(\.rawValue).sorted())
        partners = JSONColumn.encode(r.partners.map(\.rawValue).sorted())
        phase = r.phase?.rawValue
    }

    func domain(orders: [OrderID]) throws -> Reflection {
        let row = "reflection \(id)"
        return try Reflection(
            id: ReflectionID(id),
            mode: decodeEnum(Reflection.Mode.self, mode, column: "mode", row: row),
            trigger: decodeEnum(Trigger.self, trigger, column: "trigger", row: row),
            actionLevel: decodeEnum(ActionLevel.self, actionLevel, column: "action_level", row: row),
            logic: decodeEnum(LearningLogic.self, logic, column: "logic", row: row),
            date: Date(storeValue: date), summary: summary,
            units: Set(JSONColumn.decode([String].self, from: units, column: "units", row: row).map { UnitID(rawValue: $0) }),
            partners: Set(JSONColumn.decode([String].self, from: partners, column: "partners", row: row).map { PartnerID(rawValue: $0) }),
            orders: orders, phase: phase.map(Stage.init(rawValue:)))
    }
}

struct ReflectionOrderRow: Codable, Sendable {
    var reflection: String
    var orderId: String
    var position: Int
}

struct LearningActivityRow: Codable, Sendable {
    var id: String
    var kind: String
    var trigger: String
    var date: Double
    var strategy: String?
    var units: String
    var partners: String
    var orders: String
    var knowledgeItems: String
    var standards: String
    var reason: String
    var status: String
    var note: String?

    init(_ a: LearningActivity) {
        id = a.id.rawValue
        kind = a.kind.rawValue
        trigger = a.trigger.rawValue
        date = a.date.storeValue
        strategy = a.strategy?.rawValue
        units = JSONColumn.encode(a.units.map(\.rawValue).sorted())
        partners = JSONColumn.encode(a.partners.map(\.rawValue).sorted())
        orders = JSONColumn.encode(a.orders.map(\.rawValue))
        knowledgeItems = JSONColumn.encode(a.knowledgeItems.map(\.rawValue))
        standards = JSONColumn.encode(a.standards.map(\.rawValue))
        reason = a.reason
        status = a.status.rawValue
        note = a.note
    }

    func domain() throws -> LearningActivity {
        let row = "learning activity \(id)"
        func ids(_ text: String, _ column: String) throws -> [String] {
            try JSONColumn.decode([String].self, from: text, column: column, row: row)
        }
        return try LearningActivity(
            id: LearningActivityID(id),
            kind: decodeEnum(LearningActivity.Kind.self, kind, column: "kind", row: row),
            trigger: decodeEnum(Trigger.self, trigger, column: "trigger", row: row),
            date: Date(storeValue: date),
            strategy: strategy.map { try decodeEnum(DeliveryStrategy.self, $0, column: "strategy", row: row) },
            units: Set(ids(units, "units").map { UnitID(rawValue: $0) }),
            partners: Set(ids(partners, "partners").map { PartnerID(rawValue: $0) }),
            orders: ids(orders, "orders").map { OrderID(rawValue: $0) },
            knowledgeItems: ids(knowledgeItems, "knowledge_items").map { KnowledgeItemID(rawValue: $0) },
            standards: ids(standards, "standards").map { StandardID(rawValue: $0) },
            reason: reason,
            status: decodeEnum(LearningActivity.Status.self, status, column: "status", row: row),
            note: note)
    }
}
