import AmbidexCore
import AmbidexDemo
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// The cadence policy form: a preview changes nothing; a lead saves; every bad value is named.
@Suite("The cadence policy form", .serialized)
struct PolicyFormTests {
    @Test("preview shows the fortnight before and after without saving; a lead saves, a member may not; bad values name their field")
    func form() async throws {
        try await APITokenTests.withServer(.sqlite, office: DemoCompany.generate(orders: 600)) { store, app, _ in
            try await store.createAccount(Account(id: "A-mem", email: "member@example.org", name: "Mo Member", role: .member), passwordHash: "unused")
            let (lead, csrf) = try await OrderPageTests.session(store, "A-lead")
            let page = try await APITokenTests.status(app, .GET, "/schedule/policy", lead)
            #expect(page.0 == .ok && page.1.contains("name=\"reviewsPerDay\"") && page.1.contains("value=\"1\"") && page.1.contains("Save the policy"))

            var h = lead
            h.contentType = .urlEncodedForm
            let current = PolicyView.values(try await store.cadencePolicy())
            func form(_ changes: [String: String], action: String, csrf token: String = csrf) -> String {
                var pairs = [("csrf", token), ("action", action)]
                for (k, _) in PolicyView.numberKinds { pairs.append((k, changes[k] ?? current.numbers[k] ?? "")) }
                for k in PolicyView.strategySets { for s in (current.strategies[k] ?? []).sorted() { pairs.append((k + "[]", changes[k] ?? s)) } }
                return OrderPageTests.form(pairs)
            }
            let version = try await store.officeVersion()
            let preview = try await APITokenTests.status(app, .POST, "/schedule/policy", h, body: form(["etoStandUpEveryWorkingDays": "5"], action: "preview"))
            #expect(preview.0 == .ok && preview.1.contains("id=\"preview-kinds\"") && preview.1.contains("id=\"preview-units\""))
            #expect(try await store.officeVersion() == version, "a preview saves nothing")

            for (change, field) in [(["reviewsPerDay": "abc"], "reviewsPerDay"), (["reviewsPerDay": "0"], "reviewsPerDay"),
                                    (["failingDeviationRate": "2"], "failingDeviationRate"), (["flowMeetingStrategies": "sideways"], "flowMeetingStrategies"),
                                    (["marketDeviationShare": "1e400"], "marketDeviationShare")] {
                let (status, body) = try await APITokenTests.status(app, .POST, "/schedule/policy", h, body: form(change, action: "save"))
                #expect(status == .badRequest && body.contains("\(field): "), "\(change): \(status)")
            }
            #expect(try await APITokenTests.status(app, .POST, "/schedule/policy", h, body: form([:], action: "save", csrf: "stale")).0 == .forbidden)
            let (member, memberCSRF) = try await OrderPageTests.session(store, "A-mem")
            var m = member
            m.contentType = .urlEncodedForm
            #expect(try await APITokenTests.status(app, .POST, "/schedule/policy", m, body: form(["reviewsPerDay": "3"], action: "save", csrf: memberCSRF)).0 == .forbidden)
            #expect(try await store.officeVersion() == version, "no refusal saved anything")

            let saved = try await APITokenTests.status(app, .POST, "/schedule/policy", h, body: form(["reviewsPerDay": "3"], action: "save"))
            #expect(saved.0 == .seeOther)
            #expect(try await store.cadencePolicy().reviewsPerDay == 3)
            #expect(try await store.history(of: CadencePolicy.settingKey).first?.account == "lead@example.org")
        }
    }
}
