import AmbidexJobs
import AmbidexLab
import AmbidexStore
import Vapor

/// Assembles and runs the web adapter: one function that shows every piece
/// the application is made of (hummingbird's explicit composition).
public enum WebServer {
    /// Builds a configured application without starting it (tests drive it directly).
    /// Its job worker is started; the caller stops it.
    @discardableResult
    public static func configure(_ app: Application, store: Store, work: JobWorker.Settings = .init(),
                                 refresh: SnapshotRefresher.Settings = .init(), webhooks: WebhookDeliverer.Settings = .init()) async throws -> JobWorker {
        let reader = OfficeReader(store: store)
        // SQLite is one process: whatever was pending belonged to one that has stopped.
        if store.configuration.isSQLite { try await store.interruptUnfinishedRuns() }
        let worker = JobWorker(store: store, settings: work)
        let refresher = SnapshotRefresher(store: store, id: worker.id, settings: refresh)
        // An office that never had a snapshot (a store written before this version, or by
        // a bare bulk write) gets its first one before the first page; later ones follow writes.
        if try await store.freshness().snapshot == nil { await refresher.refreshIfBehind() }
        // The first page is then as quick as the next: the snapshot read and the page's model built.
        _ = try? await reader.dashboard(horizonDays: 14)
        await worker.start()
        await refresher.start()
        let deliverer = WebhookDeliverer(store: store, client: app.client, settings: webhooks)
        await deliverer.start()
        app.lifecycle.use(StopWorker(worker: worker, refresher: refresher, deliverer: deliverer))
        app.storage[RefresherKey.self] = refresher
        let metrics = OfficeMetrics()
        app.middleware = Middlewares()
        // Outermost, so that error pages and redirects carry the headers too.
        app.middleware.use(SecurityHeaders())
        app.middleware.use(MetricsMiddleware(metrics: metrics))
        app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
        app.middleware.use(ErrorPage())
        app.middleware.use(SessionAuthenticator(store: store))
        DashboardController.register(on: app, reader: reader)
        APIController.register(on: app, reader: reader)
        PartnerController.register(on: app, reader: reader, store: store, metrics: metrics)
        UnitsController.register(on: app, reader: reader)
        MiningController.register(on: app, reader: reader)
        let office: @Sendable () async -> String = { await reader.officeName }
        AccessController.register(on: app, store: store, office: office)
        APITokens.register(on: app, store: store, office: office)
        LabController.register(on: app, store: store, worker: worker, office: office)
        LabController.registerAPI(on: app, store: store)
        OperationsController.register(on: app, store: store, metrics: metrics, refresher: refresher)
        RecordController.register(on: app, store: store, metrics: metrics)
        OrdersController.register(on: app, store: store, office: office)
        OrderController.register(on: app, store: store, metrics: metrics, office: office)
        ScheduleController.register(on: app, reader: reader, store: store, metrics: metrics, office: office)
        KnowledgeController.register(on: app, reader: reader, store: store, metrics: metrics, office: office)
        RetrospectiveController.register(on: app, reader: reader, store: store, metrics: metrics, office: office)
        StandardsController.register(on: app, reader: reader, store: store, metrics: metrics, office: office)
        PolicyController.register(on: app, store: store, metrics: metrics, office: office)
        WebhooksController.register(on: app, store: store, office: office)
        ProgrammeController.register(on: app, reader: reader, store: store, metrics: metrics, office: office)
        ImportsController.register(on: app, store: store, worker: worker, office: office)
        return worker
    }

