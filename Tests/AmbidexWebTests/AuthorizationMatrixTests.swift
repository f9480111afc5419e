import AmbidexCore
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// Every route the server has × every kind of caller: lead, member, partner,
/// another partner, nobody, a revoked token. A route missing from the table
/// below fails the test, so a new route cannot ship without deciding who may use it.
@Suite("Authorization matrix", .serialized)
struct AuthorizationMatrixTests {
    enum Caller: String, CaseIterable { case lead, member, partner, otherPartner, anonymous, revokedToken }

    /// Who may use a route.
    enum Access {
        /// Leads and members (the office's pages and JSON).
        case office
        /// Leads only: document control of standards.
        case lead
        /// Anyone signed in (their own tokens, signing out, what is shared with them).
        case signedIn
        /// Everyone: signing in, health.
        case everyone
        /// Whoever holds the secret in the URL (a calendar feed); with a wrong one, nobody.
        case secret
        /// This machine or the operator's token (metrics).
        case machine
        /// A partner's own account: what it records as that partner (suggestions, answers to invitations).
        case partner
        /// The partner whose order it is (feedback); another partner is told there is no such order.
        case owningPartner
    }

    static func access(_ method: HTTPMethod, _ path: String) -> Access? {
        switch path {
        // Signing out without a session only clears the cookie.
        // The board's script holds nothing of the office.
        case "/login", "/healthz", "/logout", "/assets/board.js", "/assets/mining.js", "/api/v1/openapi.json": return .everyone
        case "/metrics": return .machine
        case "/calendar/:file": return .secret
        case "/tokens", "/tokens/:id/revoke", "/partner", "/api/session": return .signedIn
        default: break
        }
        // An activity it is not invited to (the sample) is answered 404: past the role's gate, nothing found.
        if ["/partner/suggestions", "/api/v1/partner/suggestions", "/api/v1/partner/activities", "/partner/activities/:activity/answer",
            "/api/v1/partner/activities/:activity/answer"].contains(path) { return .partner }
        if path == "/partner/orders/:order/feedback" || path == "/api/v1/partner/orders/:order/feedback" { return .owningPartner }
        if path.hasPrefix("/webhooks") || path.hasPrefix("/api/v1/webhooks") || path == "/schedule/programme" || path == "/api/v1/programmes"
            || path.hasPrefix("/imports") || path.hasPrefix("/api/v1/imports") { return .lead }
        if ["adopt", "revise", "retire"].contains(where: { path == "/standards/:standard/\($0)" || path == "/api/v1/standards/:standard/\($0)" }) { return .lead }
        let office = ["/", "/orders", "/orders/:order", "/orders/:order/reflections", "/schedule", "/schedule/policy", "/schedule/feeds", "/schedule/feeds/:feed/revoke",
                      "/knowledge", "/knowledge/:item/advance", "/partners/:id", "/lab", "/retrospectives", "/standards", "/units", "/units/:unit",
                      "/mining", "/mining/:strategy", "/mining/log"]
        if office.contains(path) || path.hasPrefix("/schedule/:activity/") || path.hasPrefix("/lab/") || path.hasPrefix("/api/")
            || path.hasPrefix("/retrospectives/:retro") || path.hasPrefix("/standards/:standard") { return .office }
        return nil
    }

