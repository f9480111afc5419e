import AmbidexCore
import AmbidexLab
import AmbidexStore
import AmbidexTestSupport
import Foundation
import Testing

/// The bulk path's promise, checked on the real binary: `ambidex demo`
/// killed with SIGKILL while its rows are going into the store leaves the
/// store exactly as it was — the previous company, its counts, the office
/// version and the write log — and the store takes the next write.
@Suite("a bulk write killed mid-way", .serialized)
struct KilledDemoTests {
    @Test("ambidex demo --replace killed with SIGKILL while writing leaves the previous company, counts, version and log untouched",
          arguments: Backend.available)
    func killedWhileWriting(_ backend: Backend) async throws {
        try await withFreshLocation(backend) { location in
            let dir = try CLI.tempDir()
            defer { try? FileManager.default.removeItem(at: dir) }
            let (storeArgs, env) = Self.invocation(location)
            // setup: a previous company, written through the same path
            let first = try await CLI.run(["demo", "--orders", "300", "--seed", "7"] + storeArgs, env: env, in: dir)
            #expect(first.status == 0, "\(first.err)")
            let before = try await StoreSnapshot(location)
            #expect(before.counts.orders == 300 && before.version == 1, "\(before.counts) version \(before.version)")

            // MUT: a company a hundred times larger, killed once a tenth of its rows are in
            let run = try await offThePool {
                let run = try RunningAmbidex(["demo", "--orders", "30000", "--seed", "8", "--replace", "--progress"] + storeArgs,
                                             env: env, in: dir, timeout: 600, until: { Self.writtenPercent(in: $0.errors) >= 10 })
                run.kill()
                _ = run.wait(upTo: 10)
                return run
            }
            #expect(Self.writtenPercent(in: run.errors) >= 10, "the demo never got to writing: \(run.errors)")
            #expect(run.wasSignalled && run.status == SIGKILL, "the demo ended before it was killed: \(run.errors)")

            // validate
            let after = try await StoreSnapshot(location)
            #expect(after == before)
            let next = try await CLI.run(["demo", "--orders", "300", "--seed", "9", "--replace"] + storeArgs, env: env, in: dir)
            #expect(next.status == 0, "\(next.err)")
            #expect(try await StoreSnapshot(location).version == 2)
        }
    }

    /// How the binary is pointed at the store: `--store` for SQLite, `DATABASE_URL` for PostgreSQL.
    static func invocation(_ location: StoreConfiguration) -> (args: [String], env: [String: String]) {
        switch location {
        case .postgres(let url): ([], ["DATABASE_URL": url])
        case .sqlite(let path): (["--store", path], [:])
        case .sqliteInMemory: ([], [:])
        }
    }

    /// The highest "writing … N%" line the demo has printed with `--progress`.
    static func writtenPercent(in stderr: String) -> Int {
        stderr.split(separator: "\n").filter { $0.hasPrefix("writing") }
            .compactMap { Int($0.split(separator: " ").last?.dropLast() ?? "") }.max() ?? -1
    }
}

/// What a reader of the store sees: the figures, the version, the log and the office itself.
struct StoreSnapshot: Equatable {
    var counts: StoreCounts
    var version: Int64
    var log: [WriteRecord]
    var name: String
    var orders: [Order]
    var events: [OrderEvent]
    var reflections: [Reflection]
    var standards: [Standard]
    var activities: [LearningActivity]

    init(_ location: StoreConfiguration) async throws {
        let store = try await Store.open(location)
        do {
            counts = try await store.counts()
            version = try await store.officeVersion()
            log = try await store.writes(after: 0)
            let office = try await store.loadOffice()
            (name, orders, events, reflections, standards, activities) =
                (office.name, office.orders, office.events, office.reflections, office.standards, office.activities)
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}
