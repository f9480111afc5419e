import AmbidexCore
import AmbidexImport
import AmbidexLog
import AmbidexMining
import AmbidexStore
import ArgumentParser
import Foundation

struct MineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mine",
        abstract: "Mine an order log straight from a file (XES, OCEL 2.0, CSV), or the office's own orders in the store.",
        discussion: """
            Without --log, the store's orders are mined: those of --strategy, --unit, --partner, received from --from \
            to --to; their units are the resources, or with --by office the front and back office (so 'mine handover' \
            is the hand-over of work between them), or with --by person the people. \
            Events of a case are ordered by time with a stable sort (equal times keep file order). Times without a UTC \
            offset are read as UTC unless --naive-offset says otherwise. CSV needs a column mapping: --mapping FILE or \
            --case, --activity and --timestamp.
            """,
        subcommands: [MineDFGCommand.self, MineVariantsCommand.self, MineHandoverCommand.self, MineDurationsCommand.self,
                      MineReworkCommand.self, MineOCDFGCommand.self, MineStatsCommand.self, MineAllCommand.self])
}

/// The options every mining command shares: which file, how to read it.
struct MineOptions: ParsableArguments {
    @Option(help: "The log file; without it, the store's orders.") var log: String?
    @Option(help: "Store: the orders of this delivery strategy (mts, ato, mto, cto, eto).") var strategy: String?
    @Option(help: "Store: the orders this unit worked on (its id).") var unit: String?
    @Option(help: "Store: the orders of this partner (its id).") var partner: String?
    @Option(help: "Store: orders received on or after this day (YYYY-MM-DD).") var from: String?
    @Option(help: "Store: orders received before this day (YYYY-MM-DD).") var to: String?
    @Option(help: "Store: who the resource is: unit (default), office (front or back office) or person.") var by: OfficeLog.Actor = .unit
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Output: table, csv, json or svg (svg: dfg and ocdfg).") var format: OutputFormat = .table
    @Option(help: "Lifecycle events: all (default, as pm4py), complete, or interval (start paired with complete).")
    var lifecycle: LifecycleMode = .all
    @Option(help: "Offset of times stored without one (OCEL XML and SQLite), e.g. +01:00. Default: UTC.") var naiveOffset: String?
    @Option(help: "For an OCEL log in a case-centric command: flatten by this object type.") var objectType: String?
    @Option(help: "CSV: a mapping file (case = …, activity = …, timestamp = …, …).") var mapping: String?
    @Option(help: "CSV: the case id column.") var `case`: String?
    @Option(help: "CSV: the activity column.") var activity: String?
    @Option(help: "CSV: the timestamp column.") var timestamp: String?
    @Option(help: "CSV: the timestamp format, e.g. '%d.%m.%Y %H:%M' (default: ISO 8601).") var timestampFormat: String?
    @Option(help: "CSV: the resource column.") var resource: String?
    @Option(help: "CSV: further columns to keep, comma-separated, or * for all.") var attributes: String?
    @Option(help: "CSV: the separator (default: guessed from the header).") var separator: String?
    @Option(help: "CSV: the encoding: utf-8, utf-16, latin1, windows-1252.") var encoding: String?
}

enum LoadedLog {
    case cases(EventLog)
    case objects(ObjectCentricLog)
}

extension LifecycleMode: ExpressibleByArgument {}
extension OfficeLog.Actor: ExpressibleByArgument {}

/// `--naive-offset` as seconds east of UTC: "+01:00" → 3600.
func parseNaiveOffset(_ naiveOffset: String?) throws -> Int {
    guard let naiveOffset else { return 0 }
    let s = naiveOffset.trimmingCharacters(in: .whitespaces)
    let sign = s.hasPrefix("-") ? -1 : 1
    let body = s.drop { $0 == "+" || $0 == "-" }
    let parts = body.split(separator: ":")
    guard (1...2).contains(parts.count), let h = Int(parts[0]), h <= 18, parts.count == 1 || Int(parts[1]) != nil,
          s.hasPrefix("+") || s.hasPrefix("-") else {
        throw CommandError("--naive-offset must look like +01:00 or -05:00, not '\(naiveOffset)'")
    }
    return sign * (h * 3600 + (parts.count == 2 ? Int(parts[1])! * 60 : 0))
}

extension MineOptions {
    func naiveOffsetSeconds() throws -> Int { try parseNaiveOffset(naiveOffset) }

