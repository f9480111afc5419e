import AmbidexCore
import Foundation
import SQLKit

/// Orders come in, their work is recorded as it happens, and they close.
extension Store {
    /// A new order with the events recorded so far.
    @discardableResult
    public func addOrder(_ order: Order, events: [OrderEvent] = [], by account: String? = nil) async throws -> WriteRecord {
        try await write("order.add", subject: order.id.rawValue, by: account) { w in
            guard try await !w.exists("orders", order.id.rawValue) else { throw StoreError("order \(order.id) exists already") }
            guard try await w.exists("partners", order.customer.rawValue) else {
                throw StoreError("order \(order.id) names customer \(order.customer), which is not a partner")
            }
            try await w.checkEvents(events, of: order)
            try await w.insert("orders", [OrderRow(order)])
            try await w.insert("order_events", events.enumerated().map { OrderEventRow($0.element, seq: $0.offset) })
            return ((), "order \(order.id) (\(order.strategy.code), \(order.offering)) received with \(events.count) event\(events.count == 1 ? "" : "s")")
        }.1
    }

    /// Work done on an open or closed order, after what is recorded.
    @discardableResult
    public func appendEvents(_ events: [OrderEvent], to id: OrderID, by account: String? = nil) async throws -> WriteRecord {
        try await write("order.events", subject: id.rawValue, by: account) { w in
            guard let order = try await w.one("orders", where: "id", is: id.rawValue, as: OrderRow.self)?.domain() else {
                throw StoreError("there is no order \(id)")
            }
            guard !events.isEmpty else { throw StoreError("order \(id): no events to append") }
            try await w.checkEvents(events, of: order)
            let next = try await w.sql.select().column(SQLFunction("MAX", args: SQLColumn("seq")), as: "m").from("order_events")
                .where("order_id", .equal, SQLBind(id.rawValue)).first(decodingColumn: "m", as: Int?.self) ?? nil
            let start = (next ?? -1) + 1
            try await w.insert("order_events", events.enumerated().map { OrderEventRow($0.element, seq: start + $0.offset) })
            return ((), "\(events.count) event\(events.count == 1 ? "" : "s") on order \(id): " + events.map(\.activity).prefix(3).joined(separator: ", "))
        }.1
    }

    /// Closes an order: lead time and on-time follow from its dates (the domain's rule).
    @discardableResult
    public func closeOrder(_ id: OrderID, at date: Date, reworkCount: Int, feedbackScore: Double?, by account: String? = nil) async throws -> WriteRecord {
        try await write("order.close", subject: id.rawValue, by: account) { w in
            guard var order = try await w.one("orders", where: "id", is: id.rawValue, as: OrderRow.self)?.domain() else {
                throw StoreError("there is no order \(id)")
            }
            try order.close(at: date, reworkCount: reworkCount, feedbackScore: feedbackScore)
            let row = OrderRow(order)
            try await w.sql.update("orders").set("closed", to: SQLBind(row.closed)).set("lead_time_days", to: SQLBind(row.leadTimeDays))
                .set("on_time", to: SQLBind(row.onTime)).set("rework_count", to: SQLBind(row.reworkCount))
                .set("feedback_score", to: SQLBind(row.feedbackScore)).where("id", .equal, SQLBind(id.rawValue)).run()
            let outcome = order.outcome!
            return ((), String(format: "order %@ closed: %.1f days, %@, %d rework", id.rawValue, outcome.leadTimeDays,
                               outcome.onTime ? "on time" : "late", outcome.reworkCount))
        }.1
    }
}

extension WriteContext {
    /// Events belong to the order, name units that exist, and do not predate it.
    func checkEvents(_ events: [OrderEvent], of order: Order) async throws {
        for e in events {
            guard e.order == order.id else { throw StoreError("an event names order \(e.order), not \(order.id)") }
            guard e.timestamp >= order.received else {
                throw StoreError("order \(order.id): the event '\(e.activity)' is dated before the order was received")
            }
            guard !e.activity.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError("order \(order.id): an event has no activity") }
        }
        if let unknown = try await missing("units", Array(Set(events.map(\.unit.rawValue))).sorted()).first {
            throw StoreError("order \(order.id): an event names unit \(unknown), which does not exist")
        }
    }
}
