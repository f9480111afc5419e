import AmbidexCore
import AmbidexJobs
import AmbidexStore
import AmbidexWeb
import ArgumentParser
import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the learning office's dashboard. A new, empty store gets the demo company first.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Flag(help: "Start with an empty store instead of loading the demo company.") var empty = false
    @OptionGroup var work: WorkOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        try work.check()
    }

    func run() async throws {
        let store = try await storeOptions.open()
        do {
            try store.claimSQLiteServer()
            if !empty, try await store.counts().isEmpty {
                FileHandle.standardError.write(Data("The store is empty: loading the demo company (use --empty to skip).\n".utf8))
                let summary = try await DemoCommand.load(into: store, orders: 5_200, seed: 42)
                FileHandle.standardError.write(Data("\(summary)\n".utf8))
            }
            // With --empty too: every page needs an account, and someone has to add the others.
            if let password = try await FirstAccount.ensure(in: store) {
                FileHandle.standardError.write(Data("Sign in as \(FirstAccount.email) with the password \(password) (shown once; add people, or another lead if it is lost, with `ambidex account add`).\n".utf8))
            }
            try await WebServer.run(store: store, host: host, port: port, work: work.settings, refresh: work.refreshSettings) { url in
                FileHandle.standardOutput.write(Data("Ambidex is serving the learning office at \(url)  (Ctrl-C to stop)\n".utf8))
            }
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}
