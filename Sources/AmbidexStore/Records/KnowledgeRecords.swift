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

    init(_ k: KnowledgeItem) {
        id = k.id.rawValue
        title = k.title
        orientation = k.orientation.rawValue
        origin = JSONColumn.encode(k.origin)
        originUnit = k.originUnit.rawValue
        originRole = k.originRole.rawValue
        originStrategy = k.originStrategy?.rawValue
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