    /// Serves until interrupted. `onStart` receives the URL once the server listens.
    public static func run(store: Store, host: String, port: Int, work: JobWorker.Settings = .init(),
                           refresh: SnapshotRefresher.Settings = .init(), onStart: @escaping @Sendable (String) -> Void) async throws {
        var env = Environment.production
        env.arguments = ["ambidex"]
        let app = try await Application.make(env)
        app.http.server.configuration.hostname = host
        app.http.server.configuration.port = port
        do {
            let worker = try await configure(app, store: store, work: work, refresh: refresh)
            try await app.server.start(address: .hostname(host, port: port))
            onStart("http://\(host):\(app.http.server.shared.localAddress?.port ?? port)/")
            try await Signals.waitForStop()
            Watchdog.start(after: 8)
            await app.storage[RefresherKey.self]?.stop()
            await worker.stop()
            await app.server.shutdown()
        } catch {
            await app.server.shutdown()
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// SIGINT and SIGTERM, for `serve` and `ambidex work`: read on a queue of
/// their own, so no computation stands between a supervisor and a clean stop.
public enum Signals {
    public static func waitForStop() async throws {
        let queue = DispatchQueue(label: "ambidex.signals", qos: .userInteractive)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = ResumeOnce()
            for sig in [SIGINT, SIGTERM] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
                source.setEventHandler {
                    if once.claim() { continuation.resume() }
                }
                source.resume()
                SignalSources.keep(source)
            }
        }
    }
}

/// The application's shutdown stops its job worker and snapshot refresher, whoever shuts it down.
private struct StopWorker: LifecycleHandler {
    let worker: JobWorker
    let refresher: SnapshotRefresher
    let deliverer: WebhookDeliverer
    func shutdownAsync(_ application: Application) async {
        await deliverer.stop()
        await refresher.stop()
        await worker.stop()
    }
}

/// The application's refresher, for tests that wait until the figures show every write.
public struct RefresherKey: StorageKey {
    public typealias Value = SnapshotRefresher
}

/// A stop that hangs (a stuck database connection, say) must not keep a
/// supervisor waiting: once asked to stop, the process ends within `seconds`.
public enum Watchdog {
    public static func start(after seconds: Double) {
        let thread = Thread {
            Thread.sleep(forTimeInterval: seconds)
            FileHandle.standardError.write(Data("ambidex: stopping took longer than \(Int(seconds)) s; exiting now\n".utf8))
            exit(1)
        }
        thread.start()
    }
}

/// Keeps signal sources alive for the life of the process.
private enum SignalSources {
    nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []
    static let lock = NSLock()
    static func keep(_ s: any DispatchSourceSignal) { lock.lock(); sources.append(s); lock.unlock() }
}

/// Headers that cost nothing and close whole classes of attack, on every
/// response: pages, JSON, errors and redirects. Nothing Ambidex serves is
/// public or static, so no response is kept by a browser or a proxy.
struct SecurityHeaders: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response: Response
        do { response = try await next.respond(to: request) } catch { response = ErrorPage.response(for: error, request) }
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:")
        return response
    }
}

/// A request refused for one of its fields: the JSON error names it.
struct FieldError: AbortError {
    let field: String
    let reason: String
    var status: HTTPResponseStatus { .badRequest }
}

/// Errors as a short plain page (or JSON under /api), never a stack trace.
struct ErrorPage: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do { return try await next.respond(to: request) } catch { return Self.response(for: error, request) }
    }

    static func response(for error: any Error, _ request: Request) -> Response {
        let status: HTTPResponseStatus
        let reason: String
        var headers = HTTPHeaders()
        if let abort = error as? any AbortError {
            status = abort.status
            reason = abort.reason
            // A redirect (e.g. to sign in) keeps its Location; a refusal to wait keeps its Retry-After.
            if let location = abort.headers.first(name: .location) {
                return Response(status: status, headers: ["Location": location])
            }
            if let retry = abort.headers.first(name: .retryAfter) { headers.replaceOrAdd(name: .retryAfter, value: retry) }
        } else {
            status = .internalServerError
            reason = "Something went wrong on the server."
            request.logger.error("\(String(reflecting: error))")
        }
        if request.url.path.hasPrefix("/api/") {
            headers.contentType = .json
            var fields = ["error": reason]
            if let field = (error as? FieldError)?.field { fields["field"] = field }
            let body = (try? JSONEncoder().encode(fields)) ?? Data(#"{"error":"?"}"#.utf8)
            return Response(status: status, headers: headers, body: .init(data: body))
        }
        headers.contentType = .plainText
        return Response(status: status, headers: headers, body: .init(string: "\(status.code) \(status.reasonPhrase): \(reason)\n"))
    }
}
