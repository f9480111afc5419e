import AmbidexLog
import Foundation
import Testing

/// The corpus of broken logs that `Fuzz/make_corpus.py` writes (and the fuzz
/// targets start from): every file must fail with a `LogError` that says why
/// and where, never crash, hang or return a log.
@Suite("Bad files fail cleanly", .enabled(if: BadFiles.python != nil, "python3 is not installed: it writes the bad-file corpus"))
struct BadFileTests {
    @Test("every file of the bad-file corpus gives an error naming the file, a place and the reason")
    func corpus() throws {
        let (folder, entries) = try BadFiles.make()
        #expect(entries.count >= 60)
        for entry in entries {
            let path = folder.appendingPathComponent(entry.file).path
            do {
                _ = try BadFiles.read(path, reader: entry.reader)
                Issue.record("\(entry.file) was read without an error")
            } catch let error as LogError {
                #expect(error.file == path)
                #expect(error.reason.lowercased().contains(entry.expect.lowercased()), "\(entry.file): '\(error.reason)' lacks '\(entry.expect)'")
                if entry.reader != "ocel-sqlite" {
                    #expect(!error.location.description.isEmpty || error.reason.contains("no header") || entry.reader == "csv",
                            "\(entry.file): no location in '\(error)'")
                }
            }
        }
    }

    @Test("errors in XML say line and column; errors in JSON give the path")
    func locations() throws {
        let (folder, _) = try BadFiles.make()
        do {
            _ = try LogReader.readXES(path: folder.appendingPathComponent("wrong-int.xes").path)
        } catch let error as LogError {
            #expect(error.location.line == 4)
            #expect(error.location.column != nil)
            #expect(error.description.contains("line 4, column"))
        }
        do {
            _ = try LogReader.readOCEL(path: folder.appendingPathComponent("id-not-string.jsonocel").path)
        } catch let error as LogError {
            #expect(error.location.path == "$.events[0].id", "\(error)")
        }
    }
}

enum BadFiles {
    struct Entry: Decodable { let file: String; let reader: String; let expect: String }

    static var python: String? {
        ["/usr/bin/python3", "/usr/local/bin/python3", "/root/.pyenv/shims/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/make_corpus.py").standardizedFileURL.path

    static func make() throws -> (URL, [Entry]) {
        let folder = TemporaryFile.folder.appendingPathComponent("corpus-\(UUID().uuidString)")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python!)
        p.arguments = [script, folder.path]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let manifest = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        return (folder, try JSONDecoder().decode([Entry].self, from: manifest))
    }

    static let csvMapping = CSVMapping(caseColumn: "case", activityColumn: "activity", timestampColumn: "time", resourceColumn: "resource")

    static func read(_ path: String, reader: String) throws -> Any {
        switch reader {
        case "xes": return try LogReader.readXES(path: path)
        case "ocel-json": return try LogReader.readOCEL(path: path, format: .ocelJSON)
        case "ocel-xml": return try LogReader.readOCEL(path: path, format: .ocelXML)
        case "ocel-sqlite": return try LogReader.readOCEL(path: path, format: .ocelSQLite)
        default: return try LogReader.readCSV(path: path, mapping: csvMapping)
        }
    }
}
