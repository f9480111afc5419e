import AmbidexCore
import Foundation
import SQLKit

/// A standard in the registry's list: its counts read by the database, not by loading its applications.
public struct StandardSummary: Sendable {
    public var standard: Standard
    public var applications: Int
    public var checked: Int
    public var deviations: Int
}

/// One standard's page: every version, where it came from, the orders that
/// applied each version and the latest deviations, and its history.
public struct StandardPage: Sendable {
    public struct VersionUse: Sendable {
        public var version: Int
        public var applications: Int
        public var checked: Int
        public var deviations: Int
    }
    public struct Deviation: Sendable {
        public var application: Standard.Application
        public var version: Int
        public var order: Order?
    }

    public var standard: Standard
    public var provenance: [(item: KnowledgeItem, orders: [OrderID])]
    public var uses: [VersionUse]
    /// The newest applications (at most `StandardPage.listLimit`).
    public var latest: [(application: Standard.Application, version: Int)]
    /// The newest deviations (at most `StandardPage.listLimit`).
    public var deviations: [Deviation]
    /// Knowledge items opened from this standard's failures.
    public var explorations: [KnowledgeItem]
    public var history: [WriteRecord]

    public static let listLimit = 50
}

extension Store {
    /// One knowledge item, or nil.
    public func knowledgeItem(_ id: KnowledgeItemID) async throws -> KnowledgeItem? {
        try await knowledgeItems([id.rawValue]).first?.item
    }

    public func standardSummaries() async throws -> [StandardSummary] {
        let counts = try await rows(StandardCountRow.self, """
            SELECT standard, COUNT(*) AS n, SUM(CASE WHEN automatic THEN 0 ELSE 1 END) AS checked, SUM(CASE WHEN deviated THEN 1 ELSE 0 END) AS deviated
            FROM standard_applications GROUP BY standard
            """, [], table: "standard_applications")
        let byID = Dictionary(uniqueKeysWithValues: counts.map { ($0.standard, $0) })
        return try await standards().map { s in
            let c = byID[s.id.rawValue]
            return StandardSummary(standard: s, applications: c?.n ?? 0, checked: c?.checked ?? 0, deviations: c?.deviated ?? 0)
        }
    }

    public func standardPage(_ id: StandardID) async throws -> StandardPage? {
        let bind: [StoreBind] = [.text(id.rawValue)]
        guard let row = try await rows(StandardRow.self, "SELECT * FROM standards WHERE id = ?", bind, table: "standards").first else { return nil }
        let versions = try await rows(StandardVersionRow.self, "SELECT * FROM standard_versions WHERE standard = ? ORDER BY number", bind, table: "standard_versions")
        let standard = try row.domain(versions: versions, applications: [])
        // Each version's applications, counted through the (standard, date) index.
        var uses: [StandardPage.VersionUse] = []
        for (k, v) in standard.versions.enumerated() {
            let from = k == 0 ? -Double.greatestFiniteMagnitude : v.date.storeValue
            let to = k + 1 < standard.versions.count ? standard.versions[k + 1].date.storeValue : Double.greatestFiniteMagnitude
            let c = try await rows(StandardCountRow.self, """
                SELECT standard, COUNT(*) AS n, SUM(CASE WHEN automatic THEN 0 ELSE 1 END) AS checked, SUM(CASE WHEN deviated THEN 1 ELSE 0 END) AS deviated
                FROM standard_applications WHERE standard = ? AND date >= ? AND date < ? GROUP BY standard
                """, bind + [.real(from), .real(to)], table: "standard_applications").first
            uses.append(.init(version: v.number, applications: c?.n ?? 0, checked: c?.checked ?? 0, deviations: c?.deviated ?? 0))
        }
        let latest = try await rows(StandardApplicationRow.self, "SELECT * FROM standard_applications WHERE standard = ? ORDER BY date DESC, position DESC LIMIT \(StandardPage.listLimit)",
                                    bind, table: "standard_applications").map { ($0.domain(), standard.version(at: Date(storeValue: $0.date))) }
        let deviated = try await rows(StandardApplicationRow.self, """
            SELECT * FROM standard_applications WHERE standard = ? AND deviated ORDER BY date DESC, position DESC LIMIT \(StandardPage.listLimit)
            """, bind, table: "standard_applications")
        let orderIDs = Array(Set(deviated.map(\.orderId)))
        var orders: [String: Order] = [:]
        if !orderIDs.isEmpty {
            for o in try await rows(OrderRow.self, "SELECT * FROM orders WHERE id IN (\(marks(orderIDs)))", orderIDs.map { .text($0) }, table: "orders") {
                orders[o.id] = try o.domain()
            }
        }
        let deviations = deviated.map { StandardPage.Deviation(application: $0.domain(), version: standard.version(at: Date(storeValue: $0.date)), order: orders[$0.orderId]) }
        let provenance = try await knowledgeItems(standard.provenance.map(\.rawValue))
        // The origin is kept as JSON; the pattern narrows, the decoded origin decides.
        let exploring = try await rows(KnowledgeItemRow.self, "SELECT * FROM knowledge_items WHERE origin LIKE ?", [.text("%failingStandard%")], table: "knowledge_items")
            .filter { $0.origin.contains("\"\(id.rawValue)\"") }.map(\.id)
        let explorations = try await knowledgeItems(exploring).map(\.item).filter { if case .failingStandard(let s) = $0.origin { s == id } else { false } }
        return StandardPage(standard: standard, provenance: provenance, uses: uses, latest: latest, deviations: deviations,
                            explorations: explorations, history: try await history(of: id.rawValue))
    }
}

struct StandardCountRow: Codable, Sendable {
    var standard: String
    var n: Int
    var checked: Int
    var deviated: Int
}
