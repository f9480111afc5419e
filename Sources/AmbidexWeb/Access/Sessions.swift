import AmbidexCore
import AmbidexStore
import Vapor

/// Finds who is signed in from the session cookie. Pages decide what that
/// allows; this only makes `request.signedIn` true or nil.
struct SessionAuthenticator: AsyncMiddleware {
    static let cookie = "ambidex_session"
    let store: Store

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // A script's API token: it must be valid, or the request is refused whatever cookie it has.
        if let bearer = request.headers.bearerAuthorization?.token {
            guard bearer.utf8.count < 200, let signedIn = try await store.signedIn(apiTokenHash: Passwords.digest(bearer)) else {
                throw Abort(.unauthorized, reason: "the API token is unknown or revoked")
            }
            request.storage[SignedInKey.self] = signedIn
        } else if let token = request.cookies[Self.cookie]?.string, !token.isEmpty, token.count < 200 {
            request.storage[SignedInKey.self] = try await store.session(tokenHash: Passwords.digest(token))
        }
        return try await next.respond(to: request)
    }
}

struct SignedInKey: StorageKey { typealias Value = SignedIn }

extension Request {
    var signedIn: SignedIn? { storage[SignedInKey.self] }

    /// The signed-in account if it may run the lab; otherwise a redirect to
    /// sign in (nobody signed in) or 403 (a partner).
    func requireLab() throws -> SignedIn {
        let s = try requireSignedIn()
        guard s.account.role.mayRunLab else { throw Abort(.forbidden, reason: "partner accounts do not have the lab") }
        return s
    }

    /// The office's own pages (the dashboard): leads and members. A partner is
    /// sent to what is shared with them.
    func requireOffice() throws -> SignedIn {
        let s = try requireSignedIn()
        guard s.account.role.seesOffice else { throw Abort.redirect(to: "/partner") }
        return s
    }

    /// The JSON API: 401 without a session (no redirect a script would follow to a form), 403 for a partner.
    func requireOfficeAPI() throws -> SignedIn {
        guard let s = signedIn else {
            throw Abort(.unauthorized, reason: "sign in first (POST /login) or send an API token (Authorization: Bearer …, made at /tokens or with `ambidex token create`)")
        }
        guard s.account.role.seesOffice else { throw Abort(.forbidden, reason: "partner accounts see only what is shared with them, at /partner") }
        return s
    }

    /// A lead's work (webhooks, partner programmes): a page or, with `api`, the JSON API; 403 for everyone else.
    func requireLead(api: Bool, to work: String) throws -> SignedIn {
        let s = api ? try requireOfficeAPI() : try requireOffice()
        guard s.account.role == .lead else { throw Abort(.forbidden, reason: "only a lead \(work)") }
        return s
    }

    /// Anyone signed in; nobody is sent to sign in and come back here.
    func requireSignedIn() throws -> SignedIn {
        guard let s = signedIn else {
            // The query comes along: a link to a filtered list lands on that list once signed in.
            let target = url.path + (url.query.map { "?" + $0 } ?? "")
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~/")
            throw Abort.redirect(to: "/login?next=" + (target.addingPercentEncoding(withAllowedCharacters: allowed) ?? "/"))
        }
        return s
    }

    /// A state-changing form must carry the session's CSRF token. A request
    /// that authenticates with an API token carries no ambient credential a
    /// browser would add on another site's behalf, so it needs none.
    func requireCSRF(_ s: SignedIn, _ submitted: String?) throws {
        if s.token != nil { return }
        guard let submitted, !submitted.isEmpty,
              submitted.utf8.count == s.csrfToken.utf8.count,
              zip(submitted.utf8, s.csrfToken.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw Abort(.forbidden, reason: "the form's security token is missing or stale; reload the page and try again")
        }
    }
}
