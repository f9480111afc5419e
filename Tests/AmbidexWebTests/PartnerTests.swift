import AmbidexCore
import AmbidexDemo
@_spi(Testing) import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Partners see only what is shared with them", .serialized)
struct PartnerTests {
    /// The demo company with a lead and an account for the customer with the most orders.
    func withPartnerApp(on backend: Backend = .sqlite,
                        _ body: (Application, LearningOffice, Partner, LabTests.Signed, LabTests.Signed) async throws -> Void) async throws {
        try await withFreshStore(backend) { store in
            let office = DemoCompany.generate(orders: 700)
            try await store.replaceAll(with: office)
            let counts = Dictionary(grouping: office.orders, by: \.customer).mapValues(\.count)
            let partner = try #require(office.partners.filter { $0.kind == .customer }.max { (counts[$0.id] ?? 0, $0.id.rawValue) < (counts[$1.id] ?? 0, $1.id.rawValue) })
            let hash = try Passwords.hash(LabTests.password)
            try await store.createAccount(Account(id: "A-lead", email: "lead@example.org", name: "Lena Lead", role: .lead), passwordHash: hash)
            try await store.createAccount(Account(id: "A-partner", email: "buyer@customer.example", name: "Bea Buyer", role: .partner,
                                                  partner: partner.id), passwordHash: hash)
            let app = try await Application.make(.testing)
            do {
                try await WebServer.configure(app, store: store, work: .testing(threads: 1))
                let lead = try #require(try await LabTests.signIn(app, "lead@example.org"))
                let buyer = try #require(try await LabTests.signIn(app, "buyer@customer.example"))
                try await body(app, office, partner, lead, buyer)
            } catch {
                try await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }

    @Test("a partner's page holds its own orders and nothing of other partners; the office's pages and API are closed to it",
          arguments: Backend.available)
    func partnerPage(_ backend: Backend) async throws {
        try await withPartnerApp(on: backend) { app, office, partner, _, buyer in
            let own = office.orders.filter { $0.customer == partner.id }
            try await app.testing().test(.GET, "/partner", headers: buyer.headers) { res async in
                let body = res.body.string
                #expect(res.status == .ok)
                #expect(body.contains("\(partner.name) — shared with you"))
                #expect(body.contains("\(own.count) orders"))
                for order in own.prefix(OfficeSnapshot.partnerListLimit) { #expect(body.contains(">\(order.id.rawValue)<"), "missing \(order.id)") }
                for other in office.partners where other.id != partner.id {
                    #expect(!body.contains(other.name), "shows another partner: \(other.name)")
                }
                let foreign = office.orders.filter { $0.customer != partner.id }.map(\.id.rawValue)
                #expect(!foreign.contains { body.contains(">\($0)<") || body.contains(" \($0),") || body.contains(", \($0)<") })
                #expect(!body.contains("href=\"/lab\"") && !body.contains("/api/report"))
                #expect(body.contains("Sign out Bea Buyer"))
            }
            try await app.testing().test(.GET, "/", headers: buyer.headers) { res async in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/partner")
            }
            try await app.testing().test(.GET, "/partners/\(partner.id.rawValue)", headers: buyer.headers) { res async in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/partner")
            }
            for path in ["/api/report", "/api/schedule"] {
                try await app.testing().test(.GET, path, headers: buyer.headers) { res async in
                    #expect(res.status == .forbidden)
                    #expect(res.body.string.contains("shared with them"))
                }
            }
            try await app.testing().test(.GET, "/lab", headers: buyer.headers) { res async in #expect(res.status == .forbidden) }
        }
    }

    @Test("nobody signed in is sent to sign in for pages and gets 401 from the API; a lead previews any partner's page")
    func anonymousAndPreview() async throws {
        try await withPartnerApp { app, office, partner, lead, _ in
            for (path, next) in [("/", "/"), ("/partner", "/partner")] {
                try await app.testing().test(.GET, path) { res async in
                    #expect(res.status == .seeOther)
                    #expect(res.headers.first(name: .location) == "/login?next=\(next)")
                }
            }
            try await app.testing().test(.GET, "/api/report") { res async in
                #expect(res.status == .unauthorized)
                #expect(res.headers.contentType == .json && res.body.string.contains("sign in first"))
            }
            try await app.testing().test(.GET, "/partners/\(partner.id.rawValue)", headers: lead.headers) { res async in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Preview: this is what \(partner.name) sees"))
            }
            try await app.testing().test(.GET, "/partners/P-nobody", headers: lead.headers) { res async in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/partners/%3Cscript%3E", headers: lead.headers) { res async in
                #expect(res.status == .notFound && !res.body.string.contains("<script>"))
            }
            // A lead has no partner page of its own.
            try await app.testing().test(.GET, "/partner", headers: lead.headers) { res async in
                #expect(res.status == .seeOther && res.headers.first(name: .location) == "/")
            }
            #expect(office.partners.count > 2)
        }
    }
}
