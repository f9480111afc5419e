import AmbidexCore
import Foundation

struct KnowledgeItemRow: Codable, Sendable {
    var id: String
    var title: String
    var orientation: String
    var origin: String
    var originUnit: String
    var originRole: String
    var originStrategy: String?
    /// The stage reached last and when: derived from the steps, kept so the board finds a stage's items through an index.
    var stage: String?
    var stageDate: Double?

    init(_ k: KnowledgeItem) {
        id = k.id.rawValue
        title = k.title
        orientation = k.orientation.rawValue
        origin = JSONColumn.encode(k.origin)
        originUnit = k.originUnit.rawValue
        originRole = k.originRole.rawValue
        originStrategy = k.originStrategy?.rawValue
        stage = k.stage.rawValue
        stageDate = k.history.last?.date.storeValue
    }

    func domain(steps: [KnowledgeStepRow], uses: [KnowledgeUseRow]) throws -> KnowledgeItem {
        let row = "knowledge item \(id)"
        let history = try steps.sorted { $0.position < $1.position }.map {
            KnowledgeItem.Step(stage: try decodeEnum(AbsorptionStage.self, $0.stage, column: "stage", row: row), date: Date(storeValue: $0.date))
        }
        let domainUses = try uses.sorted { $0.position < $1.position }.map {
            KnowledgeItem.Use(unit: UnitID($0.unit), role: try decodeEnum(OfficeRole.self, $0.role, column: "role", row: row),
                              strategy: try $0.strategy.map { try decodeEnum(DeliveryStrategy.self, $0, column: "strategy", row: row) },
                              date: Date(storeValue: $0.date))
        }
        return try KnowledgeItem(
            id: KnowledgeItemID(id), title: title,
            orientation: decodeEnum(Orientation.self, orientation, column: "orientation", row: row),
            origin: JSONColumn.decode(KnowledgeItem.Origin.self, from: origin, column: "origin", row: row),
            originUnit: UnitID(originUnit),
            originRole: decodeEnum(OfficeRole.self, originRole, column: "origin_role", row: row),
            originStrategy: originStrategy.map { try decodeEnum(DeliveryStrategy.self, $0, column: "origin_strategy", row: row) },
            history: history, uses: domainUses)
    }
}

struct KnowledgeStepRow: Codable, Sendable {
    var item: String
    var position: Int
    var stage: String
    var date: Double
}

struct KnowledgeUseRow: Codable, Sendable {
    var item: String
    var position: Int
    var unit: String
    var role: String
    var strategy: String?
    var date: Double
}

extension KnowledgeItem {
    var stepRows: [KnowledgeStepRow] {
        history.enumerated().map { KnowledgeStepRow(item: id.rawValue, position: $0.offset, stage: $0.element.stage.rawValue, date: $0.element.date.storeValue) }
    }
    var useRows: [KnowledgeUseRow] {
        uses.enumerated().map {
            KnowledgeUseRow(item: id.rawValue, position: $0.offset, unit: $0.element.unit.rawValue, role: $0.element.role.rawValue,
                            strategy: $0.element.strategy?.rawValue, date: $0.element.date.storeValue)
        }
    }
}

/// An order a knowledge item came from: its origin's orders, or those of the
/// reflection it came from. Derived, kept so an order page finds the
/// knowledge of similar orders through an index.
struct KnowledgeOrderRow: Codable, Sendable {
    var item: String
    var orderId: String

    static func rows(item: String, orders: [String]) -> [KnowledgeOrderRow] {
        var seen = Set<String>()
        return orders.filter { seen.insert($0).inserted }.map { KnowledgeOrderRow(item: item, orderId: $0) }
    }

    /// The rows of every item of an office.
    static func rows(of office: LearningOffice) -> [KnowledgeOrderRow] {
        let wanted = Set(office.knowledgeItems.compactMap { item -> ReflectionID? in
            if case .reflection(let r) = item.origin { return r }
            return nil
        })
        var reflectionOrders: [ReflectionID: [OrderID]] = [:]
        for r in office.reflections where wanted.contains(r.id) { reflectionOrders[r.id] = r.orders }
        return office.knowledgeItems.flatMap { item in
            rows(item: item.id.rawValue, orders: item.sourceOrders(reflectionOrders[reflectionID(item)] ?? []).map(\.rawValue))
        }
    }

    private static func reflectionID(_ item: KnowledgeItem) -> ReflectionID {
        if case .reflection(let r) = item.origin { return r }
        return ReflectionID("")
    }
}

extension KnowledgeItem {
    /// The orders the item came from, given the orders of its origin reflection (if it has one).
    func sourceOrders(_ reflectionOrders: [OrderID]) -> [OrderID] {
        switch origin {
        case .orders(let o): o
        case .reflection: reflectionOrders
        case .partner, .failingStandard: []
        }
    }
}
