import AmbidexLab
import AmbidexStore
import Foundation
import Logging

/// Runs the store's jobs in this process: a `serve` process's worker, or the
/// whole of an `ambidex work` process. It claims queued jobs while the
/// deployment has room (the limits are checked in the store, so they hold
/// across processes), runs each on threads of its own at a lower priority,
/// writes a heartbeat with the progress every `beat`, stops a job when someone
/// asked through the store, and declares dead the jobs of workers that went
/// silent. Nothing here is the truth: the store is.
public actor JobWorker {
    public struct Settings: Sendable {
        /// Jobs this process runs at once (0: it only serves, others do the work).
        public var capacity = 2
        /// Across every process on the store.
        public var limits = JobLimits()
        /// Worker threads per job.
        public var threads = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
        /// How often a running job reports, and how often the queue is looked at.
        public var beat: Duration = .seconds(1)
        /// Silence after which another worker's running job is declared dead.
        public var deadAfter: TimeInterval = 30
        /// Compute at a lower priority than the threads that answer requests.
        public var background = true
        public init() {}
    }

    public nonisolated let id: String
    public nonisolated let settings: Settings
    let store: Store
    let logger: Logger
    private var running: [String: Running] = [:]
    private var loop: Task<Void, Never>?
    private var stopping = false
    /// When this worker last looked at the queue.
    private var lastPoll: ContinuousClock.Instant?

    private struct Running {
        let job: Job
        let control: LabControl
        var heartbeat: Task<Void, Never>?
    }

    public init(store: Store, settings: Settings = Settings(), logger: Logger = Logger(label: "ambidex.work")) {
        self.store = store
        self.settings = settings
        self.logger = logger
        id = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Whom a job submitted here should be claimed for at once, if this process has room.
    public var claimant: String? { !stopping && running.count < settings.capacity ? id : nil }

    public var runningHere: Int { running.count }

    /// Looks at the queue every `beat` until stopped.
    public func start() {
        guard loop == nil else { return }
        loop = Task { [weak self] in
            while let self, await !self.isStopping {
                await self.poll()
                try? await Task.sleep(for: self.settings.beat)
            }
        }
    }

    private var isStopping: Bool { stopping }

    /// Claims what there is room for, and reaps the dead.
    public func poll() async {
        guard !stopping else { return }
        // A worker that was itself asleep (a suspended machine, a starved process) cannot
        // tell a dead worker from one that slept as it did: it judges only after a prompt look.
        let now = ContinuousClock.now
        let awake = lastPoll.map { now - $0 < .seconds(settings.deadAfter / 2) } ?? false
        lastPoll = now
        do {
            if awake { try await store.reapJobs(silentFor: settings.deadAfter) }
            while !stopping, running.count < settings.capacity,
                  let job = try await store.claimJob(worker: id, kinds: [Job.labKind, Job.importKind], limits: settings.limits) {
                await launch(job)
            }
        } catch {
            logger.warning("the job queue could not be read: \(error)")
        }
    }

    /// A job this process submitted and claimed itself (`Store.submitExperiment(claimFor:)`).
    public func adopt(_ job: Job) async {
        guard job.worker == id, running[job.id] == nil else { return }
        await launch(job)
    }

    private func launch(_ job: Job) async {
        let control = LabControl(background: settings.background)
        running[job.id] = Running(job: job, control: control)
        if job.kind == Job.importKind {
            let store = store
            let worker = id
            Task { [self] in
                await self.finishImport(job, await Self.runImport(job, worker: worker, store: store, control: control))
            }
            keepAlive(job, control)
            return
        }
        let saved: SavedExperiment?
        do { saved = try await store.experiment(id: job.subject) } catch { saved = nil }
        guard let saved, let work = LabWork(saved: saved.experiment) else {
            await finish(job, .failure(JobFailure("the experiment \(job.subject) is gone or its parameters can no longer be read")))
            return
        }
        let threads = settings.threads
        // The computation gets a thread of its own: never Swift's cooperative pool, which answers requests.
        let thread = Thread { [self] in
            let outcome = Self.compute(saved, work, threads: threads, control: control)
            Task { await self.finish(job, .success(outcome)) }
        }
        thread.stackSize = 8 << 20
        thread.start()
        keepAlive(job, control)
    }

    /// Writes the job's heartbeat with its progress every `beat` while it runs here.
    private func keepAlive(_ job: Job, _ control: LabControl) {
        running[job.id]?.heartbeat = Task { [weak self] in
            while let self, await self.isRunning(job.id) {
                try? await Task.sleep(for: self.settings.beat)
                await self.beat(job.id, control)
            }
        }
    }

    private func isRunning(_ id: String) -> Bool { running[id] != nil && !stopping }

    /// Runs the experiment to its end, or until cancelled; on the job's own thread.
    private nonisolated static func compute(_ saved: SavedExperiment, _ work: LabWork, threads: Int, control: LabControl) -> SavedExperiment {
        var saved = saved
        let started = Date()
        do {
            saved.outcome = try work.run(threads: threads, control: control)
            saved.status = .done
        } catch {
            if error.isCancellation { saved.status = .cancelled } else {
                saved.status = .failed
                saved.error = error.description
            }
        }
        saved.seconds = Date().timeIntervalSince(started)
        return saved
    }

    private func beat(_ id: String, _ control: LabControl) async {
        guard running[id] != nil, !stopping else { return }
        do {
            guard let now = try await store.heartbeat(job: id, worker: self.id, progress: control.progress) else {
                // Declared dead or ended elsewhere: stop computing, report nothing.
                control.cancel()
                running[id] = nil
                return
            }
            if now.cancelRequested { control.cancel() }
        } catch {
            logger.warning("job \(id): the heartbeat could not be written: \(error)")
        }
    }

    private func finish(_ job: Job, _ outcome: Result<SavedExperiment, JobFailure>) async {
        guard running[job.id] != nil else { return }
        let worker = id
        running[job.id]?.heartbeat?.cancel()
        if !stopping {
            do {
                switch outcome {
                case .success(var saved):
                    if saved.status == .cancelled { saved.error = try await store.job(id: job.id)?.error }
                    try await store.finishExperiment(saved, job: job.id, worker: worker)
                case .failure(let failure):
                    try await store.finishJob(job.id, worker: worker, status: .failed, error: failure.description)
                }
            } catch {
                logger.error("job \(job.id) could not be saved: \(error)")
            }
        }
        running[job.id] = nil
        await poll()
    }

    private func finishImport(_ job: Job, _ end: ImportEnd) async {
        guard running[job.id] != nil else { return }
        running[job.id]?.heartbeat?.cancel()
        if !stopping {
            do {
                switch end {
                case .landed: break // ended in the write's own transaction
                case .cancelled:
                    // Says who cancelled it, as its job does.
                    let said = try await store.job(id: job.id)?.error
                    try await store.finishImport(id: job.subject, job: job.id, worker: id, status: .cancelled, summary: nil, error: said)
                case .failed(let reason):
                    try await store.finishImport(id: job.subject, job: job.id, worker: id, status: .failed, summary: nil, error: reason)
                }
            } catch {
                logger.error("import \(job.subject) could not be saved: \(error)")
            }
        }
        running[job.id] = nil
        await poll()
    }

    /// For a process that stops: nothing new is claimed, what runs here is marked
    /// interrupted and told to stop, and this waits up to `grace` for its threads.
    public func stop(grace: Duration = .seconds(2)) async {
        guard !stopping else { return }
        stopping = true
        loop?.cancel()
        for r in running.values {
            r.control.cancel()
            r.heartbeat?.cancel()
        }
        // Nothing of this worker may still be talking to the store when the caller closes it.
        await awaitEnd(of: loop, atMost: .seconds(5))
        for r in running.values { await awaitEnd(of: r.heartbeat, atMost: .seconds(5)) }
        do { try await store.interruptJobs(worker: id) } catch { logger.error("the runs of \(id) could not be marked interrupted: \(error)") }
        let deadline = ContinuousClock.now + grace
        while !running.isEmpty, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
    }

    /// Waits until the store has no pending job (tests).
    public func drain() async {
        while let counts = try? await store.jobCounts(), counts.queued + counts.running > 0 || !running.isEmpty {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

struct JobFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

