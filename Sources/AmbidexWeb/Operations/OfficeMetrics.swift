import AmbidexJobs
import AmbidexStore
import Foundation
import Prometheus
import Vapor

/// What an operator of several servers watches, in Prometheus's text format
/// at `/metrics`: request latency per route, writes, the job queue. Each
/// application has its own registry (no process-wide state), so tests and
/// several apps in one process do not mix their figures.
final class OfficeMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// Seconds, from a millisecond to ten: the pages' budget is tens of milliseconds.
    static let buckets: [Duration] = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20),
                                      .milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(500), .seconds(1),
                                      .seconds(2), .seconds(5), .seconds(10)]

    func request(route: String, method: String, status: UInt, duration: Duration) {
        let labels = [("route", route), ("method", method)]
        registry.makeDurationHistogram(descriptor: MetricNameDescriptor(namespace: "ambidex", metricName: "http_request_duration",
                                                                         unitName: "seconds", helpText: "Time to answer a request, per route."),
                                       labels: labels, buckets: Self.buckets).record(duration)
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "ambidex", metricName: "http_requests", unitName: "total",
                                                              helpText: "Requests answered, per route and status class."),
                             labels: labels + [("status", "\(status / 100)xx")]).increment()
    }

    /// A change written to the store through this server.
    func write(_ kind: String) {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "ambidex", metricName: "writes", unitName: "total",
                                                              helpText: "Changes written to the store by this server, per kind."),
                             labels: [("kind", kind)]).increment()
    }

    /// The job queue as the store has it now (every server reports the same).
    func jobs(queued: Int, running: Int) {
        for (state, n) in [("queued", queued), ("running", running)] {
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "ambidex", metricName: "jobs", unitName: "",
                                                                helpText: "Jobs in the store's queue, by state, across all servers."),
                               labels: [("state", state)]).set(to: Double(n))
        }
    }

    /// How far the figures are behind the store, and what the last snapshot this server computed cost.
    func snapshot(behind: Int64, lastSeconds: Double?) {
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "ambidex", metricName: "snapshot_behind", unitName: "writes",
                                                            helpText: "Writes the newest office snapshot does not show yet (the same on every server)."))
            .set(to: Double(behind))
        if let lastSeconds {
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "ambidex", metricName: "snapshot_refresh", unitName: "seconds",
                                                                helpText: "Time this server took to compute its last office snapshot (evidence, schedule, shares)."))
                .set(to: lastSeconds)
        }
    }

    func text() -> String { registry.emitToString() }
}

/// Times every request under its route's pattern (never the raw path, so an
/// attacker cannot grow the number of series), and logs it.
struct MetricsMiddleware: AsyncMiddleware {
    let metrics: OfficeMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response: Response
        do { response = try await next.respond(to: request) } catch {
            record(request, status: (error as? any AbortError)?.status.code ?? 500, started)
            throw error
        }
        record(request, status: response.status.code, started)
        return response
    }

    private func record(_ request: Request, status: UInt, _ started: ContinuousClock.Instant) {
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: status, duration: ContinuousClock.now - started)
    }
}

enum OperationsController {
    static func register(on routes: any RoutesBuilder, store: Store, metrics: OfficeMetrics, refresher: SnapshotRefresher) {
        // The store answers, or the load balancer takes this server out.
        routes.get("healthz") { _ async throws -> String in
            do { try await store.ping() } catch { throw Abort(.serviceUnavailable, reason: "the store does not answer: \(error)") }
            return "ok"
        }
        // From this machine, or with the token in AMBIDEX_METRICS_TOKEN: route names and queue depths are not for everyone.
        routes.get("metrics") { req async throws -> Response in
            try requireOperator(req)
            let counts = try await store.jobCounts()
            metrics.jobs(queued: counts.queued, running: counts.running)
            metrics.snapshot(behind: try await store.freshness().behind, lastSeconds: await refresher.lastSeconds)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
            return Response(status: .ok, headers: headers, body: .init(string: metrics.text()))
        }
    }

    static func requireOperator(_ req: Request, token: String? = ProcessInfo.processInfo.environment["AMBIDEX_METRICS_TOKEN"]) throws {
        if let token, !token.isEmpty, let given = req.headers.bearerAuthorization?.token,
           given.utf8.count == token.utf8.count, zip(given.utf8, token.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 { return }
        let address = req.remoteAddress?.ipAddress ?? ""
        // Through a proxy on this machine every request looks local: those are not.
        let proxied = req.headers.first(name: "X-Forwarded-For") != nil || req.headers.first(name: "Forwarded") != nil
        // VaporTesting's in-memory requests have no address: they come from this process.
        if !proxied, req.remoteAddress == nil || address == "127.0.0.1" || address == "::1" { return }
        throw Abort(.forbidden, reason: "metrics are served to this machine, or with the token in AMBIDEX_METRICS_TOKEN")
    }
}
