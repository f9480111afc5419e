import AmbidexCore
@_spi(Testing) import AmbidexStore
import Foundation

/// The databases a store test runs against. SQLite always; PostgreSQL when
/// `AMBIDEX_TEST_POSTGRES_URL` names a server (CI starts one on loopback).
public enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    public var description: String { rawValue }

    public static var postgresURL: String? {
        let url = ProcessInfo.processInfo.environment["AMBIDEX_TEST_POSTGRES_URL"]
        return url?.isEmpty == false ? url : nil
    }

    /// Every backend this run can reach.
    public static var available: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }
}

/// Runs `body` with a fresh, migrated store of its own on `backend`, and
/// removes it afterwards, so tests never see each other's data.
public func withFreshStore<T>(_ backend: Backend, _ body: (Store) async throws -> T) async throws -> T {
    try await withFreshLocation(backend) { configuration in
        let store = try await Store.open(configuration)
        do {
            try await store.migrate()
            let result = try await body(store)
            await store.shutdown()
            return result
        } catch {
            await store.shutdown()
            throw error
        }
    }
}

/// Runs `body` with the configuration of a fresh, empty place for a store on
/// `backend` (a file in a folder of its own, or a database of its own), for
/// tests that hand it to another process; removes it afterwards.
public func withFreshLocation<T>(_ backend: Backend, _ body: (StoreConfiguration) async throws -> T) async throws -> T {
    let name = "ambidex_t_\(UInt32.random(in: 0...UInt32.max))_\(ProcessInfo.processInfo.processIdentifier)"
    switch backend {
    case .sqlite:
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try await body(.sqlite(path: dir.appendingPathComponent("store.sqlite").path))
    case .postgres:
        return try await withFreshPostgresDatabase { url in try await body(.postgres(url: url)) }
    }
}

/// Runs `body` with the URL of a fresh, empty PostgreSQL database of its own
/// (for tests that start the real binary with `DATABASE_URL`), dropped afterwards.
public func withFreshPostgresDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
    guard let adminURL = Backend.postgresURL, var components = URLComponents(string: adminURL) else {
        throw StoreError("AMBIDEX_TEST_POSTGRES_URL is not set")
    }
    let name = "ambidex_t_\(UInt32.random(in: 0...UInt32.max))_\(ProcessInfo.processInfo.processIdentifier)"
    let admin = try await Store.open(.postgres(url: adminURL))
    try await admin.createDatabase(named: name)
    components.path = "/\(name)"
    do {
        let result = try await body(components.string!)
        try await admin.dropDatabase(named: name)
        await admin.shutdown()
        return result
    } catch {
        try? await admin.dropDatabase(named: name)
        await admin.shutdown()
        throw error
    }
}
