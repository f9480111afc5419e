import AmbidexCore
import FluentKit
import Foundation
import SQLKit

/// An API token as its owner sees it in a list: never the token itself, which
/// is shown once when it is made and kept only as a hash.
public struct APIToken: Sendable, Equatable, Codable {
    public let id: String
    public let account: String
    public let email: String
    public let name: String
    public let created: Date
    public let lastUsed: Date?
    public let revoked: Date?

    public var isActive: Bool { revoked == nil }
}

struct APITokenRow: Codable, Sendable {
    var id: String
    var accountId: String
    var name: String
    var tokenHash: String
    var createdAt: Double
    var lastUsedAt: Double?
    var revokedAt: Double?
}

extension Store {
    /// `prefix` and ten random letters and digits that cannot be misread (no 0/o, 1/l/i): an id people read out and type.
    static func shortID(_ prefix: String) -> String {
        var g = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        return prefix + String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &g)] })
    }

    static let tokenNameLimit = TextLimit("a token's name", characters: 100, bytes: 400)
    /// A token's last use is written at most this often, so a busy script does not write on every request.
    static let tokenUseResolution: TimeInterval = 60

    /// Records a new token of the account with this email; the token arrives hashed.
    public func createAPIToken(email: String, name: String, tokenHash: String, now: Date = Date()) async throws -> APIToken {
        guard let owner = try await account(email: email)?.account else { throw StoreError("there is no account with the email \(Account.normalized(email: email))") }
        let checked: String
        do { checked = try Self.tokenNameLimit.check(name) } catch { throw StoreError("\(error)") }
        guard !checked.isEmpty else { throw StoreError("a token needs a name (what it is for, e.g. \"nightly export\")") }
        let id = Self.shortID("T-")
        let row = APITokenRow(id: id, accountId: owner.id.rawValue, name: checked, tokenHash: tokenHash, createdAt: now.storeValue)
        do { try await sql.insert(into: "api_tokens").model(row, with: Self.rowEncoder).run() } catch { throw explain(error) }
        return APIToken(id: id, account: owner.id.rawValue, email: owner.email, name: checked, created: now, lastUsed: nil, revoked: nil)
    }

    /// Every token, or those of one account, newest first.
    public func apiTokens(email: String? = nil) async throws -> [APIToken] {
        try await apiTokens(email: email, id: nil)
    }

    private func apiTokens(email: String?, id: String?) async throws -> [APIToken] {
        var q = try sql.select().column(SQLColumn("*", table: "api_tokens")).column(SQLColumn("email", table: "accounts"))
            .from("api_tokens").join("accounts", on: SQLColumn("account_id", table: "api_tokens"), .equal, SQLColumn("id", table: "accounts"))
        if let email { q = q.where(SQLColumn("email", table: "accounts"), .equal, SQLBind(Account.normalized(email: email))) }
        if let id { q = q.where(SQLColumn("id", table: "api_tokens"), .equal, SQLBind(id)) }
        do {
            return try await q.orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: "api_tokens"), direction: SQLDirection.descending)).all().map { row in
                let t = try row.decode(model: APITokenRow.self, with: Self.rowDecoder)
                return APIToken(id: t.id, account: t.accountId, email: try row.decode(column: "email", as: String.self), name: t.name,
                                created: Date(storeValue: t.createdAt), lastUsed: t.lastUsedAt.map(Date.init(storeValue:)),
                                revoked: t.revokedAt.map(Date.init(storeValue:)))
            }
        } catch { throw explain(error) }
    }

    /// Revokes a token; with `email`, only one of that account's (its owner revoking it).
    /// Says why in one line when there is no such active token.
    public func revokeAPIToken(id: String, email: String? = nil, now: Date = Date()) async throws {
        guard let token = try await apiTokens(email: email, id: id).first else {
            throw StoreError("there is no token \(id)" + (email.map { " of \(Account.normalized(email: $0))" } ?? ""))
        }
        guard token.isActive else { throw StoreError("the token \(id) was revoked already") }
        do {
            try await sql.update("api_tokens").set("revoked_at", to: SQLBind(now.storeValue)).where("id", .equal, SQLBind(id))
                .where("revoked_at", .is, SQLLiteral.null).run()
        } catch { throw explain(error) }
    }

    /// Who a request carrying this token acts as: its owner, with the owner's
    /// role as it is now, unless the token is unknown or revoked.
    public func signedIn(apiTokenHash hash: String, now: Date = Date()) async throws -> SignedIn? {
        guard let t = try await sql.select().column("*").from("api_tokens").where("token_hash", .equal, SQLBind(hash))
            .first(decoding: APITokenRow.self, with: Self.rowDecoder), t.revokedAt == nil,
              let a = try await sql.select().column("*").from("accounts").where("id", .equal, SQLBind(t.accountId))
            .first(decoding: AccountRow.self, with: Self.rowDecoder) else { return nil }
        if (t.lastUsedAt ?? 0) < now.storeValue - Self.tokenUseResolution {
            try await sql.update("api_tokens").set("last_used_at", to: SQLBind(now.storeValue)).where("id", .equal, SQLBind(t.id)).run()
        }
        return SignedIn(account: try a.domain(), csrfToken: "", expires: .distantFuture, token: t.id)
    }
}
