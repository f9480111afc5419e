import AmbidexCore
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Crypto
import Foundation
import Testing
import Vapor
import VaporTesting

/// Outbound webhooks against a receiver on loopback: the outbox is written with
/// the change, deliveries are signed, retried with backoff after a failure,
/// logged per attempt, and never sent for a revoked hook or a refused change.
@Suite("Outbound webhooks", .serialized)
struct WebhookTests {
    actor Received {
        var requests: [(headers: HTTPHeaders, body: String)] = []
        var failFirst: Int
        init(failFirst: Int) { self.failFirst = failFirst }
        func take(_ headers: HTTPHeaders, _ body: String) -> HTTPStatus {
            requests.append((headers, body))
            if failFirst > 0 { failFirst -= 1; return .internalServerError }
            return .ok
        }
    }

    /// A receiver on a free loopback port that fails its first `failFirst` requests.
    static func withReceiver(failFirst: Int, _ body: (String, Received) async throws -> Void) async throws {
        let received = Received(failFirst: failFirst)
        let app = try await Application.make(.testing)
        app.on(.POST, "hook", body: .collect(maxSize: "1mb")) { req async -> HTTPStatus in
            await received.take(req.headers, req.body.string ?? "")
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        do {
            let port = try #require(app.http.server.shared.localAddress?.port)
            try await body("http://127.0.0.1:\(port)/hook", received)
        } catch {
            await app.server.shutdown(); try? await app.asyncShutdown(); throw error
        }
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    static func waitFor(_ what: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<200 {
            if try await what() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test("a change a hook follows is posted signed, retried after a failure and logged; other events, revoked hooks and refused changes send nothing",
          arguments: Backend.available)
    func delivery(_ backend: Backend) async throws {
        try await Self.withReceiver(failFirst: 1) { url, received in
            try await APITokenTests.withServer(backend, webhooks: .init(beat: .milliseconds(40), backoffScale: 0.002)) { store, app, _ in
                let lead = try await OrderPageTests.session(store, "A-lead")
                var (s, b) = try await RetrospectiveTests.post(app, "/api/v1/webhooks", lead, ["url": url, "events": ["standard.adopt", "action.add"]])
                #expect(s == .created, "\(b)")
                let hook = try RetrospectiveTests.json(b)
                let secret = try #require(hook["secret"] as? String)
                let hookID = try #require(hook["id"] as? String)
                (s, b) = try await RetrospectiveTests.post(app, "/api/v1/webhooks", lead, ["url": url, "events": ["standard.adopt"]])
                let revoked = try #require(try RetrospectiveTests.json(b)["id"] as? String)
                (s, _) = try await RetrospectiveTests.post(app, "/api/v1/webhooks/\(revoked)/revoke", lead, [:])
                #expect(s == .ok)

                (s, b) = try await RetrospectiveTests.post(app, "/api/v1/standards", lead, ["name": "Hooked routine", "kind": "routine", "strategies": ["mto"]])
                let standard = try #require(try RetrospectiveTests.json(b)["id"] as? String)
                (s, _) = try await RetrospectiveTests.post(app, "/api/v1/standards/\(standard)/adopt", lead, [:])
                #expect(s == .ok)
                (s, _) = try await RetrospectiveTests.post(app, "/api/v1/standards/\(standard)/adopt", lead, [:])
                #expect(s == .conflict, "adopting twice is refused, and a refused change is never reported")

                #expect(try await Self.waitFor { try await store.webhookDeliveries(hook: hookID).first?.status == .delivered }, "delivered after one retry")
                let deliveries = try await store.webhookDeliveries()
                #expect(deliveries.count == 1 && deliveries[0].event == "standard.adopt" && deliveries[0].subject == standard && deliveries[0].hook == hookID,
                        "only the followed event, only to the active hook: \(deliveries.map { ($0.hook, $0.event) })")
                #expect(deliveries[0].attempts == 2 && deliveries[0].lastCode == 200)

                let requests = await received.requests
                #expect(requests.count == 2 && Set(requests.map { $0.headers.first(name: "X-Ambidex-Delivery") }).count == 1, "the same delivery, sent twice")
                for r in requests {
                    let timestamp = try #require(r.headers.first(name: "X-Ambidex-Timestamp"))
                    let mac = HMAC<SHA256>.authenticationCode(for: Data((timestamp + "." + r.body).utf8), using: SymmetricKey(data: Data(secret.utf8)))
                    #expect(r.headers.first(name: "X-Ambidex-Signature") == "sha256=" + mac.map { String(format: "%02x", $0) }.joined())
                    #expect(r.headers.first(name: "X-Ambidex-Event") == "standard.adopt")
                }
                let payload = try RetrospectiveTests.json(requests[0].body)
                #expect(payload["event"] as? String == "standard.adopt" && payload["subject"] as? String == standard && payload["account"] as? String == "lead@example.org")

                let (ls, log) = try await APITokenTests.status(app, .GET, "/api/v1/webhooks/\(hookID)/deliveries", lead.0)
                #expect(ls == .ok && log.contains("\"status\":\"delivered\""))
            }
        }
    }

    @Test("an order comes in and the policy schedules its kick-off: the receiver is told which activities are new, signed, once", arguments: Backend.available)
    func replanned(_ backend: Backend) async throws {
        try await Self.withReceiver(failFirst: 0) { url, received in
            try await APITokenTests.withServer(backend, webhooks: .init(beat: .milliseconds(40), backoffScale: 0.002)) { store, app, _ in
                let lead = try await OrderPageTests.session(store, "A-lead")
                let refresher = try #require(app.storage[RefresherKey.self])
                try await refresher.settle()
                let (s, b) = try await RetrospectiveTests.post(app, "/api/v1/webhooks", lead, ["url": url, "events": ["schedule.replan"]])
                #expect(s == .created, "\(b)")
                let before = Set(try #require(try await store.latestSnapshot()).schedule.map { Store.plannedSubject($0.id) })

                let asOf = try #require(try await store.latestSnapshot()).asOf
                let order = try Order(id: "O-new", customer: "C-nord", offering: "Custom pump line II", strategy: .eto, decouplingPoint: .stage(.design),
                                      customization: ["flow": "60 m³/h", "seal": "ceramic", "motor": "IE4", "frame": "stainless"],
                                      priority: .urgent, received: asOf, due: asOf.adding(days: 40))
                try await store.addOrder(order, events: [OrderEvent(order: "O-new", activity: "clarify requirements", stage: .design, unit: "U-eng",
                                                                    resource: "Eva", timestamp: asOf, customerContact: true)], by: "lead@example.org")
                try await refresher.settle()
                #expect(try await Self.waitFor { await received.requests.count >= 1 }, "the receiver hears of the new activities")
                try await Task.sleep(for: .milliseconds(300))
                let requests = await received.requests
                #expect(requests.count == 1, "one delivery for one replan")
                let r = try #require(requests.first)
                #expect(r.headers.first(name: "X-Ambidex-Event") == "schedule.replan" && r.headers.first(name: "X-Ambidex-Signature")?.hasPrefix("sha256=") == true)
                let payload = try RetrospectiveTests.json(r.body)
                let listed = try #require(payload["activities"] as? [[String: Any]])
                #expect(!listed.isEmpty && listed.count == payload["activitiesTotal"] as? Int)
                #expect(listed.contains { ($0["orders"] as? [String] ?? []).contains("O-new") }, "the new order's activities: \(listed.map { $0["id"] ?? "" })")
                for a in listed {
                    let id = try #require(a["id"] as? String)
                    #expect(!before.contains(Store.plannedSubject(LearningActivityID(id))), "\(id) was planned before: not news")
                }
            }
        }
    }

    @Test("a receiver that never answers: the delivery is retried on the backoff and then marked failed, with why")
    func givesUp() async throws {
        try await APITokenTests.withServer(.sqlite, webhooks: .init(beat: .milliseconds(20), timeout: .milliseconds(300), backoffScale: 0.00005)) { store, app, _ in
            let lead = try await OrderPageTests.session(store, "A-lead")
            // A port nobody listens on.
            let (s, b) = try await RetrospectiveTests.post(app, "/api/v1/webhooks", lead, ["url": "http://127.0.0.1:9/hook", "events": ["knowledge.advance"]])
            #expect(s == .created, "\(b)")
            try await store.addKnowledgeItem(KnowledgeItem(id: "K-hook", title: "t", orientation: .explorative, origin: .partner("C-nord"),
                                                           originUnit: "U-eng", originRole: .front, acquired: Date()))
            try await store.advanceKnowledge("K-hook", to: .assimilated, at: Date(), by: "lead@example.org")
            #expect(try await Self.waitFor { try await store.webhookDeliveries().first?.status == .failed })
            let d = try #require(try await store.webhookDeliveries().first)
            #expect(d.attempts == Webhook.backoff.count + 1 && d.lastError?.hasPrefix("no answer") == true, "\(d)")
        }
    }

    @Test("only a lead manages webhooks; a bad URL or event names its field")
    func refusals() async throws {
        try await RetrospectiveTests.withTwo(.sqlite) { _, app, lead, member in
            var (s, _) = try await RetrospectiveTests.post(app, "/api/v1/webhooks", member, ["url": "http://example.org/h", "events": ["action.add"]])
            #expect(s == .forbidden)
            for (body, field) in [(["url": "ftp://example.org", "events": ["action.add"]], "url"), (["url": "http://user:pw@example.org", "events": ["action.add"]], "url"),
                                  (["url": "http://example.org", "events": ["order.add"]], "events"), (["url": "http://example.org", "events": [String]()], "events")] as [([String: Any], String)] {
                let (bs, bb) = try await RetrospectiveTests.post(app, "/api/v1/webhooks", lead, body)
                #expect(bs == .badRequest && bb.contains("\"field\":\"\(field)\""), "\(body): \(bb)")
            }
            (s, _) = try await RetrospectiveTests.post(app, "/api/v1/webhooks/W-none/revoke", lead, [:])
            #expect(s == .notFound)
            let (ps, page) = try await APITokenTests.status(app, .GET, "/webhooks", lead.0)
            #expect(ps == .ok && page.contains("X-Ambidex-Signature"))
        }
    }
}
