import AmbidexStore
import ArgumentParser

let defaultStorePathHint = StoreConfiguration.defaultSQLitePath

/// The `--store` option every command that touches data shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "Path of the SQLite store file (ignored when DATABASE_URL is set).")
    var store: String?

    var configuration: StoreConfiguration { .resolve(storePath: store) }

    /// Opens and migrates the store; any failure becomes one line and exit 1.
    func open() async throws -> Store {
        let store = try await Store.open(configuration)
        do {
            try await store.migrate()
        } catch {
            await store.shutdown()
            throw error
        }
        return store
    }
}


import Foundation

/// A failure found while running (not while parsing): one line, no usage text.
struct CommandError: Error, CustomStringConvertible, LocalizedError {
    let description: String
    init(_ description: String) { self.description = description }
    var errorDescription: String? { description }
}
