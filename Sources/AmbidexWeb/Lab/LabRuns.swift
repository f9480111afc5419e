import AmbidexLab
import AmbidexStore
import Foundation

/// The lab's background runs: at most `capacity` at once in this process and
/// up to `queueLimit` waiting behind them, first come first served. Each run
/// computes on threads of its own at a lower priority (`LabThreads`), never
/// on the threads that answer requests or handle signals; this actor only
/// keeps the books, and every change of state is saved to the store.
public actor LabRuns {
    struct Limits: Sendable {
        /// Runs computing at once.
        var capacity = 2
        /// Runs waiting for a place.
        var queueLimit = 8
        /// Worker threads per run: together they use the machine's cores.
        var threads = max(1, MarchRunner.defaultThreads / 2)
    }

    private struct Job: Sendable {
        var saved: SavedExperiment
        let work: LabWork
        let control: LabControl
    }

    /// Why a run could not be queued.
    enum Refusal: Error {
        case full(running: Int, waiting: Int)

        var reason: String {
            switch self {
            case .full(let running, let waiting):
                "the lab is running \(running) experiments with \(waiting) waiting, its most; try again when one has finished"
            }
        }
    }

    let store: Store
    let limits: Limits
    private var waiting: [Job] = []
    private var active: [String: Job] = [:]
    private var stopping = false

    init(store: Store, limits: Limits = Limits()) {
        self.store = store
        self.limits = limits
    }

    var capacity: Int { limits.capacity }

    /// 0…1 while it runs; nil when it is not running in this process.
    func progress(of id: String) -> Double? { active[id]?.control.progress }

    /// Where it waits: 1 for the next to start; nil when it is not waiting here.
    func place(of id: String) -> Int? { waiting.firstIndex { $0.saved.id == id }.map { $0 + 1 } }

    /// Saves the experiment and queues it; it starts at once when the lab has a free place.
    func submit(_ work: LabWork, name: String, account: String) async throws -> Result<String, Refusal> {
        guard !stopping, waiting.count < limits.queueLimit || active.count < limits.capacity else {
            return .failure(.full(running: active.count, waiting: waiting.count))
        }
        // 64 random bits: saving replaces by id, so ids must not collide.
        let id = "X-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let saved = SavedExperiment(id: id, name: name, account: account, created: Date(), experiment: work.encoded)
        try await store.saveExperiment(saved)
        waiting.append(Job(saved: saved, work: work, control: LabControl(background: true)))
        try await startWaiting()
        return .success(id)
    }

    /// Stops a queued or running experiment of this process and saves it as cancelled; false when it is not here.
    func cancel(_ id: String, by account: String) async throws -> Bool {
        let note = "cancelled by \(account)"
        if let i = waiting.firstIndex(where: { $0.saved.id == id }) {
            var job = waiting.remove(at: i)
            job.saved.status = .cancelled
            job.saved.error = note
            try await store.saveExperiment(job.saved)
            return true
        }
        guard let job = active[id] else { return false }
        active[id]?.saved.error = note
        job.control.cancel()
        return true
    }

    private func startWaiting() async throws {
        while !stopping, active.count < limits.capacity, !waiting.isEmpty {
            var job = waiting.removeFirst()
            job.saved.status = .running
            active[job.saved.id] = job
            try await store.saveExperiment(job.saved)
            launch(job)
        }
    }

    /// The run gets a thread of its own, which spawns its workers and ends with them.
    private nonisolated func launch(_ job: Job) {
        let threads = limits.threads
        let thread = Thread { [self] in
            let started = Date()
            let result = Result { () throws(LabError) -> String in try job.work.run(threads: threads, control: job.control) }
            let seconds = Date().timeIntervalSince(started)
            Task { await self.finish(job.saved.id, result, seconds: seconds) }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func finish(_ id: String, _ result: Result<String, LabError>, seconds: Double) async {
        guard var saved = active[id]?.saved else { return }
        // A stopping server has already marked its runs interrupted.
        if !stopping {
            saved.seconds = seconds
            switch result {
            case .success(let outcome):
                saved.status = .done
                saved.outcome = outcome
            case .failure(let error) where error.isCancellation:
                saved.status = .cancelled
            case .failure(let error):
                saved.status = .failed
                saved.error = error.description
            }
            try? await store.saveExperiment(saved)
        }
        // Only now, so that whoever waits for it to end finds it saved.
        active[id] = nil
        try? await startWaiting()
    }

    /// For a server that stops: nothing new starts, every run of this process is
    /// saved as interrupted and told to stop, and this waits up to `grace` for
    /// their threads to let go of the cores.
    public func stop(grace: Duration = .seconds(2)) async {
        stopping = true
        let ids = waiting.map(\.saved.id) + active.keys
        waiting = []
        for job in active.values { job.control.cancel() }
        try? await store.markExperimentsInterrupted(ids: ids)
        let deadline = ContinuousClock.now + grace
        while !active.isEmpty, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
    }

    /// Waits (at most `limit`) until the experiment no longer runs here, so the next page shows how it ended.
    func settle(_ id: String, limit: Duration = .seconds(2)) async {
        let deadline = ContinuousClock.now + limit
        while active[id] != nil, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
    }

    /// Waits until nothing runs or waits (tests).
    public func drain() async {
        while !active.isEmpty || !waiting.isEmpty { try? await Task.sleep(for: .milliseconds(20)) }
    }
}

enum LabJSON {
    static func encode(_ value: some Encodable) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: (try? e.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
