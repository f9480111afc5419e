import AmbidexCore
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// The standards registry over HTTP: versions with a readable difference,
/// provenance, the orders of each version, deviations that open exploration,
/// document control (a lead adopts, revises and retires, each with who and
/// when), and proposals from knowledge or from ETO orders.
@Suite("The standards registry", .serialized)
struct StandardsRegistryTests {
    @Test("the registry lists each standard; its page shows versions, the orders of each version and its deviations", arguments: Backend.available)
    func page(_ backend: Backend) async throws {
        try await RetrospectiveTests.withTwo(backend) { _, app, lead, _ in
            let (s, list) = try await APITokenTests.status(app, .GET, "/standards", lead.0)
            #expect(s == .ok && list.contains("Seal selection module") && list.contains("1 of 1"))
            let (ps, page) = try await APITokenTests.status(app, .GET, "/standards/S-1", lead.0)
            #expect(ps == .ok && page.contains("Version 2") && page.contains("adds ceramic option") && page.contains("seal out of stock") && page.contains("Explore why"))
            let json = try RetrospectiveTests.json(try await APITokenTests.status(app, .GET, "/api/v1/standards/S-1", lead.0).1)
            let versions = try #require(json["versions"] as? [[String: Any]])
            #expect(versions.map { $0["applications"] as? Int } == [0, 1], "the one application came after version 2")
            #expect((json["deviations"] as? [[String: Any]])?.first?["order"] as? String == "O-3")
            #expect(json["provenance"] as? [String] == ["K-1"])
        }
    }

    @Test("propose from a knowledge item, revise with a readable difference, adopt and retire as a lead — each recorded with who", arguments: Backend.available)
    func lifecycle(_ backend: Backend) async throws {
        try await RetrospectiveTests.withTwo(backend) { store, app, lead, member in
            let (_, prefill) = try await APITokenTests.status(app, .GET, "/standards?from=K-1", member.0)
            #expect(prefill.contains("value=\"Ceramic seals for abrasive media\"") && prefill.contains("value=\"K-1\""))
            var (s, b) = try await RetrospectiveTests.post(app, "/api/v1/standards", member, [
                "name": "Ceramic seal routine", "kind": "routine", "strategies": ["mto", "ato"], "provenance": "K-1",
                "text": "Check the medium\nChoose ceramic for abrasive media\nRecord the choice"])
            #expect(s == .created, "\(b)")
            let id = try #require(try RetrospectiveTests.json(b)["id"] as? String)
            let base = "/api/v1/standards/\(id)"
            (s, _) = try await RetrospectiveTests.post(app, "\(base)/adopt", member, [:])
            #expect(s == .forbidden, "a member proposes; only a lead adopts")
            (s, b) = try await RetrospectiveTests.post(app, "\(base)/revise", lead, ["note": "sintered option", "text": "Check the medium\nChoose ceramic or sintered carbide\nRecord the choice"])
            #expect(s == .ok, "\(b)")
            let versions = try #require(try RetrospectiveTests.json(b)["versions"] as? [[String: Any]])
            let diff = try #require(versions.last?["diff"] as? [[String: String]])
            #expect(diff.map { $0["change"]! } == ["same", "removed", "added", "same"])
            let (_, html) = try await APITokenTests.status(app, .GET, "/standards/\(id)", lead.0)
            #expect(html.contains("diff-added") && html.contains("Choose ceramic or sintered carbide"))
            (s, b) = try await RetrospectiveTests.post(app, "\(base)/adopt", lead, [:])
            let adopted = try RetrospectiveTests.json(b)["status"] as? String
            #expect(s == .ok && adopted == "adopted", "\(b)")
            (s, b) = try await RetrospectiveTests.post(app, "\(base)/retire", lead, ["reason": "superseded by the seal module"])
            #expect(s == .ok)
            (s, b) = try await RetrospectiveTests.post(app, "\(base)/retire", lead, ["reason": "again"])
            #expect(s == .conflict, "\(b)")
            (s, _) = try await RetrospectiveTests.post(app, "\(base)/revise", lead, ["note": "after retiring"])
            #expect(s == .conflict)
            let history = try await store.history(of: id)
            #expect(history.map(\.kind) == ["standard.retire", "standard.adopt", "standard.revise", "standard.propose"])
            #expect(history.map { $0.account ?? "" } == ["lead@example.org", "lead@example.org", "lead@example.org", "mia@example.org"])
        }
    }

