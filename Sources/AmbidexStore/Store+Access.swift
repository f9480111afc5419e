import AmbidexCore
import FluentKit
import Foundation
import SQLKit

struct AccountRow: Codable, Sendable {
    var id: String
    var email: String
    var name: String
    var role: String
    var partnerId: String?
    var passwordHash: String
    var createdAt: Double

    func domain() throws -> Account {
        Account(id: .init(id), email: email, name: name,
                role: try decodeEnum(AccountRole.self, role, column: "role", row: "account \(id)"), partner: partnerId.map { .init($0) })
    }
}

struct SessionRow: Codable, Sendable {
    var tokenHash: String
    var accountId: String
    var csrfToken: String
    var expiresAt: Double
}

/// A signed-in session as the web adapter sees it.
public struct SignedIn: Sendable {
    public let account: Account
    public let csrfToken: String
    public let expires: Date
    /// The API token the request carried (`Authorization: Bearer`), or nil for a browser session.
    public let token: String?

    init(account: Account, csrfToken: String, expires: Date, token: String? = nil) {
        self.account = account
        self.csrfToken = csrfToken
        self.expires = expires
        self.token = token
    }
}

extension Store {
    static let rowEncoder = SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
    static let rowDecoder = SQLRowDecoder(keyDecodingStrategy: .convertFromSnakeCase)

    /// Adds an account; the password arrives hashed (the web adapter owns the hashing).
    public func createAccount(_ account: Account, passwordHash: String, at now: Date = Date()) async throws {
        let name: String
        do {
            try account.validate()
            name = try Account.nameLimit.check(account.name)
        } catch { throw StoreError("account \(account.email): \(error)") }
        let email = Account.normalized(email: account.email)
        if try await sql.select().column("id").from("accounts").where("email", .equal, email).first() != nil {
            throw StoreError("an account with the email \(email) exists already")
        }
        if let partner = account.partner,
           try await sql.select().column("id").from("partners").where("id", .equal, partner.rawValue).first() == nil {
            throw StoreError("there is no partner organization with the id \(partner.rawValue)")
        }
        let row = AccountRow(id: account.id.rawValue, email: email, name: name, role: account.role.rawValue,
                             partnerId: account.partner?.rawValue, passwordHash: passwordHash, createdAt: now.storeValue)
        do { try await sql.insert(into: "accounts").model(row, with: Self.rowEncoder).run() } catch { throw explain(error) }
    }

    public func accountCount() async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("accounts").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The account with this email and its password hash, for signing in.
    public func account(email: String) async throws -> (account: Account, passwordHash: String)? {
        let key = Account.normalized(email: email)
        guard let row = try await sql.select().column("*").from("accounts").where("email", .equal, key)
            .first(decoding: AccountRow.self, with: Self.rowDecoder) else { return nil }
        return (try row.domain(), row.passwordHash)
    }

    public func accounts() async throws -> [Account] {
        try await sql.select().column("*").from("accounts").orderBy("email")
            .all(decoding: AccountRow.self, with: Self.rowDecoder).map { try $0.domain() }
    }

    public func createSession(tokenHash: String, account: Identifier<Account>, csrfToken: String, expires: Date) async throws {
        try await sql.insert(into: "sessions")
            .model(SessionRow(tokenHash: tokenHash, accountId: account.rawValue, csrfToken: csrfToken, expiresAt: expires.storeValue), with: Self.rowEncoder)
            .run()
    }

    /// The session with this token hash, if it exists and has not expired (expired ones are removed).
    public func session(tokenHash: String, now: Date = Date()) async throws -> SignedIn? {
        guard let s = try await sql.select().column("*").from("sessions").where("token_hash", .equal, tokenHash)
            .first(decoding: SessionRow.self, with: Self.rowDecoder) else { return nil }
        guard s.expiresAt > now.storeValue else {
            try await deleteSession(tokenHash: tokenHash)
            return nil
        }
        guard let a = try await sql.select().column("*").from("accounts").where("id", .equal, s.accountId)
            .first(decoding: AccountRow.self, with: Self.rowDecoder) else { return nil }
        return SignedIn(account: try a.domain(), csrfToken: s.csrfToken, expires: Date(storeValue: s.expiresAt))
    }

    public func deleteSession(tokenHash: String) async throws {
        try await sql.delete(from: "sessions").where("token_hash", .equal, tokenHash).run()
    }
}

extension Store {
    /// A random key kept among the settings and made on first use, the same for
    /// every server on this store (e.g. to sign device cookies). When two servers
    /// make it at once, the first insert wins and both read it.
    public func secret(named key: String) async throws -> [UInt8] {
        func read() async throws -> [UInt8]? {
            try await setting(key, as: String.self).flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) }
        }
        if let known = try await read() { return known }
        var g = SystemRandomNumberGenerator()
        let fresh = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &g) }).base64EncodedString()
        try await sql.insert(into: "settings").model(SettingRow(key: key, value: JSONColumn.encode(fresh))).ignoringConflicts().run()
        guard let made = try await read() else { throw StoreError("the setting \(key) could not be made") }
        return made
    }
}
