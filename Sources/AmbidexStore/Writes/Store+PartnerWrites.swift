import AmbidexCore
import Foundation
import SQLKit

/// What a customer or supplier records in the office: feedback on its own
/// delivered orders, and suggestions that enter the knowledge pipeline.
extension Store {
    /// The partner rates one of its own delivered orders (1–5) and may say why.
    /// The score becomes the order's feedback, which the evidence and the
    /// cadence policy read (a low score calls for an after-action review); the
    /// words become a reflection on action with the partner as participant, so
    /// the office reads them on the order. The latest rating counts; each stays
    /// in the order's history.
    @discardableResult
    public func recordPartnerFeedback(order id: OrderID, partner: PartnerID, score: Int, comment: String?, at date: Date,
                                      by account: String? = nil) async throws -> WriteRecord {
        guard (1...5).contains(score) else { throw StoreError("feedback is a score from 1 to 5, not \(score)") }
        return try await write("order.feedback", subject: id.rawValue, by: account) { w in
            // Someone else's order is answered as if it did not exist: a partner learns nothing of other partners.
            guard let row = try await w.one("orders", where: "id", is: id.rawValue, as: OrderRow.self), row.customer == partner.rawValue else {
                throw PartnerRefusal(kind: .notFound, reason: "there is no order \(id.rawValue.prefix(60)) among your orders")
            }
            let order = try row.domain()
            guard let closed = order.closed else {
                throw PartnerRefusal(kind: .conflict, reason: "order \(id) is not delivered yet: feedback comes once it is")
            }
            try await w.sql.update("orders").set("feedback_score", to: SQLBind(Double(score))).where("id", .equal, SQLBind(id.rawValue)).run()
            let words = comment?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let r = try Reflection(id: ReflectionID("R-fb-" + Self.shortID()), mode: .onAction, trigger: .sporadic, actionLevel: .reflection,
                                   logic: .developmental, date: max(date, closed), summary: "Customer feedback, \(score) of 5" + (words.isEmpty ? "" : ": \(words)"),
                                   units: [], partners: [partner], orders: [id])
            try await w.insert("reflections", [ReflectionRow(r)])
            try await w.insert("reflection_orders", [ReflectionOrderRow(reflection: r.id.rawValue, orderId: id.rawValue, position: 0)])
            return ((), "feedback on order \(id): \(score) of 5" + (words.isEmpty ? "" : " — \(words.prefix(80))"))
        }.1
    }

    /// A suggestion from a partner: a knowledge item acquired from that partner,
    /// in an explorative orientation, held by the unit that faced the partner on
    /// its latest order (front office), so the pipeline has someone to move it on.
    @discardableResult
    public func recordPartnerSuggestion(_ title: String, partner: PartnerID, at date: Date, by account: String? = nil) async throws -> (KnowledgeItemID, WriteRecord) {
        let text = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw StoreError("a suggestion needs a few words") }
        let id = KnowledgeItemID("K-p-" + Self.shortID())
        let record = try await write("knowledge.suggest", subject: id.rawValue, by: account) { (w: WriteContext) async throws -> (Void, String) in
            guard try await w.exists("partners", partner.rawValue) else {
                throw PartnerRefusal(kind: .notFound, reason: "your organization is not in this office's data any more; ask the learning office")
            }
            let facing = try await w.sql.raw("""
                SELECT e.unit AS unit, o.strategy AS strategy FROM orders o JOIN order_events e ON e.order_id = o.id
                WHERE o.customer = \(bind: partner.rawValue) AND e.customer_contact ORDER BY o.received DESC, e.seq LIMIT 1
                """).first()
            var unit: String? = try facing?.decode(column: "unit", as: String.self)
            let strategyText: String? = try facing?.decode(column: "strategy", as: String.self)
            let strategy = strategyText.flatMap { DeliveryStrategy(rawValue: $0) }
            if unit == nil {
                unit = try await w.sql.raw("SELECT id FROM units ORDER BY CASE WHEN function = 'sales' THEN 0 ELSE 1 END, id LIMIT 1")
                    .first()?.decode(column: "id", as: String.self)
            }
            guard let unit else { throw StoreError("the office has no unit to take the suggestion in") }
            let item = KnowledgeItem(id: id, title: text, orientation: .explorative, origin: .partner(partner), originUnit: UnitID(unit),
                                     originRole: .front, originStrategy: strategy, acquired: date)
            try await w.insertKnowledgeItem(item)
            return ((), "suggestion from \(partner): \(text.prefix(80)) (knowledge item \(id), with \(unit))")
        }.1
        return (id, record)
    }

    /// Plans a partner programme's activities (`PartnerProgramme.activities`) in
    /// one write: all of them or none. They join the schedule as recorded
    /// activities, so people hold, skip and move them like any other, and the
    /// invited partners see them on their page.
    @discardableResult
    public func planProgramme(_ activities: [LearningActivity], network: String, by account: String? = nil) async throws -> WriteRecord {
        guard let first = activities.first else { throw StoreError("a programme has activities") }
        return try await write("programme.start", subject: first.id.rawValue, by: account) { w in
            for a in activities {
                guard try await !w.exists("learning_activities", a.id.rawValue) else { throw StoreError("activity \(a.id) exists already") }
                for (table, ids) in [("units", a.units.map(\.rawValue)), ("partners", a.partners.map(\.rawValue))] {
                    if let unknown = try await w.missing(table, ids.sorted()).first {
                        throw PartnerRefusal(kind: .notFound, reason: "there is no \(table == "units" ? "unit" : "partner") '\(unknown.prefix(60))'")
                    }
                }
            }
            try await w.insert("learning_activities", activities.map { LearningActivityRow($0) })
            return ((), "partner programme for \(network.prefix(80)): \(activities.count) activities from \(first.date.isoDay), "
                + "with \(first.partners.map(\.rawValue).sorted().joined(separator: ", "))")
        }.1
    }

    static func shortID() -> String { String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)).lowercased() }
}

/// A partner's request the store refuses as not found (not theirs) or as conflicting with the thing's state.
public struct PartnerRefusal: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable { case notFound, conflict }
    public let kind: Kind
    public let reason: String
    public var description: String { reason }
}
