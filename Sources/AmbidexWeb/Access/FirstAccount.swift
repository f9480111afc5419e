import AmbidexCore
import AmbidexStore

/// Without any account nobody could sign in to the lab, and there is no one to
/// add the others: a store without accounts gets one lead, with a fresh random
/// password that is shown once.
public enum FirstAccount {
    public static let email = "lead@lindqvist.example"

    /// The new lead's password, or nil when the store already has accounts (then nothing changes).
    public static func ensure(in store: Store) async throws -> String? {
        guard try await store.accountCount() == 0 else { return nil }
        let password = Passwords.generated()
        try await store.createAccount(Account(id: "A-first-lead", email: email, name: "First lead", role: .lead),
                                      passwordHash: try Passwords.hash(password))
        return password
    }
}
