import Foundation

/// What a signed-in person may do. Not to be confused with `OfficeRole`
/// (front or back office), which belongs to a unit on an order.
public enum AccountRole: String, CaseIterable, Sendable, Codable, Hashable {
    /// Learning-office and improvement leads: everything, including the office's settings.
    case lead
    /// Unit heads and engineers (and researchers): read the office, run the lab.
    case member
    /// Customers and suppliers: only what is shared with their partner organization.
    case partner

    public var mayRunLab: Bool { self != .partner }
    /// The office's evidence, schedule and every partner's orders: not for partners.
    public var seesOffice: Bool { self != .partner }
}

/// A person who can sign in.
public struct Account: Sendable, Hashable, Codable, Identifiable {
    /// The one form of an email that accounts are stored, found and throttled under.
    public static func normalized(email: String) -> String {
        email.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    public let id: Identifier<Account>
    public var email: String
    public var name: String
    public var role: AccountRole
    /// The partner organization a partner account belongs to.
    public var partner: Identifier<Partner>?

    public init(id: Identifier<Account>, email: String, name: String, role: AccountRole, partner: Identifier<Partner>? = nil) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.partner = partner
    }

    public static let emailLimit = TextLimit("the email", characters: 254, bytes: 254)
    public static let nameLimit = TextLimit("the name", characters: 200, bytes: 800)

    /// Checks what the store would otherwise accept silently.
    public func validate() throws(DomainError) {
        let e = try Self.emailLimit.check(email)
        guard let at = e.firstIndex(of: "@"), at != e.startIndex, e[e.index(after: at)...].contains("."), !e.contains(" ") else {
            throw .invalid("'\(email)' is not an email address")
        }
        guard !(try Self.nameLimit.check(name)).isEmpty else { throw .invalid("an account needs a name") }
        guard (role == .partner) == (partner != nil) else {
            throw .invalid(role == .partner ? "a partner account needs its partner organization" : "only partner accounts belong to a partner organization")
        }
    }
}
