import AmbidexCore
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// API tokens: a script acts as the token's owner, with the owner's role, on
/// the JSON API; the owner makes and revokes tokens in the browser.
@Suite("API tokens", .serialized)
struct APITokenTests {
    static func status(_ app: Application, _ method: HTTPMethod, _ path: String, _ headers: HTTPHeaders, body: String? = nil) async throws -> (HTTPStatus, String) {
        var result: (HTTPStatus, String) = (.internalServerError, "")
        try await app.testing().test(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) }) { res async in
            result = (res.status, res.body.string)
        }
        return result
    }

    static func bearer(_ token: String) -> HTTPHeaders { ["Authorization": "Bearer \(token)"] }

    /// A store with the small office (or `office`), a lead and a partner, and a server on it.
    static func withServer(_ backend: Backend, office given: LearningOffice? = nil, webhooks: WebhookDeliverer.Settings = .init(),
                           _ body: (Store, Application, LearningOffice) async throws -> Void) async throws {
        try await withFreshStore(backend) { store in
            let office = try given ?? SmallOffice.make()
            try await store.replaceAll(with: office)
            try await store.createAccount(Account(id: "A-lead", email: "lead@example.org", name: "Lena Lead", role: .lead), passwordHash: "unused")
            try await store.createAccount(Account(id: "A-part", email: "buyer@example.org", name: "Bo Buyer", role: .partner, partner: office.partners[0].id),
                                          passwordHash: "unused")
            let app = try await Application.make(.testing)
            do {
                try await WebServer.configure(app, store: store, webhooks: webhooks)
                try await body(store, app, office)
            } catch {
                try await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }

    @Test("a token acts as its owner on the JSON API and writes without a CSRF token; unknown and revoked tokens are refused; a partner's stays a partner's",
          arguments: Backend.available)
    func bearer(_ backend: Backend) async throws {
        try await Self.withServer(backend) { store, app, _ in
            let lead = APITokens.make(), partner = APITokens.make()
            let made = try await store.createAPIToken(email: "LEAD@example.org", name: "nightly export", tokenHash: lead.hash)
            _ = try await store.createAPIToken(email: "buyer@example.org", name: "portal", tokenHash: partner.hash)
            #expect(made.lastUsed == nil)

            #expect(try await Self.status(app, .GET, "/api/report", Self.bearer(lead.token)).0 == .ok)
            // A write: no X-CSRF-Token, since a browser never adds a bearer token on another site's behalf.
            var h = Self.bearer(lead.token)
            h.contentType = .json
            let reflection = try JSONSerialization.data(withJSONObject: LiveWriteTests.reflection)
            let (written, answer) = try await Self.status(app, .POST, "/api/reflections", h, body: String(decoding: reflection, as: UTF8.self))
            #expect(written == .created, "\(answer)")
            #expect(try await store.apiTokens(email: "lead@example.org").first?.lastUsed != nil, "its last use is recorded")

            // The partner's token has the partner's role: not the office's API.
            #expect(try await Self.status(app, .GET, "/api/report", Self.bearer(partner.token)).0 == .forbidden)

            let (unknown, why) = try await Self.status(app, .GET, "/api/report", Self.bearer("amb_not-a-token"))
            #expect(unknown == .unauthorized && why.contains("unknown or revoked"), "\(why)")
            #expect(try await Self.status(app, .GET, "/api/report", Self.bearer(String(repeating: "x", count: 5_000))).0 == .unauthorized)
            #expect(try await Self.status(app, .GET, "/api/report", [:]).0 == .unauthorized)
            // The store keeps the hash: the token itself is not a key to anything.
            #expect(try await store.signedIn(apiTokenHash: lead.token) == nil)
            // Tokens are made in a browser or on the command line, never with a token.
            #expect(try await Self.status(app, .GET, "/tokens", Self.bearer(lead.token)).0 == .forbidden)

            try await store.revokeAPIToken(id: made.id)
            #expect(try await Self.status(app, .GET, "/api/report", Self.bearer(lead.token)).0 == .unauthorized)
        }
    }

    @Test("a signed-in person makes a token at /tokens, sees it once, and revokes it; nobody revokes another's token")
    func browser() async throws {
        try await Self.withServer(.sqlite) { store, app, _ in
            let session = Passwords.token(), csrf = Passwords.token()
            try await store.createSession(tokenHash: Passwords.digest(session), account: "A-lead", csrfToken: csrf, expires: Date().addingTimeInterval(600))
            var lead: HTTPHeaders = ["Cookie": "\(SessionAuthenticator.cookie)=\(session)"]
            let empty = try await Self.status(app, .GET, "/tokens", lead)
            #expect(empty.0 == .ok && empty.1.contains("You have no tokens."))

            lead.contentType = .urlEncodedForm
            #expect(try await Self.status(app, .POST, "/tokens", lead, body: "name=nightly").0 == .forbidden, "no CSRF token, no token")
            let (made, page) = try await Self.status(app, .POST, "/tokens", lead, body: "name=nightly+%3Cb%3Eexport%3C%2Fb%3E&csrf=\(csrf)")
            #expect(made == .created, "\(page)")
            let start = try #require(page.range(of: "<pre id=\"new-token\">"))
            let token = String(page[start.upperBound...].prefix { $0 != "<" })
            #expect(token.hasPrefix("amb_"))
            #expect(page.contains("nightly &lt;b&gt;export&lt;/b&gt;") && !page.contains("<b>export"))
            #expect(try await Self.status(app, .GET, "/api/report", Self.bearer(token)).0 == .ok)

            let listed = try await Self.status(app, .GET, "/tokens", lead).1
            #expect(listed.contains("nightly") && !listed.contains(token), "shown once, never again")
            let tooLong = try await Self.status(app, .POST, "/tokens", lead, body: "name=\(String(repeating: "x", count: 101))&csrf=\(csrf)")
            #expect(tooLong.0 == .unprocessableEntity && tooLong.1.contains("name"), "\(tooLong.1)")

            // Another person's token cannot be revoked from this account.
            let other = APITokens.make()
            let theirs = try await store.createAPIToken(email: "buyer@example.org", name: "portal", tokenHash: other.hash)
            #expect(try await Self.status(app, .POST, "/tokens/\(theirs.id)/revoke", lead, body: "csrf=\(csrf)").0 == .notFound)
            #expect(try await store.apiTokens(email: "buyer@example.org").first?.isActive == true)

            let mine = try #require(try await store.apiTokens(email: "lead@example.org").first)
            #expect(try await Self.status(app, .POST, "/tokens/\(mine.id)/revoke", lead, body: "").0 == .forbidden, "revoking needs the CSRF token")
            #expect(try await Self.status(app, .POST, "/tokens/\(mine.id)/revoke", lead, body: "csrf=\(csrf)").0 == .seeOther)
            #expect(try await Self.status(app, .GET, "/api/report", Self.bearer(token)).0 == .unauthorized)
            #expect(try await Self.status(app, .GET, "/tokens", lead).1.contains("revoked 20"))
        }
    }
}
