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
            let address = req.remoteAddress?.ipAddress
            if let wait = await throttle.wait(email: form.email, address: address) {
                let minutes = Int((wait / 60).rounded(.up))
                let response = DashboardController.html(LoginView.render(office: await office(), next: next,
                    problem: "Too many failed sign-ins: try again in \(minutes) minute\(minutes == 1 ? "" : "s")."), status: .tooManyRequests)
                response.headers.replaceOrAdd(name: .retryAfter, value: "\(Int(wait.rounded(.up)))")
                return response
            }
            guard let found = try await store.account(email: form.email), Passwords.verify(form.password, against: found.passwordHash) else {
                await throttle.failed(email: form.email, address: address)
                return DashboardController.html(LoginView.render(office: await office(), next: next, problem: "That email and password do not match an account."),
                                                status: .unauthorized)
            }
            await throttle.succeeded(email: form.email)
            let token = Passwords.token()
            try await store.createSession(tokenHash: Passwords.digest(token), account: found.account.id, csrfToken: Passwords.token(),
                                          expires: Date().addingTimeInterval(sessionLength))
            let response = req.redirect(to: next, redirectType: .normal)
            response.cookies[SessionAuthenticator.cookie] = HTTPCookies.Value(
                string: token, maxAge: Int(sessionLength), path: "/", isSecure: req.url.scheme == "https", isHTTPOnly: true, sameSite: .strict)
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

    struct LoginForm: Content {
        var email: String
        var password: String
        var next: String?
    }

    /// Only local paths, so the login form cannot bounce someone to another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count < 300 else { return "/" }
        return next
    }

    /// A sign-in form posted from another site is refused (login CSRF).
    static func requireSameOrigin(_ req: Request) throws {
        guard let origin = req.headers.first(name: .origin), origin != "null" else { return }
        let host = req.headers.first(name: .host)?.split(separator: ":").first.map(String.init)
        guard let host, URL(string: origin)?.host == host else {
            throw Abort(.forbidden, reason: "sign-in forms are only accepted from this site")
        }
    }
}
