import AmbidexLab
import AmbidexTestSupport
import Foundation
import Testing

/// Two real `serve` processes on one PostgreSQL database, the way Ambidex
/// scales out: a write through one shows in both, with the same figures, and
/// a lab run started through one survives the other's restart.
@Suite("Two servers on one PostgreSQL", .serialized, .enabled(if: Backend.postgresURL != nil, "AMBIDEX_TEST_POSTGRES_URL is not set"))
struct TwoServersTests {
    static let password = "lead password 1"

    static func start(_ env: [String: String], in dir: URL) async throws -> (RunningAmbidex, PlainHTTP) {
        let server = try await offThePool { try RunningAmbidex(["serve", "--port", "0"], env: env, in: dir, until: { $0.url != nil }) }
        let client = try PlainHTTP(url: try #require(server.url, "\(server.errors)"))
        #expect(try await client.post("login", form: ["email": "lead@example.org", "password": Self.password]).status == 303)
        return (server, client)
    }

    /// Waits until the figures show every write, and says at which version.
    static func settled(_ client: PlainHTTP) async throws -> Int {
        for _ in 0..<600 {
            let f = try await client.json("api/freshness")
            if f["behind"] as? Int == 0, let v = f["office"] as? Int { return v }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw PlainHTTP.Failure(description: "the figures did not catch up within a minute")
    }

    /// The dashboard's one-line totals ("… orders (… open) · … reflections · …").
    static func totals(_ client: PlainHTTP) async throws -> String {
        let page = try await client.get("").body
        guard let r = page.range(of: #"<p class="lead">[^<]*reflections[^<]*</p>"#, options: .regularExpression) else { return "none in the page" }
        return String(page[r])
    }

    @Test("a write through one server shows in both with the same figures; a run started through one survives the other's restart")
    func twoServers() async throws {
        try await withFreshPostgresDatabase { url in
            let env = ["DATABASE_URL": url]
            let dir = try CLI.tempDir()
            defer { try? FileManager.default.removeItem(at: dir) }
            let demo = try await CLI.run(["demo", "--orders", "400"], env: env, in: dir)
            #expect(demo.status == 0, "\(demo.err)")
            let added = try await CLI.run(["account", "add", "--email", "lead@example.org", "--name", "Lena Lead", "--role", "lead"],
                                          env: env, input: Self.password + "\n", in: dir)
            #expect(added.status == 0, "\(added.err)")

            let (a, clientA) = try await Self.start(env, in: dir)
            defer { a.kill() }
            let (b, clientB) = try await Self.start(env, in: dir)
            defer { b.kill() }
            let v0 = try await Self.settled(clientA)
            let before = try await Self.totals(clientA)
            #expect(before == (try await Self.totals(clientB)))

            // An order open on the office's day (the schedule plans for those), reflected on in action through server A.
            let asOf = try #require(try await clientA.json("api/report")["asOf"] as? String)
            let schedule = try JSONSerialization.jsonObject(with: Data(try await clientA.get("api/schedule?days=30").body.utf8)) as? [[String: Any]] ?? []
            let activity = try #require(schedule.first { ["inOrderStandUp", "orderKickOff", "customerCoDesignSession"].contains($0["kind"] as? String ?? "") && ($0["orders"] as? [String])?.isEmpty == false && ($0["units"] as? [String])?.isEmpty == false })
            let csrfA = try #require(try await clientA.json("api/session")["csrf"] as? String)
            let body: [String: Any] = [
                "mode": "inAction", "trigger": "sporadic", "actionLevel": "rule", "logic": "developmental",
                "date": asOf, "summary": "Checked the seal with the customer",
                "units": try #require(activity["units"] as? [String]), "orders": [try #require((activity["orders"] as? [String])?.first)],
            ]
            let posted = try await clientA.post("api/reflections", json: body, csrf: csrfA)
            #expect(posted.status == 201, "\(posted.body)")

            // Server B lists the change on its very next page, then both show the same figures.
            #expect(try await clientB.get("").body.contains("Checked the seal with the customer"))
            let vA = try await Self.settled(clientA), vB = try await Self.settled(clientB)
            #expect(vA == v0 + 1 && vB == vA)
            let afterA = try await Self.totals(clientA), afterB = try await Self.totals(clientB)
            #expect(afterA == afterB && afterA != before, "\(afterA) | \(afterB) | before: \(before)")
            let reportA = try await clientA.json("api/report"), reportB = try await clientB.json("api/report")
            for key in ["orders", "openOrders", "asOf"] { #expect("\(reportA[key] ?? "-")" == "\(reportB[key] ?? "-")", "\(key)") }
            #expect((reportA["coverage"] as? NSArray)?.isEqual(reportB["coverage"]) == true)
            #expect((reportA["standardEffects"] as? NSArray)?.isEqual(reportB["standardEffects"]) == true)

            // A run started through A, running on A, is not B's to interrupt when B restarts.
            let started = try await clientA.post("lab/experiments", form: ["csrf": csrfA, "runs": "2000", "periods": "1000", "name": "long"])
            #expect(started.status == 303)
            let id = String(try #require(started.headers["location"]).split(separator: "/").last!)
            #expect(try await clientA.json("api/lab/experiments/\(id)")["status"] as? String == "running")
            let stopped = try await offThePool { () -> Bool in
                b.terminate()
                return b.wait(upTo: 10)
            }
            #expect(stopped)
            let (b2, clientB2) = try await Self.start(env, in: dir)
            defer { b2.kill() }
            try await Task.sleep(for: .seconds(2))
            #expect(try await clientB2.json("api/lab/experiments/\(id)")["status"] as? String == "running")
            #expect(try await clientA.json("api/lab/experiments/\(id)")["status"] as? String == "running")
            // Cancelled through B, it stops on A.
            let csrfB = try #require(try await clientB2.json("api/session")["csrf"] as? String)
            #expect(try await clientB2.post("api/lab/experiments/\(id)/cancel", json: [:], csrf: csrfB).status == 200)
            var status = ""
            for _ in 0..<100 {
                status = try await clientA.json("api/lab/experiments/\(id)")["status"] as? String ?? ""
                if status == "cancelled" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(status == "cancelled")
            for server in [a, b2] { server.terminate() }
            _ = try await offThePool { a.wait(upTo: 10) && b2.wait(upTo: 10) }
        }
    }
}
