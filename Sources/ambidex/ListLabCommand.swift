import AmbidexStore
import ArgumentParser
import Foundation

/// The web lab's saved experiments, for an operator at the server: which are
/// waiting, running, done or were stopped, by whom, and how long they took.
struct ListLabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the experiments saved by the web lab, newest first.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "At most this many.") var limit = 50

    func validate() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
    }

    func run() async throws {
        let store = try await storeOptions.open()
        let list: [SavedExperiment]
        do { list = try await store.experiments(limit: limit) } catch {
            await store.shutdown()
            throw CommandError("\(error)")
        }
        await store.shutdown()
        let f = ISO8601DateFormatter()
        for e in list {
            let took = e.seconds.map { String(format: "%.1f s", $0) } ?? "–"
            print([e.id, e.status.rawValue, f.string(from: e.created), took, e.account, e.name].joined(separator: "  "))
        }
        if list.isEmpty { print("No experiments yet.") }
    }
}
