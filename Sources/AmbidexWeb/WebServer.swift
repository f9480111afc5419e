import AmbidexLab
import AmbidexStore
import Vapor

/// Assembles and runs the web adapter: one function that shows every piece
/// the application is made of (hummingbird's explicit composition).
public enum WebServer {
    /// Builds a configured application without starting it (tests drive it directly).
    @discardableResult
    public static func configure(_ app: Application, store: Store, labThreads: Int? = nil) async throws -> LabRuns {
        let state = try await OfficeState.load(from: store)
        try await store.markExperimentsInterrupted()
        var limits = LabRuns.Limits()
        if let labThreads { limits.threads = labThreads }
        let runs = LabRuns(store: store, limits: limits)
        app.middleware = Middlewares()
        // Outermost, so that error pages and redirects carry the headers too.
        app.middleware.use(SecurityHeaders())
        app.middleware.use(ErrorPage())
        app.middleware.use(SessionAuthenticator(store: store))
        DashboardController.register(on: app, state: state)
        APIController.register(on: app, state: state)
        PartnerController.register(on: app, state: state)
        let office: @Sendable () async -> String = { await state.office.name }
        AccessController.register(on: app, store: store, office: office)
        LabController.register(on: app, store: store, runs: runs, office: office)
        LabController.registerAPI(on: app, store: store, runs: runs)
        app.get("healthz") { _ in "ok" }
        return runs
    }

    /// Serves until interrupted. `onStart` receives the URL once the server listens.
    public static func run(store: Store, host: String, port: Int, onStart: @escaping @Sendable (String) -> Void) async throws {
        var env = Environment.production
        env.arguments = ["ambidex"]
        let app = try await Application.make(env)
        app.http.server.configuration.hostname = host
        app.http.server.configuration.port = port
        do {
            let runs = try await configure(app, store: store)
            try await app.server.start(address: .hostname(host, port: port))
            onStart("http://\(host):\(app.http.server.shared.localAddress?.port ?? port)/")
            try await waitForInterrupt()
            Watchdog.start(after: 8)
            await runs.stop()
            await app.server.shutdown()
        } catch {
            await app.server.shutdown()
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Waits for SIGINT or SIGTERM, so `serve` ends cleanly from a terminal or a supervisor.
    /// The signals are read on a queue of their own: no work of the server's runs there.
    private static func waitForInterrupt() async throws {
        let queue = DispatchQueue(label: "ambidex.signals", qos: .userInteractive)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = OnceFlag()
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

private final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func claim() -> Bool {
        lock.lock(); defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
}

/// A stop that hangs (a stuck database connection, say) must not keep a
/// supervisor waiting: once asked to stop, the process ends within `seconds`.
private enum Watchdog {
    static func start(after seconds: Double) {
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
            let body = (try? JSONEncoder().encode(["error": reason])) ?? Data(#"{"error":"?"}"#.utf8)
            return Response(status: status, headers: headers, body: .init(data: body))
        }
        headers.contentType = .plainText
        return Response(status: status, headers: headers, body: .init(string: "\(status.code) \(status.reasonPhrase): \(reason)\n"))
    }
}
