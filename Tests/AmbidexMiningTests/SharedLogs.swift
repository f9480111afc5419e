import Foundation

/// The small public logs shared beside the repository (`../shared/data/eventlogs`).
enum SharedLogs {
    static let folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .appendingPathComponent("../shared/data/eventlogs").standardizedFileURL

    static var available: Bool { FileManager.default.fileExists(atPath: path("running-example.xes")) }

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static let caseCentric = ["running-example.xes", "receipt.xes.gz", "production.xes.gz", "orders_toy.xes.gz"]
}

/// pm4py 2.7 in a virtual environment: the reference for the mining numbers.
/// CI sets AMBIDEX_TEST_PM4PY to its Python and then the comparison must run;
/// elsewhere the cached venv that `.ci/run` makes is used if present.
enum PM4Py {
    static var python: String? {
        if let p = ProcessInfo.processInfo.environment["AMBIDEX_TEST_PM4PY"], !p.isEmpty { return p }
        let cached = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/ambidex-pm4py/bin/python").path
        return FileManager.default.isExecutableFile(atPath: cached) ? cached : nil
    }

    static var available: Bool { python != nil && SharedLogs.available }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("pm4py_reference.py").path

    /// pm4py's numbers for a log, parsed from the reference script's JSON line.
    static func reference(_ kind: String, _ path: String) throws -> [String: Any] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python!)
        p.arguments = [script, kind, path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw ReferenceError(message: "pm4py failed on \(path): " + String(decoding: errors.suffix(2000), as: UTF8.self))
        }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("{") } ?? ""
        guard let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw ReferenceError(message: "no JSON from pm4py for \(path)")
        }
        return json
    }

    struct ReferenceError: Error, CustomStringConvertible { let message: String; var description: String { message } }
}

/// Equal as pm4py's floating-point numbers are: to 1e-9 relative (pandas and
/// Ambidex may add the same values in a different order).
func close(_ a: Double?, _ b: Double?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case let (x?, y?): return x == y || abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1)
    default: return false
    }
}
