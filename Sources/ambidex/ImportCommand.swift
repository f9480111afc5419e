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
            a log that grew adds only what is new. An OCEL file written by `ambidex export` (known by its office object) \
            restores the whole office instead, without a mapping, and only into an empty store.
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
        // An OCEL log is read once: an Ambidex export restores the whole office, any other goes through the mapping.
        var ocel: ObjectCentricLog?
        if let format = LogFormat.guess(path: file), format.isObjectCentric {
            let log = try readOCEL(format)
            if OfficeRestore.isExport(log) {
                guard !suggestMapping, mapping == nil else {
                    throw CommandError("\(file) is an Ambidex export: it restores the whole office and takes no mapping")
                }
                return try await restore(log, started: started)
            }
            ocel = log
        }
        let read = try read(mappingText: mappingText, ocel: ocel)
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

    /// Restores an Ambidex export into an empty store; a store that holds anything is left alone.
    private func restore(_ log: ObjectCentricLog, started: Date) async throws {
        let readSeconds = Date().timeIntervalSince(started), restoring = Date()
        let office: LearningOffice
        do { office = try OfficeRestore.office(from: log, file: file) } catch { throw CommandError(error.description) }
        let restoreSeconds = Date().timeIntervalSince(restoring)
        let store = try await storeOptions.open()
        let writeStart = Date()
        let writing = ProgressLine("writing   ", force: progress)
        do {
            try await store.restore(office, progress: { writing.update($0) })
        } catch {
            writing.finish("")
            await store.shutdown()
            if let e = error as? StoreError { throw CommandError("\(file): \(e.description)") }
            throw error
        }
        writing.finish("wrote to \(store.configuration) in \(elapsed(since: writeStart))")
        let place = "\(store.configuration)"
        await store.shutdown()
        let writeSeconds = Date().timeIntervalSince(writeStart), seconds = Date().timeIntervalSince(started)
        print("restored \"\(office.name)\" from the Ambidex export \(URL(fileURLWithPath: file).lastPathComponent) into \(place): "
            + "\(office.units.count) units, \(office.partners.count) partners, \(office.orders.count) orders, \(office.events.count) events, "
            + "\(office.reflections.count) reflections, \(office.knowledgeItems.count) knowledge items, \(office.standards.count) standards, "
            + "\(office.activities.count) learning activities")
        print(String(format: "read %.2f s, restored %.2f s, wrote %.2f s: %.0f events/s in all; peak memory %.1f MB",
                     readSeconds, restoreSeconds, writeSeconds, Double(log.eventCount) / max(seconds, 1e-9), Double(MineOutput.peakMemory()) / 1e6))
    }

    private func readOptions() throws -> (ReadOptions, ProgressLine?) {
        guard FileManager.default.fileExists(atPath: file) else { throw CommandError("\(file): no such file") }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let line = size > 4 << 20 ? ProgressLine("reading   ", force: progress) : nil
        var options = ReadOptions(naiveTimeOffsetSeconds: try parseNaiveOffset(naiveOffset))
        if let line, line.isShown { options.progress = { @Sendable f in line.update(f) } }
        return (options, line)
    }

    private func readOCEL(_ format: LogFormat) throws -> ObjectCentricLog {
        let (options, line) = try readOptions()
        defer { line?.finish("read \(URL(fileURLWithPath: file).lastPathComponent)") }
        do { return try LogReader.readOCEL(path: file, format: format, options: options) } catch let error as LogError {
            throw CommandError(error.description)
        }
    }

    /// Reads the log as cases: an OCEL log (read already) from its order objects' point of view.
    private func read(mappingText: String?, ocel: ObjectCentricLog?) throws -> LogImport {
        if let ocel, let format = LogFormat.guess(path: file) {
            do { return try LogImport.cases(of: ocel, format: format, name: file, mappingText: mappingText) } catch { throw CommandError(error.description) }
        }
        let (options, line) = try readOptions()
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
