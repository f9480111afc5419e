import AmbidexLab
import Foundation
import Testing

/// The real server, as an attacker with a member's account found it: two of
/// the heaviest lab runs a member may start must not take the server from
/// anyone, and SIGTERM must still stop it.
@Suite("serve under the heaviest lab runs", .serialized)
struct ServeUnderLoadTests {
    static let password = "member password 1"

    @Test("while two of the heaviest runs compute, /healthz and the dashboard answer within a second; SIGTERM ends the process within 10 s and marks the runs interrupted")
    func heavyRunsDoNotFreezeTheServer() async throws {
        // Every blocking step (processes, sockets, timing) runs off Swift's cooperative threads,
        // which the other tests of this process keep busy.
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try await CLI.run(["demo", "--orders", "600", "--store", "s.sqlite"], in: dir).status == 0)
        let added = try await CLI.run(["account", "add", "--email", "member@example.org", "--name", "Max Member", "--role", "member",
                                       "--store", "s.sqlite"], input: Self.password + "\n", in: dir)
        #expect(added.status == 0, "\(added.err)")

        let server = try await offThePool { try RunningAmbidex(["serve", "--port", "0", "--store", "s.sqlite"], in: dir, until: { $0.url != nil }) }
        defer { server.kill() }
        let client = try PlainHTTP(url: try #require(server.url, "\(server.errors)"))
        #expect(try await client.post("login", form: ["email": "member@example.org", "password": Self.password]).status == 303)
        let csrf = try #require(try await client.json("api/session")["csrf"] as? String)

        // The two heaviest runs a member may start: at the ceiling of people × runs × periods × policies.
        var ids: [String] = []
        for _ in 0..<2 {
            let started = try await client.post("lab/experiments", form: ["csrf": csrf, "runs": "2000", "periods": "1000", "name": "heavy"])
            #expect(started.status == 303)
            ids.append(String(try #require(started.headers["location"]).split(separator: "/").last!))
        }
        for id in ids { #expect(try await client.json("api/lab/experiments/\(id)")["status"] as? String == "running") }
        // The probe's request, beyond the ceiling and with a key the form does not offer, is refused.
        let probe = try await client.post("lab/experiments", form: ["csrf": csrf, "runs": "5000", "periods": "1000",
                                                                     "varyKey": "people", "varyValues": "2000,2000"])
        #expect(probe.status == 400)

        // Timed on one thread of its own, so only the server's answer is measured.
        let times = try await offThePool { () throws -> [(path: String, seconds: Double, status: Int)] in
            var times: [(path: String, seconds: Double, status: Int)] = []
            for _ in 0..<8 {
                for path in ["healthz", ""] {
                    let answer = try client.getBlocking(path, timeout: 10)
                    times.append(("/" + path, answer.seconds, answer.status))
                }
                Thread.sleep(forTimeInterval: 0.25)
            }
            return times
        }
        #expect(times.allSatisfy { $0.status == 200 }, "\(times)")
        let slowest = times.max { $0.seconds < $1.seconds }!
        #expect(slowest.seconds < 1, "the slowest answer, \(slowest.path), took \(slowest.seconds) s; all: \(times)")
        // A body far beyond what any form needs is refused, with the security headers.
        let huge = try await client.post("login", form: ["email": String(repeating: "a", count: 200_000), "password": "x"])
        #expect(huge.status == 413 && huge.headers["x-frame-options"] == "DENY")
        for id in ids { #expect(try await client.json("api/lab/experiments/\(id)")["status"] as? String == "running") }

        let (ended, seconds) = try await offThePool { () -> (Bool, Double) in
            let stopping = Date()
            server.terminate()
            return (server.wait(upTo: 10), Date().timeIntervalSince(stopping))
        }
        #expect(ended && seconds < 10, "the server was still running \(seconds) s after SIGTERM")
        #expect(server.status == 0, "\(server.errors)")

        let stored = try await CLI.run(["lab", "list", "--store", "s.sqlite"], in: dir)
        #expect(stored.out.components(separatedBy: "interrupted").count - 1 == 2, "\(stored.out)\(stored.err)")
    }
}
