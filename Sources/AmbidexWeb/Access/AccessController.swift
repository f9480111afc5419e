import AmbidexStore
import Plot
import Vapor

/// Signing in and out.
enum AccessController {
    static let sessionLength: TimeInterval = 12 * 3600

    static func register(on routes: any RoutesBuilder, store: Store, throttle: SignInThrottle = SignInThrottle(),
                         office: @escaping @Sendable () async -> String) {
        routes.get("login") { req async throws -> Response in
            let next = safeNext(req.query[String.self, at: "next"])
            return DashboardController.html(LoginView.render(office: await office(), next: next, problem: nil))
        }

        routes.post("login") { req async throws -> Response in
            try requireSameOrigin(req)
            let form = try req.content.decode(LoginForm.self)
            let next = safeNext(form.next)
            // Refused before any counting or hashing: nothing this long is an email or a password here.
            guard form.email.utf8.count <= 254, form.password.utf8.count <= 1_024 else {
                return DashboardController.html(LoginView.render(office: await office(), next: next,
                    problem: "That email or password is too long (at most 254 and 1,024 bytes)."), status: .badRequest)
            }
            let address = req.remoteAddress?.ipAddress
            let deviceKey = try await store.secret(named: DeviceCookie.settingKey)
            let device = DeviceCookie.read(req.cookies[DeviceCookie.name]?.string, key: deviceKey, email: form.email)
            let ticket: SignInThrottle.Ticket
            switch await throttle.admit(email: form.email, address: address, device: device?.nonce) {
            case .success(let t): ticket = t
            case .failure(let wait):
                let minutes = Int((wait.seconds / 60).rounded(.up))
                let response = DashboardController.html(LoginView.render(office: await office(), next: next,
                    problem: "Too many failed sign-ins: try again in \(minutes) minute\(minutes == 1 ? "" : "s")."), status: .tooManyRequests)
                response.headers.replaceOrAdd(name: .retryAfter, value: "\(Int(wait.seconds.rounded(.up)))")
                return response
            }
            let found = try await store.account(email: form.email)
            // An unknown email costs a bcrypt check too, so the time taken does not tell which emails have accounts.
            let verified = Passwords.verify(form.password, against: found?.passwordHash ?? Passwords.decoyHash)
            guard let found, verified else {
                return DashboardController.html(LoginView.render(office: await office(), next: next, problem: "That email and password do not match an account."),
                                                status: .unauthorized)
            }
            await throttle.succeeded(ticket)
            let token = Passwords.token()
            try await store.createSession(tokenHash: Passwords.digest(token), account: found.account.id, csrfToken: Passwords.token(),
                                          expires: Date().addingTimeInterval(sessionLength))
            let response = req.redirect(to: next, redirectType: .normal)
            response.cookies[SessionAuthenticator.cookie] = HTTPCookies.Value(
                string: token, maxAge: Int(sessionLength), path: "/", isSecure: servedOverHTTPS(req), isHTTPOnly: true, sameSite: .strict)
            // A fresh device cookie on every sign-in, as OWASP advises: this browser is known to this account from now on.
            response.cookies[DeviceCookie.name] = HTTPCookies.Value(
                string: DeviceCookie.issue(for: found.account.email).value(key: deviceKey), maxAge: DeviceCookie.lifetime, path: "/login",
                isSecure: servedOverHTTPS(req), isHTTPOnly: true, sameSite: .strict)
            return response
        }

        routes.post("logout") { req async throws -> Response in
            if let s = req.signedIn, let token = req.cookies[SessionAuthenticator.cookie]?.string {
                try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
                try await store.deleteSession(tokenHash: Passwords.digest(token))
            }
            let response = req.redirect(to: "/", redirectType: .normal)
            response.cookies[SessionAuthenticator.cookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/")
            return response
        }
    }

    /// Scheme, host and port, with the scheme's default port filled in.
    struct WebOrigin: Equatable {
        let scheme: String
        let host: String
        let port: Int

        init?(url: String) {
            guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), let host = parts.host?.lowercased(),
                  !host.isEmpty, let port = parts.port ?? ["http": 80, "https": 443][scheme] else { return nil }
            self.scheme = scheme
            self.host = host
            self.port = port
        }
    }

    struct LoginForm: Content {
        var email: String
        var password: String
        var next: String?
    }

    /// Only local paths, so the login form cannot bounce someone to another site. Control characters are
    /// refused because browsers drop tabs and newlines from a Location, turning "/\t/evil" into "//evil".
    static func safeNext(_ next: String?) -> String {
        guard let next, next.count < 300, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
              !next.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.isWhitespace }),
              let parts = URLComponents(string: next), parts.scheme == nil, parts.host == nil, parts.path.hasPrefix("/") else { return "/" }
        return next
    }

    /// Secure cookies when the request came over HTTPS, directly or through a proxy that says so.
    static func servedOverHTTPS(_ req: Request) -> Bool {
        req.url.scheme == "https" || req.headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }

    /// A sign-in form posted from another site is refused (login CSRF): its
    /// origin (scheme, host and port) must be this server's. Origin when the
    /// browser sends it, else Referer; "null" (a sandboxed frame, a data: page)
    /// is refused. A request with neither (a script, an old browser) passes.
    static func requireSameOrigin(_ req: Request) throws {
        let origin = req.headers.first(name: .origin), referer = req.headers.first(name: .referer)
        guard let source = origin ?? referer else { return }
        let ours = req.headers.first(name: .host).flatMap { WebOrigin(url: (servedOverHTTPS(req) ? "https://" : "http://") + $0) }
        guard source != "null", let ours, WebOrigin(url: source) == ours else {
            throw Abort(.forbidden, reason: "sign-in forms are only accepted from this site")
        }
    }
}
