import AmbidexCore
import FluentKit
import Foundation
import SQLKit

struct WebhookRow: Codable, Sendable {
    var id: String
    var url: String
    var events: String
    var secret: String
    var createdBy: String
    var createdAt: Double
    var revokedAt: Double?

    func domain() throws -> Webhook {
        let names = try JSONColumn.decode([String].self, from: events, column: "events", row: "webhook \(id)")
        return Webhook(id: id, url: url, events: Set(names.compactMap(WebhookEvent.init(rawValue:))), createdBy: createdBy,
                       created: Date(storeValue: createdAt), revoked: revokedAt.map(Date.init(storeValue:)))
    }
}

struct WebhookDeliveryRow: Codable, Sendable {
    var id: String
    var hook: String
    var event: String
    var subject: String
    var version: Int64
    var payload: String
    var status: String
    var attempts: Int
    var nextAttemptAt: Double
    var lastCode: Int?
    var lastError: String?
    var createdAt: Double
    var deliveredAt: Double?

    func domain() -> WebhookDelivery {
        WebhookDelivery(id: id, hook: hook, event: event, subject: subject, payload: payload, status: WebhookDelivery.Status(rawValue: status) ?? .failed,
                        attempts: attempts, nextAttempt: Date(storeValue: nextAttemptAt), lastCode: lastCode, lastError: lastError,
                        created: Date(storeValue: createdAt), delivered: deliveredAt.map(Date.init(storeValue:)))
    }
}

/// A delivery claimed for sending, with what signs it.
public struct ClaimedDelivery: Sendable {
    public let delivery: WebhookDelivery
    public let url: String
    public let secret: String
}

/// The change a delivery reports, as the receiver reads it.
struct WebhookPayload: Encodable {
    var event: String
    var subject: String
    var summary: String
    var account: String?
    var version: Int64
    var at: String
    var delivery: String
    /// `schedule.replan`: the new activities (at most `Store.replanListed`) and how many there are.
    var activities: [Activity]?
    var activitiesTotal: Int?

    struct Activity: Encodable {
        var id: String, kind: String, date: String, reason: String, strategy: String?
        var units: [String], partners: [String], orders: [String], ordersTotal: Int

        init(_ a: LearningActivity) {
            id = a.id.rawValue
            kind = a.kind.rawValue
            date = a.date.formatted(.iso8601)
            reason = a.reason
            strategy = a.strategy?.rawValue
            units = a.units.map(\.rawValue).sorted()
            partners = a.partners.map(\.rawValue).sorted()
            orders = a.orders.prefix(50).map(\.rawValue)
            ordersTotal = a.orders.count
        }
    }
}

extension Store {
    /// Registers a webhook; the secret (which signs every delivery) is kept to sign with, and shown to its maker once.
    public func createWebhook(url: String, events: Set<WebhookEvent>, secret: String, by account: String, now: Date = Date()) async throws -> Webhook {
        let hook = Webhook(id: Self.shortID("W-"), url: url, events: events, createdBy: account, created: now)
        let row = WebhookRow(id: hook.id, url: url, events: JSONColumn.encode(events.map(\.rawValue).sorted()), secret: secret,
                             createdBy: account, createdAt: now.storeValue)
        do { try await sql.insert(into: "webhooks").model(row, with: Self.rowEncoder).run() } catch { throw explain(error) }
        return hook
    }

    public func webhooks() async throws -> [Webhook] {
        try await rows(WebhookRow.self, "SELECT * FROM webhooks ORDER BY created_at DESC, id", [], table: "webhooks").map { try $0.domain() }
    }

    public func revokeWebhook(_ id: String, now: Date = Date()) async throws {
        guard let hook = try await webhooks().first(where: { $0.id == id }) else { throw StoreError("there is no webhook \(id.prefix(40))") }
        guard hook.revoked == nil else { throw StoreError("webhook \(id) was revoked already") }
        do {
            try await sql.update("webhooks").set("revoked_at", to: SQLBind(now.storeValue)).where("id", .equal, SQLBind(id)).run()
            // What was still waiting for it is not sent any more.
            try await sql.update("webhook_deliveries").set("status", to: SQLBind("failed")).set("last_error", to: SQLBind("the webhook was revoked"))
                .where("hook", .equal, SQLBind(id)).where("status", .equal, SQLBind("pending")).run()
        } catch { throw explain(error) }
    }

