import AmbidexStore
import Foundation
import Testing

@Suite("Store errors are one clear line")
struct StoreErrorTests {
    func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ambidex-err-\(UUID().uuidString)").appendingPathComponent(name).path
    }

    @Test("a corrupt store file is named and explained")
    func corruptFile() async throws {
        let path = tempPath("corrupt.sqlite")
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(repeating: 0x42, count: 4096).write(to: URL(fileURLWithPath: path))
        let error = await #expect(throws: StoreError.self) { _ = try await Store.open(.sqlite(path: path)) }
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("not a database") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test("a store path under a file cannot be created, and says so")
    func unwritablePath() async throws {
        let blocker = tempPath("blocker")
        try FileManager.default.createDirectory(atPath: (blocker as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let path = blocker + "/sub/store.sqlite"
        let error = await #expect(throws: StoreError.self) { _ = try await Store.open(.sqlite(path: path)) }
        #expect(error?.description.contains("cannot create the store folder") == true)
    }

    @Test("a store path that is a folder is refused")
    func folderPath() async throws {
        let folder = tempPath("folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let error = await #expect(throws: StoreError.self) { _ = try await Store.open(.sqlite(path: folder)) }
        #expect(error?.description.contains("is a folder") == true)
    }

    @Test("a DATABASE_URL that is not a URL is refused before connecting")
    func malformedURL() async throws {
        let error = await #expect(throws: StoreError.self) { _ = try await Store.open(.postgres(url: "not a url at all")) }
        #expect(error?.description.contains("DATABASE_URL") == true)
    }

    @Test("an unreachable PostgreSQL server is named, without its password")
    func unreachableServer() async throws {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        let error = await #expect(throws: StoreError.self) {
            _ = try await Store.open(.postgres(url: "postgres://ambidex:secret@127.0.0.1:1/ambidex"))
        }
        let text = error?.description ?? ""
        #expect(text.contains("127.0.0.1:1"))
        #expect(!text.contains("secret"))
    }

    @Test("DATABASE_URL wins over the store path")
    func resolution() {
        #expect(StoreConfiguration.resolve(storePath: "x.sqlite", environment: ["DATABASE_URL": "postgres://a@b/c"]) == .postgres(url: "postgres://a@b/c"))
        #expect(StoreConfiguration.resolve(storePath: nil, environment: [:]) == .sqlite(path: StoreConfiguration.defaultSQLitePath))
        #expect(StoreConfiguration.resolve(storePath: "x.sqlite", environment: ["DATABASE_URL": ""]) == .sqlite(path: "x.sqlite"))
    }
}
