import AmbidexLab
import Foundation
import Testing

/// Runs the `ambidex` binary that `swift build` put next to the test bundle.
struct CLI {
    static var binary: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !dir.path.isEmpty && dir.path != "/" {
            let candidate = dir.appendingPathComponent("ambidex")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/ambidex")
    }

    struct Result { let status: Int32; let out: String; let err: String }

    /// The binary, in `dir`, on SQLite whatever the environment says.
    static func process(_ args: [String], env: [String: String] = [:], in dir: URL) -> Process {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = dir
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DATABASE_URL")
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        return p
    }

    /// Runs the binary to its end, off Swift's cooperative threads (other tests need them meanwhile).
    static func run(_ args: [String], env: [String: String] = [:], input: String? = nil, in dir: URL) async throws -> Result {
        try await offThePool { try runBlocking(args, env: env, input: input, in: dir) }
    }

    static func runBlocking(_ args: [String], env: [String: String] = [:], input: String? = nil, in dir: URL) throws -> Result {
        try collect(process(args, env: env, in: dir), input: input)
    }

    /// Runs the binary on a pseudo-terminal made by script(1); what it writes there comes back as `out`.
    static func runOnTerminal(_ args: [String], in dir: URL) async throws -> Result {
        try await offThePool {
            let p = process(args, in: dir)
            let command = ([binary.path] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            p.arguments = ["-qec", command, "/dev/null"]
            return try collect(p, input: nil)
        }
    }

    private static func collect(_ p: Process, input: String?) throws -> Result {
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let stdin = Pipe()
        p.standardInput = stdin
        try p.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try? stdin.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ambidex-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

@Suite("The ambidex command line", .serialized)
struct CLITests {
    @Test("demo, report and schedule work end to end on a fresh SQLite store")
    func endToEnd() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let demo = try await CLI.run(["demo", "--orders", "600", "--store", "s.sqlite"], in: dir)
        #expect(demo.status == 0, "\(demo.err)")
        #expect(demo.out.contains("600 orders"))

        let again = try await CLI.run(["demo", "--orders", "600", "--store", "s.sqlite"], in: dir)
        #expect(again.status != 0)
        #expect(again.err.contains("--replace"))

        let report = try await CLI.run(["report", "--store", "s.sqlite"], in: dir)
        #expect(report.status == 0, "\(report.err)")
        for heading in ["Learning for and from orders", "Intensity of learning", "Ambidexterity per unit and strategy", "Knowledge flow",
                        "From acquisition to exploitation", "Effect of adopted standards", "Monitoring:", "Retired standards and what monitoring said"] {
            #expect(report.out.contains(heading), "missing \(heading)")
        }

        let json = try await CLI.run(["report", "--json", "--store", "s.sqlite"], in: dir)
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        let coverage = object?["coverage"] as? [[String: Any]] ?? []
        #expect(coverage.count == 5)
        #expect(coverage.allSatisfy { $0["learningFor"] is Double && $0["learningFrom"] is Double && $0["intensity"] is [String: Any] })
        let effects = object?["standardEffects"] as? [[String: Any]] ?? []
        #expect(effects.count == 6)
        #expect(effects.allSatisfy { ($0["metrics"] as? [Any])?.count == 4 && ($0["monitoring"] as? [Any])?.count == 4 && $0["design"] != nil })

        let schedule = try await CLI.run(["schedule", "--days", "14", "--store", "s.sqlite"], in: dir)
        #expect(schedule.status == 0, "\(schedule.err)")
        #expect(schedule.out.contains("why:"))
        let eto = try await CLI.run(["schedule", "--strategy", "eto", "--json", "--store", "s.sqlite"], in: dir)
        let activities = try JSONSerialization.jsonObject(with: Data(eto.out.utf8)) as? [[String: Any]] ?? []
        #expect(!activities.isEmpty)
        #expect(activities.allSatisfy { $0["strategy"] as? String == "eto" })
    }

    @Test("a corrupt store file is one clear line and a non-zero exit")
    func corruptStore() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(repeating: 7, count: 2048).write(to: dir.appendingPathComponent("bad.sqlite"))
        let r = try await CLI.run(["report", "--store", "bad.sqlite"], in: dir)
        #expect(r.status != 0)
        #expect(r.err.contains("bad.sqlite is not a usable Ambidex store"))
        #expect(r.err.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
    }

    @Test("an unwritable store path is one clear line and a non-zero exit")
    func unwritablePath() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("file"))
        let r = try await CLI.run(["migrate", "--store", "file/sub/s.sqlite"], in: dir)
        #expect(r.status != 0)
        #expect(r.err.contains("cannot create the store folder"))
    }

    @Test("a bad DATABASE_URL is one clear line and a non-zero exit, without the password")
    func badDatabaseURL() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let unreachable = try await CLI.run(["report"], env: ["DATABASE_URL": "postgres://u:hunter2@127.0.0.1:1/x"], in: dir)
        #expect(unreachable.status != 0)
        #expect(unreachable.err.contains("cannot reach PostgreSQL at"))
        #expect(!unreachable.err.contains("hunter2"))
        let malformed = try await CLI.run(["report"], env: ["DATABASE_URL": "mysql:/nonsense"], in: dir)
        #expect(malformed.status != 0)
        #expect(malformed.err.contains("DATABASE_URL"))
    }

    @Test("bad options are refused with a reason")
    func badOptions() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try await CLI.run(["schedule", "--days", "0", "--store", "s.sqlite"], in: dir)
        #expect(r.status != 0)
        #expect(r.err.contains("--days must be between 1 and 366"))
        let s = try await CLI.run(["schedule", "--strategy", "xyz", "--store", "s.sqlite"], in: dir)
        #expect(s.err.contains("must be one of"))
    }

    @Test("the lab runs March's experiments and sweeps from the command line")
    func lab() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try await CLI.run(["lab", "march", "--fig", "1", "--runs", "20", "--format", "csv"], in: dir)
        #expect(csv.status == 0, "\(csv.err)")
        let rows = csv.out.split(whereSeparator: \.isNewline)
        #expect(rows.count == 28)
        #expect(rows.first?.hasPrefix("p1,p2,p3,p4,fraction_fast,runs,code_score,code_score_sd,code_frac") == true)
        let svg = try await CLI.run(["lab", "march", "--fig", "turbulence", "--runs", "10", "--format", "svg"], in: dir)
        #expect(svg.out.hasPrefix("<svg"))
        let sweep = try await CLI.run(["lab", "sweep", "--param", "p2", "--values", "0.1,0.9", "--runs", "50"], in: dir)
        #expect(sweep.status == 0)
        #expect(sweep.out.split(whereSeparator: \.isNewline).count == 3)
        let bad = try await CLI.run(["lab", "sweep", "--param", "p3", "--values", "0.1", "--runs", "10"], in: dir)
        #expect(bad.status != 0)
        #expect(bad.err.contains("give a number of periods"))
        let badFig = try await CLI.run(["lab", "march", "--fig", "7"], in: dir)
        #expect(badFig.status != 0)
        #expect(badFig.err.contains("--fig must be"))
    }

    @Test("the COBC lab runs policy files, scenarios and variations, and refuses bad policy files with file, key and reason")
    func cobc() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let template = try await CLI.run(["lab", "cobc", "--print-policy"], in: dir)
        #expect(template.status == 0)
        try Data(template.out.utf8).write(to: dir.appendingPathComponent("default.json"))
        try Data(#"{"name": "rotating", "rotation": 0.2, "reflectionJoins": "acrossUnits"}"#.utf8).write(to: dir.appendingPathComponent("r.json"))
        let table = try await CLI.run(["lab", "cobc", "--policy", "default.json", "--policy", "r.json", "--runs", "20", "--periods", "10"], in: dir)
        #expect(table.status == 0, "\(table.err)")
        #expect(table.out.contains("rotating") && table.out.contains("Δ") && table.out.contains("fit of delivered ETO orders"))

        let csv = try await CLI.run(["lab", "cobc", "--scenario", "joins", "--runs", "5", "--periods", "6", "--format", "csv"], in: dir)
        #expect(csv.status == 0, "\(csv.err)")
        let rows = csv.out.split(whereSeparator: \.isNewline)
        #expect(rows.count == 1 + 4 * 7)
        #expect(rows.first?.hasPrefix("policy,period,code_knowledge,code_knowledge_sd,code_match") == true)

        let vary = try await CLI.run(["lab", "cobc", "--vary", "peerLearning=0,0.5", "--runs", "5", "--periods", "5", "--format", "svg", "--measure", "fit_cto"], in: dir)
        #expect(vary.status == 0, "\(vary.err)")
        #expect(vary.out.hasPrefix("<svg") && vary.out.contains("peerLearning=0.5"))

        try Data(#"{"rotaton": 0.2}"#.utf8).write(to: dir.appendingPathComponent("typo.json"))
        let typo = try await CLI.run(["lab", "cobc", "--policy", "typo.json"], in: dir)
        #expect(typo.status != 0)
        #expect(typo.err.contains("typo.json") && typo.err.contains("unknown key 'rotaton'"))
        try Data(#"{"turnover": 2}"#.utf8).write(to: dir.appendingPathComponent("rate.json"))
        let rate = try await CLI.run(["lab", "cobc", "--policy", "rate.json"], in: dir)
        #expect(rate.err.contains("rate.json") && rate.err.contains("turnover must be a probability"))
        try Data(#"{"mix": {"mts": "lots"}}"#.utf8).write(to: dir.appendingPathComponent("type.json"))
        let type = try await CLI.run(["lab", "cobc", "--policy", "type.json"], in: dir)
        #expect(type.err.contains("type.json") && type.err.contains("mix.mts") && type.err.contains("a number"))
        try Data("{ not json".utf8).write(to: dir.appendingPathComponent("broken.json"))
        let broken = try await CLI.run(["lab", "cobc", "--policy", "broken.json"], in: dir)
        #expect(broken.status != 0 && broken.err.contains("broken.json") && broken.err.contains("not valid JSON (line 1"))
        let missing = try await CLI.run(["lab", "cobc", "--policy", "nowhere.json"], in: dir)
        #expect(missing.err.contains("nowhere.json") && missing.err.contains("cannot read"))
        let set = try await CLI.run(["lab", "cobc", "--set", "reflectionJoins=everyone"], in: dir)
        #expect(set.status != 0 && set.err.contains("reflectionJoins is one of"))
    }

    @Test("accounts are added with the password from standard input, listed, and refused when weak or taken")
    func accounts() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let add = ["account", "add", "--store", "a.sqlite", "--email", "Ada@Example.org", "--name", "Ada", "--role", "member"]
        let ok = try await CLI.run(add, input: "a long enough password\n", in: dir)
        #expect(ok.status == 0, "\(ok.err)")
        let list = try await CLI.run(["account", "list", "--store", "a.sqlite"], in: dir)
        #expect(list.out.contains("ada@example.org  member  Ada"))
        #expect(!list.out.contains("password"))
        let taken = try await CLI.run(add, input: "another long password\n", in: dir)
        #expect(taken.status != 0 && taken.err.contains("exists already"))
        let weak = try await CLI.run(["account", "add", "--store", "a.sqlite", "--email", "b@example.org", "--name", "B", "--role", "lead"], input: "short\n", in: dir)
        #expect(weak.status != 0 && weak.err.contains("at least 10 characters"))
        let partner = try await CLI.run(["account", "add", "--store", "a.sqlite", "--email", "p@example.org", "--name", "P", "--role", "partner"],
                                  input: "a long enough password\n", in: dir)
        #expect(partner.status != 0 && partner.err.contains("partner organization"))
        let role = try await CLI.run(["account", "add", "--store", "a.sqlite", "--email", "c@example.org", "--name", "C", "--role", "boss"], input: "x\n", in: dir)
        #expect(role.status != 0 && role.err.contains("--role must be"))
    }

    @Test("ambidex token create prints a token once, list shows it without the secret, revoke ends it; mistakes say why")
    func tokens() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let add = try await CLI.run(["account", "add", "--store", "t.sqlite", "--email", "ada@example.org", "--name", "Ada", "--role", "member"],
                                    input: "a long enough password\n", in: dir)
        #expect(add.status == 0, "\(add.err)")
        let made = try await CLI.run(["token", "create", "--store", "t.sqlite", "--email", "Ada@Example.org", "--name", "nightly export"], in: dir)
        #expect(made.status == 0, "\(made.err)")
        let token = made.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("amb_") && token.count > 40 && !token.contains("\n"), "only the token goes to standard output: \(made.out)")
        let id = try #require(made.err.split(separator: " ").dropFirst(2).first.map(String.init))
        #expect(id.hasPrefix("T-") && made.err.contains("shown once"))

        let list = try await CLI.run(["token", "list", "--store", "t.sqlite"], in: dir)
        #expect(list.out.contains("\(id)  ada@example.org  nightly export") && list.out.contains("last used never"), "\(list.out)")
        #expect(!list.out.contains(token) && !list.out.contains(String(token.dropFirst(4))), "the token itself is never listed")
        let sqlite = try String(contentsOf: dir.appendingPathComponent("t.sqlite"), encoding: .isoLatin1)
        #expect(!sqlite.contains(String(token.dropFirst(4))), "the store keeps a hash, not the token")

        let nobody = try await CLI.run(["token", "create", "--store", "t.sqlite", "--email", "nobody@example.org"], in: dir)
        #expect(nobody.status != 0 && nobody.err.contains("no account with the email nobody@example.org"), "\(nobody.err)")
        let unnamed = try await CLI.run(["token", "create", "--store", "t.sqlite", "--email", "ada@example.org", "--name", "  "], in: dir)
        #expect(unnamed.status != 0 && unnamed.err.contains("a token needs a name"), "\(unnamed.err)")

        let revoked = try await CLI.run(["token", "revoke", "--store", "t.sqlite", id], in: dir)
        #expect(revoked.status == 0 && revoked.out.contains("Revoked \(id)"), "\(revoked.err)")
        let again = try await CLI.run(["token", "revoke", "--store", "t.sqlite", id], in: dir)
        #expect(again.status != 0 && again.err.contains("revoked already"))
        let unknown = try await CLI.run(["token", "revoke", "--store", "t.sqlite", "T-nothere"], in: dir)
        #expect(unknown.status != 0 && unknown.err.contains("no token T-nothere"))
        let after = try await CLI.run(["token", "list", "--store", "t.sqlite", "--email", "ada@example.org"], in: dir)
        #expect(after.out.contains("revoked 20"), "\(after.out)")
    }

    @Test("serve on a store without accounts creates a first lead and prints its password once; the next start does not")
    func serveFirstAccount() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try await CLI.serve(["serve", "--empty", "--port", "0", "--store", "s.sqlite"], in: dir)
        #expect(first.out.contains("serving the learning office at http://127.0.0.1:"), "\(first.err)")
        let line = try #require(first.err.split(separator: "\n").first { $0.hasPrefix("Sign in as lead@lindqvist.example with the password ") })
        let password = line.dropFirst("Sign in as lead@lindqvist.example with the password ".count).prefix { $0 != " " }
        #expect(password.count == 16)
        let list = try await CLI.run(["account", "list", "--store", "s.sqlite"], in: dir)
        #expect(list.out.contains("lead@lindqvist.example  lead"))
        let second = try await CLI.serve(["serve", "--empty", "--port", "0", "--store", "s.sqlite"], in: dir)
        #expect(second.out.contains("serving the learning office"))
        #expect(!second.err.contains("Sign in as") && !second.err.contains(String(password)))
    }
}

