import AmbidexCore
import AmbidexDemo
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor

/// The units pages and their JSON: each unit's ambidexterity by quarter, role
/// switching and priority variation, knowledge in and out — the snapshot's
/// figures, for the office's people only.
@Suite("Units pages", .serialized)
struct UnitsPageTests {
    @Test("the list links every unit; a unit's page and JSON show its quarters, roles and knowledge flow as the snapshot computed them")
    func pages() async throws {
        let office = DemoCompany.generate(orders: 900)
        try await APITokenTests.withServer(.sqlite, office: office) { store, app, _ in
            let (lead, _) = try await OrderPageTests.session(store, "A-lead")
            let (status, list) = try await APITokenTests.status(app, .GET, "/units", lead)
            #expect(status == .ok)
            for u in office.units { #expect(list.contains("href=\"/units/\(u.id.rawValue)\""), "\(u.id) is listed") }

            let snapshot = try #require(try await store.latestSnapshot())
            let (i, learning) = try #require(snapshot.unitLearning.enumerated().first { $0.element.byQuarter.compactMap { $0 }.count >= 2 && $0.element.flow.usedByOthers > 0 })
            let unit = snapshot.units[i]
            let (ps, page) = try await APITokenTests.status(app, .GET, "/units/\(unit.id.rawValue)", lead)
            #expect(ps == .ok)
            for id in ["ambidexterity", "quarters", "roles", "role-quarters", "flow", "users", "sources"] { #expect(page.contains("id=\"\(id)\""), "section \(id)") }
            #expect(page.contains("<svg class=\"quarters\""))
            for p in snapshot.unitPeriods { #expect(page.contains(p.label)) }
            #expect(page.contains("href=\"/orders?unit=\(unit.id.rawValue)\""))

            let token = APITokens.make()
            _ = try await store.createAPIToken(email: "lead@example.org", name: "t", tokenHash: token.hash)
            struct Unit: Decodable {
                struct Quarter: Decodable { var period: String; var orders: Int; var exploration: Double }
                struct Flow: Decodable { var usedByOthers: Int; var usedFromOthers: Int }
                var id: String; var quarters: [String]; var byQuarter: [Quarter?]; var flow: Flow; var names: [String: String]
            }
            let (js, body) = try await APITokenTests.status(app, .GET, "/api/v1/units/\(unit.id.rawValue)", APITokenTests.bearer(token.token))
            #expect(js == .ok)
            let u = try JSONDecoder().decode(Unit.self, from: Data(body.utf8))
            #expect(u.quarters == snapshot.unitPeriods.map(\.label) && u.quarters.count == OfficeSnapshot.unitQuarters)
            #expect(u.byQuarter.map { $0?.orders } == learning.byQuarter.map { $0?.orders })
            #expect(u.byQuarter.compactMap { $0?.period } == learning.byQuarter.compactMap { $0?.period })
            #expect(u.flow.usedByOthers == learning.flow.usedByOthers && u.flow.usedFromOthers == learning.flow.usedFromOthers)
            #expect(learning.flow.users.allSatisfy { u.names[$0.unit.rawValue] != nil }, "every unit it names comes with its name")

            struct Row: Decodable { var id: String; var knowledgeOut: Int }
            let rows = try JSONDecoder().decode([Row].self, from: Data(try await APITokenTests.status(app, .GET, "/api/v1/units", APITokenTests.bearer(token.token)).1.utf8))
            #expect(rows.map(\.id) == snapshot.units.map(\.id.rawValue) && Set(rows.map(\.id)) == Set(office.units.map(\.id.rawValue)))
            #expect(rows.map(\.knowledgeOut).reduce(0, +) == snapshot.unitLearning.map(\.flow.usedFromOthers).reduce(0, +))
        }
    }

    @Test("an unknown or hostile unit id is a clear 404; a partner sees no unit page and no unit JSON")
    func refusals() async throws {
        try await APITokenTests.withServer(.sqlite) { store, app, _ in
            let (lead, _) = try await OrderPageTests.session(store, "A-lead")
            for id in ["U-none", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", String(repeating: "x", count: 500)] {
                let (s, body) = try await APITokenTests.status(app, .GET, "/api/v1/units/\(id)", lead)
                #expect(s == .notFound && body.contains("there is no unit"), "\(id.prefix(20)): \(body.prefix(200))")
                let (ps, page) = try await APITokenTests.status(app, .GET, "/units/\(id)", lead)
                #expect(ps == .notFound && page.hasPrefix("404 Not Found: there is no unit"), "a plain-text refusal, never markup")
            }
            let (partner, _) = try await OrderPageTests.session(store, "A-part")
            #expect(try await APITokenTests.status(app, .GET, "/api/v1/units", partner).0 == .forbidden)
            #expect(try await APITokenTests.status(app, .GET, "/units", partner).0 == .seeOther)
        }
    }
}
