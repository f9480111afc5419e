import AmbidexStore
import Plot
import Vapor

/// API tokens: made and revoked by their owner at /tokens (and with
/// `ambidex token`), shown once, kept hashed, acting with the owner's role.
public enum APITokens {
    /// A new token and the hash the store keeps of it. The prefix lets secret
    /// scanners and people recognise an Ambidex token in a leaked file.
    public static func make() -> (token: String, hash: String) {
        let token = "amb_" + Passwords.token()
        return (token, Passwords.digest(token))
    }

    static func register(on routes: any RoutesBuilder, store: Store, office: @escaping @Sendable () async -> String) {
        routes.get("tokens") { req async throws -> Response in
            let s = try requireBrowser(req)
            return DashboardController.html(TokensView.render(office: await office(), session: s,
                                                              tokens: try await store.apiTokens(email: s.account.email), made: nil, problem: nil))
        }

        routes.post("tokens") { req async throws -> Response in
            let s = try requireBrowser(req)
            let form = try req.content.decode(NewTokenForm.self)
            try req.requireCSRF(s, form.csrf)
            let made = make()
            do {
                let token = try await store.createAPIToken(email: s.account.email, name: form.name, tokenHash: made.hash)
                return DashboardController.html(TokensView.render(office: await office(), session: s, tokens: try await store.apiTokens(email: s.account.email),
                                                                  made: (token, made.token), problem: nil), status: .created)
            } catch let e as StoreError {
                return DashboardController.html(TokensView.render(office: await office(), session: s, tokens: try await store.apiTokens(email: s.account.email),
                                                                  made: nil, problem: e.description), status: .unprocessableEntity)
            }
        }

        routes.post("tokens", ":id", "revoke") { req async throws -> Response in
            let s = try requireBrowser(req)
            try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
            let id = req.parameters.get("id") ?? ""
            do { try await store.revokeAPIToken(id: id, email: s.account.email) } catch let e as StoreError {
                throw Abort(.notFound, reason: e.description)
            }
            return req.redirect(to: "/tokens", redirectType: .normal)
        }
    }

    /// Tokens are managed from a signed-in browser, not with another token.
    static func requireBrowser(_ req: Request) throws -> SignedIn {
        let s = try req.requireSignedIn()
        guard s.token == nil else { throw Abort(.forbidden, reason: "API tokens are made and revoked from a signed-in browser or with `ambidex token`, not with a token") }
        return s
    }

    struct NewTokenForm: Content {
        var name: String
        var csrf: String?
    }
}

enum TokensView {
    static func render(office: String, session: SignedIn, tokens: [APIToken], made: (APIToken, String)?, problem: String?) -> String {
        Layout.page(title: "API tokens", office: office, active: "tokens", session: session, body:
            .section(.class("card wide"),
                .h2("API tokens"),
                .p(.class("lead"), .text("A token lets a script or an integration use the JSON API as you, with your role "
                    + "(\(session.account.role.rawValue)): send it as Authorization: Bearer …. It is shown once; keep it like a password and revoke it when it is no longer needed.")),
                madeNote(made),
                .unwrap(problem) { .p(.class("problem"), .text($0)) },
                form(session),
                list(tokens, session)
            )
        ).render()
    }

    static func madeNote(_ made: (APIToken, String)?) -> Node<HTML.BodyContext> {
        guard let (token, secret) = made else { return .empty }
        return .div(.class("made"),
                    .p(.strong(.text("New token “\(token.name)” — copy it now, it will not be shown again:"))),
                    .pre(.id("new-token"), .text(secret)))
    }

    static func form(_ session: SignedIn) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action("/tokens"), .class("inline"),
              .input(.type(.hidden), .name("csrf"), .value(session.csrfToken)),
              .label(.text("What it is for "), .input(.type(.text), .name("name"), .required(true), .attribute(named: "maxlength", value: "100"))),
              .button(.type(.submit), .class("primary"), .text("Make a token")))
    }

    static func list(_ tokens: [APIToken], _ session: SignedIn) -> Node<HTML.BodyContext> {
        guard !tokens.isEmpty else { return .p(.class("muted"), .text("You have no tokens.")) }
        return .table(
            .tr(.th("Name"), .th("Id"), .th("Made"), .th("Last used"), .th("")),
            .forEach(tokens) { row($0, session) })
    }

    static func row(_ t: APIToken, _ session: SignedIn) -> Node<HTML.TableContext> {
        let state: Node<HTML.BodyContext> = t.revoked.map { .text("revoked " + day($0)) } ??
            .form(.method(.post), .action("/tokens/\(Layout.escaped(t.id))/revoke"), .class("inline"),
                  .input(.type(.hidden), .name("csrf"), .value(session.csrfToken)),
                  .button(.type(.submit), .class("link"), .text("Revoke")))
        return .tr(.td(.text(t.name)), .td(.text(t.id)), .td(.text(day(t.created))), .td(.text(t.lastUsed.map(day) ?? "never")), .td(state))
    }

    static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
    }
}
