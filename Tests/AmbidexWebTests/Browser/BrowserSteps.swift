import AmbidexCore
import AmbidexDemo
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation

/// The steps browser tests repeat: sign in on the form the browser was sent to,
/// wait for a condition, save a screenshot, read a board's phase.
extension WebDriver {
    func signIn(as email: String, password: String = "correct horse battery") async throws {
        _ = try await execute("""
            document.querySelector('input[name=email]').value = '\(email)';
            document.querySelector('input[name=password]').value = '\(password)';
            document.querySelector('form.login').submit(); return true
            """)
    }

    /// Saves a screenshot as `name`.png in AMBIDEX_SCREENSHOTS, when set (CI keeps them).
    func shot(_ name: String) async throws {
        if let dir = ProcessInfo.processInfo.environment["AMBIDEX_SCREENSHOTS"] { try await screenshot(to: dir + "/\(name).png") }
    }

    /// Polls a script until it returns true, for up to `seconds`.
    func waitFor(_ script: String, seconds: Double = 30) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await execute(script) as? Bool == true { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    /// Waits until a retrospective's page shows `label` as its current phase (it follows the facilitator by itself).
    func phase(is label: String) async throws -> Bool {
        try await waitFor("const p = document.querySelector('ol.phases li.now'); return !!p && p.innerText === '\(label)'", seconds: 20)
    }
}

/// A script expression for an element's text, empty while the page reloads.
func innerText(_ selector: String) -> String { "(document.querySelector('\(selector)')?.innerText ?? '')" }

/// A 600-order demo company with a lead (Lena) and a member (Mia), served to two browsers of their own.
func withLeadAndMember(_ body: (_ lead: WebDriver, _ member: WebDriver, _ base: String, _ store: Store) async throws -> Void) async throws {
    try await withFreshStore(.sqlite) { store in
        try await store.replaceAll(with: DemoCompany.generate(orders: 600))
        let hash = try Passwords.hash("correct horse battery")
        try await store.createAccount(Account(id: "A-lead", email: "lead@example.org", name: "Lena Lead", role: .lead), passwordHash: hash)
        try await store.createAccount(Account(id: "A-mem", email: "mia@example.org", name: "Mia Member", role: .member), passwordHash: hash)
        try await withBrowsers(store, count: 2) { drivers, base in try await body(drivers[0], drivers[1], base, store) }
    }
}