extension CLI {
    /// Starts a server, waits until it says where it serves (at most a minute), then stops it with Ctrl-C.
    static func serve(_ args: [String], in dir: URL) async throws -> Result {
        try await offThePool { try serveBlocking(args, in: dir) }
    }

    static func serveBlocking(_ args: [String], in dir: URL) throws -> Result {
        final class Buffer: @unchecked Sendable {
            private let lock = NSLock()
            private var data = Data()
            func append(_ d: Data) { lock.lock(); data.append(d); lock.unlock() }
            var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
        }
        let p = process(args, in: dir)
        let out = Pipe(), err = Pipe()
        let outText = Buffer(), errText = Buffer()
        out.fileHandleForReading.readabilityHandler = { outText.append($0.availableData) }
        err.fileHandleForReading.readabilityHandler = { errText.append($0.availableData) }
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, p.isRunning, !outText.text.contains("serving the learning office") {
            Thread.sleep(forTimeInterval: 0.1)
        }
        if p.isRunning { p.interrupt() }
        p.waitUntilExit()
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        outText.append(out.fileHandleForReading.readDataToEndOfFile())
        errText.append(err.fileHandleForReading.readDataToEndOfFile())
        return Result(status: p.terminationStatus, out: outText.text, err: errText.text)
    }
}
