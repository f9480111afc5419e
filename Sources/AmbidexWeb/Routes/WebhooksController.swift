import AmbidexCore
import AmbidexStore
import Foundation
import Plot
import Vapor

/// Outbound webhooks, a lead's to register and revoke: where Ambidex posts
/// the changes an office's other tools follow, and every delivery's attempts.
enum WebhooksController {
    static func register(on routes: any RoutesBuilder, store: Store, office: @escaping @Sendable () async -> String) {
        routes.get("webhooks") { req async throws -> Response in
            let s = try req.requireLead(api: false, to: "manages webhooks")
            return DashboardController.html(try await page(office: await office(), session: s, store: store, made: nil, problem: nil))
        }
        routes.on(.POST, "webhooks", body: .collect(maxSize: "16kb")) { req async throws -> Response in
            let s = try req.requireLead(api: false, to: "manages webhooks")
            try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
            let form = (try? req.content.decode(HookForm.self)) ?? HookForm()
            do {
                let (hook, secret) = try await create(form, by: s, store: store)
                return DashboardController.html(try await page(office: await office(), session: s, store: store, made: (hook, secret), problem: nil))
            } catch let e as FieldError {
                return DashboardController.html(try await page(office: await office(), session: s, store: store, made: nil, problem: "\(e.field): \(e.reason)"),
                                                status: .badRequest)
            }
        }
        routes.on(.POST, "webhooks", ":hook", "revoke") { req async throws -> Response in
            let s = try req.requireLead(api: false, to: "manages webhooks")
            try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
            try await revoke(req, store)
            return req.redirect(to: "/webhooks", redirectType: .normal)
        }
        routes.get("api", "v1", "webhooks") { req async throws -> Response in
            _ = try req.requireLead(api: true, to: "manages webhooks")
            return try APIController.json(try await store.webhooks().map(HookJSON.init))
        }
        routes.on(.POST, "api", "v1", "webhooks", body: .collect(maxSize: "16kb")) { req async throws -> Response in
            let s = try req.requireLead(api: true, to: "manages webhooks")
            try req.requireCSRF(s, req.headers.first(name: "X-CSRF-Token"))
            let form: HookForm
            do { form = try req.content.decode(HookForm.self) } catch {
                throw FieldError(field: "body", reason: "the body is not a webhook (\(RecordController.why(error))); send JSON with url and events")
            }
            let (hook, secret) = try await create(form, by: s, store: store)
            var json = HookJSON(hook)
            json.secret = secret
            return try APIController.json(json, status: .created)
        }
        routes.on(.POST, "api", "v1", "webhooks", ":hook", "revoke") { req async throws -> Response in
            let s = try req.requireLead(api: true, to: "manages webhooks")
            try req.requireCSRF(s, req.headers.first(name: "X-CSRF-Token"))
            try await revoke(req, store)
            return try APIController.json(["revoked": req.parameters.get("hook") ?? ""])
        }
        routes.get("api", "v1", "webhooks", ":hook", "deliveries") { req async throws -> Response in
            _ = try req.requireLead(api: true, to: "manages webhooks")
            let id = req.parameters.get("hook") ?? ""
            guard try await store.webhooks().contains(where: { $0.id == id }) else { throw Abort(.notFound, reason: "there is no webhook \(id.prefix(40))") }
            return try APIController.json(try await store.webhookDeliveries(hook: id).map(DeliveryJSON.init))
        }
    }


    struct HookForm: Content {
        var url: String?
        var events: [String]?
    }

    static func create(_ f: HookForm, by s: SignedIn, store: Store) async throws -> (Webhook, String) {
        guard let raw = f.url.nonEmpty else { throw FieldError(field: "url", reason: "say where to post (url is empty)") }
        let url: String
        do { url = try Webhook.check(url: raw) } catch { throw FieldError(field: "url", reason: "\(error)") }
        var events = Set<WebhookEvent>()
        for e in f.events ?? [] where !e.isEmpty {
            guard let event = WebhookEvent(rawValue: e) else {
                throw FieldError(field: "events", reason: "events must be among \(WebhookEvent.allCases.map(\.rawValue).joined(separator: ", ")), not '\(e.prefix(40))'")
            }
            events.insert(event)
        }
        guard !events.isEmpty else { throw FieldError(field: "events", reason: "choose at least one event to follow") }
        let secret = "whsec_" + Passwords.token()
        return (try await store.createWebhook(url: url, events: events, secret: secret, by: s.account.email), secret)
    }