    func csvMapping() throws -> CSVMapping {
        var values: [String: String] = [:]
        if let mapping {
            guard let text = try? String(contentsOfFile: mapping, encoding: .utf8) else { throw CommandError("cannot read the mapping file \(mapping)") }
            do { _ = try CSVMapping.parse(text) } catch { throw CommandError("\(mapping): \(error)") }
            for line in text.split(separator: "\n") {
                let t = line.trimmingCharacters(in: .whitespaces)
                guard !t.hasPrefix("#"), let eq = t.firstIndex(of: "=") else { continue }
                values[t[..<eq].trimmingCharacters(in: .whitespaces).lowercased()] = t[t.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            }
        }
        for (key, value) in [("case", `case`), ("activity", activity), ("timestamp", timestamp), ("timestamp-format", timestampFormat),
                             ("resource", resource), ("attributes", attributes), ("separator", separator), ("encoding", encoding)] {
            if let value { values[key] = value }
        }
        do { return try CSVMapping.make(values) } catch { throw CommandError("\(error)") }
    }

    /// Reads the log, with a progress line on a terminal for files over 4 MB
    /// (smaller ones are read before a line would be worth drawing), whatever the format.
    func load() async throws -> (LoadedLog, seconds: Double, bytes: Int) {
        guard let log else {
            let started = Date()
            let cases = try await storeLog()
            return (.cases(cases), Date().timeIntervalSince(started), 0)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? 0
        guard FileManager.default.fileExists(atPath: log) else { throw CommandError("\(log): no such file") }
        let progress = size > 4 << 20 ? ProgressLine("reading \(URL(fileURLWithPath: log).lastPathComponent)") : nil
        var options = ReadOptions(naiveTimeOffsetSeconds: try naiveOffsetSeconds())
        if let progress, progress.isShown { options.progress = { @Sendable fraction in progress.update(fraction) } }
        let started = Date()
        let loaded: LoadedLog
        do {
            switch LogFormat.guess(path: log) {
            case .xes: loaded = .cases(try LogReader.readXES(path: log, options: options))
            case .csv: loaded = .cases(try LogReader.readCSV(path: log, mapping: try csvMapping(), options: options))
            case let f? where f.isObjectCentric: loaded = .objects(try LogReader.readOCEL(path: log, format: f, options: options))
            default:
                throw CommandError("\(log): unknown format; name it .xes, .xes.gz, .jsonocel, .xmlocel, .sqlite or .csv")
            }
        } catch let error as LogError {
            progress?.finish("")
            throw CommandError(error.description)
        }
        let seconds = Date().timeIntervalSince(started)
        progress?.finish(String(format: "read %@ in %.2f s", URL(fileURLWithPath: log).lastPathComponent, seconds))
        return (loaded, seconds, size)
    }

    /// The log as cases: an OCEL log flattened by --object-type.
    func cases() async throws -> CaseSequences {
        switch try await load().0 {
        case .cases(let log): return CaseSequences(log, lifecycle: lifecycle)
        case .objects(let ocel):
            guard let objectType else {
                let types = ocel.objectTypes.map { ocel.string($0.name) }.joined(separator: ", ")
                throw CommandError("\(title) is an object-centric log: give --object-type to flatten it (types: \(types)), or use 'mine ocdfg'")
            }
            do { return CaseSequences(try ocel.flattened(objectType: objectType), lifecycle: lifecycle) } catch { throw CommandError("\(error)") }
        }
    }

    /// What is mined, for a title: the file's name, or the store's orders in scope.
    var title: String {
        if let log { return URL(fileURLWithPath: log).lastPathComponent }
        let scope = [strategy.map { $0.uppercased() }, unit.map { "unit \($0)" }, partner.map { "partner \($0)" },
                     from.map { "from \($0)" }, to.map { "to \($0)" }].compactMap { $0 }
        return "the office's orders" + (scope.isEmpty ? "" : " (" + scope.joined(separator: ", ") + ")")
    }

    /// The store's orders in scope as a log: one case per order.
    func storeLog() async throws -> EventLog {
        func day(_ text: String?, _ flag: String) throws -> Date? {
            guard let text else { return nil }
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyy-MM-dd"
            guard let d = f.date(from: text) else { throw CommandError("--\(flag) must be a day like 2024-01-31, not '\(text)'") }
            return d
        }
        var filter = OrderFilter()
        if let strategy {
            guard let s = DeliveryStrategy(code: strategy) else {
                throw CommandError("--strategy must be one of \(DeliveryStrategy.allCases.map(\.rawValue).joined(separator: ", ")), not '\(strategy)'")
            }
            filter.strategy = s
        }
        filter.unit = unit.map { UnitID($0) }
        filter.partner = partner.map { PartnerID($0) }
        filter.from = try day(from, "from")
        filter.to = try day(to, "to")
        let store = try await storeOptions.open()
        do {
            let names = try await store.unitNames()
            if let unit, names[UnitID(unit)] == nil {
                throw CommandError("there is no unit '\(unit)' (units: \(names.keys.map(\.rawValue).sorted().joined(separator: ", ")))")
            }
            let events = try await store.events(of: filter)
            await store.shutdown()
            guard !events.isEmpty else { throw CommandError("no orders in the store pass the filter: \(title)") }
            return OfficeLog.make(events, unitNames: names, actor: by)
        } catch {
            await store.shutdown()
            throw error
        }
    }

    func rejectSVG(_ command: String) throws {
        if format == .svg { throw CommandError("--format svg draws the DFG and the OC-DFG only ('mine dfg', 'mine ocdfg'); '\(command)' gives table, csv or json") }
    }
}

struct MineDFGCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dfg", abstract: "The directly-follows graph: frequencies and durations between activities.")
    @OptionGroup var options: MineOptions

    func run() async throws {
        let dfg = DirectlyFollowsGraph(try await options.cases())
        print(MineOutput.dfg(dfg, format: options.format, title: options.title), terminator: "")
    }
}

struct MineVariantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "variants", abstract: "Variants (activity sequences) with their case counts.")
    @OptionGroup var options: MineOptions

    func run() async throws {
        try options.rejectSVG("variants")
        print(MineOutput.variants(Variant.all(try await options.cases()), format: options.format), terminator: "")
    }
}

