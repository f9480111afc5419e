import AmbidexCore
import Foundation
import SQLKit

/// Everything a retrospective's board shows beside the cards: the orders it
/// looks at (the most recently closed, at most `RetrospectiveScope.orderLimit`),
/// their evidence and timeline, and the previous retrospective of the same scope
/// with its action items, reviewed first.
public struct RetrospectivePage: Sendable {
    public var board: RetrospectiveBoard
    public var orders: [Order]
    /// How many orders the scope holds; more than `orders.count` when it was cut to the newest.
    public var scopeTotal: Int
    public var evidence: ScopeEvidence
    public var timeline: ScopeTimeline
    public var previous: RetrospectiveBoard?
    public var units: [AmbidexCore.Unit]
    /// Each unit's role on the scope's orders: front office where it had customer contact on any of them.
    public var roles: [UnitID: OfficeRole]
}

/// What a board shows of its orders: they change only with the office, so a
/// process keeps the last few, each under the office version it was read at, and
/// reads them again as soon as the store's version moves on.
public struct ScopeView: Sendable {
    public var orders: [Order]
    public var total: Int
    public var evidence: ScopeEvidence
    public var timeline: ScopeTimeline
    public var roles: [UnitID: OfficeRole]
}

public actor ScopeViewCache {
    private var entries: [String: (version: Int64, view: ScopeView, used: Int)] = [:]
    private var clock = 0
    let capacity: Int

    public init(capacity: Int = 32) { self.capacity = capacity }

    func get(_ key: String, version: Int64) -> ScopeView? {
        guard let e = entries[key], e.version == version else { return nil }
        clock += 1
        entries[key]?.used = clock
        return e.view
    }

    func put(_ key: String, version: Int64, _ view: ScopeView) {
        clock += 1
        entries[key] = (version, view, clock)
        if entries.count > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key { entries[oldest] = nil }
    }
}

extension Store {
    public func retrospectivePage(_ id: RetrospectiveID, cache: ScopeViewCache? = nil) async throws -> RetrospectivePage? {
        guard let board = try await retrospectiveBoard(id) else { return nil }
        let r = board.retrospective
        let view = try await scopeView(r.scope, cache: cache)
        let previousRow = try await rows(RetrospectiveRow.self,
                                         "SELECT * FROM retrospectives WHERE scope_key = ? AND created_at < ? AND id <> ? ORDER BY created_at DESC LIMIT 1",
                                         [.text(r.scope.key), .real(r.created.storeValue), .text(r.id.rawValue)], table: "retrospectives").first
        let previous = try await previousRow.asyncMap { try await retrospectiveBoard(RetrospectiveID($0.id)) } ?? nil
        let units = try await reference().units
        return RetrospectivePage(board: board, orders: view.orders, scopeTotal: view.total, evidence: view.evidence,
                                 timeline: view.timeline, previous: previous, units: units, roles: view.roles)
    }

    /// The scope's orders with their evidence and timeline, from `cache` when the office has not changed since.
    public func scopeView(_ scope: RetrospectiveScope, cache: ScopeViewCache? = nil) async throws -> ScopeView {
        let key = "\(scope.key)|\(scope.from?.storeValue ?? 0)|\(scope.to?.storeValue ?? 0)|\(scope.orders.map(\.rawValue).joined(separator: ","))"
        let version = try await officeVersion()
        if let cache, let hit = await cache.get(key, version: version) { return hit }
        let (orders, total) = try await scopeOrders(scope)
        let ids = orders.map(\.id.rawValue)
        var events: [OrderEvent] = []
        var applications: [(order: OrderID, deviated: Bool)] = []
        for chunk in ids.chunked(500) {
            events += try await rows(OrderEventRow.self, "SELECT * FROM order_events WHERE order_id IN (\(marks(chunk)))", chunk.map { .text($0) },
                                     table: "order_events").map { $0.domain() }
            applications += try await rows(StandardApplicationRow.self, "SELECT * FROM standard_applications WHERE order_id IN (\(marks(chunk)))",
                                           chunk.map { .text($0) }, table: "standard_applications").map { (OrderID($0.orderId), $0.deviated) }
        }
        var roles: [UnitID: OfficeRole] = [:]
        for e in events where roles[e.unit] != .front { roles[e.unit] = e.customerContact ? .front : .back }
        let view = ScopeView(orders: orders, total: total, evidence: ScopeEvidence(orders: orders, applications: applications),
                             timeline: ScopeTimeline(orders: orders, events: events), roles: roles)
        // Kept under the version read before the orders: a write in between makes it stale at once, never wrong for long.
        await cache?.put(key, version: version, view)
        return view
    }

    /// The scope's orders, most recently closed first, and how many there are in all.
    public func scopeOrders(_ scope: RetrospectiveScope, limit: Int = RetrospectiveScope.orderLimit) async throws -> (orders: [Order], total: Int) {
        if !scope.orders.isEmpty {
            let ids = Array(Set(scope.orders.map(\.rawValue)))
            var out: [Order] = []
            for chunk in ids.chunked(500) {
                out += try await rows(OrderRow.self, "SELECT * FROM orders WHERE id IN (\(marks(chunk)))", chunk.map { .text($0) }, table: "orders").map { try $0.domain() }
            }
            out.sort { ($0.closed ?? .distantFuture, $0.id) > ($1.closed ?? .distantFuture, $1.id) }
            return (Array(out.prefix(limit)), out.count)
        }
        var conditions = ["closed IS NOT NULL"]
        var binds: [StoreBind] = []
        if let s = scope.strategy { conditions.append("strategy = ?"); binds.append(.text(s.rawValue)) }
        if let p = scope.partner { conditions.append("customer = ?"); binds.append(.text(p.rawValue)) }
        if let f = scope.from { conditions.append("closed >= ?"); binds.append(.real(f.storeValue)) }
        if let t = scope.to { conditions.append("closed < ?"); binds.append(.real(t.storeValue)) }
        if let u = scope.unit {
            conditions.append("EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = orders.id AND e.unit = ?)")
            binds.append(.text(u.rawValue))
        }
        let whereClause = conditions.joined(separator: " AND ")
        let orders = try await rows(OrderRow.self, "SELECT * FROM orders WHERE \(whereClause) ORDER BY closed DESC, id DESC LIMIT \(max(1, limit))", binds,
                                    table: "orders").map { try $0.domain() }
        let total = orders.count < limit ? orders.count
            : (try await rows(CountOnlyRow.self, "SELECT COUNT(*) AS n FROM orders WHERE \(whereClause)", binds, table: "orders").first?.n ?? orders.count)
        return (orders, total)
    }
}

struct CountOnlyRow: Codable, Sendable {
    var n: Int
}

extension Optional {
    func asyncMap<U>(_ transform: (Wrapped) async throws -> U) async rethrows -> U? {
        switch self {
        case .some(let w): try await transform(w)
        case .none: nil
        }
    }
}
