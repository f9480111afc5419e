#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The lab's own worker threads. A run is pure computation for seconds or
/// minutes: on Swift's cooperative pool or Dispatch's global queues it would
/// take the threads that a server needs to answer requests and to handle
/// SIGTERM (two of them on a two-core machine). So every run gets threads of
/// its own, which end with it, and a server's runs get them at a lower priority.
enum LabThreads {
    /// Runs `count` independent jobs on `threads` new threads; results in job order,
    /// or nil when `control` was cancelled before every job had run.
    static func parallel<T: Sendable>(_ count: Int, threads: Int, control: LabControl?, progress: (@Sendable (Double) -> Void)?,
                                      _ job: @escaping @Sendable (Int) -> T) -> [T]? {
        let box = ResultBox<T>(count)
        let workers = max(1, min(threads, count))
        let finished = DispatchSemaphore(value: 0)
        let background = control?.background ?? false
        for w in 0..<workers {
            let thread = Thread {
                if background { lowerPriority() }
                var done = 0
                var k = w
                while k < count, !(control?.isCancelled ?? false) {
                    box.set(k, job(k))
                    k += workers
                    done += 1
                    if w == 0, done % 16 == 0 {
                        let fraction = min(1, Double(done * workers) / Double(count))
                        control?.report(fraction)
                        if done % 64 == 0 { progress?(fraction) }
                    }
                }
                finished.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        for _ in 0..<workers { finished.wait() }
        if control?.isCancelled == true { return nil }
        control?.report(1)
        progress?(1)
        return box.values()
    }

    /// A nicer thread: on Linux the nice value belongs to the calling thread alone,
    /// so this leaves the request and signal threads at their normal priority.
    static func lowerPriority() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }
}

/// Runs blocking work (a computation, a wait for another process) on a thread
/// of its own and awaits it, so that it holds none of Swift's cooperative
/// threads meanwhile: they are as many as the cores, and whatever else the
/// process does asynchronously needs them.
public func offThePool<T: Sendable>(background: Bool = false, _ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            if background { LabThreads.lowerPriority() }
            continuation.resume(with: Result { try body() })
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
