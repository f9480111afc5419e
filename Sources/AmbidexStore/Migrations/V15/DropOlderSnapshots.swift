import FluentKit
import SQLKit

/// Snapshots gained each unit's learning over time (v15, the units pages) and
/// the orders mined per strategy (v17, the mining page), the imported logs (v21);
/// v24 drops partner shares whose activity reasons named other customers. One saved in an older
/// shape lacks them, and the office's version would not tell anyone to compute
/// a new one; dropped, it is computed on start.
struct DropOlderSnapshots: AsyncMigration {
    let name: String

    func prepare(on db: any Database) async throws {
        try await (db as! any SQLDatabase).delete(from: "office_snapshots").run()
    }

    func revert(on db: any Database) async throws {
        try await (db as! any SQLDatabase).delete(from: "office_snapshots").run()
    }
}
