import AmbidexCore
import FluentKit
import Foundation
import SQLKit

/// Which orders a list shows: every filter optional, newest received first.
public struct OrderFilter: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable { case open, closed }

    public var strategy: DeliveryStrategy?
    public var partner: PartnerID?
    /// Orders a unit worked on (it has an event of theirs).
    public var unit: UnitID?
    public var status: Status?
    public var priority: Priority?
    /// Received on or after this instant.
    public var from: Date?
    /// Received before this instant.
    public var to: Date?

    public init(strategy: DeliveryStrategy? = nil, partner: PartnerID? = nil, unit: UnitID? = nil, status: Status? = nil,
                priority: Priority? = nil, from: Date? = nil, to: Date? = nil) {
        self.strategy = strategy
        self.partner = partner
        self.unit = unit
        self.status = status
        self.priority = priority
        self.from = from
        self.to = to
    }

    /// Whether `order` passes, as the store's query decides it (tests compare the two).
    public func admits(_ order: Order, units: Set<UnitID>) -> Bool {
        (strategy == nil || order.strategy == strategy) && (partner == nil || order.customer == partner)
            && (unit == nil || units.contains(unit!)) && (priority == nil || order.priority == priority)
            && (status == nil || (status == .open) == (order.closed == nil))
            && (from == nil || order.received >= from!) && (to == nil || order.received < to!)
    }
}

/// Where a page of orders ends: the next page starts after it. Opaque to its
/// users; it holds the last order's receipt time and id, the list's sort keys.
public struct OrderCursor: Sendable, Equatable {
    let received: Double
    let id: String

    public var token: String {
        Data("\(received)|\(id)".utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public init?(token: String) {
        var b64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        b64 += String(repeating: "=", count: (4 - b64.count % 4) % 4)
        guard token.utf8.count <= 400, let data = Data(base64Encoded: b64), let text = String(data: data, encoding: .utf8),
              let bar = text.firstIndex(of: "|"), let received = Double(text[..<bar]), received.isFinite else { return nil }
        self.received = received
        id = String(text[text.index(after: bar)...])
    }

    init(received: Double, id: String) {
        self.received = received
        self.id = id
    }
}

extension Store {
    public static let orderPageLimit = 1...500

    /// One page of the orders that pass `filter`, newest received first, and
    /// the cursor of the next page if there is one. Reads the page's rows
    /// through an index (keyset paging), however many orders the office holds.
    public func orders(_ filter: OrderFilter, after cursor: OrderCursor? = nil, limit: Int = 50) async throws -> (orders: [Order], next: OrderCursor?) {
        let limit = min(max(limit, Self.orderPageLimit.lowerBound), Self.orderPageLimit.upperBound)
        do {
            var q = try sql.select().column("*").from("orders")
            if let s = filter.strategy { q = q.where("strategy", .equal, SQLBind(s.rawValue)) }
            if let p = filter.partner { q = q.where("customer", .equal, SQLBind(p.rawValue)) }
            if let p = filter.priority { q = q.where("priority", .equal, SQLBind(p.rawValue)) }
            switch filter.status {
            case .open: q = q.where("closed", .is, SQLLiteral.null)
            case .closed: q = q.where("closed", .isNot, SQLLiteral.null)
            case nil: break
            }
            if let from = filter.from { q = q.where("received", .greaterThanOrEqual, SQLBind(from.storeValue)) }
            if let to = filter.to { q = q.where("received", .lessThan, SQLBind(to.storeValue)) }
            if let unit = filter.unit {
                let worked: SQLQueryString = "EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = orders.id AND e.unit = \(bind: unit.rawValue))"
                q = q.where(worked)
            }
            if let c = cursor {
                q = q.where(group: { $0.where("received", .lessThan, SQLBind(c.received))
                    .orWhere(group: { $0.where("received", .equal, SQLBind(c.received)).where("id", .lessThan, SQLBind(c.id)) }) })
            }
            let rows = try await q.orderBy("received", .descending).orderBy("id", .descending).limit(limit + 1)
                .all(decoding: OrderRow.self, with: Self.rowDecoder)
            let page = Array(rows.prefix(limit))
            let next = rows.count > limit ? page.last.map { OrderCursor(received: $0.received, id: $0.id) } : nil
            return (try page.map { try $0.domain() }, next)
        } catch let e as StoreError { throw e } catch { throw explain(error) }
    }
}
