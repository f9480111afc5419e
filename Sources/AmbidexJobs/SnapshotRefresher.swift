import AmbidexCore
import AmbidexLab
import AmbidexStore
import Foundation
import Logging

/// Keeps the store's office snapshot current: every `beat` it asks the store
/// whether writes landed since the newest snapshot and, if so and no other
/// process is at it (a lease in the store), loads the office and computes the
/// next snapshot on a thread of its own at a lower priority. Writes that land
/// during a computation are picked up by the next one, so a burst of writes
/// costs one or two computations, not one each.
public actor SnapshotRefresher {
    public struct Settings: Sendable {
        public var beat: Duration = .milliseconds(250)
        /// How long a lease holds without renewal: a process that died mid-way blocks the others this long at most.
        public var lease: TimeInterval = 30
        public var background = true
        /// Off: this process never computes snapshots (another one does, e.g. `ambidex work`).
        public var enabled = true
        public init() {}
    }

    public nonisolated let id: String
    let store: Store
    let settings: Settings
    let logger: Logger
    private var loop: Task<Void, Never>?
    private var stopping = false
    /// How long the last computation took (seconds), for /metrics.
    public private(set) var lastSeconds: Double?
    public private(set) var refreshes = 0

    public init(store: Store, id: String, settings: Settings = Settings(), logger: Logger = Logger(label: "ambidex.snapshot")) {
        self.store = store
        self.id = id
        self.settings = settings
        self.logger = logger
    }

    public func start() {
        guard loop == nil, settings.enabled else { return }
        loop = Task { [weak self] in
            while let self, await !self.isStopping {
                await self.refreshIfBehind()
                try? await Task.sleep(for: self.settings.beat)
            }
        }
    }

    private var isStopping: Bool { stopping }

    public func stop() async {
        stopping = true
        loop?.cancel()
        await awaitEnd(of: loop, atMost: .seconds(5))
        try? await store.releaseRefreshLease(worker: id)
    }

    /// Computes a snapshot when the newest one is behind the office and this
    /// process gets the lease. Returns whether it computed one.
    @discardableResult
    public func refreshIfBehind() async -> Bool {
        guard !stopping, settings.enabled else { return false }
        do {
            let fresh = try await store.freshness()
            guard fresh.snapshot == nil || fresh.behind > 0 else { return false }
            guard try await store.takeRefreshLease(worker: id, for: settings.lease) else { return false }
            let renew = Task { [store, id, settings] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(settings.lease / 3))
                    if Task.isCancelled { break }
                    _ = try? await store.takeRefreshLease(worker: id, for: settings.lease)
                }
            }
            defer { renew.cancel() }
            let snapshot = try await computeOffThePool()
            // The office read for it is gone now; give its pages back, so a serving
            // process's footprint stays that of the snapshot, not of the whole office.
            returnFreedMemory()
            try await store.saveSnapshot(snapshot)
            try await store.releaseRefreshLease(worker: id)
            lastSeconds = snapshot.seconds
            refreshes += 1
            logger.info("office snapshot at version \(snapshot.version) computed in \(String(format: "%.2f", snapshot.seconds)) s")
            return true
        } catch {
            try? await store.releaseRefreshLease(worker: id)
            logger.warning("the office snapshot could not be refreshed: \(error)")
            return false
        }
    }

    /// Loading happens on the store's event loop; the whole-office computation on a thread of its own.
    private func computeOffThePool() async throws -> OfficeSnapshot {
        let input = try await store.snapshotInput()
        return try await offThePool(background: settings.background) {
            SnapshotComputation.make(input.office, policy: input.policy, version: input.version, sources: input.sources)
        }
    }

    /// Waits until the newest snapshot shows every write (tests, and a command that must print current figures).
    public func settle(timeout: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let fresh = try await store.freshness()
            if fresh.snapshot != nil, fresh.behind == 0 { return }
            await refreshIfBehind()
            try await Task.sleep(for: .milliseconds(20))
        }
        throw StoreError("the office snapshot did not catch up within \(timeout)")
    }
}

/// Hands memory the allocator keeps after a large free back to the system
/// (glibc's `malloc_trim`, which its Swift module does not export).
private func returnFreedMemory() {
    #if os(Linux)
    _ = glibcMallocTrim(0)
    #endif
}

#if os(Linux)
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
