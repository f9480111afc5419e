import AmbidexCore
import AmbidexDemo
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor

/// The mining pages and their JSON: each strategy's orders as a process, read
/// from the snapshot; the candidates lead to the standards page's module form.
@Suite("Mining pages", .serialized)
struct MiningPageTests {
    @Test("every strategy is listed; a strategy's page draws the edges asked for, its JSON is the snapshot's; a candidate proposes a module")
    func pages() async throws {
        let office = DemoCompany.generate(orders: 900)
        try await APITokenTests.withServer(.sqlite, office: office) { store, app, _ in
            let (lead, _) = try await OrderPageTests.session(store, "A-lead")
            let snapshot = try #require(try await store.latestSnapshot())
            let mining = try #require(snapshot.mining, "a snapshot mines the orders")
            #expect(Set(mining.strategies.map(\.strategy)) == Set(office.orders.map(\.strategy)))
            #expect(mining.strategies.map(\.orders).reduce(0, +) == office.orders.count)
            #expect(mining.strategies.map(\.events).reduce(0, +) == office.events.count)

            let (status, list) = try await APITokenTests.status(app, .GET, "/mining", lead)
            #expect(status == .ok)
            for m in mining.strategies { #expect(list.contains("href=\"/mining/\(m.strategy.rawValue)\""), "\(m.strategy) is listed") }
            // The demo's ETO orders repeat a custom flange for the drive interface: the module it became is a candidate.
            let flange = try #require(mining.candidates.first { $0.features.contains { $0.name == "drive interface" && $0.value == "custom flange" } })
            #expect(flange.support >= 3 && list.contains("drive interface = custom flange"))
            #expect(list.contains("href=\"/standards?orders=\(flange.orders.map(\.rawValue).joined(separator: "%20"))#propose\""))
            let (fs, form) = try await APITokenTests.status(app, .GET, "/standards?orders=\(flange.orders.map(\.rawValue).joined(separator: "%20"))", lead)
            #expect(fs == .ok && form.contains("drive interface: custom flange"), "the module form is filled from the candidate's orders")

            let eto = try #require(mining[.eto])
            let (ps, page) = try await APITokenTests.status(app, .GET, "/mining/eto?edges=3&view=performance", lead)
            #expect(ps == .ok)
            for id in ["process", "drawing", "durations", "handover", "office-matrix", "unit-handover", "variants", "rework", "candidates"] {
                #expect(page.contains("id=\"\(id)\""), "section \(id)")
            }
            #expect(page.contains("3 of \(eto.edgeCount) directly-follows edges, by performance"))
            let graph = StrategyMiningView.graph(eto, .init(view: .performance, edges: 3))
            let arcs = 3 + graph.activities.filter { $0.starts > 0 }.count + graph.activities.filter { $0.ends > 0 }.count
            #expect(page.components(separatedBy: "marker-end=").count - 1 == arcs, "exactly the 3 most frequent edges, and the start and end arcs of their activities")
            let (_, full) = try await APITokenTests.status(app, .GET, "/mining/eto", lead)
            #expect(full.contains("\(min(eto.edges.count, 40)) of \(eto.edgeCount) directly-follows edges, by frequency"))
            for cell in eto.officeHandover { #expect(page.contains("data-count=\"\(cell.count)\"")) }

            let token = APITokens.make()
            _ = try await store.createAPIToken(email: "lead@example.org", name: "t", tokenHash: token.hash)
            let (js, body) = try await APITokenTests.status(app, .GET, "/api/v1/mining/eto", APITokenTests.bearer(token.token))
            #expect(js == .ok)
            #expect(try JSONDecoder().decode(StrategyMining.self, from: Data(body.utf8)) == eto)
            // Before and after a standard: the table on its strategy's page, both processes when compared, the same in JSON.
            let change = try #require(mining.standards.first, "the demo's adopted standards have orders on both sides")
            let path = "/mining/\(change.strategy.rawValue)"
            let (cs, compared) = try await APITokenTests.status(app, .GET, "\(path)?standard=\(change.standard.rawValue)&edges=4", lead)
            #expect(cs == .ok && compared.contains("id=\"before-after\"") && compared.contains("id=\"compare\""))
            #expect(compared.contains("Before: \(change.before.orders) orders") && compared.contains("After: \(change.after.orders) orders"))
            let (ns, missing) = try await APITokenTests.status(app, .GET, "\(path)?standard=S-none", lead)
            #expect(ns == .notFound && missing.contains("there is no before and after for standard 'S-none'"))
            let (ss, changes) = try await APITokenTests.status(app, .GET, "/api/v1\(path)/standards", APITokenTests.bearer(token.token))
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            #expect(ss == .ok)
            let listed = try decoder.decode([StandardChange].self, from: Data(changes.utf8))
            #expect(listed.map(\.standard) == mining.standards.filter { $0.strategy == change.strategy }.map(\.standard))
            #expect(listed.first?.before == change.before && listed.first?.after == change.after)
            struct Brief: Decodable { var strategies: [Row]; var candidates: [StandardizationCandidate]; struct Row: Decodable { var strategy: String; var orders: Int } }
            let brief = try JSONDecoder().decode(Brief.self, from: Data(try await APITokenTests.status(app, .GET, "/api/v1/mining", APITokenTests.bearer(token.token)).1.utf8))
            #expect(brief.strategies.map(\.strategy) == mining.strategies.map(\.strategy.rawValue) && brief.candidates == mining.candidates)
        }
    }

    @Test("a bad edge count or view is a 400 that says why; an unknown strategy a 404; a partner sees none of it")
    func refusals() async throws {
        try await APITokenTests.withServer(.sqlite) { store, app, _ in
            let (lead, _) = try await OrderPageTests.session(store, "A-lead")
            let snapshot = try #require(try await store.latestSnapshot())
            let strategy = try #require(snapshot.mining?.strategies.first)
            let path = "/mining/\(strategy.strategy.rawValue)"
            for (query, says) in [("edges=0", "edges must be a whole number from 1 to"), ("edges=abc", "edges must be"), ("edges=100000", "edges must be"),
                                  ("view=%3Cb%3E", "view must be frequency or performance")] {
                let (s, body) = try await APITokenTests.status(app, .GET, "\(path)?\(query)", lead)
                #expect(s == .badRequest && body.contains(says) && body.hasPrefix("400 Bad Request:"), "\(query): a plain-text refusal, never markup: \(body.prefix(200))")
            }
            for id in ["bespoke", "%3Cscript%3E", "ETO"] {
                let (s, body) = try await APITokenTests.status(app, .GET, "/api/v1/mining/\(id)", lead)
                #expect(s == .notFound && body.contains("there is no delivery strategy"), "\(id): \(body.prefix(200))")
            }
            let absent = try #require(DeliveryStrategy.allCases.first { s in snapshot.mining?[s] == nil })
            let (s, body) = try await APITokenTests.status(app, .GET, "/mining/\(absent.rawValue)", lead)
            #expect(s == .notFound && body.contains("has no \(absent.code) orders"), "\(body.prefix(200))")
            let (partner, _) = try await OrderPageTests.session(store, "A-part")
            #expect(try await APITokenTests.status(app, .GET, "/api/v1/mining", partner).0 == .forbidden)
            #expect(try await APITokenTests.status(app, .GET, "/mining", partner).0 == .seeOther)
        }
    }
}
