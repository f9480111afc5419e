import AmbidexLog
import Foundation

/// A log read for import, whatever its format: its cases (an OCEL log's from
/// its order objects' point of view), the lines a suggested mapping must
/// start with, and how the order objects were chosen. One path for the
/// command line, the browser's uploads and the worker that runs them.
public struct LogImport: Sendable {
    public var log: EventLog
    public var format: LogFormat
    /// A CSV log's columns as given, or nothing.
    public var preamble: [String]
    /// OCEL logs: the object type taken as the orders, and why.
    public var orderType: (type: String, reason: String)?

    /// Reads `path`; `name` is how errors call the file (an upload's own name,
    /// not the temporary file it was saved to). A CSV log needs its columns in
    /// `mappingText`; an OCEL log's order type is the mapping's or a guess.
    public static func read(path: String, name: String? = nil, mappingText: String?, options: ReadOptions = ReadOptions()) throws(ImportError) -> LogImport {
        let name = name ?? path
        func named(_ message: String) -> String { name == path ? message : message.replacingOccurrences(of: path, with: name) }
        guard let format = LogFormat.guess(path: name) else {
            throw ImportError("\(name): unknown format; name it .xes, .xes.gz, .jsonocel, .xmlocel, .sqlite or .csv")
        }
        do {
            switch format {
            case .xes:
                return LogImport(log: try LogReader.readXES(path: path, options: options), format: format, preamble: [], orderType: nil)
            case .csv:
                let values = mappingText.map(ImportMapping.csvValues) ?? [:]
                guard !values.isEmpty else {
                    throw ImportError("\(name) is a CSV log: its mapping needs at least its columns (case = …, activity = …, timestamp = …)")
                }
                let csv: CSVMapping
                do { csv = try CSVMapping.make(values) } catch { throw ImportError("the mapping of \(name): \(error)") }
                let preamble = ["# the CSV log's columns, as given"] + values.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }
                return LogImport(log: try LogReader.readCSV(path: path, mapping: csv, options: options), format: format, preamble: preamble, orderType: nil)
            default:
                return try cases(of: try LogReader.readOCEL(path: path, format: format, options: options), format: format, name: name, mappingText: mappingText)
            }
        } catch let error as ImportError {
            throw error
        } catch let error as LogError {
            throw ImportError(named(error.description))
        } catch {
            throw ImportError(named("\(name): \(error)"))
        }
    }

    /// An OCEL log already read, from its order objects' point of view: the mapping's order type, or a guess.
    public static func cases(of ocel: ObjectCentricLog, format: LogFormat, name: String, mappingText: String?) throws(ImportError) -> LogImport {
        // Mapped, an export's reflections and knowledge steps would become work on its orders.
        guard !OfficeRestore.isExport(ocel) else {
            throw ImportError("\(name) is an Ambidex export, not an order log: it restores a whole office into an empty store with `ambidex import \(name)`")
        }
        let given = mappingText.flatMap { try? ImportMapping.parse($0) }?.orderType
        let type: (type: String, reason: String)
        if let given { type = (given, "as the mapping says") } else if let guess = ocel.guessOrderType() { type = guess } else {
            throw ImportError("\(name): the log relates no event to an object, so no object type can be the orders")
        }
        do { return LogImport(log: try ocel.cases(ofObjectType: type.type), format: format, preamble: [], orderType: type) } catch {
            throw ImportError("\(name): \(error)")
        }
    }

    /// The mapping Ambidex guesses for this log, each guess explained.
    public func suggestion(source: String) -> MappingSuggestion {
        var s = ImportMapping.suggest(for: log, source: source)
        s.preamble = preamble
        if let orderType {
            s.mapping.orderType = orderType.type
            s.reasons.append((key: "order-type", reason: orderType.reason))
        }
        return s
    }
}
