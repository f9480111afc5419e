import AmbidexCore
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// The order list over HTTP: JSON under /api/v1 with cursor paging and
/// errors that name the field, and the page with its filters.
@Suite("The order list over HTTP", .serialized)
struct OrdersPageTests {
    @Test("GET /api/v1/orders pages by cursor through exactly the filtered orders; a bad parameter is a 400 naming its field; partners are refused")
    func api() async throws {
        try await APITokenTests.withServer(.sqlite) { store, app, office in
            let lead = APITokens.make(), partner = APITokens.make()
            _ = try await store.createAPIToken(email: "lead@example.org", name: "t", tokenHash: lead.hash)
            _ = try await store.createAPIToken(email: "buyer@example.org", name: "t", tokenHash: partner.hash)
            let h = APITokenTests.bearer(lead.token)

            struct Page: Decodable { struct O: Decodable { var id: String; var strategy: String }; var orders: [O]; var next: String? }
            var ids: [String] = []
            var path = "/api/v1/orders?limit=2"
            for _ in 0..<50 {
                let (status, body) = try await APITokenTests.status(app, .GET, path, h)
                #expect(status == .ok, "\(body)")
                let page = try JSONDecoder().decode(Page.self, from: Data(body.utf8))
                ids += page.orders.map(\.id)
                guard let next = page.next else { break }
                path = "/api/v1/orders?limit=2&after=\(next)"
            }
            let expected = office.orders.sorted { ($0.received, $0.id.rawValue) > ($1.received, $1.id.rawValue) }.map(\.id.rawValue)
            #expect(ids == expected)

            let eto = try await APITokenTests.status(app, .GET, "/api/v1/orders?strategy=ETO&status=open", h)
            let etoPage = try JSONDecoder().decode(Page.self, from: Data(eto.1.utf8))
            #expect(etoPage.orders.map(\.id) == office.orders.filter { $0.strategy == .eto && $0.closed == nil }
                .sorted { ($0.received, $0.id.rawValue) > ($1.received, $1.id.rawValue) }.map(\.id.rawValue))

            for (query, field) in [("strategy=sideways", "strategy"), ("status=pending", "status"), ("priority=9", "priority"),
                                   ("from=2024-13-01", "from"), ("from=2024-02-01&to=2024-01-01", "to"), ("limit=0", "limit"),
                                   ("limit=100000", "limit"), ("after=not-a-cursor", "after")] {
                let (status, body) = try await APITokenTests.status(app, .GET, "/api/v1/orders?\(query)", h)
                #expect(status == .badRequest && body.contains("\"field\":\"\(field)\""), "\(query): \(body)")
            }
            #expect(try await APITokenTests.status(app, .GET, "/api/v1/orders", APITokenTests.bearer(partner.token)).0 == .forbidden)
            #expect(try await APITokenTests.status(app, .GET, "/api/v1/orders", [:]).0 == .unauthorized)
        }
    }

    @Test("/orders shows the filtered orders, keeps the filters in its next-page link, and escapes what it echoes")
    func page() async throws {
        try await APITokenTests.withServer(.sqlite) { store, app, office in
            let session = Passwords.token()
            try await store.createSession(tokenHash: Passwords.digest(session), account: "A-lead", csrfToken: Passwords.token(),
                                          expires: Date().addingTimeInterval(600))
            let h: HTTPHeaders = ["Cookie": "\(SessionAuthenticator.cookie)=\(session)"]
            let (status, body) = try await APITokenTests.status(app, .GET, "/orders?status=closed&limit=1", h)
            #expect(status == .ok, "\(body)")
            let newestClosed = try #require(office.orders.filter { $0.closed != nil }.max { ($0.received, $0.id.rawValue) < ($1.received, $1.id.rawValue) })
            #expect(body.contains("<td><a href=\"/orders/\(newestClosed.id.rawValue)\">\(newestClosed.id.rawValue)</a></td>"))
            #expect(body.contains("id=\"next-page\"") && body.contains("status=closed&amp;limit=1&amp;after="), "the next page keeps the filters")

            let (bad, page) = try await APITokenTests.status(app, .GET, "/orders?partner=%3Cscript%3Ex&strategy=%3Cb%3E", h)
            #expect(bad == .badRequest && page.contains("strategy must be one of"))
            #expect(!page.contains("<script>x") && !page.contains("<b>"), "echoed input is escaped")
            let none = try await APITokenTests.status(app, .GET, "/orders?partner=P-nobody", h)
            #expect(none.0 == .ok && none.1.contains("No orders match."))
        }
    }
}