struct MineHandoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "handover", abstract: "Hand-over of work between resources (pm4py's definition, beta = 0).")
    @OptionGroup var options: MineOptions

    func run() async throws {
        try options.rejectSVG("handover")
        print(MineOutput.handover(Handover.all(try await options.cases()), format: options.format), terminator: "")
    }
}

struct MineDurationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "durations", abstract: "Case durations, first event to last, in seconds.")
    @OptionGroup var options: MineOptions

    func run() async throws {
        try options.rejectSVG("durations")
        print(MineOutput.durations(CaseDuration.all(try await options.cases()), format: options.format), terminator: "")
    }
}

struct MineReworkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rework", abstract: "Rework: activities repeated within a case.")
    @OptionGroup var options: MineOptions

    func run() async throws {
        try options.rejectSVG("rework")
        print(MineOutput.rework(Rework.all(try await options.cases()), format: options.format), terminator: "")
    }
}

struct MineOCDFGCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ocdfg", abstract: "The object-centric DFG of an OCEL 2.0 log, per object type.")
    @OptionGroup var options: MineOptions

    func run() async throws {
        guard case .objects(let log) = try await options.load().0 else {
            throw CommandError("\(options.title) is case-centric; 'mine ocdfg' needs OCEL 2.0 (.jsonocel, .xmlocel or .sqlite)")
        }
        print(MineOutput.ocdfg(ObjectCentricDFG(log), format: options.format, title: options.title),
              terminator: "")
    }
}

struct MineStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Cases, events, activities, resources, time span, read speed and peak memory.")
    @OptionGroup var options: MineOptions

    func run() async throws {
        try options.rejectSVG("stats")
        let (loaded, seconds, bytes) = try await options.load()
        print(MineOutput.stats(loaded, seconds: seconds, bytes: bytes, format: options.format), terminator: "")
    }
}

struct MineAllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Read once, mine everything: dfg.csv, dfg.svg, variants.csv, handover.csv, durations.csv and rework.csv into a folder.")
    @OptionGroup var options: MineOptions
    @Option(help: "The folder to write into (made if missing).") var out: String

    func run() async throws {
        let s = try await options.cases()
        let folder = URL(fileURLWithPath: out)
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw CommandError("cannot make the folder \(out): \(error.localizedDescription)")
        }
        let dfg = DirectlyFollowsGraph(s)
        let files: [(String, String)] = [
            ("dfg.csv", MineOutput.dfg(dfg, format: .csv, title: "")),
            ("dfg.svg", MineOutput.dfg(dfg, format: .svg, title: options.title)),
            ("variants.csv", MineOutput.variants(Variant.all(s), format: .csv)),
            ("handover.csv", MineOutput.handover(Handover.all(s), format: .csv)),
            ("durations.csv", MineOutput.durations(CaseDuration.all(s), format: .csv)),
            ("rework.csv", MineOutput.rework(Rework.all(s), format: .csv)),
        ]
        for (name, text) in files {
            do { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) } catch {
                throw CommandError("cannot write \(name) in \(out): \(error.localizedDescription)")
            }
        }
        print("\(s.caseCount) cases, \(s.order.count) events: \(files.map(\.0).joined(separator: ", ")) in \(out)")
    }
}
