import Foundation

/// The handle on one running experiment: whoever started it may cancel it,
/// and whoever shows it reads its progress. The workers look at it between
/// runs, so a cancelled experiment stops within one run of the model.
public final class LabControl: @unchecked Sendable {
    /// Run the workers at a lower scheduling priority than the threads that serve
    /// requests (a web server's runs), or at the normal one (the command line).
    public let background: Bool
    private let lock = NSLock()
    private var cancelled = false
    private var fraction = 0.0

    public init(background: Bool = false) {
        self.background = background
    }

    public func cancel() {
        lock.lock(); cancelled = true; lock.unlock()
    }

    public var isCancelled: Bool {
        lock.lock(); defer { lock.unlock() }
        return cancelled
    }

    /// 0…1, as far as the workers have reported.
    public var progress: Double {
        lock.lock(); defer { lock.unlock() }
        return fraction
    }

    public func report(_ value: Double) {
        lock.lock(); fraction = max(fraction, min(1, value)); lock.unlock()
    }
}
