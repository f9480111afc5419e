import AmbidexCore
import AmbidexLab
import AmbidexJobs
import AmbidexStore
import ArgumentParser
import Foundation

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the evidence: coverage, ambidexterity, knowledge flow, cycle time, the effect of standards and their monitoring.")

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print JSON instead of text.") var json = false
    @Option(help: "Bootstrap resamples (whole calendar weeks) for the intervals.") var resamples = 400

    func validate() throws {
        guard (100...100_000).contains(resamples) else { throw ValidationError("--resamples must be between 100 and 100000") }
    }

    func run() async throws {
        let store = try await storeOptions.open()
        var options = EvidenceReport.Options()
        options.bootstrapResamples = resamples
        let snapshot: OfficeSnapshot
        do { snapshot = try await Self.current(store, options: options) } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
        guard snapshot.totals.orders > 0 else {
            throw CommandError("the store holds no orders yet (\(storeOptions.configuration)); run `ambidex demo` or import a log first")
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(snapshot.report), as: UTF8.self))
        } else {
            print(ReportText.render(snapshot.report, units: snapshot.units))
        }
    }

    /// The store's newest snapshot when it shows every write and was computed
    /// with `options`; otherwise the office is loaded and computed here (and
    /// kept, when the options are the servers' own).
    static func current(_ store: Store, options: EvidenceReport.Options = .init()) async throws -> OfficeSnapshot {
        let fresh = try await store.freshness()
        if fresh.snapshot != nil, fresh.behind == 0, let s = try await store.latestSnapshot(), s.report.options == options, s.version == fresh.office {
            return s
        }
        let input = try await store.snapshotInput()
        let snapshot = try await offThePool { SnapshotComputation.make(input.office, policy: input.policy, version: input.version, sources: input.sources, options: options) }
        if options == EvidenceReport.Options() { try await store.saveSnapshot(snapshot) }
        return snapshot
    }
}
