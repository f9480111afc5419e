import Foundation

/// A one-line progress indicator on stderr, redrawn in place, so long work
/// shows it is moving without flooding logs. Quiet when stderr is not a
/// terminal and `force` is off; forced onto a pipe or file, it writes a plain
/// line every five percent instead, since a log cannot redraw.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let lock = NSLock()
    private var lastPercent = -1
    private let enabled: Bool
    private let redraws: Bool
    /// Whether the line is drawn at all: work need not report progress to a line nobody sees.
    var isShown: Bool { enabled }

    init(_ label: String, force: Bool = false) {
        self.label = label
        redraws = isatty(STDERR_FILENO) == 1
        enabled = force || redraws
    }

    func update(_ fraction: Double) {
        guard enabled else { return }
        let percent = Int((min(max(fraction, 0), 1) * 100).rounded(.down))
        lock.lock(); defer { lock.unlock() }
        guard redraws ? percent != lastPercent : percent / 5 != lastPercent / 5 else { return }
        lastPercent = percent
        guard redraws else {
            FileHandle.standardError.write(Data("\(label) \(percent)%\n".utf8))
            return
        }
        let width = 30
        let filled = width * percent / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(percent)%".utf8))
    }

    func finish(_ message: String) {
        if redraws { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }
}
