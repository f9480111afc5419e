import AmbidexCore
import FluentKit
import Foundation
import SQLKit

/// Which knowledge items the board shows.
public struct KnowledgeFilter: Sendable, Equatable {
    /// The strategy whose orders it came from.
    public var strategy: DeliveryStrategy?
    public var orientation: Orientation?
    /// Only the items stuck at their stage.
    public var stuck: Bool

    public init(strategy: DeliveryStrategy? = nil, orientation: Orientation? = nil, stuck: Bool = false) {
        self.strategy = strategy
        self.orientation = orientation
        self.stuck = stuck
    }
}

/// The knowledge pipeline by absorption stage: how many items each stage
/// holds, how many of them are stuck, and the first of them — those waiting
/// longest at a stage items pass through, the latest at a final one.
public struct KnowledgeBoard: Sendable {
    public struct Column: Sendable {
        public var stage: AbsorptionStage
        public var count: Int
        public var stuck: Int
        public var items: [(item: KnowledgeItem, orders: [OrderID])]
    }

    public var asOf: Date
    public var columns: [Column]
}

extension Store {
    /// The board as of `asOf` (the office's own present), at most `perStage` items a stage, read through the stage index.
    public func knowledgeBoard(_ filter: KnowledgeFilter, asOf: Date, perStage: Int = 25) async throws -> KnowledgeBoard {
        do {
            var conditions: [String] = [], binds: [StoreBind] = []
            if let s = filter.strategy { conditions.append("origin_strategy = ?"); binds.append(.text(s.rawValue)) }
            if let o = filter.orientation { conditions.append("orientation = ?"); binds.append(.text(o.rawValue)) }
            var stuckTerms: [String] = [], dateBinds: [StoreBind] = []
            for stage in AbsorptionStage.allCases {
                guard let days = stage.stuckAfterDays else { continue }
                stuckTerms.append("(stage = ? AND stage_date < ?)")
                dateBinds += [.text(stage.rawValue), .real(asOf.adding(days: -Double(days)).storeValue)]
            }
            let stuckSQL = "(" + stuckTerms.joined(separator: " OR ") + ")"
            let whereSQL = (conditions + (filter.stuck ? [stuckSQL] : [])).joined(separator: " AND ")
            let whereBinds = binds + (filter.stuck ? dateBinds : [])
            let counts = try await rows(StageCount.self, """
                SELECT stage, count(*) AS n, sum(CASE WHEN \(stuckSQL) THEN 1 ELSE 0 END) AS stuck FROM knowledge_items
                \(whereSQL.isEmpty ? "" : "WHERE " + whereSQL) GROUP BY stage
                """, dateBinds + whereBinds, table: "knowledge_items")
            var idsByStage: [(AbsorptionStage, [String])] = []
            for stage in AbsorptionStage.allCases {
                let order = stage.isTerminal ? "DESC" : "ASC"
                let conditionSQL = (["stage = ?"] + (whereSQL.isEmpty ? [] : [whereSQL])).joined(separator: " AND ")
                idsByStage.append((stage, try await rows(KnowledgeID.self, "SELECT id FROM knowledge_items WHERE \(conditionSQL) ORDER BY stage_date \(order), id LIMIT \(max(0, perStage))",
                                                         [.text(stage.rawValue)] + whereBinds, table: "knowledge_items").map(\.id)))
            }
            // Every column's items in one read, not one per column.
            let loaded = Dictionary(uniqueKeysWithValues: try await knowledgeItems(idsByStage.flatMap(\.1)).map { ($0.item.id.rawValue, $0) })
            let columns = idsByStage.map { stage, ids in
                let count = counts.first { $0.stage == stage.rawValue }
                return KnowledgeBoard.Column(stage: stage, count: count?.n ?? 0, stuck: count?.stuck ?? 0, items: ids.compactMap { loaded[$0] })
            }
            return KnowledgeBoard(asOf: asOf, columns: columns)
        } catch let e as StoreError { throw e } catch let e as DomainError {
            throw StoreError("the store holds data that breaks a rule: \(e)")
        } catch { throw explain(error) }
    }
}

private struct StageCount: Decodable, Sendable {
    var stage: String?
    var n: Int
    var stuck: Int?
}

private struct KnowledgeID: Decodable, Sendable {
    var id: String
}

extension Store {
    /// The board with one item at the head of its stage's column (the one just moved), read if the column did not show it.
    public func pinning(_ id: KnowledgeItemID, on board: KnowledgeBoard) async throws -> KnowledgeBoard {
        guard let found = try await knowledgeItems([id.rawValue]).first else { return board }
        var board = board
        guard let c = board.columns.firstIndex(where: { $0.stage == found.item.stage }) else { return board }
        board.columns[c].items.removeAll { $0.item.id == id }
        board.columns[c].items.insert(found, at: 0)
        return board
    }
}
