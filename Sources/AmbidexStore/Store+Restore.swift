import AmbidexCore
import Foundation
import SQLKit

extension Store {
    /// Writes `office` into a store that holds none yet (an export brought
    /// back). Emptiness is checked inside the write's transaction, after the
    /// version row is taken, so a writer that comes in between cannot have its
    /// data replaced; a store that holds anything is refused with what it
    /// holds, and nothing is written. Returns the office's version that holds it.
    @discardableResult
    public func restore(_ office: LearningOffice, progress: (@Sendable (Double) -> Void)? = nil) async throws -> Int64 {
        try office.validate()
        let summary = "the office restored from an export: \(office.orders.count) orders, \(office.reflections.count) reflections"
        let place = "\(configuration)"
        return try await bulkWrite("office.restore", subject: office.name, clearing: Self.tablesInDeleteOrder, progress: progress) { sql in
            let held = try await Self.counts(on: sql)
            guard held == StoreCounts() else {
                throw StoreError("an export restores a whole office, and only into an empty store: \(place) already holds \(held.orders) orders, "
                    + "\(held.units) units, \(held.partners) partners, \(held.reflections) reflections, \(held.knowledgeItems) knowledge items, "
                    + "\(held.standards) standards and \(held.activities) learning activities; nothing was written")
            }
            return BulkPlan(tables: BulkTable.tables(of: office), summary: summary)
        } landing: { sql, version in try await Self.resetReplanBaseline(sql, at: version) }!
    }

    static func counts(on sql: any SQLDatabase) async throws -> StoreCounts {
        func count(_ table: String) async throws -> Int {
            try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(table)
                .first(decodingColumn: "n", as: Int.self) ?? 0
        }
        return StoreCounts(units: try await count("units"), partners: try await count("partners"),
                           orders: try await count("orders"), events: try await count("order_events"),
                           reflections: try await count("reflections"), knowledgeItems: try await count("knowledge_items"),
                           standards: try await count("standards"), activities: try await count("learning_activities"))
    }
}
