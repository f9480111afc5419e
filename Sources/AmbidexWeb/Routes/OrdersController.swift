import AmbidexCore
import AmbidexStore
import Foundation
import Vapor

/// The office's orders: a list with filters and cursor paging, as a page
/// (`/orders`) and as JSON (`/api/v1/orders`). A page reads its rows through
/// an index, so it costs the same at 5,000 orders as at a million.
enum OrdersController {
    static func register(on routes: any RoutesBuilder, store: Store, office: @escaping @Sendable () async -> String) {
        routes.get("api", "v1", "orders") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let (filter, cursor, limit) = try parse(try query(req))
            let page = try await store.orders(filter, after: cursor, limit: limit)
            return try APIController.json(OrderPage(orders: page.orders.map(OrderJSON.init), next: page.next?.token))
        }
        routes.get("orders") { req async throws -> Response in
            let s = try req.requireOffice()
            let query = try query(req)
            do {
                let (filter, cursor, limit) = try parse(query)
                let page = try await store.orders(filter, after: cursor, limit: limit)
                return DashboardController.html(OrdersView.render(office: await office(), session: s, query: query, orders: page.orders,
                                                                  next: page.next.map { query.link(after: $0) }, problem: nil))
            } catch let e as FieldError {
                return DashboardController.html(OrdersView.render(office: await office(), session: s, query: query, orders: [], next: nil,
                                                                  problem: e.reason), status: .badRequest)
            }
        }
    }

    static func query(_ req: Request) throws -> OrderQuery {
        do { return try req.query.decode(OrderQuery.self) } catch { throw FieldError(field: "query", reason: "the query string cannot be read: \(error)") }
    }

    /// What the query string asks for; every refusal names its field.
    static func parse(_ q: OrderQuery) throws -> (OrderFilter, OrderCursor?, Int) {
        var f = OrderFilter()
        if let s = q.strategy.nonEmpty {
            guard let strategy = DeliveryStrategy(rawValue: s.lowercased()) else {
                throw FieldError(field: "strategy", reason: "strategy must be one of \(DeliveryStrategy.allCases.map(\.rawValue).joined(separator: ", ")), not '\(s.prefix(40))'")
            }
            f.strategy = strategy
        }
        if let p = q.partner.nonEmpty { f.partner = PartnerID(rawValue: String(p.prefix(200))) }
        if let u = q.unit.nonEmpty { f.unit = UnitID(rawValue: String(u.prefix(200))) }
        if let s = q.status.nonEmpty {
            guard let status = OrderFilter.Status(rawValue: s) else { throw FieldError(field: "status", reason: "status must be open or closed, not '\(s.prefix(40))'") }
            f.status = status
        }
        if let p = q.priority.nonEmpty {
            guard let n = Int(p), let priority = Priority(rawValue: n) else {
                throw FieldError(field: "priority", reason: "priority must be a whole number from 1 (most urgent) to 5, not '\(p.prefix(40))'")
            }
            f.priority = priority
        }
        f.from = try day(q.from, field: "from")
        // "to" names the last day shown: orders received before the next midnight.
        f.to = try day(q.to, field: "to").map { $0.addingTimeInterval(86_400) }
        if let from = f.from, let to = f.to, from >= to { throw FieldError(field: "to", reason: "to must not be before from") }
        var cursor: OrderCursor?
        if let a = q.after.nonEmpty {
            guard let c = OrderCursor(token: a) else { throw FieldError(field: "after", reason: "after must be the next cursor of a previous page") }
            cursor = c
        }
        let limit = q.limit ?? 50
        guard Store.orderPageLimit.contains(limit) else {
            throw FieldError(field: "limit", reason: "limit must be between \(Store.orderPageLimit.lowerBound) and \(Store.orderPageLimit.upperBound), not \(limit)")
        }
        return (f, cursor, limit)
    }

    static func day(_ text: String?, field: String) throws -> Date? {
        guard let text = text.nonEmpty else { return nil }
        guard text.utf8.count == 10, let date = try? Date(text + "T00:00:00Z", strategy: .iso8601) else {
            throw FieldError(field: field, reason: "\(field) must be a day as YYYY-MM-DD, not '\(text.prefix(40))'")
        }
        // The parser rolls 2020-02-30 over to March 1st; a day that does not exist is refused.
        guard date.isoDay == text else { throw FieldError(field: field, reason: "\(field): there is no day \(text) in the calendar") }
        return date
    }

    struct OrderQuery: Content {
        var strategy: String?
        var partner: String?
        var unit: String?
        var status: String?
        var priority: String?
        var from: String?
        var to: String?
        var after: String?
        var limit: Int?

        /// This query's link to the page after `cursor`.
        func link(after cursor: OrderCursor) -> String {
            var parts = URLComponents()
            parts.path = "/orders"
            let pairs: [(String, String?)] = [("strategy", strategy), ("partner", partner), ("unit", unit), ("status", status),
                                              ("priority", priority), ("from", from), ("to", to), ("limit", limit.map(String.init)),
                                              ("after", cursor.token)]
            parts.queryItems = pairs.compactMap { k, v in v.nonEmpty.map { URLQueryItem(name: k, value: $0) } }
            return parts.string ?? "/orders"
        }
    }

    struct OrderPage: Encodable {
        var orders: [OrderJSON]
        /// Pass as `after` for the next page; absent on the last page.
        var next: String?
    }

    struct OrderJSON: Encodable {
        var id: String, customer: String, offering: String, strategy: String, priority: Int
        var received: String, due: String, closed: String?
        var leadTimeDays: Double?, onTime: Bool?, reworkCount: Int?, feedbackScore: Double?
        var customization: [String: String]

        init(_ o: Order) {
            id = o.id.rawValue
            customer = o.customer.rawValue
            offering = o.offering
            strategy = o.strategy.rawValue
            priority = o.priority.rawValue
            received = o.received.formatted(.iso8601)
            due = o.due.formatted(.iso8601)
            closed = o.closed?.formatted(.iso8601)
            leadTimeDays = o.outcome?.leadTimeDays
            onTime = o.outcome?.onTime
            reworkCount = o.outcome?.reworkCount
            feedbackScore = o.outcome?.feedbackScore
            customization = o.customization
        }
    }
}

extension Optional where Wrapped == String {
    /// The text if there is any: an empty field of a GET form means "no filter".
    var nonEmpty: String? {
        guard let self, !self.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return self.trimmingCharacters(in: .whitespaces)
    }
}
