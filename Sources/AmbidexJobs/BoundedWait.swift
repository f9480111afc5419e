import Foundation

/// Waits for `task` to end, but at most `limit`: a query that the store's
/// shutdown caught mid-way may never answer, and a stopping process must not
/// wait for it forever.
func awaitEnd(of task: Task<Void, Never>?, atMost limit: Duration) async {
    guard let task else { return }
    let once = ResumeOnce()
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        Task {
            await task.value
            if once.claim() { continuation.resume() }
        }
        Task {
            try? await Task.sleep(for: limit)
            if once.claim() { continuation.resume() }
        }
    }
}

/// True for the first caller only.
public final class ResumeOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    public init() {}
    public func claim() -> Bool {
        lock.lock(); defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
}
