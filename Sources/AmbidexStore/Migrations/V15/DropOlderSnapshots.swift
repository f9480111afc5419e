import FluentKit
import SQLKit

/// Snapshots now carry each unit's learning over time (the units pages). One
/// saved in the older shape cannot be read, and the office's version would
/// not tell anyone to compute a new one; dropped, it is computed on start.
struct DropOlderSnapshots: AsyncMigration {
    var name: String { "v15.DropOlderSnapshots" }

    func prepare(on db: any Database) async throws {
        try await (db as! any SQLDatabase).delete(from: "office_snapshots").run()
    }

    func revert(on db: any Database) async throws {
        try await (db as! any SQLDatabase).delete(from: "office_snapshots").run()
    }
}
