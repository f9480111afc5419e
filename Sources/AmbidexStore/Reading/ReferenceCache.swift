import AmbidexCore

/// The small tables nearly every page reads — units, the strategies' value
/// chains, the standards with their versions — kept under the office version
/// they were read at. A page asks the version (one small query) instead of
/// reading the four tables again; any write raises the version, so nothing
/// outlives a change. Each process keeps its own, so several servers on one
/// database never disagree for longer than a page.
struct OfficeReference: Sendable {
    var units: [AmbidexCore.Unit]
    var chain: ValueChain
    /// Without their applications.
    var standards: [Standard]
}

actor ReferenceCache {
    private var kept: (version: Int64, reference: OfficeReference)?

    func get(_ version: Int64) -> OfficeReference? {
        guard let kept, kept.version == version else { return nil }
        return kept.reference
    }

    func put(_ version: Int64, _ reference: OfficeReference) {
        if let kept, kept.version > version { return }
        kept = (version, reference)
    }
}

extension Store {
    /// The office's units, value chains and standards as of now.
    func reference() async throws -> OfficeReference {
        // Read before the tables: a write in between makes what is kept stale at once, never wrong for long.
        let version = try await officeVersion()
        if let hit = await referenceCache.get(version) { return hit }
        let reference = OfficeReference(units: try await rows(UnitRow.self, "SELECT * FROM units ORDER BY id", [], table: "units").map { try $0.domain() },
                                        chain: try await strategyTable().chain, standards: try await standards())
        await referenceCache.put(version, reference)
        return reference
    }
}
