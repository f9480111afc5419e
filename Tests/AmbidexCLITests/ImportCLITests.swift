import AmbidexCore
import AmbidexStore
import AmbidexTestSupport
import Foundation
import Testing

@Suite("ambidex import", .serialized)
struct ImportCLITests {
    static var available: Bool { MineCLITests.available }

    @Test("suggest a mapping, import the production log with it, import it again: nothing new; the office's report and schedule see its orders",
          .enabled(if: available, "shared logs missing"))
    func production() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = MineCLITests.log("production.xes.gz")
        let suggested = try await CLI.run(["import", log, "--suggest-mapping"], in: dir)
        #expect(suggested.status == 0, "\(suggested.err)")
        #expect(suggested.out.contains("# keep-lifecycle: ") && suggested.out.contains("keep-lifecycle = complete"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("ambidex.sqlite").path), "a suggestion writes nothing")
        try suggested.out.write(to: dir.appendingPathComponent("production.mapping"), atomically: true, encoding: .utf8)

        let first = try await CLI.run(["import", log, "--mapping", "production.mapping", "--store", "s.sqlite"], in: dir)
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("225 new orders (225 MTO), 4953 events"), "\(first.out)")
        #expect(first.out.contains("events/s") && first.out.contains("peak memory"))
        let again = try await CLI.run(["import", log, "--mapping", "production.mapping", "--store", "s.sqlite"], in: dir)
        #expect(again.status == 0 && again.out.contains("nothing new in production.xes.gz"), "\(again.out)\(again.err)")

        let report = try await CLI.run(["report", "--json", "--store", "s.sqlite"], in: dir)
        #expect(report.status == 0, "\(report.err)")
        let object = try JSONSerialization.jsonObject(with: Data(report.out.utf8)) as? [String: Any]
        let coverage = object?["coverage"] as? [[String: Any]] ?? []
        #expect(coverage.contains { $0["strategy"] as? String == "mto" && ($0["orders"] as? Int ?? 0) == 225 }, "\(coverage)")
        let schedule = try await CLI.run(["schedule", "--days", "14", "--json", "--store", "s.sqlite"], in: dir)
        #expect(schedule.status == 0, "\(schedule.err)")

        // The imported orders mined from the store: by unit, and by front/back office.
        let units = try await CLI.run(["mine", "handover", "--strategy", "mto", "--store", "s.sqlite", "--format", "csv"], in: dir)
        #expect(units.status == 0, "\(units.err)")
        #expect(units.out.hasPrefix("source,target,") && units.out.contains("Quality"), "\(units.out)")
        let office = try await CLI.run(["mine", "handover", "--by", "office", "--strategy", "mto", "--store", "s.sqlite", "--format", "csv"], in: dir)
        #expect(office.status == 0, "\(office.err)")
        let pairs = office.out.split(separator: "\n").dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") }
        #expect(!pairs.isEmpty && pairs.allSatisfy { ["front office,back office", "back office,front office", "front office,front office",
                                                      "back office,back office"].contains($0) }, "\(office.out)")
        let stats = try await CLI.run(["mine", "stats", "--strategy", "mto", "--store", "s.sqlite"], in: dir)
        #expect(stats.status == 0 && stats.out.contains("225"), "\(stats.out)\(stats.err)")
        let none = try await CLI.run(["mine", "dfg", "--strategy", "eto", "--store", "s.sqlite"], in: dir)
        #expect(none.status != 0 && none.err.contains("no orders in the store pass the filter"), "\(none.err)")
        let bad = try await CLI.run(["mine", "dfg", "--strategy", "bespoke", "--store", "s.sqlite"], in: dir)
        #expect(bad.status != 0 && bad.err.contains("--strategy must be one of"), "\(bad.err)")
        let badDay = try await CLI.run(["mine", "dfg", "--from", "March", "--store", "s.sqlite"], in: dir)
        #expect(badDay.status != 0 && badDay.err.contains("--from must be a day"), "\(badDay.err)")
    }

    @Test("without --mapping the suggested mapping is printed and used; an OCEL log's orders are its order objects",
          .enabled(if: available, "shared logs missing"))
    func suggestedAndOCEL() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try await CLI.run(["import", MineCLITests.log("ocel20_example.sqlite"), "--store", "s.sqlite"], in: dir)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("# no --mapping") && r.out.contains("order-type = Purchase Order"), "\(r.out)")
        #expect(r.out.contains("new orders"), "\(r.out)")
    }

    /// Files that must be refused, each with what the message must say.
    static func badFiles(in dir: URL) throws -> [(file: String, mapping: String?, says: [String])] {
        func write(_ name: String, _ text: String) throws -> String {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
            return name
        }
        let good = """
            <?xml version="1.0" encoding="UTF-8"?>
            <log xes.version="1.0">
              <trace><string key="concept:name" value="N1"/>
                <event><string key="concept:name" value="Cut"/><date key="time:timestamp" value="2024-03-01T08:00:00Z"/></event>
                <event><string key="concept:name" value="Ship"/><date key="time:timestamp" value="2024-03-02T08:00:00Z"/></event>
              </trace>
            </log>
            """
        _ = try write("good.xes", good)
        try Data([0x1f, 0x8b, 0x08, 0x00, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46]).write(to: dir.appendingPathComponent("corrupt.xes.gz"))
        return [
            (try write("truncated.xes", String(good.prefix(good.count * 2 / 3))), nil, ["truncated.xes", "line"]),
            (try write("bad-time.xes", good.replacingOccurrences(of: "2024-03-02T08:00:00Z", with: "the next day")), nil, ["bad-time.xes", "line 5", "the next day"]),
            ("corrupt.xes.gz", nil, ["corrupt.xes.gz"]),
            (try write("empty.xes", ""), nil, ["empty.xes"]),
            (try write("dup.xes", good.replacingOccurrences(of: "</log>", with: "<trace><string key=\"concept:name\" value=\"N1\"/></trace></log>")), nil,
             ["dup.xes", "'N1'"]),
            (try write("rows.csv", "order,step,at\nN1,Cut,2024-03-01T08:00:00Z\nN1,Ship,not a time\n"),
             try write("csv.mapping", "case = order\nactivity = step\ntimestamp = at\n"), ["rows.csv", "line 3", "not a time"]),
            (try write("broken.jsonocel", "{\"objectTypes\": [{\"name\": \"Order\", \"attributes\": []}], \"events\": [{\"id\": \"e1\", "), nil,
             ["broken.jsonocel"]),
            ("good.xes", try write("bad.mapping", "unit = group\nstrategy-rule = eto design\n"), ["bad.mapping:2", "a rule is 'value: pattern'"]),
            ("good.xes", try write("stage.mapping", "stage-rule = design: ((\n"), ["stage.mapping:1", "not a pattern"]),
            (try write("notes.docx", "hello"), nil, ["notes.docx", "unknown format"]),
            ("missing.xes", nil, ["missing.xes", "no such file"]),
        ]
    }

    @Test("a failing import of each bad file leaves the store as it was (the SQLite file byte for byte), and says where and why",
          arguments: Backend.available)
    func badFilesChangeNothing(_ backend: Backend) async throws {
        try await withFreshLocation(backend) { location in
            let dir = try CLI.tempDir()
            defer { try? FileManager.default.removeItem(at: dir) }
            let (storeArgs, env) = KilledDemoTests.invocation(location)
            let demo = try await CLI.run(["demo", "--orders", "200", "--seed", "3"] + storeArgs, env: env, in: dir)
            #expect(demo.status == 0, "\(demo.err)")
            let bytes = { () -> [Data?] in
                guard case .sqlite(let path) = location else { return [] }
                return ["", "-wal", "-shm"].map { FileManager.default.contents(atPath: path + $0) }
            }
            let before = try await StoreSnapshot(location), beforeBytes = bytes()
            for bad in try Self.badFiles(in: dir) {
                let r = try await CLI.run(["import", bad.file] + (bad.mapping.map { ["--mapping", $0] } ?? []) + storeArgs, env: env, in: dir)
                #expect(r.status != 0, "\(bad.file) was accepted: \(r.out)")
                for phrase in bad.says { #expect(r.err.contains(phrase), "\(bad.file): '\(phrase)' missing from: \(r.err)") }
                #expect(r.err.split(separator: "\n").count <= 2, "\(bad.file): one clear line, not a dump: \(r.err)")
            }
            #expect(try await StoreSnapshot(location) == before)
            #expect(bytes() == beforeBytes)
        }
    }
}
