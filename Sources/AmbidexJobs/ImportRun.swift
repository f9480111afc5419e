import AmbidexCore
import AmbidexImport
import AmbidexLab
import AmbidexLog
import AmbidexStore
import Foundation

/// An uploaded log made into orders with a mapping: what the browser's preview
/// shows and what the worker writes. Pure CPU work on the caller's thread.
public struct PreparedImport: Sendable {
    /// The most text an upload may hold once inflated: a small gzip file can inflate to far
    /// more than a server should parse for a request (the command line has no such limit).
    public static let textLimit = 1 << 30

    public var read: LogImport
    public var mapping: ImportMapping
    public var conversion: LogConversion
    public var seconds: (read: Double, convert: Double)

    /// Reads `content` as the file `name` (its extension says the format) with
    /// `mappingText` (nil: the suggested mapping). Errors name the file, the
    /// place in it and the reason, or the mapping's line.
    public static func make(content: Data, name: String, mappingText: String?,
                            progress: (@Sendable (Double) -> Void)? = nil) throws(ImportError) -> PreparedImport {
        let started = Date()
        let read = try UploadedFile.with(content, name: name) { path throws(ImportError) in
            var options = ReadOptions(progress: progress)
            options.maxBytes = textLimit
            return try LogImport.read(path: path, name: name, mappingText: mappingText, options: options)
        }
        let converting = Date()
        let mapping = try mappingText.map { text throws(ImportError) in try ImportMapping.parse(text) } ?? read.suggestion(source: name).mapping
        let conversion = try mapping.convert(read.log, source: name)
        return PreparedImport(read: read, mapping: mapping, conversion: conversion,
                              seconds: (converting.timeIntervalSince(started), Date().timeIntervalSince(converting)))
    }
}

/// The readers take a path: an upload is written to a private temporary
/// folder under its own name, read, and removed.
enum UploadedFile {
    static func with<T>(_ content: Data, name: String, _ body: (String) throws(ImportError) -> T) throws(ImportError) -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ambidex-upload-" + UUID().uuidString)
        // Only the last part of the name, so no upload can name a path outside the folder.
        let base = URL(fileURLWithPath: name).lastPathComponent
        let path = folder.appendingPathComponent(base.isEmpty || base == ".." ? "log" : base).path
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try content.write(to: URL(fileURLWithPath: path))
        } catch {
            throw ImportError("\(name): the upload could not be saved for reading: \(error.localizedDescription)")
        }
        return try body(path)
    }
}

/// What an import wrote, as the store keeps it (JSON) and the pages show it.
public struct ImportResult: Codable, Sendable, Equatable {
    public var orders: Int
    public var extendedOrders: Int
    public var events: Int
    public var units: Int
    public var partners: Int
    /// New orders per delivery strategy, by code (eto, cto, …).
    public var strategies: [String: Int]
    /// The office's version that holds it; nil when nothing was new.
    public var version: Int64?
    public var emptyCases: Int
    public var openOrders: Int
    public var logOrders: Int
    public var logEvents: Int
    public var readSeconds: Double
    public var convertSeconds: Double
    public var writeSeconds: Double

    public init(_ s: ImportSummary, _ p: PreparedImport, writeSeconds: Double) {
        orders = s.orders; extendedOrders = s.extendedOrders; events = s.events; units = s.units; partners = s.partners
        strategies = Dictionary(uniqueKeysWithValues: s.strategies.map { ($0.key.rawValue, $0.value) })
        version = s.version
        emptyCases = p.conversion.emptyCases; openOrders = p.conversion.openOrders
        logOrders = p.conversion.batch.orders.count; logEvents = p.conversion.events
        readSeconds = p.seconds.read; convertSeconds = p.seconds.convert; self.writeSeconds = writeSeconds
    }

    public var eventsPerSecond: Double { Double(logEvents) / max(readSeconds + convertSeconds + writeSeconds, 1e-9) }
}

/// How a worker's import ended.
enum ImportEnd: Sendable {
    /// The orders and the import's end were written in one transaction.
    case landed
    case cancelled
    case failed(String)
}

extension JobWorker {
    /// Reads, converts and writes one uploaded log; the progress is reading
    /// (to 40 %), converting (to 50 %) and writing (to 100 %). The import's end
    /// lands in the write's transaction (`Store.landImport`): an import cancelled
    /// or taken from this worker while it writes is rolled back whole.
    nonisolated static func runImport(_ job: Job, worker: String, store: Store, control: LabControl) async -> ImportEnd {
        do {
            guard let upload = try await store.orderImport(id: job.subject), let content = try await store.importContent(id: job.subject) else {
                return .failed("the upload \(job.subject) is gone, or its file was already imported")
            }
            // A thread of its own, as the lab's runs: never Swift's cooperative pool, which answers requests.
            let prepared = try await offThePool(background: control.background) {
                try PreparedImport.make(content: content, name: upload.fileName, mappingText: upload.mapping) { control.report(0.4 * $0) }
            }
            control.report(0.5)
            guard !control.isCancelled else { return .cancelled }
            let writing = Date()
            _ = try await store.importOrders(prepared.conversion.batch, source: upload.fileName, by: upload.account, progress: {
                control.report(0.5 + 0.5 * $0)
            }, landing: { sql, summary in
                let result = ImportResult(summary, prepared, writeSeconds: Date().timeIntervalSince(writing))
                let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
                try await Store.landImport(id: job.subject, job: job.id, worker: worker, summary: json, on: sql)
            })
            return .landed
        } catch is ImportCancelled {
            return .cancelled
        } catch {
            return .failed("\(error)")
        }
    }
}
