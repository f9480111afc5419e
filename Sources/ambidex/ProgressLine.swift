import Foundation

/// A one-line progress indicator on stderr, redrawn in place, so long work
/// shows it is moving without flooding logs. Quiet when stderr is not a
/// terminal and `force` is off.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let lock = NSLock()
    private var lastPercent = -1
    private let enabled: Bool
    /// Whether the line is drawn at all: work need not report progress to a line nobody sees.
    var isShown: Bool { enabled }

    init(_ label: String, force: Bool = false) {
        self.label = label
        enabled = force || isatty(STDERR_FILENO) == 1
    }

    func update(_ fraction: Double) {
        guard enabled else { return }
        let percent = Int((min(max(fraction, 0), 1) * 100).rounded(.down))
        lock.lock(); defer { lock.unlock() }
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 30
        let filled = width * percent / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(percent)%".utf8))
    }

    func finish(_ message: String) {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }
}
