import AmbidexCore
import AmbidexImport
import AmbidexLog
import AmbidexStore
import ArgumentParser
import Foundation

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring an order log into the office: XES (.xes, .xes.gz), OCEL 2.0 (.jsonocel, .xmlocel, .sqlite) or CSV.",
        discussion: """
            A mapping (a small file of key = value lines kept beside the log) says which attribute names each event's \
            unit and each order's partner, the rules that infer an order's delivery strategy and each activity's stage, \
            which activities are customer contact and which case attributes are an order's customization. \
            --suggest-mapping prints one guessed from the log, each guess explained; without --mapping that guess is \
            used and printed. A CSV log's mapping also names its columns (case = …, activity = …, timestamp = …). \
            The import is one transaction: it fails whole or lands whole. Importing the same log again adds nothing; \
            a log that grew adds only what is new.
            """)

    @Argument(help: "The log file.") var file: String
    @Option(help: "The mapping file.") var mapping: String?
    @Flag(help: "Print a suggested mapping for the log, each guess explained, and import nothing.") var suggestMapping = false
    @Option(help: "Offset of times stored without one (OCEL XML and SQLite), e.g. +01:00. Default: UTC.") var naiveOffset: String?
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Report progress on stderr even when it is not a terminal.") var progress = false

    func run() async throws {
        let started = Date()
        let mappingText = try mapping.map { path -> String in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CommandError("cannot read the mapping file \(path)") }
            return text
        }
        let given: ImportMapping?
        do { given = try mappingText.map { try ImportMapping.parse($0, file: mapping!) } } catch { throw CommandError("\(error)") }
        let read = try read(mappingText: mappingText)
        let log = read.log
        let readSeconds = Date().timeIntervalSince(started)

        var suggestion: MappingSuggestion?
        if suggestMapping || given == nil { suggestion = read.suggestion(source: file) }
        if suggestMapping {
            print(suggestion!.text, terminator: "")
            return
        }
        if let suggestion, given == nil {
            print("# no --mapping: importing with this suggested mapping (save it, change it, pass it with --mapping next time)")
            print(suggestion.text)
        }
        let chosen = given ?? suggestion!.mapping
        let converting = Date()
        let conversion: LogConversion
        do { conversion = try chosen.convert(log, source: file) } catch { throw CommandError("\(error)") }
        let convertSeconds = Date().timeIntervalSince(converting)

        let store = try await storeOptions.open()
        let writing = ProgressLine("writing   ", force: progress)
        let writeStart = Date()
        let summary: ImportSummary
        do {
            summary = try await store.importOrders(conversion.batch, source: URL(fileURLWithPath: file).lastPathComponent, progress: { writing.update($0) })
        } catch {
            writing.finish("")
            await store.shutdown()
            throw error
        }
        let writeSeconds = Date().timeIntervalSince(writeStart)
        writing.finish(summary.isEmpty ? "" : "wrote to \(store.configuration) in \(String(format: "%.2f s", writeSeconds))")
        let where_ = "\(store.configuration)"
        await store.shutdown()
        print(Self.report(summary, conversion: conversion, file: file, store: where_, seconds: (readSeconds, convertSeconds, writeSeconds)))
    }

    /// Reads the log as cases: an OCEL log from its order objects' point of view.
    private func read(mappingText: String?) throws -> LogImport {
        guard FileManager.default.fileExists(atPath: file) else { throw CommandError("\(file): no such file") }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let line = size > 4 << 20 ? ProgressLine("reading   ", force: progress) : nil
        var options = ReadOptions(naiveTimeOffsetSeconds: try parseNaiveOffset(naiveOffset))
        if let line, line.isShown { options.progress = { @Sendable f in line.update(f) } }
        defer { line?.finish("read \(URL(fileURLWithPath: file).lastPathComponent)") }
        do { return try LogImport.read(path: file, mappingText: mappingText, options: options) } catch { throw CommandError(error.description) }
    }

    static func report(_ s: ImportSummary, conversion c: LogConversion, file: String, store: String,
                       seconds: (read: Double, convert: Double, write: Double)) -> String {
        let name = URL(fileURLWithPath: file).lastPathComponent
        let total = seconds.read + seconds.convert + seconds.write
        var lines: [String] = []
        if s.isEmpty {
            lines.append("nothing new in \(name): the store already holds its \(c.batch.orders.count) orders and their \(c.events) events; nothing was written")
        } else {
            let strategies = DeliveryStrategy.allCases.compactMap { st in s.strategies[st].map { "\($0) \(st.code)" } }.joined(separator: ", ")
            lines.append("imported \(name) into \(store): \(s.orders) new orders\(strategies.isEmpty ? "" : " (\(strategies))"), \(s.events) events, "
                + "\(s.units) new units, \(s.partners) new partners" + (s.extendedOrders > 0 ? "; \(s.extendedOrders) orders carried further" : ""))
        }
        if c.emptyCases > 0 { lines.append("left out: \(c.emptyCases) cases with no event of the kept lifecycle") }
        if c.openOrders > 0 { lines.append("still open: \(c.openOrders) orders whose last event does not match closed-by") }
        lines.append(String(format: "read %.2f s, converted %.2f s, wrote %.2f s: %.0f events/s in all, %.0f events/s into the store; peak memory %.1f MB",
                            seconds.read, seconds.convert, seconds.write, Double(c.events) / max(total, 1e-9),
                            Double(c.events) / max(seconds.write, 1e-9), Double(MineOutput.peakMemory()) / 1e6))
        return lines.joined(separator: "\n")
    }
}
