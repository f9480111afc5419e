import AmbidexCore
import AmbidexDemo
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// Runs `body` against an application serving `office` from a fresh store on
/// `backend`, with the cookie of a signed-in lead (the dashboard needs one).
func withApp(_ office: LearningOffice, on backend: Backend = .sqlite, _ body: (Application, HTTPHeaders) async throws -> Void) async throws {
    try await withFreshStore(backend) { store in
        try await store.replaceAll(with: office)
        try await store.createAccount(Account(id: "A-lead", email: "lead@example.org", name: "Lena Lead", role: .lead), passwordHash: "unused")
        let token = Passwords.token()
        try await store.createSession(tokenHash: Passwords.digest(token), account: "A-lead", csrfToken: Passwords.token(),
                                      expires: Date().addingTimeInterval(600))
        let app = try await Application.make(.testing)
        do {
            try await WebServer.configure(app, store: store)
            try await body(app, ["Cookie": "\(SessionAuthenticator.cookie)=\(token)"])
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

@Suite("The dashboard and its API", .serialized)
struct DashboardTests {
    @Test("the dashboard shows every section of the evidence", arguments: Backend.available)
    func dashboard(_ backend: Backend) async throws {
        try await withApp(try SmallOffice.make(), on: backend) { app, lead in
            try await app.testing().test(.GET, "/", headers: lead) { res async in
                #expect(res.status == .ok)
                #expect(res.headers.contentType == .html)
                let body = res.body.string
                for id in ["summary", "coverage", "ambidexterity", "flow", "cycle-time", "standards", "upcoming", "partners"] {
                    #expect(body.contains("id=\"\(id)\""), "missing section \(id)")
                }
                #expect(body.contains("Small office"))
                #expect(body.contains("href=\"/partners/C-nord\"") && body.contains("Sign out Lena Lead"))
                #expect(body.contains("<svg"))
                // Every standard gets an event study and a monitoring chart per metric, and the coverage rule is shown.
                #expect(body.components(separatedBy: "<svg class=\"event-study").count - 1 == 4)
                #expect(body.components(separatedBy: "<svg class=\"monitoring").count - 1 == 4)
                #expect(body.contains("id=\"intensity\"") && body.contains("among at most 3 orders"))
                #expect(body.contains("Seal selection module") && body.contains("cannot tell"))
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
            }
        }
    }

    @Test("hostile names are escaped, in the page and in the charts")
    func escaping() async throws {
        var office = try SmallOffice.make()
        office.name = "<script>alert(1)</script>"
        office.units[0] = Unit(id: "U-sales", name: "Sales\"><img src=x onerror=alert(1)>", function: .sales)
        try await withApp(office) { app, lead in
            try await app.testing().test(.GET, "/", headers: lead) { res async in
                let body = res.body.string
                #expect(!body.contains("<script>alert"))
                #expect(!body.contains("<img src=x"))
                #expect(body.contains("&lt;script&gt;"))
            }
        }
    }

    @Test("the report API returns the evidence as JSON")
    func reportAPI() async throws {
        try await withApp(try SmallOffice.make()) { app, lead in
            try await app.testing().test(.GET, "/api/report", headers: lead) { res async throws in
                #expect(res.status == .ok)
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                let report = try decoder.decode(EvidenceReport.self, from: Data(res.body.readableBytesView))
                #expect(report.office == "Small office")
                #expect(report.coverage.count == 5)
                #expect(report.knowledgeFlow.frontToBack == 1)
                #expect(report.standardEffects.map(\.standard) == ["S-1"])
                #expect(report.standardEffects[0].metrics.count == 4 && report.standardEffects[0].monitoring.count == 4)
            }
        }
    }

    @Test("a bad schedule request gets a clear JSON error and a 400")
    func scheduleErrors() async throws {
        try await withApp(try SmallOffice.make()) { app, lead in
            try await app.testing().test(.GET, "/api/schedule?days=0", headers: lead) { res async in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("days must be between 1 and 366"))
            }
            try await app.testing().test(.GET, "/api/schedule?days=abc", headers: lead) { res async in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("error"))
            }
            try await app.testing().test(.GET, "/api/schedule?days=30", headers: lead) { res async in
                #expect(res.status == .ok)
            }
            try await app.testing().test(.GET, "/no-such-page", headers: lead) { res async in
                #expect(res.status == .notFound)
            }
        }
    }
}

@Suite("The dashboard's evidence charts")
struct DashboardChartTests {
    @Test("on the demo company, each standard's event study has points with intervals and its monitoring chart has lines; retired standards are listed")
    func demoCharts() throws {
        let office = DemoCompany.generate(orders: 2_600)
        let model = DashboardModel.make(OfficeSnapshot.make(office, policy: .default, version: 1), horizonDays: 14)
        let module = try #require(model.standards.first { $0.id == DemoCompany.moduleStandard.rawValue })
        #expect(module.eventStudies.count == 4 && module.monitoring.count == 4)
        #expect(module.eventStudies[0].svg.contains("<circle") && module.eventStudies[0].svg.contains("class=\"adoption\""))
        let packing = try #require(model.standards.first { $0.id == DemoCompany.failingStandard.rawValue })
        #expect(packing.retired != nil)
        #expect(packing.monitoring.contains { $0.svg.contains("class=\"signal\"") })
        #expect(packing.monitoringSummary.contains("for the worse") && packing.monitoringSummary.contains(DemoCompany.explorationAfterFailure.rawValue))
        let html = DashboardView.render(model, session: nil)
        #expect(html.contains("id=\"retired\"") && html.contains("Packing and labelling procedure"))
        #expect(html.contains("class=\"incidence\""))
    }
}

@Suite("An empty office")
struct EmptyDashboardTests {
    @Test("the dashboard of an empty store says how to get data, not a date in 1970")
    func empty() async throws {
        try await withApp(LearningOffice(name: "Empty office")) { app, lead in
            try await app.testing().test(.GET, "/", headers: lead) { res async in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("no orders yet"))
                #expect(!res.body.string.contains("1970"))
            }
        }
    }
}
