import Foundation

/// The `ambidex` binary running as a supervisor would start it, with what it
/// has printed so far, for tests that act while it runs (stop it, kill it).
final class RunningAmbidex: @unchecked Sendable {
    private let process: Process
    private let lock = NSLock()
    private var out = Data(), err = Data()

    /// Starts the binary and returns once `ready` holds, the process has ended,
    /// or `timeout` seconds have passed. Blocks: call it off the cooperative threads.
    init(_ args: [String], env: [String: String] = [:], in dir: URL, timeout: Double = 120,
         until ready: (RunningAmbidex) -> Bool) throws {
        process = CLI.process(args, env: env, in: dir)
        let o = Pipe(), e = Pipe()
        o.fileHandleForReading.readabilityHandler = { [weak self] h in self?.append(h.availableData, error: false) }
        e.fileHandleForReading.readabilityHandler = { [weak self] h in self?.append(h.availableData, error: true) }
        process.standardOutput = o
        process.standardError = e
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, process.isRunning, !ready(self) { Thread.sleep(forTimeInterval: 0.02) }
    }

    private func append(_ d: Data, error: Bool) {
        lock.lock(); defer { lock.unlock() }
        if error { err.append(d) } else { out.append(d) }
    }

    var output: String { lock.lock(); defer { lock.unlock() }; return String(decoding: out, as: UTF8.self) }
    var errors: String { lock.lock(); defer { lock.unlock() }; return String(decoding: err, as: UTF8.self) }

    /// "…serving the learning office at http://127.0.0.1:PORT/ …"
    var url: String? {
        guard let r = output.range(of: "serving the learning office at ") else { return nil }
        return String(output[r.upperBound...].prefix { !$0.isWhitespace })
    }

    var isRunning: Bool { process.isRunning }
    var status: Int32 { process.terminationStatus }
    /// True when a signal ended the process (then `status` is the signal's number).
    var wasSignalled: Bool { process.terminationReason == .uncaughtSignal }

    /// SIGTERM, as a supervisor stops a service.
    func terminate() { process.terminate() }

    func wait(upTo seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return !process.isRunning
    }

    /// SIGKILL: no handler runs, nothing is flushed or rolled back by the process itself.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}
