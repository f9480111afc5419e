import Foundation
import Testing

/// The real server, as an attacker with a member's account found it: two of
/// the heaviest lab runs a member may start must not take the server from
/// anyone, and SIGTERM must still stop it.
@Suite("serve under the heaviest lab runs", .serialized)
struct ServeUnderLoadTests {
    static let password = "member password 1"

    @Test("while two of the heaviest runs compute, /healthz and the dashboard answer within a second; SIGTERM ends the process within 10 s and marks the runs interrupted")
    func heavyRunsDoNotFreezeTheServer() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLI.run(["demo", "--orders", "600", "--store", "s.sqlite"], in: dir).status == 0)
        let added = try CLI.run(["account", "add", "--email", "member@example.org", "--name", "Max Member", "--role", "member", "--store", "s.sqlite"],
                                input: Self.password + "\n", in: dir)
        #expect(added.status == 0, "\(added.err)")

        let server = try RunningServer(["serve", "--port", "0", "--store", "s.sqlite"], in: dir)
        defer { server.kill() }
        var client = try PlainHTTP(url: try #require(server.url, "\(server.errors)"))
        #expect(try client.post("login", form: ["email": "member@example.org", "password": Self.password]).status == 303)
        let csrf = try #require(try client.json("api/session")["csrf"] as? String)

        // The two heaviest runs a member may start: at the ceiling of people × runs × periods × policies.
        var ids: [String] = []
        for _ in 0..<2 {
            let started = try client.post("lab/experiments", form: ["csrf": csrf, "runs": "2000", "periods": "1000", "name": "heavy"])
            #expect(started.status == 303)
            ids.append(String(try #require(started.headers["location"]).split(separator: "/").last!))
        }
        for id in ids { #expect(try client.json("api/lab/experiments/\(id)")["status"] as? String == "running") }
        // The probe's request, beyond the ceiling and with a key the form does not offer, is refused.
        let probe = try client.post("lab/experiments", form: ["csrf": csrf, "runs": "5000", "periods": "1000", "varyKey": "people", "varyValues": "2000,2000"])
        #expect(probe.status == 400)

        var times: [(String, Double)] = []
        for _ in 0..<8 {
            for path in ["healthz", ""] {
                let answer = try client.get(path, timeout: 10)
                times.append(("/" + path, answer.seconds))
                #expect(answer.status == 200, "/\(path)")
            }
            Thread.sleep(forTimeInterval: 0.25)
        }
        let slowest = times.max { $0.1 < $1.1 }!
        #expect(slowest.1 < 1, "the slowest answer, \(slowest.0), took \(slowest.1) s; all: \(times)")
        // A body far beyond what any form needs is refused, with the security headers.
        let huge = try client.post("login", form: ["email": String(repeating: "a", count: 200_000), "password": "x"])
        #expect(huge.status == 413 && huge.headers["x-frame-options"] == "DENY")
        for id in ids { #expect(try client.json("api/lab/experiments/\(id)")["status"] as? String == "running") }

        let stopping = Date()
        server.terminate()
        #expect(server.wait(upTo: 10), "the server was still running 10 s after SIGTERM")
        #expect(Date().timeIntervalSince(stopping) < 10)
        #expect(server.status == 0, "\(server.errors)")

        let stored = try CLI.run(["lab", "list", "--store", "s.sqlite"], in: dir)
        #expect(stored.out.components(separatedBy: "interrupted").count - 1 == 2, "\(stored.out)\(stored.err)")
    }
}

/// `ambidex serve` started as a supervisor would, and the URL it prints.
final class RunningServer: @unchecked Sendable {
    private let process: Process
    private let lock = NSLock()
    private var out = Data(), err = Data()

    init(_ args: [String], in dir: URL) throws {
        process = CLI.process(args, in: dir)
        let o = Pipe(), e = Pipe()
        o.fileHandleForReading.readabilityHandler = { [weak self] h in self?.append(h.availableData, error: false) }
        e.fileHandleForReading.readabilityHandler = { [weak self] h in self?.append(h.availableData, error: true) }
        process.standardOutput = o
        process.standardError = e
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning, url == nil { Thread.sleep(forTimeInterval: 0.1) }
    }

    private func append(_ d: Data, error: Bool) {
        lock.lock(); defer { lock.unlock() }
        if error { err.append(d) } else { out.append(d) }
    }

    var output: String { lock.lock(); defer { lock.unlock() }; return String(decoding: out, as: UTF8.self) }
    var errors: String { lock.lock(); defer { lock.unlock() }; return String(decoding: err, as: UTF8.self) }

    /// "…serving the learning office at http://127.0.0.1:PORT/ …"
    var url: String? {
        guard let r = output.range(of: "serving the learning office at ") else { return nil }
        return String(output[r.upperBound...].prefix { !$0.isWhitespace })
    }

    var status: Int32 { process.terminationStatus }

    /// SIGTERM, as a supervisor stops a service.
    func terminate() { process.terminate() }

    func wait(upTo seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return !process.isRunning
    }

    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}

