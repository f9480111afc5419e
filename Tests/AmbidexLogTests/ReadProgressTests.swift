import AmbidexLog
import Foundation
import Testing

/// Every reader reports how far it has come: fractions in 0...1 that never go
/// back, ending at 1 when the log has been read.
@Suite("Progress while reading")
struct ReadProgressTests {
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Double] = []
        var fractions: [Double] { lock.withLock { values } }
        var options: ReadOptions { ReadOptions(progress: { f in self.lock.withLock { self.values.append(f) } }) }
    }

    static func expectWellFormed(_ fractions: [Double], _ what: String) {
        #expect(fractions.last == 1, "\(what): ends at \(fractions.last.map { "\($0)" } ?? "nothing")")
        #expect(zip(fractions, fractions.dropFirst()).allSatisfy { $0 <= $1 }, "\(what): goes back")
        #expect(fractions.allSatisfy { (0...1).contains($0) }, "\(what): outside 0...1")
    }

    @Test("XES, OCEL 2.0 JSON, XML and SQLite", .enabled(if: SharedLogs.available, "shared logs missing"))
    func sharedLogs() throws {
        let xes = Recorder()
        _ = try LogReader.readXES(path: SharedLogs.path("receipt.xes.gz"), options: xes.options)
        Self.expectWellFormed(xes.fractions, "xes")
        for name in ["ocel20_example.jsonocel", "ocel20_example.xmlocel", "ocel20_example.sqlite"] {
            let recorder = Recorder()
            _ = try LogReader.readOCEL(path: SharedLogs.path(name), options: recorder.options)
            Self.expectWellFormed(recorder.fractions, name)
        }
        // The SQLite reader counts rows, so even the small example shows steps on the way.
        let sqlite = Recorder()
        _ = try LogReader.readOCEL(path: SharedLogs.path("ocel20_example.sqlite"), options: sqlite.options)
        #expect(sqlite.fractions.count > 2)
    }

    @Test("CSV, in steps on the way through a file larger than the read window")
    func csv() throws {
        let export = CSVStreamingTests.export(rows: 40_000, alphabet: ["a"])
        let recorder = Recorder()
        _ = try LogReader.readCSV(path: try TemporaryFile.write(export.text, suffix: ".csv"), mapping: CSVStreamingTests.mapping,
                                  options: recorder.options)
        Self.expectWellFormed(recorder.fractions, "csv")
        #expect(recorder.fractions.contains { $0 > 0 && $0 < 1 })
    }

    @Test("a failed read does not report the end")
    func failure() throws {
        let recorder = Recorder()
        let path = try TemporaryFile.write("case,activity,time\nc1,a,noon\n", suffix: ".csv")
        #expect(throws: LogError.self) {
            try LogReader.readCSV(path: path, mapping: CSVMapping(caseColumn: "case", activityColumn: "activity", timestampColumn: "time"),
                                  options: recorder.options)
        }
        #expect(recorder.fractions.last != 1)
    }
}