    /// The newest deliveries of a webhook (or of all), newest first.
    public func webhookDeliveries(hook: String? = nil, limit: Int = 50) async throws -> [WebhookDelivery] {
        let limit = max(1, min(limit, 500))
        if let hook {
            return try await rows(WebhookDeliveryRow.self, "SELECT * FROM webhook_deliveries WHERE hook = ? ORDER BY created_at DESC, id DESC LIMIT \(limit)",
                                  [.text(hook)], table: "webhook_deliveries").map { $0.domain() }
        }
        return try await rows(WebhookDeliveryRow.self, "SELECT * FROM webhook_deliveries ORDER BY created_at DESC, id DESC LIMIT \(limit)", [],
                              table: "webhook_deliveries").map { $0.domain() }
    }

    /// Claims up to `limit` deliveries that are due: each is pushed `lease` seconds
    /// ahead first, so another process (or a crash mid-way) does not send it twice at once.
    public func claimDueDeliveries(now: Date = Date(), limit: Int = 20, lease: Double = 60) async throws -> [ClaimedDelivery] {
        let due = try await rows(WebhookDeliveryRow.self, "SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT \(limit)",
                                 [.real(now.storeValue)], table: "webhook_deliveries")
        guard !due.isEmpty else { return [] }
        let hooks = Dictionary(uniqueKeysWithValues: try await rows(WebhookRow.self, "SELECT * FROM webhooks", [], table: "webhooks").map { ($0.id, $0) })
        var claimed: [ClaimedDelivery] = []
        for d in due {
            guard let hook = hooks[d.hook] else { continue }
            let won = try await sql.raw("""
                UPDATE webhook_deliveries SET next_attempt_at = \(bind: now.storeValue + lease) WHERE id = \(bind: d.id) AND next_attempt_at = \(bind: d.nextAttemptAt) RETURNING id
                """).all()
            guard !won.isEmpty else { continue }
            claimed.append(ClaimedDelivery(delivery: d.domain(), url: hook.url, secret: hook.secret))
        }
        return claimed
    }

    /// Records one attempt: delivered, or retried after `retryIn` seconds, or failed for good (`retryIn` nil).
    public func recordDeliveryAttempt(_ id: String, code: Int?, error: String?, delivered: Bool, retryIn: Double?, now: Date = Date()) async throws {
        let status = delivered ? "delivered" : retryIn == nil ? "failed" : "pending"
        do {
            try await sql.raw("""
                UPDATE webhook_deliveries SET attempts = attempts + 1, status = \(bind: status), last_code = \(bind: code), last_error = \(bind: error.map { String($0.prefix(300)) }),
                next_attempt_at = \(bind: now.storeValue + (retryIn ?? 0)), delivered_at = \(bind: delivered ? now.storeValue : nil) WHERE id = \(bind: id)
                """).run()
        } catch { throw explain(error) }
    }

    /// Writes a delivery for each active webhook that follows this change, in the change's transaction.
    static func enqueueWebhooks(_ change: WriteRecord, on sql: any SQLDatabase,
                                activities: (list: [WebhookPayload.Activity], total: Int)? = nil) async throws {
        guard WebhookEvent(rawValue: change.kind) != nil else { return }
        let hooks = try await sql.select().column("*").from("webhooks").where("revoked_at", .is, SQLLiteral.null)
            .all(decoding: WebhookRow.self, with: rowDecoder)
        for hook in hooks where hook.events.contains("\"\(change.kind)\"") {
            let id = shortID("D-")
            let payload = WebhookPayload(event: change.kind, subject: change.subject, summary: change.summary, account: change.account,
                                         version: change.version, at: change.at.formatted(.iso8601), delivery: id,
                                         activities: activities?.list, activitiesTotal: activities?.total)
            let row = WebhookDeliveryRow(id: id, hook: hook.id, event: change.kind, subject: change.subject, version: change.version,
                                         payload: JSONColumn.encode(payload), status: "pending", attempts: 0, nextAttemptAt: change.at.storeValue,
                                         createdAt: change.at.storeValue)
            try await sql.insert(into: "webhook_deliveries").model(row, with: rowEncoder).run()
        }
    }
}
