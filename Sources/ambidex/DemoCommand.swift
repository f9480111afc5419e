import AmbidexCore
import AmbidexDemo
import AmbidexLab
import AmbidexJobs
import AmbidexStore
import ArgumentParser
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load the demo company (a seeded, realistic organization) into the store.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "How many orders to generate (two years of them; 100000 for benchmarks).") var orders = 5_200
    @Option(help: "The seed: the same seed always gives the same company.") var seed: UInt64 = 42
    @Flag(help: "Replace what the store holds. Without it, a store that has data is left alone.") var replace = false
    @Flag(help: "Report progress on stderr even when it is not a terminal (a line every 5 %, for logs and supervisors).")
    var progress = false

    func validate() throws {
        guard (50...2_000_000).contains(orders) else { throw ValidationError("--orders must be between 50 and 2000000") }
    }

    func run() async throws {
        let store = try await storeOptions.open()
        let counts = try await store.counts()
        if !counts.isEmpty && !replace {
            await store.shutdown()
            throw CommandError("the store already holds \(counts.orders) orders (\(store.configuration)); pass --replace to overwrite it with the demo company")
        }
        let summary: String
        do { summary = try await Self.load(into: store, orders: orders, seed: seed, showProgress: progress) } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
        print(summary)
    }

    /// Generates the company and writes it in one transaction, with progress.
    static func load(into store: Store, orders: Int, seed: UInt64, showProgress: Bool = false) async throws -> String {
        let started = Date()
        let generating = ProgressLine("generating", force: showProgress)
        let office = DemoCompany.generate(seed: seed, orders: orders, progress: { generating.update($0) })
        generating.finish("generated \(office.orders.count) orders, \(office.events.count) events in \(elapsed(since: started))")
        let writing = ProgressLine("writing   ", force: showProgress)
        let writeStart = Date()
        let version = try await store.replaceAll(with: office, progress: { writing.update($0) })
        writing.finish("wrote them to \(store.configuration) in \(elapsed(since: writeStart))")
        // The office is in memory here: its figures now spare every server the first computation.
        let computing = Date()
        let policy = try await store.setting(CadencePolicy.settingKey, as: CadencePolicy.self) ?? .default
        let snapshot = try await offThePool { SnapshotComputation.make(office, policy: policy, version: version) }
        try await store.saveSnapshot(snapshot)
        let mining = String(format: "%.2f s", snapshot.mining?.seconds ?? 0)
        FileHandle.standardError.write(Data("computed the office's figures (evidence, schedule, partner shares; mining the orders took \(mining)) in \(elapsed(since: computing))\n".utf8))
        return "Loaded the demo company \"\(office.name)\": \(office.units.count) units, \(office.partners.count) partners, "
            + "\(office.orders.count) orders, \(office.reflections.count) reflections, \(office.knowledgeItems.count) knowledge items, "
            + "\(office.standards.count) standards, \(office.activities.count) learning activities."
    }
}

func elapsed(since start: Date) -> String {
    String(format: "%.1f s", Date().timeIntervalSince(start))
}
