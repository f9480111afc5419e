import AmbidexStore
import ArgumentParser

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or update the store's schema.")

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Undo every migration instead (drops all Ambidex tables).") var revert = false

    func run() async throws {
        let store = try await Store.open(storeOptions.configuration)
        if revert {
            try await store.revertAll()
            print("Reverted all migrations on \(store.configuration).")
        } else {
            try await store.migrate()
            print("The store is up to date: \(store.configuration).")
        }
        await store.shutdown()
    }
}
