import AmbidexCore
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Operations: health, metrics, logs", .serialized)
struct OperationsTests {
    @Test("/metrics gives request latency per route pattern and the job queue, to this machine only")
    func metrics() async throws {
        try await withLabApp { app, _, _ in
            let member = try #require(try await LabTests.signIn(app, "member@example.org"))
            for path in ["/lab", "/lab", "/lab/experiments/X-one", "/lab/experiments/X-two", "/no-such-page"] {
                try await app.testing().test(.GET, path, headers: member.headers) { _ in }
            }
            var text = ""
            try await app.testing().test(.GET, "/metrics") { res async in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .contentType)?.hasPrefix("text/plain; version=0.0.4") == true)
                text = res.body.string
            }
            #expect(text.contains(#"ambidex_http_request_duration_seconds_count{route="/lab",method="GET"} 3"#), "\(text)")
            // Signing in reads /lab once more. Two ids, one series: the pattern, never the raw path.
            #expect(text.contains(#"ambidex_http_request_duration_seconds_count{route="/lab/experiments/:id",method="GET"} 2"#))
            #expect(text.contains(#"route="unmatched""#) && !text.contains("X-one") && !text.contains("no-such-page"))
            #expect(text.contains(#"ambidex_http_requests_total{route="/lab/experiments/:id",method="GET",status="4xx"} 2"#))
            #expect(text.contains(#"ambidex_jobs{state="queued"} 0.0"#) && text.contains(#"ambidex_jobs{state="running"} 0.0"#))
            // Through a proxy every request looks local: it is not served.
            try await app.testing().test(.GET, "/metrics", headers: ["X-Forwarded-For": "203.0.113.9"]) { res async in
                #expect(res.status == .forbidden)
                #expect(!res.body.string.contains("ambidex_"))
            }
        }
    }

    @Test("with AMBIDEX_METRICS_TOKEN, the bearer of that token is an operator from anywhere")
    func token() async throws {
        let app = try await Application.make(.testing)
        defer { Task { try? await app.asyncShutdown() } }
        let proxied = Request(application: app, method: .GET, url: "/metrics",
                              headers: ["X-Forwarded-For": "203.0.113.9", "Authorization": "Bearer s3cret-token"], on: app.eventLoopGroup.any())
        #expect(throws: Never.self) { try OperationsController.requireOperator(proxied, token: "s3cret-token") }
        #expect(throws: Abort.self) { try OperationsController.requireOperator(proxied, token: "other-token!") }
        #expect(throws: Abort.self) { try OperationsController.requireOperator(proxied, token: nil) }
    }

    @Test("/healthz asks the store, and says 503 when it does not answer")
    func health() async throws {
        try await withFreshStore(.sqlite) { store in
            try await store.replaceAll(with: try SmallOffice.make())
            let app = try await Application.make(.testing)
            do {
                try await WebServer.configure(app, store: store, work: .testing(threads: 1))
                try await app.testing().test(.GET, "/healthz") { res async in #expect(res.status == .ok && res.body.string == "ok") }
                await store.shutdown()
                try await app.testing().test(.GET, "/healthz") { res async in
                    #expect(res.status == .serviceUnavailable)
                    #expect(res.body.string.contains("the store does not answer"))
                }
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}
