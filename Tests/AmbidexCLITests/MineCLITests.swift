import Foundation
import Testing

@Suite("ambidex mine", .serialized)
struct MineCLITests {
    static let logs = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("../shared/data/eventlogs").standardizedFileURL
    static var available: Bool { FileManager.default.fileExists(atPath: logs.appendingPathComponent("running-example.xes").path) }
    static func log(_ name: String) -> String { logs.appendingPathComponent(name).path }

    @Test("dfg, variants, handover and durations as CSV start with the documented columns", .enabled(if: available, "shared logs missing"))
    func csvColumns() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let expected = [("dfg", "source,target,count,mean_s,median_s,min_s,max_s,sum_s,stdev_s"), ("handover", "source,target,value"),
                        ("variants", "variant,count"), ("durations", "case,duration_s"), ("rework", "activity,cases,repetitions")]
        for (command, header) in expected {
            let r = try await CLI.run(["mine", command, "--log", Self.log("running-example.xes"), "--format", "csv"], in: dir)
            #expect(r.status == 0, "\(command): \(r.err)")
            #expect(r.out.hasPrefix(header + "\n") || r.out.hasPrefix(header + ","), "\(command): \(r.out.prefix(80))")
        }
        let dfg = try await CLI.run(["mine", "dfg", "--log", Self.log("running-example.xes"), "--format", "csv"], in: dir)
        #expect(dfg.out.contains("check ticket,decide,6,181960.0,129300.0,1800.0,578640.0,1091760.0,206034.1175630871"))
        let variants = try await CLI.run(["mine", "variants", "--log", Self.log("running-example.xes"), "--format", "csv"], in: dir)
        #expect(variants.out.contains("\"register request,examine casually,check ticket,decide,reinitiate request,"))
    }

    @Test("svg draws the DFG; json is valid; ocdfg reads OCEL; stats reports size, speed and memory", .enabled(if: available, "shared logs missing"))
    func formats() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = try await CLI.run(["mine", "dfg", "--log", Self.log("receipt.xes.gz"), "--format", "svg"], in: dir)
        #expect(svg.status == 0 && svg.out.hasPrefix("<svg") && svg.out.contains("</svg>"))
        let json = try await CLI.run(["mine", "dfg", "--log", Self.log("production.xes.gz"), "--format", "json", "--lifecycle", "complete"], in: dir)
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        #expect((object?["edges"] as? [Any])?.isEmpty == false)
        let ocdfg = try await CLI.run(["mine", "ocdfg", "--log", Self.log("ocel20_example.sqlite"), "--format", "csv"], in: dir)
        #expect(ocdfg.status == 0 && ocdfg.out.hasPrefix("object_type,source,target,event_couples,unique_objects,total_objects"))
        let stats = try await CLI.run(["mine", "stats", "--log", Self.log("receipt.xes.gz")], in: dir)
        for line in ["cases                       1434", "events                      8577", "resources", "time span", "read speed", "peak memory"] {
            #expect(stats.out.contains(line), "stats lacks '\(line)'")
        }
        let all = try await CLI.run(["mine", "all", "--log", Self.log("running-example.xes"), "--out", "mined"], in: dir)
        #expect(all.status == 0, "\(all.err)")
        for file in ["dfg.csv", "dfg.svg", "variants.csv", "handover.csv", "durations.csv", "rework.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("mined/\(file)").path), "mine all wrote no \(file)")
        }
        let flattened = try await CLI.run(["mine", "variants", "--log", Self.log("ocel20_example.jsonocel"), "--object-type", "Invoice"], in: dir)
        #expect(flattened.status == 0 && flattened.out.contains("Insert Invoice"))
    }

    @Test("a bad file or a wrong option gives one line saying where and why, without usage text")
    func errors() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("<log><trace><string key=\"concept:name\" value=\"1\"/>\n<event><int key=\"n\" value=\"x\"/></event></trace></log>".utf8)
            .write(to: dir.appendingPathComponent("bad.xes"))
        let bad = try await CLI.run(["mine", "dfg", "--log", "bad.xes"], in: dir)
        #expect(bad.status != 0)
        #expect(bad.err.contains("bad.xes: line 2, column"))
        #expect(bad.err.contains("'x' is not an int"))
        #expect(!bad.err.contains("USAGE"))
        let missing = try await CLI.run(["mine", "stats", "--log", "nope.xes"], in: dir)
        #expect(missing.status != 0 && missing.err.contains("nope.xes: no such file"))
        let svg = try await CLI.run(["mine", "variants", "--log", "bad.xes", "--format", "svg"], in: dir)
        #expect(svg.status != 0 && svg.err.contains("svg draws the DFG and the OC-DFG only"))
        try Data("Order;Step;When\n1;a;01.02.2020 10:00\n1;b;01.02.2020 11:30\n".utf8).write(to: dir.appendingPathComponent("erp.csv"))
        let csv = try await CLI.run(["mine", "dfg", "--log", "erp.csv", "--case", "Order", "--activity", "Step", "--timestamp", "When",
                               "--timestamp-format", "%d.%m.%Y %H:%M", "--format", "csv"], in: dir)
        #expect(csv.status == 0, "\(csv.err)")
        #expect(csv.out.contains("a,b,1,5400.0"))
        let noMapping = try await CLI.run(["mine", "dfg", "--log", "erp.csv"], in: dir)
        #expect(noMapping.status != 0 && noMapping.err.contains("the mapping needs 'case'"))
    }

    @Test("ocdfg --format svg draws every edge, start and end of the OC-DFG", .enabled(if: available, "shared logs missing"))
    func ocdfgSVG() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = try await CLI.run(["mine", "ocdfg", "--log", Self.log("ocel20_example.xmlocel"), "--format", "svg", "--naive-offset", "+01:00"], in: dir)
        #expect(svg.status == 0, "\(svg.err)")
        #expect(svg.out.hasPrefix("<svg") && svg.out.hasSuffix("</svg>\n"))
        let json = try await CLI.run(["mine", "ocdfg", "--log", Self.log("ocel20_example.xmlocel"), "--format", "json", "--naive-offset", "+01:00"], in: dir)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let arcs = ["edges", "start_activities", "end_activities"].map { (object[$0] as? [Any])?.count ?? 0 }.reduce(0, +)
        #expect(arcs > 0)
        #expect(svg.out.components(separatedBy: "<title>").count - 1 == arcs)
    }

    @Test("a large file shows a progress line on a terminal, and none when stderr is not one",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "no script(1) for a pseudo-terminal"))
    func progressLine() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = "case,activity,time\n"
        for i in 0..<120_000 { text += "order-\(i % 5000),step \(i % 17),2024-03-01T08:00:00Z\n" }
        #expect(text.utf8.count > 4 << 20)
        try Data(text.utf8).write(to: dir.appendingPathComponent("big.csv"))
        let args = ["mine", "stats", "--log", "big.csv", "--case", "case", "--activity", "activity", "--timestamp", "time"]
        let onTerminal = try await CLI.runOnTerminal(args, in: dir)
        #expect(onTerminal.status == 0, "\(onTerminal.out)")
        #expect(onTerminal.out.contains("\rreading big.csv "), "\(onTerminal.out.prefix(300))")
        #expect(onTerminal.out.contains("100%"))
        #expect(onTerminal.out.contains("read big.csv in"))
        let piped = try await CLI.run(args, in: dir)
        #expect(piped.status == 0)
        #expect(!piped.err.contains("reading big.csv") && piped.err.contains("read big.csv in"))
    }
}
