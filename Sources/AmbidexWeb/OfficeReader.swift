import AmbidexCore
import AmbidexStore
import Foundation
import Vapor

/// What a server holds of the office: only a copy of the store's newest
/// snapshot, checked against the store on every request (one small query),
/// and what it derived from that copy (the dashboard's model, the report's
/// JSON). A write through any server raises the store's version, so every
/// server sees on its next request that the figures are behind, and replaces
/// its copy as soon as the refreshed snapshot is in the store.
actor OfficeReader {
    let store: Store
    private var snapshot: OfficeSnapshot?
    /// The dashboard's model and its rendered evidence sections, per horizon, for the snapshot held.
    private var dashboards: [Int: (model: DashboardModel, evidence: String)] = [:]
    private var reportJSON: Data?
    /// The last few schedule horizons asked for, newest last, as JSON.
    private var schedules: [(days: Int, json: Data)] = []
    static let cachedSchedules = 4

    init(store: Store) { self.store = store }

    /// The newest snapshot and how current it is. A 503 (try again shortly)
    /// while an office's first snapshot is being computed.
    func current() async throws -> (snapshot: OfficeSnapshot, freshness: Freshness) {
        let fresh = try await store.freshness()
        guard let newest = fresh.snapshot else {
            throw Abort(.serviceUnavailable, headers: ["Retry-After": "2"],
                        reason: "the office's figures are being computed for the first time; try again in a few seconds")
        }
        if let s = snapshot, s.version >= newest { return (s, fresh) }
        guard let loaded = try await store.latestSnapshot() else { throw Abort(.serviceUnavailable, reason: "the office's figures are being computed") }
        // Another request may have installed a newer one while this one read.
        if (snapshot?.version ?? -1) < loaded.version {
            snapshot = loaded
            dashboards = [:]
            reportJSON = nil
            schedules = []
        }
        return (snapshot!, fresh)
    }

    func dashboard(horizonDays: Int) async throws -> (model: DashboardModel, evidence: String, freshness: Freshness) {
        let (s, fresh) = try await current()
        if let d = dashboards[horizonDays], s.version == snapshot?.version { return (d.model, d.evidence, fresh) }
        let m = DashboardModel.make(s, horizonDays: horizonDays)
        let evidence = DashboardView.evidence(m)
        if s.version == snapshot?.version { dashboards[horizonDays] = (m, evidence) }
        return (m, evidence, fresh)
    }

    func report() async throws -> (Data, Freshness) {
        let (s, fresh) = try await current()
        if let json = reportJSON, s.version == snapshot?.version { return (json, fresh) }
        let json = try APIController.encode(s.report)
        if s.version == snapshot?.version { reportJSON = json }
        return (json, fresh)
    }

    func schedule(days: Int) async throws -> (Data, Freshness) {
        let (s, fresh) = try await current()
        if let i = schedules.firstIndex(where: { $0.days == days }) {
            let hit = schedules.remove(at: i)
            schedules.append(hit)
            return (hit.json, fresh)
        }
        let json = try APIController.encode(s.schedule(days: days))
        schedules.append((days, json))
        if schedules.count > Self.cachedSchedules { schedules.removeFirst() }
        return (json, fresh)
    }

    /// How many schedules are held (tests).
    var cachedScheduleCount: Int { schedules.count }

    /// The office's name for page titles, without waiting for a snapshot.
    var officeName: String { snapshot?.name ?? "Ambidex" }
}