    @Test("each caller gets exactly the access it should on every route, pages and API")
    func matrix() async throws {
        try await APITokenTests.withServer(.sqlite) { store, app, office in
            try await store.createAccount(Account(id: "A-mem", email: "member@example.org", name: "Mo Member", role: .member), passwordHash: "unused")
            try await store.createAccount(Account(id: "A-part2", email: "steel@example.org", name: "Sid Steel", role: .partner, partner: office.partners[1].id),
                                          passwordHash: "unused")
            let revoked = APITokens.make()
            let made = try await store.createAPIToken(email: "lead@example.org", name: "gone", tokenHash: revoked.hash)
            try await store.revokeAPIToken(id: made.id)

            let samples = [":order": "O-1", ":item": "K-1", ":activity": "A-none", ":feed": "F-none", ":file": "cal_none.ics", ":id": "X-none", ":retro": "RT-none", ":standard": "S-none", ":hook": "W-none", ":unit": "U-none", ":strategy": "eto", ":import": "I-none"]
            var unclassified: [String] = []
            var checked = 0
            for route in app.routes.all {
                let template = "/" + route.path.map(\.description).joined(separator: "/")
                guard let access = Self.access(route.method, template) else { unclassified.append("\(route.method) \(template)"); continue }
                var path = template
                for (k, v) in samples { path = path.replacingOccurrences(of: k, with: v) }
                // Fresh sessions for each route: signing out ends the one it is called with.
                var sessions: [Caller: (HTTPHeaders, String)] = [:]
                for (caller, account) in [(Caller.lead, "A-lead"), (.member, "A-mem"), (.partner, "A-part"), (.otherPartner, "A-part2")] {
                    sessions[caller] = try await OrderPageTests.session(store, Identifier<Account>(rawValue: account))
                }
                for caller in Caller.allCases {
                    var headers: HTTPHeaders = [:]
                    var body: String?
                    if let (cookie, csrf) = sessions[caller] {
                        headers = cookie
                        headers.replaceOrAdd(name: "X-CSRF-Token", value: csrf)
                        if route.method == .POST {
                            headers.contentType = .urlEncodedForm
                            body = "csrf=\(csrf)"
                        }
                    } else if caller == .revokedToken {
                        headers = APITokenTests.bearer(revoked.token)
                    }
                    let (status, location, answer) = try await Self.call(app, route.method, path, headers, body)
                    let refused = status == .unauthorized || status == .forbidden
                        || (status == .seeOther && (location.hasPrefix("/login") || location == "/partner"))
                        || (access == .owningPartner && status == .notFound)
                    let expectAllowed: Bool
                    switch access {
                    case .office: expectAllowed = caller == .lead || caller == .member
                    case .lead: expectAllowed = caller == .lead
                    case .signedIn: expectAllowed = caller != .anonymous && caller != .revokedToken
                    // A revoked token is refused wherever it is sent, rather than quietly ignored.
                    case .everyone, .machine: expectAllowed = caller != .revokedToken
                    case .secret: expectAllowed = false // the sample secret is wrong for everyone
                    case .partner: expectAllowed = caller == .partner || caller == .otherPartner
                    case .owningPartner: expectAllowed = caller == .partner // O-1 is Nordwerk's
                    }
                    if access == .secret {
                        #expect(status == (caller == .revokedToken ? .unauthorized : .notFound), "\(route.method) \(path) as \(caller): \(status)")
                    } else {
                        #expect(expectAllowed == !refused, "\(route.method) \(path) as \(caller): \(status) \(location) \(answer.prefix(120))")
                    }
                    if caller == .partner || caller == .otherPartner {
                        // Whatever a partner may open, it never carries the office's own orders' words.
                        #expect(!answer.contains("Seal choice with the customer") || caller == .partner, "\(path) as \(caller) leaks a reflection")
                    }
                    checked += 1
                }
            }
            #expect(unclassified.isEmpty, "routes with no decision on who may use them: \(unclassified)")
            #expect(checked >= 6 * 40, "every route was called by every caller (\(checked) calls)")
        }
    }

    static func call(_ app: Application, _ method: HTTPMethod, _ path: String, _ headers: HTTPHeaders, _ body: String?) async throws -> (HTTPStatus, String, String) {
        var result: (HTTPStatus, String, String) = (.internalServerError, "", "")
        try await app.testing().test(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) }) { res async in
            result = (res.status, res.headers.first(name: .location) ?? "", res.body.string)
        }
        return result
    }
}
