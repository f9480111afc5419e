import AmbidexJobs
import AmbidexLab
import AmbidexStore
import AmbidexTestSupport
import Foundation
import Testing

/// The job queue in the store, with several workers as several processes would run them.
@Suite("Jobs in the store, across workers", .serialized)
struct JobQueueTests {
    /// An experiment that takes minutes unless it is stopped.
    static let long = LabWork.cobc(CobcExperiment(policies: [CobcPolicy()], runs: 12_000, periods: 1_000, seed: 1))
    static let short = LabWork.march(MarchRequest(figure: .fig3, runs: 5, seed: 2))

    /// Quick beats; a short silence before a job counts as dead only where the test is about that.
    static func settings(capacity: Int, limits: JobLimits = JobLimits(running: 2, queued: 8), deadAfter: TimeInterval = 30) -> JobWorker.Settings {
        var s = JobWorker.Settings()
        s.capacity = capacity
        s.limits = limits
        s.threads = 1
        s.beat = .milliseconds(100)
        s.deadAfter = deadAfter
        s.background = false
        return s
    }

    static func submit(_ work: LabWork, _ store: Store, claimFor worker: String? = nil, limits: JobLimits = JobLimits()) async throws -> Job {
        let e = SavedExperiment(id: "X-" + UUID().uuidString.prefix(8).lowercased(), name: "t", account: "a@example.org",
                                created: Date(), experiment: work.encoded)
        return try await store.submitExperiment(e, account: "a@example.org", limits: limits, claimFor: worker).get()
    }

    /// Runs `body` and stops the workers however it ends: a worker must not outlive its store.
    static func stopping(_ workers: JobWorker..., body: () async throws -> Void) async throws {
        do { try await body() } catch {
            for w in workers { await w.stop() }
            throw error
        }
        for w in workers { await w.stop() }
    }

    static func eventually(_ seconds: Double = 300, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    @Test("the running limit holds across workers; a finished job frees its place for the next", arguments: Backend.available)
    func limitsAcrossWorkers(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            let a = JobWorker(store: store, settings: Self.settings(capacity: 2)), b = JobWorker(store: store, settings: Self.settings(capacity: 2))
            try await Self.stopping(a, b) {
            var jobs: [Job] = []
            for _ in 0..<3 { jobs.append(try await Self.submit(Self.long, store)) }
            jobs.append(try await Self.submit(Self.short, store))
            await a.start()
            await b.start()
            #expect(try await Self.eventually { try await store.jobCounts().running == 2 })
            // Several polls later, still two: the limit is the deployment's, not each worker's.
            try await Task.sleep(for: .milliseconds(600))
            #expect(try await store.jobCounts() == (queued: 2, running: 2))
            #expect(await a.runningHere + b.runningHere == 2)
            // Cancelling one (through the store, as any server would) lets the next start.
            _ = try await store.requestCancel(job: jobs[0].id, by: "lead@example.org")
            #expect(try await Self.eventually { try await store.job(id: jobs[0].id)?.status == .cancelled })
            #expect(try await Self.eventually { try await store.job(id: jobs[2].id)?.status == .running })
            // Progress lives in the store, for every server to show.
            #expect(try await Self.eventually { (try await store.job(id: jobs[1].id)?.progress ?? 0) > 0 })
            for job in jobs.prefix(3) { _ = try await store.requestCancel(job: job.id, by: "t") }
            #expect(try await Self.eventually { try await store.job(id: jobs[3].id)?.status == .done })
            let done = try #require(try await store.experiment(id: jobs[3].subject))
            #expect(done.outcome != nil && done.status == .done)
            }
        }
    }

    @Test("a job whose worker went silent is declared dead; a live one is left alone; a stopping worker marks only its own",
          arguments: Backend.available)
    func deadAndAlive(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            let limits = JobLimits(running: 5, queued: 8)
            // A worker of another process that died: it claimed a job and then fell silent.
            let ghost = try await Self.submit(Self.long, store, claimFor: "ghost:1:x", limits: limits)
            // Silence long enough that a live worker on a saturated machine is not taken for dead.
            let live = JobWorker(store: store, settings: Self.settings(capacity: 1, limits: limits, deadAfter: 12))
            let other = JobWorker(store: store, settings: Self.settings(capacity: 1, limits: limits, deadAfter: 12))
            try await Self.stopping(live, other) {
            let mine = try await Self.submit(Self.long, store, claimFor: live.id, limits: limits)
            await live.adopt(mine)
            await live.start()
            let theirs = try await Self.submit(Self.long, store, claimFor: other.id, limits: limits)
            await other.adopt(theirs)
            await other.start()
            #expect(try await Self.eventually { try await store.job(id: ghost.id)?.status == .interrupted })
            #expect(try await store.job(id: ghost.id)?.error?.contains("stopped answering") == true)
            // The live ones keep their heartbeat, so nobody declares them dead.
            try await Task.sleep(for: .seconds(13))
            #expect(try await store.job(id: mine.id)?.status == .running)
            #expect(try await store.job(id: theirs.id)?.status == .running)
            // One server stops (a restart): its run is interrupted, the other's goes on.
            await live.stop()
            let stopped = try await store.job(id: mine.id)
            #expect(stopped?.status == .interrupted, "\(String(describing: stopped))")
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await store.job(id: theirs.id)?.status == .running)
            #expect((try await store.job(id: theirs.id)?.heartbeat ?? .distantPast) > Date().addingTimeInterval(-12))
            _ = try await store.requestCancel(job: theirs.id, by: "t")
            #expect(try await Self.eventually { try await store.job(id: theirs.id)?.status == .cancelled })
            }
        }
    }

    @Test("a full queue refuses, and the refused experiment is not saved")
    func refusal() async throws {
        try await withFreshStore(.sqlite) { store in
            let limits = JobLimits(running: 1, queued: 1)
            _ = try await Self.submit(Self.long, store, claimFor: "w", limits: limits)
            _ = try await Self.submit(Self.long, store, claimFor: "w", limits: limits)
            let e = SavedExperiment(id: "X-refused", name: "t", account: "a", created: Date(), experiment: Self.long.encoded)
            let result = try await store.submitExperiment(e, account: "a", limits: limits, claimFor: "w")
            guard case .failure(let refusal) = result else { Issue.record("a third run was accepted"); return }
            #expect(refusal.description.contains("running 1 experiments with 1 waiting"))
            #expect(try await store.experiment(id: "X-refused") == nil)
            #expect(try await store.jobCounts() == (queued: 1, running: 1))
        }
    }
}