    @Test("a module proposed from ETO orders starts from their common customization; a deviation opens an exploration item", arguments: Backend.available)
    func moduleAndExploration(_ backend: Backend) async throws {
        try await RetrospectiveTests.withTwo(backend) { store, app, lead, member in
            let (_, prefill) = try await APITokenTests.status(app, .GET, "/standards?orders=O-1", member.0)
            #expect(prefill.contains("flow: 40 m³/h") && prefill.contains("seal: ceramic"), "the common choices are the module's first text")
            var headers = member.0
            headers.contentType = .urlEncodedForm
            let (s, _) = try await APITokenTests.status(app, .POST, "/standards/S-1/explore", headers,
                                                        body: OrderPageTests.form([("csrf", member.1), ("order", "O-3"), ("unit", "U-prod")]))
            #expect(s == .seeOther)
            let page = try #require(try await store.standardPage("S-1"))
            let item = try #require(page.explorations.first)
            #expect(item.orientation == .explorative && item.originUnit == "U-prod" && item.origin == .failingStandard("S-1"))
            let (bad, body) = try await RetrospectiveTests.post(app, "/api/v1/standards/S-1/explore", lead, ["order": "O-1"])
            #expect(bad == .badRequest && body.contains("\"field\":\"order\""), "O-1 did not deviate: \(body)")
        }
    }

    @Test("bad proposals and changes name their field and write nothing", arguments: Backend.available)
    func refusals(_ backend: Backend) async throws {
        try await RetrospectiveTests.withTwo(backend) { store, app, lead, member in
            let before = try await store.officeVersion()
            let cases: [([String: Any], String)] = [
                (["kind": "routine", "strategies": ["mto"]], "name"),
                (["name": "x", "kind": "ritual", "strategies": ["mto"]], "kind"),
                (["name": "x", "kind": "routine"], "strategies"),
                (["name": "x", "kind": "routine", "strategies": ["xyz"]], "strategies"),
                (["name": "x", "kind": "routine", "strategies": ["mto"], "provenance": "K-ghost"], "provenance"),
                (["name": "x", "kind": "routine", "strategies": ["mto"], "units": ["U-ghost"]], "units"),
                (["name": "x", "kind": "routine", "strategies": ["mto"], "text": String(repeating: "a", count: 20_001)], "text"),
                (["name": "<b>\u{202E}</b>", "kind": "routine", "strategies": ["mto"]], "name"),
                (["name": 5, "kind": "routine", "strategies": ["mto"]], "body"),
            ]
            for (body, field) in cases {
                let (s, b) = try await RetrospectiveTests.post(app, "/api/v1/standards", member, body)
                #expect(s == .badRequest && b.contains("\"field\":\"\(field)\""), "\(body): \(b)")
            }
            var (s, _) = try await RetrospectiveTests.post(app, "/api/v1/standards/S-ghost/adopt", lead, [:])
            #expect(s == .notFound)
            (s, _) = try await RetrospectiveTests.post(app, "/api/v1/standards/S-1/revise", lead, [:])
            #expect(s == .badRequest)
            (s, _) = try await RetrospectiveTests.post(app, "/api/v1/standards/S-1/adopt", (lead.0, "stale"), [:])
            #expect(s == .forbidden)
            let partner = try await OrderPageTests.session(store, "A-part")
            (s, _) = try await APITokenTests.status(app, .GET, "/api/v1/standards", partner.0)
            #expect(s == .forbidden)
            #expect(try await store.officeVersion() == before, "nothing was written")
        }
    }
}
