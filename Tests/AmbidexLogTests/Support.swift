import Foundation

enum SharedLogs {
    static let folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .appendingPathComponent("../shared/data/eventlogs").standardizedFileURL
    static var available: Bool { FileManager.default.fileExists(atPath: path("running-example.xes")) }
    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
}

enum TemporaryFile {
    static let folder: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ambidex-log-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }()

    static func write(_ text: String, suffix: String) throws -> String {
        try write(Data(text.utf8), suffix: suffix)
    }

    static func write(_ data: Data, suffix: String) throws -> String {
        let url = folder.appendingPathComponent(UUID().uuidString + suffix)
        try data.write(to: url)
        return url.path
    }

    /// A gzip file decompressed with the system's gzip.
    static func gunzip(_ path: String) throws -> String {
        let out = folder.appendingPathComponent(UUID().uuidString + ".xes")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -dc '\(path)' > '\(out.path)'"]
        try p.run()
        p.waitUntilExit()
        return out.path
    }
}
