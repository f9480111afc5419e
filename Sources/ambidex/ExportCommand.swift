import AmbidexCore
import AmbidexImport
import AmbidexLog
import AmbidexStore
import ArgumentParser
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole office (orders, events, reflections, knowledge, standards, learning activities) as one OCEL 2.0 log.",
        discussion: """
            Orders, units, partners, standards and knowledge items are objects; order events, reflections, knowledge \
            steps and uses, standard proposals, versions, adoptions, retirements and applications, and learning \
            activities are events (docs/import.md, "Export"). ocel2-json and ocel2-sqlite are the OCEL 2.0 standard \
            encodings that pm4py and other OCEL tools read; `ambidex import` of either into an empty store restores the \
            same office. csv is a flat table with one row per event and related object (an event without objects is one \
            row): event id, activity, time, object id, object type, qualifier. JSON and CSV go to standard output \
            without --out or with --out -; SQLite needs a file. The file is written beside its place and renamed at the \
            end, so a failure leaves nothing half-written.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case ocel2JSON = "ocel2-json", ocel2SQLite = "ocel2-sqlite", csv
        var label: String {
            switch self {
            case .ocel2JSON: "OCEL 2.0 JSON"
            case .ocel2SQLite: "OCEL 2.0 SQLite"
            case .csv: "CSV (a row per event and object)"
            }
        }
    }

    @Option(help: "ocel2-json, ocel2-sqlite or csv.") var format: Format = .ocel2JSON
    @Option(help: "The file to write (- or none: standard output, for JSON and CSV).") var out: String?
    @Flag(help: "Overwrite the file if it exists.") var force = false
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if format == .ocel2SQLite, out == nil || out == "-" { throw ValidationError("--format ocel2-sqlite needs --out FILE: SQLite cannot go to standard output") }
    }

    func run() async throws {
        let toStdout = out == nil || out == "-"
        if let out, !toStdout, FileManager.default.fileExists(atPath: out), !force {
            throw CommandError("\(out) exists; pass --force to overwrite it")
        }
        let started = Date()
        let store = try await storeOptions.open()
        let office: LearningOffice
        do { office = try await store.loadOffice() } catch {
            await store.shutdown()
            throw error
        }
        let source = "\(store.configuration)"
        await store.shutdown()
        let readSeconds = Date().timeIntervalSince(started)

        let exporting = Date()
        let log = OfficeExport.make(office)
        if toStdout {
            Self.write(format == .csv ? log.csv() : log.json(), to: .standardOutput)
        } else {
            try write(log, to: out!)
        }
        let exportSeconds = Date().timeIntervalSince(exporting)
        let report = Self.report(log, office: office, format: format, source: source, file: toStdout ? "standard output" : out!,
                                 seconds: (readSeconds, exportSeconds))
        // With the log on standard output, the report must not mix into it.
        if toStdout { FileHandle.standardError.write(Data((report + "\n").utf8)) } else { print(report) }
        if let out, !toStdout, format != .csv, LogFormat.guess(path: out)?.isObjectCentric != true {
            FileHandle.standardError.write(Data("note: ambidex import knows an OCEL file by its name: call it .jsonocel or .json (JSON), .sqlite (SQLite)\n".utf8))
        }
    }

    /// Writes beside the target and renames at the end: a failure leaves no half-written file.
    private func write(_ log: OfficeExport, to path: String) throws {
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
        try? FileManager.default.removeItem(at: temporary)
        do {
            switch format {
            case .ocel2SQLite: try log.writeSQLite(to: temporary.path)
            case .ocel2JSON, .csv:
                guard FileManager.default.createFile(atPath: temporary.path, contents: nil), let handle = FileHandle(forWritingAtPath: temporary.path) else {
                    throw CommandError("cannot create \(temporary.path)")
                }
                defer { try? handle.close() }
                Self.write(format == .csv ? log.csv() : log.json(), to: handle)
            }
            // On disk before it takes the name: a crash after the rename must not leave a short file there.
            let fd = open(temporary.path, O_RDONLY)
            if fd >= 0 { fsync(fd); close(fd) }
            if !force, FileManager.default.fileExists(atPath: path) {
                throw CommandError("\(path) appeared while the export was written; pass --force to overwrite it")
            }
            guard rename(temporary.path, path) == 0 else {
                throw CommandError("cannot move the export to \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let e = error as? CommandError { throw e }
            if let e = error as? OfficeExportError { throw CommandError(e.description) }
            throw CommandError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Hands the bytes over without copying them into a `Data` first: at 100,000 orders the JSON is half a gigabyte.
    static func write(_ bytes: [UInt8], to handle: FileHandle) {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            handle.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buffer.count, deallocator: .none))
        }
    }

    static func report(_ log: OfficeExport, office: LearningOffice, format: Format, source: String, file: String,
                       seconds: (read: Double, export: Double)) -> String {
        func list(_ counts: [(type: String, count: Int)]) -> String {
            counts.map { "\($0.count) \($0.type)" }.joined(separator: ", ")
        }
        let total = seconds.read + seconds.export
        return [
            "exported \"\(office.name)\" from \(source) as \(format.label) to \(file)",
            "objects: \(log.objects.count) (\(list(log.objectCounts)))",
            "events: \(log.events.count) (\(list(log.eventCounts.sorted { $0.count > $1.count })))",
            "event-object relations: \(log.relationCount)",
            String(format: "read the store %.2f s, exported %.2f s: %.0f events/s exported, %.0f events/s in all",
                   seconds.read, seconds.export, Double(log.events.count) / max(seconds.export, 1e-9), Double(log.events.count) / max(total, 1e-9)),
        ].joined(separator: "\n")
    }
}
