import AmbidexCore
import AmbidexStore
import AmbidexTestSupport
import Foundation
import Testing

@Suite("ambidex export", .serialized)
struct ExportCLITests {
    static func office(at path: URL) async throws -> LearningOffice {
        let store = try await Store.open(.sqlite(path: path.path))
        do {
            let office = try await store.loadOffice()
            await store.shutdown()
            return office
        } catch {
            await store.shutdown()
            throw error
        }
    }

    @Test("demo store → export (JSON and SQLite) → import into an empty store: the same office; exporting it again gives the same file",
          arguments: ["ocel2-json", "ocel2-sqlite"])
    func roundTrip(_ format: String) async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // setup
        let demo = try await CLI.run(["demo", "--orders", "300", "--store", "demo.sqlite"], in: dir)
        try #require(demo.status == 0, "\(demo.err)")
        let file = format == "ocel2-json" ? "office.jsonocel" : "office.sqlite"
        // MUT
        let export = try await CLI.run(["export", "--format", format, "--out", file, "--store", "demo.sqlite"], in: dir)
        let restore = try await CLI.run(["import", file, "--store", "copy.sqlite"], in: dir)
        // validate
        #expect(export.status == 0, "\(export.err)")
        #expect(export.out.contains("objects: ") && export.out.contains(" order, ") && export.out.contains(" knowledge item")
            && export.out.contains("events/s") && export.out.contains("to \(file)"), "\(export.out)")
        #expect(restore.status == 0, "\(restore.err)")
        #expect(restore.out.contains("restored \"") && restore.out.contains("300 orders"), "\(restore.out)")
        let original = try await Self.office(at: dir.appendingPathComponent("demo.sqlite"))
        let copy = try await Self.office(at: dir.appendingPathComponent("copy.sqlite"))
        let differences = try OfficeParts(copy, sorted: true).differences(from: OfficeParts(original, sorted: true))
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")

        let again = try await CLI.run(["export", "--format", "ocel2-json", "--store", "copy.sqlite"], in: dir)
        let first = try await CLI.run(["export", "--format", "ocel2-json", "--out", "-", "--store", "demo.sqlite"], in: dir)
        #expect(again.status == 0 && first.status == 0, "\(again.err)\(first.err)")
        #expect(again.out == first.out, "the restored office exports to the same JSON")
        #expect(again.err.contains("standard output") && !again.out.contains("exported \""), "the report goes to stderr when the log goes to stdout")
    }

    @Test("on PostgreSQL: a demo office exported and imported into an empty database is the same office, and a second import is refused",
          .enabled(if: Backend.postgresURL != nil, "AMBIDEX_TEST_POSTGRES_URL is not set"))
    func postgresRoundTrip() async throws {
        try await withFreshPostgresDatabase { url in
            let env = ["DATABASE_URL": url]
            let dir = try CLI.tempDir()
            defer { try? FileManager.default.removeItem(at: dir) }
            let demo = try await CLI.run(["demo", "--orders", "200", "--store", "demo.sqlite"], in: dir)
            try #require(demo.status == 0, "\(demo.err)")
            let export = try await CLI.run(["export", "--format", "ocel2-sqlite", "--out", "office.sqlite", "--store", "demo.sqlite"], in: dir)
            try #require(export.status == 0, "\(export.err)")
            // MUT
            let restore = try await CLI.run(["import", "office.sqlite"], env: env, in: dir)
            let again = try await CLI.run(["import", "office.sqlite"], env: env, in: dir)
            // validate
            #expect(restore.status == 0, "\(restore.err)")
            #expect(again.status != 0 && again.err.contains("only into an empty store"), "\(again.err)")
            let original = try await Self.office(at: dir.appendingPathComponent("demo.sqlite"))
            let store = try await Store.open(.postgres(url: url))
            let copy: LearningOffice
            do { copy = try await store.loadOffice() } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
            let differences = try OfficeParts(copy, sorted: true).differences(from: OfficeParts(original, sorted: true))
            #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        }
    }

    @Test("an export is imported only into an empty store: a store that holds an office is refused, says why and stays as it was")
    func refusedIntoNonEmptyStore() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let demo = try await CLI.run(["demo", "--orders", "100", "--store", "demo.sqlite"], in: dir)
        try #require(demo.status == 0, "\(demo.err)")
        let export = try await CLI.run(["export", "--format", "ocel2-json", "--out", "office.jsonocel", "--store", "demo.sqlite"], in: dir)
        try #require(export.status == 0, "\(export.err)")
        let before = try await StoreSnapshot(.sqlite(path: dir.appendingPathComponent("demo.sqlite").path))
        // MUT
        let refused = try await CLI.run(["import", "office.jsonocel", "--store", "demo.sqlite"], in: dir)
        // validate
        #expect(refused.status != 0)
        #expect(refused.err.contains("only into an empty store") && refused.err.contains("already holds 100 orders")
            && refused.err.contains("nothing was written"), "\(refused.err)")
        let after = try await StoreSnapshot(.sqlite(path: dir.appendingPathComponent("demo.sqlite").path))
        #expect(after == before)
        try Data("# a mapping has nothing to say about an export\n".utf8).write(to: dir.appendingPathComponent("m.txt"))
        let mapped = try await CLI.run(["import", "office.jsonocel", "--mapping", "m.txt", "--store", "empty.sqlite"], in: dir)
        #expect(mapped.status != 0 && mapped.err.contains("takes no mapping"), "\(mapped.err)")
    }

    @Test("hostile names (quotes, line breaks, </script>, unicode) survive export and import through the command line",
          arguments: ["ocel2-json", "ocel2-sqlite"])
    func hostileNames(_ format: String) async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let office = try HostileOffice.make()
        let store = try await Store.open(.sqlite(path: dir.appendingPathComponent("hostile.sqlite").path))
        do {
            try await store.migrate()
            try await store.replaceAll(with: office)
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
        let file = format == "ocel2-json" ? "h.jsonocel" : "h.sqlite"
        let export = try await CLI.run(["export", "--format", format, "--out", file, "--store", "hostile.sqlite"], in: dir)
        #expect(export.status == 0, "\(export.err)")
        let restore = try await CLI.run(["import", file, "--store", "copy.sqlite"], in: dir)
        #expect(restore.status == 0, "\(restore.err)")
        let original = try await Self.office(at: dir.appendingPathComponent("hostile.sqlite"))
        let copy = try await Self.office(at: dir.appendingPathComponent("copy.sqlite"))
        let differences = try OfficeParts(copy, sorted: true).differences(from: OfficeParts(original, sorted: true))
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        #expect(copy.name == office.name && copy.units.map(\.name).sorted() == office.units.map(\.name).sorted())
    }

    @Test("export refuses to overwrite a file without --force, SQLite to standard output and an unknown format; CSV goes to standard output")
    func refusalsAndCSV() async throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let demo = try await CLI.run(["demo", "--orders", "60", "--store", "demo.sqlite"], in: dir)
        try #require(demo.status == 0, "\(demo.err)")
        try Data("keep me".utf8).write(to: dir.appendingPathComponent("taken.jsonocel"))
        let refused = try await CLI.run(["export", "--out", "taken.jsonocel", "--store", "demo.sqlite"], in: dir)
        #expect(refused.status != 0 && refused.err.contains("exists; pass --force"), "\(refused.err)")
        #expect(try String(contentsOf: dir.appendingPathComponent("taken.jsonocel"), encoding: .utf8) == "keep me")
        let forced = try await CLI.run(["export", "--out", "taken.jsonocel", "--force", "--store", "demo.sqlite"], in: dir)
        #expect(forced.status == 0, "\(forced.err)")
        #expect(try String(contentsOf: dir.appendingPathComponent("taken.jsonocel"), encoding: .utf8).hasPrefix("{\"objectTypes\":["))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".partial") }
        #expect(leftovers.isEmpty)

        let sqlite = try await CLI.run(["export", "--format", "ocel2-sqlite", "--store", "demo.sqlite"], in: dir)
        #expect(sqlite.status != 0 && sqlite.err.contains("needs --out FILE"), "\(sqlite.err)")
        let unknown = try await CLI.run(["export", "--format", "xes", "--store", "demo.sqlite"], in: dir)
        #expect(unknown.status != 0)

        let csv = try await CLI.run(["export", "--format", "csv", "--store", "demo.sqlite"], in: dir)
        #expect(csv.status == 0, "\(csv.err)")
        #expect(csv.out.hasPrefix("event id,activity,time,object id,object type,qualifier\n"))
        let relations = csv.err.split(separator: "\n").first { $0.hasPrefix("event-object relations: ") }
            .flatMap { Int($0.dropFirst("event-object relations: ".count)) }
        let rows = csv.out.split(separator: "\n").count - 1
        // The demo's events each have at least one object, so there is one row per relation.
        #expect(relations == rows, "\(csv.err)")
    }
}
