import AmbidexJobs
import AmbidexStore
import AmbidexWeb
import ArgumentParser
import Foundation

/// How much long work a process takes on; shared by `serve` and `work`.
struct WorkOptions: ParsableArguments {
    @Option(help: "Lab runs this process computes at once (0: leave them to `ambidex work` processes).")
    var workers = 2
    @Option(help: "Lab runs computing at once across every process on the store.")
    var runningLimit = 2
    @Option(help: "How many lab runs may wait in the queue, across every process.")
    var queueLimit = 8
    @Flag(inversion: .prefixedNo, help: "Compute the office's figures after writes (one process at a time does; --no-refresh leaves it to others).")
    var refresh = true

    func check() throws {
        guard (0...64).contains(workers) else { throw ValidationError("--workers must be between 0 and 64") }
        guard (1...256).contains(runningLimit) else { throw ValidationError("--running-limit must be between 1 and 256") }
        guard (0...10_000).contains(queueLimit) else { throw ValidationError("--queue-limit must be between 0 and 10000") }
    }

    var settings: JobWorker.Settings {
        var s = JobWorker.Settings()
        s.capacity = workers
        s.limits = JobLimits(running: runningLimit, queued: queueLimit)
        return s
    }

    var refreshSettings: SnapshotRefresher.Settings {
        var s = SnapshotRefresher.Settings()
        s.enabled = refresh
        return s
    }
}

struct WorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Run lab experiments from the store's queue, without serving pages (beside `serve` processes on PostgreSQL).")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var work: WorkOptions

    func validate() throws {
        try work.check()
        guard work.workers > 0 || work.refresh else { throw ValidationError("a worker process needs --workers of at least 1, or --refresh") }
    }

    func run() async throws {
        let store = try await storeOptions.open()
        do {
            try store.claimSQLiteServer()
            if store.configuration.isSQLite { try await store.interruptUnfinishedRuns() }
            let worker = JobWorker(store: store, settings: work.settings)
            let refresher = SnapshotRefresher(store: store, id: worker.id, settings: work.refreshSettings)
            await worker.start()
            await refresher.start()
            FileHandle.standardOutput.write(Data(("Ambidex is working on the lab queue" + (work.refresh ? " and the office's figures" : "")
                + " of \(store.configuration) as \(worker.id) (Ctrl-C to stop)\n").utf8))
            try await Signals.waitForStop()
            Watchdog.start(after: 8)
            await refresher.stop()
            await worker.stop()
        } catch {
            await store.shutdown()
            throw CommandError("\(error)")
        }
        await store.shutdown()
    }
}
