import AmbidexCore
import AmbidexDemo
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// The knowledge board over HTTP: only legal moves, each recorded with who;
/// refusals name the field and write nothing.
@Suite("The knowledge board over HTTP", .serialized)
struct KnowledgePageTests {
    @Test("the board shows each stage with its items and moves; a legal move is recorded, an illegal one refused", arguments: Backend.available)
    func board(_ backend: Backend) async throws {
        try await APITokenTests.withServer(backend, office: DemoCompany.generate(orders: 600)) { store, app, office in
            let (lead, csrf) = try await OrderPageTests.session(store, "A-lead")
            let (status, page) = try await APITokenTests.status(app, .GET, "/knowledge", lead)
            #expect(status == .ok)
            for stage in AbsorptionStage.allCases { #expect(page.contains("id=\"stage-\(stage.rawValue)\"")) }
            #expect(page.contains("→ assimilated") && page.contains("discard") && page.contains("stuck"))

            var h = lead
            h.contentType = .urlEncodedForm
            let acquired = try #require(office.knowledgeItems.first { $0.stage == .acquired })
            let exploited = try #require(office.knowledgeItems.first { $0.stage == .exploited })
            let version = try await store.officeVersion()
            let refusals: [(String, [(String, String)], HTTPStatus)] = [
                (acquired.id.rawValue, [("csrf", csrf), ("stage", "sideways")], .badRequest),
                (acquired.id.rawValue, [("csrf", csrf)], .badRequest),
                (acquired.id.rawValue, [("csrf", csrf), ("stage", "exploited")], .conflict),
                (exploited.id.rawValue, [("csrf", csrf), ("stage", "discarded")], .conflict),
                ("K-nope", [("csrf", csrf), ("stage", "assimilated")], .notFound),
                (acquired.id.rawValue, [("csrf", "stale"), ("stage", "assimilated")], .forbidden),
            ]
            for (id, pairs, expected) in refusals {
                let (code, body) = try await APITokenTests.status(app, .POST, "/knowledge/\(id)/advance", h, body: OrderPageTests.form(pairs))
                #expect(code == expected, "\(id) \(pairs): \(body.prefix(200))")
            }
            #expect(try await store.officeVersion() == version, "no refusal wrote anything")
            let moved = try await APITokenTests.status(app, .POST, "/knowledge/\(acquired.id)/advance", h,
                                                       body: OrderPageTests.form([("csrf", csrf), ("stage", "assimilated"), ("back", "strategy=eto")]))
            #expect(moved.0 == .seeOther)
            // Back on the board, the moved item heads its new column.
            let after = try await APITokenTests.status(app, .GET, "/knowledge?moved=\(acquired.id)", lead)
            let column = try #require(after.1.components(separatedBy: "id=\"stage-assimilated\"").dropFirst().first)
            #expect(column.components(separatedBy: "class=\"kitem").dropFirst().first?.contains("id=\"item-\(acquired.id)\"") == true)
            #expect(try await store.history(of: acquired.id.rawValue).first?.account == "lead@example.org")

            let token = APITokens.make()
            _ = try await store.createAPIToken(email: "lead@example.org", name: "t", tokenHash: token.hash)
            struct Board: Decodable {
                struct Column: Decodable { struct Item: Decodable { var id: String; var legalMoves: [String]; var stuck: Bool }; var stage: String; var count: Int; var items: [Item] }
                var columns: [Column]
            }
            let (code, json) = try await APITokenTests.status(app, .GET, "/api/v1/knowledge?strategy=eto", APITokenTests.bearer(token.token))
            #expect(code == .ok)
            let board = try JSONDecoder().decode(Board.self, from: Data(json.utf8))
            #expect(board.columns.first { $0.stage == "assimilated" }?.items.contains { $0.id == acquired.id.rawValue } == (acquired.originStrategy == .eto))
            #expect(board.columns.first { $0.stage == "exploited" }?.items.allSatisfy { $0.legalMoves.isEmpty } == true)
            for (query, field) in [("strategy=xyz", "strategy"), ("orientation=sideways", "orientation"), ("stuck=maybe", "stuck")] {
                let (bad, answer) = try await APITokenTests.status(app, .GET, "/api/v1/knowledge?\(query)", APITokenTests.bearer(token.token))
                #expect(bad == .badRequest && answer.contains("\"field\":\"\(field)\""), "\(query)")
            }
            var api = APITokenTests.bearer(token.token)
            api.contentType = .json
            let next = try #require(office.knowledgeItems.first { $0.stage == .transformed })
            #expect(try await APITokenTests.status(app, .POST, "/api/v1/knowledge/\(next.id)/advance", api, body: #"{"stage": "exploited"}"#).0 == .ok)
            let (partner, _) = try await OrderPageTests.session(store, "A-part")
            #expect(try await APITokenTests.status(app, .GET, "/knowledge", partner).0 != .ok)
        }
    }
}
