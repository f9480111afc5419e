import AmbidexCore
import AmbidexDemo
import AmbidexImport
import Foundation
import Testing

/// A Python that imports pm4py: AMBIDEX_TEST_PM4PY (CI sets it), else the
/// cached venv that CI makes, else python3 if pm4py is installed for it.
enum PM4PyPython {
    static let path: String? = {
        if let p = ProcessInfo.processInfo.environment["AMBIDEX_TEST_PM4PY"], !p.isEmpty { return p }
        let cached = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/ambidex-pm4py/bin/python").path
        for candidate in [cached, "/usr/bin/python3", "/usr/local/bin/python3"] where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? run(candidate, ["-c", "import pm4py"]))?.status == 0 { return candidate }
        }
        return nil
    }()

    static func run(_ python: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    /// pm4py's counts for an OCEL 2.0 file: objects per type, events per activity, event-object and object-object relations.
    static let script = """
        import sys, json, warnings
        warnings.filterwarnings("ignore")
        import pm4py
        path, kind = sys.argv[1], sys.argv[2]
        ocel = pm4py.read_ocel2_json(path) if kind == "jsonocel" else pm4py.read_ocel2_sqlite(path)
        print(json.dumps({
            "objects": {str(k): int(v) for k, v in ocel.objects[ocel.object_type_column].value_counts().items()},
            "events": {str(k): int(v) for k, v in ocel.events[ocel.event_activity].value_counts().items()},
            "relations": int(len(ocel.relations)), "o2o": int(len(ocel.o2o))}))
        """
}

@Suite("Office export read by pm4py", .serialized,
       .enabled(if: PM4PyPython.path != nil, "no Python with pm4py here (set AMBIDEX_TEST_PM4PY, or install pm4py for python3): pm4py's reading of the export is not checked"))
struct OfficeExportPM4PyTests {
    @Test("pm4py reads the JSON and the SQLite export, and counts the same objects per type, events per activity and relations as we wrote (of the objects that take part in events)",
          arguments: ExportEncoding.allCases)
    func pm4pyCounts(_ encoding: ExportEncoding) throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // setup
        let log = OfficeExport.make(DemoCompany.generate(orders: 200))
        let path = try encoding.write(log, in: dir)
        // MUT
        let result = try PM4PyPython.run(PM4PyPython.path!, ["-c", PM4PyPython.script, path, encoding.rawValue])
        // validate
        #expect(result.status == 0, "\(result.err.suffix(2000))")
        let line = try #require(result.out.split(separator: "\n").last, "no output from pm4py: \(result.err.suffix(2000))")
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        // pm4py keeps only the objects and events that take part in an event-object relation (the
        // office object and partners no event names stay in the file, but pm4py leaves them out).
        let named = Set(log.events.flatMap { $0.relationships.map(\.objectId) })
        var objects: [String: Int] = [:], events: [String: Int] = [:]
        for o in log.objects where named.contains(o.id) { objects[o.type, default: 0] += 1 }
        for e in log.events where !e.relationships.isEmpty { events[e.type, default: 0] += 1 }
        #expect(objects["order"] == 200 && objects["knowledge item"] != nil && objects["standard"] != nil)
        #expect(counts["objects"] as? [String: Int] == objects)
        #expect(counts["events"] as? [String: Int] == events)
        #expect(events.values.reduce(0, +) == log.events.count, "every event names an object")
        #expect(counts["relations"] as? Int == log.relationCount)
        #expect(counts["o2o"] as? Int == log.objects.filter { named.contains($0.id) }.reduce(0) { n, o in
            n + o.relationships.filter { named.contains($0.objectId) }.count
        })
    }
}