    static func revoke(_ req: Request, _ store: Store) async throws {
        do { try await store.revokeWebhook(req.parameters.get("hook") ?? "") } catch let e as StoreError {
            throw Abort(e.description.contains("already") ? .conflict : .notFound, reason: e.description)
        }
    }

    struct HookJSON: Content {
        var id: String, url: String, events: [String], createdBy: String, created: String, revoked: String?
        var secret: String?
        init(_ h: Webhook) {
            id = h.id; url = h.url; events = h.events.map(\.rawValue).sorted(); createdBy = h.createdBy
            created = h.created.formatted(.iso8601); revoked = h.revoked?.formatted(.iso8601)
        }
    }

    struct DeliveryJSON: Content {
        var id: String, event: String, subject: String, status: String, attempts: Int, nextAttempt: String, lastCode: Int?, lastError: String?
        var created: String, delivered: String?
        init(_ d: WebhookDelivery) {
            id = d.id; event = d.event; subject = d.subject; status = d.status.rawValue; attempts = d.attempts
            nextAttempt = d.nextAttempt.formatted(.iso8601); lastCode = d.lastCode; lastError = d.lastError
            created = d.created.formatted(.iso8601); delivered = d.delivered?.formatted(.iso8601)
        }
    }

    static func page(office: String, session s: SignedIn, store: Store, made: (Webhook, String)?, problem: String?) async throws -> String {
        let hooks = try await store.webhooks()
        let deliveries = try await store.webhookDeliveries(limit: 50)
        return Layout.page(title: "Webhooks", office: office, active: "webhooks", session: s, body:
            .section(.class("card wide"), .id("webhooks"),
                     .h2("Webhooks"),
                     .p(.class("lead"), .text("Ambidex posts each change a webhook follows as JSON to its URL, signed: the header X-Ambidex-Signature is "
                        + "sha256= and the hex HMAC-SHA256, under the webhook's secret, of X-Ambidex-Timestamp, a dot and the body. A receiver that does not "
                        + "answer 2xx within 10 s gets it again after 10 s, 1 min, 5 min, 30 min, 2 h and 6 h; then the delivery has failed.")),
                     .unwrap(problem) { .p(.class("problem"), .text($0)) },
                     .unwrap(made) { hook, secret in
                         .p(.class("made"), .text("Webhook \(hook.id) made. Its secret, shown this once: "), .code(.id("new-secret"), .text(secret)))
                     },
                     .form(.method(.post), .action("/webhooks"), .class("reflect"),
                           .input(.type(.hidden), .name("csrf"), .value(s.csrfToken)),
                           OrdersView.field("url", "Receiver URL", nil, type: .url),
                           .p(.forEach(WebhookEvent.allCases) { e in
                               .label(.class("check"), .input(.type(.checkbox), .name("events[]"), .value(e.rawValue)), .text(e.label + " "))
                           }),
                           .button(.type(.submit), .class("primary"), .text("Add webhook"))),
                     hooks.isEmpty ? .p(.class("muted"), .text("No webhook yet.")) :
                     .table(.tr(.th("Webhook"), .th("URL"), .th("Events"), .th("Made by"), .th("")),
                            .forEach(hooks) { h in
                                .tr(.td(.text(h.id)), .td(.text(h.url)), .td(.class("small"), .text(h.events.map(\.rawValue).sorted().joined(separator: ", "))),
                                    .td(.text("\(h.createdBy), \(h.created.isoDay)")),
                                    .td(h.revoked == nil ? .form(.method(.post), .action("/webhooks/\(OrderController.path(h.id))/revoke"), .class("inline"),
                                                                 .input(.type(.hidden), .name("csrf"), .value(s.csrfToken)), .button(.type(.submit), .text("Revoke")))
                                                         : .text("revoked \(h.revoked!.isoDay)")))
                            })),
            .section(.class("card wide"), .id("deliveries"),
                     .h2("Latest deliveries"),
                     deliveries.isEmpty ? .p(.class("muted"), .text("None yet.")) :
                     .table(.tr(.th("Delivery"), .th("Webhook"), .th("Event"), .th("Subject"), .th("Status"), .th(.class("num"), "Attempts"), .th("Last answer")),
                            .forEach(deliveries) { d in
                                .tr(.td(.text(d.id)), .td(.text(d.hook)), .td(.text(d.event)), .td(.text(d.subject)), .td(.text(d.status.rawValue)),
                                    .td(.class("num"), .text("\(d.attempts)")), .td(.class("small"), .text(d.lastError ?? d.lastCode.map { "\($0)" } ?? "–")))
                            }))
        ).render()
    }
}
