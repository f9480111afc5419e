import Foundation

/// Failed sign-ins, counted per account and per client address. After too many
/// within the window, further tries are refused before any password is checked
/// — guessing gets slow, and bcrypt is not made to run for an attacker — until
/// the oldest failure ages out, so nobody can lock an account for long.
/// Kept in memory: a restart forgets it, which costs an attacker a restart they
/// cannot cause.
actor SignInThrottle {
    let perAccount: Int
    let perAddress: Int
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(perAccount: Int = 5, perAddress: Int = 30, window: TimeInterval = 15 * 60) {
        self.perAccount = perAccount
        self.perAddress = perAddress
        self.window = window
    }

    /// Seconds to wait before this account may be tried from this address; nil when it may be tried now.
    func wait(email: String, address: String?, now: Date = Date()) -> TimeInterval? {
        let waits = keys(email, address).compactMap { key, limit -> TimeInterval? in
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            guard recent.count >= limit, let oldest = recent.min() else { return nil }
            return window - now.timeIntervalSince(oldest)
        }
        return waits.max()
    }

    func failed(email: String, address: String?, now: Date = Date()) {
        if failures.count > 10_000 { prune(now) }
        for (key, _) in keys(email, address) {
            failures[key, default: []].append(now)
            failures[key]?.removeAll { now.timeIntervalSince($0) >= window }
        }
    }

    /// A right password clears the account's count (not the address's: one good account must not launder guesses at others).
    func succeeded(email: String) {
        failures["account:" + email.lowercased()] = nil
    }

    private func keys(_ email: String, _ address: String?) -> [(String, Int)] {
        [("account:" + email.lowercased(), perAccount)] + (address.map { [("address:" + $0, perAddress)] } ?? [])
    }

    private func prune(_ now: Date) {
        failures = failures.compactMapValues { dates in
            let recent = dates.filter { now.timeIntervalSince($0) < window }
            return recent.isEmpty ? nil : recent
        }
    }
}
