import AmbidexCore
import Foundation

/// Sign-in tries, counted before any password is checked — guessing gets slow,
/// and bcrypt is not made to run for an attacker. Three counts, each over the
/// last `window`:
/// - per account *and* address, strict: guessing one account from one place;
/// - per address: guessing many accounts from one place;
/// - per account from anywhere, loose: guessing spread over many addresses.
/// The strict count is per address so that someone else's wrong passwords do
/// not lock the owner out. The loose count, sustained, would: so a browser
/// that signed in to the account before (it shows a valid `DeviceCookie`) is
/// counted apart — per device cookie, strictly, and per address — and never
/// against the account's count from strangers.
/// A try is counted when it is admitted (so parallel tries cannot slip past)
/// and taken back when its password was right.
/// Kept in memory: a restart forgets it.
actor SignInThrottle {
    struct Limits: Sendable {
        var perAccountAndAddress = 5
        var perAddress = 30
        var perAccount = 100
        /// Tries from one browser with a device cookie for the account.
        var perDevice = 5
        var window: TimeInterval = 15 * 60
    }

    /// An admitted try, to take back if the password was right.
    struct Ticket: Sendable {
        fileprivate let keys: [String]
        fileprivate let at: Date
        fileprivate let account: String
        fileprivate let address: String?
    }

    let limits: Limits
    private var tries: [String: [Date]] = [:]

    init(_ limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Counts the try and lets it through, or says how many seconds to wait (and counts nothing).
    /// `device` is the nonce of a valid device cookie for this account, if the browser showed one.
    func admit(email: String, address: String?, device: String? = nil, now: Date = Date()) -> Result<Ticket, Wait> {
        if tries.count > 10_000 { prune(now) }
        let account = Account.normalized(email: email)
        let keyed = device.map { [("device:" + $0, limits.perDevice)] + addressKey(address) } ?? keys(account, address)
        let waits = keyed.compactMap { key, limit -> TimeInterval? in
            let recent = (tries[key] ?? []).filter { now.timeIntervalSince($0) < limits.window }
            tries[key] = recent.isEmpty ? nil : recent
            guard recent.count >= limit, let oldest = recent.min() else { return nil }
            return limits.window - now.timeIntervalSince(oldest)
        }
        if let wait = waits.max() { return .failure(Wait(seconds: wait)) }
        for (key, _) in keyed { tries[key, default: []].append(now) }
        return .success(Ticket(keys: keyed.map(\.0), at: now, account: account, address: address))
    }

    /// The password was right: the try does not count, and the account's strict count from this address starts again.
    func succeeded(_ ticket: Ticket) {
        for key in ticket.keys {
            if let i = tries[key]?.lastIndex(of: ticket.at) { tries[key]?.remove(at: i) }
        }
        tries[pairKey(ticket.account, ticket.address)] = nil
    }

    struct Wait: Error {
        let seconds: TimeInterval
    }

    private func keys(_ account: String, _ address: String?) -> [(String, Int)] {
        [(pairKey(account, address), limits.perAccountAndAddress), ("account:" + account, limits.perAccount)] + addressKey(address)
    }

    private func addressKey(_ address: String?) -> [(String, Int)] { address.map { [("address:" + $0, limits.perAddress)] } ?? [] }

    private func pairKey(_ account: String, _ address: String?) -> String { "pair:" + account + "|" + (address ?? "-") }

    private func prune(_ now: Date) {
        tries = tries.compactMapValues { dates in
            let recent = dates.filter { now.timeIntervalSince($0) < limits.window }
            return recent.isEmpty ? nil : recent
        }
    }
}
