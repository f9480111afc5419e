import AmbidexCore
import Foundation
import SQLKit

/// The activities the cadence policy schedules on its own when it replans (a
/// review for an order that closed late, a stand-up for a new team, a
/// co-design session for a customer's new orders) are no one's write, so no
/// write reports them. Each snapshot compares its schedule with the one
/// before and reports what is new to the webhooks that follow `schedule.replan`.
extension Store {
    static let replanBaselineKey = "schedule.baseline"

    /// In a write that replaces the whole office (its transaction): the next
    /// snapshot from `version` on is the new office's baseline.
    static func resetReplanBaseline(_ sql: any SQLDatabase, at version: Int64) async throws {
        try await sql.delete(from: "settings").where("key", .equal, SQLBind(replanBaselineKey)).run()
        try await sql.insert(into: "settings").columns("key", "value").values(SQLBind(replanBaselineKey), SQLBind("\(version):reset")).run()
    }
    /// A delivery lists at most this many of the new activities (and says how many there are).
    static let replanListed = 100

    /// The activity without its day: the policy names a planned activity
    /// `A-<kind>-<subject>-<YYYY-MM-DD>`, so tomorrow's stand-up of the same
    /// team, or a session moved to another day, is the same planned subject.
    public static func plannedSubject(_ id: LearningActivityID) -> String {
        let s = id.rawValue.utf8
        guard s.count > 11 else { return id.rawValue }
        let tail = Array(s.suffix(11))
        let isDay = tail[0] == UInt8(ascii: "-") && tail[5] == UInt8(ascii: "-") && tail[8] == UInt8(ascii: "-")
            && [1, 2, 3, 4, 6, 7, 9, 10].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(tail[$0]) }
        return isDay ? String(id.rawValue.dropLast(11)) : id.rawValue
    }

    /// In the snapshot's own transaction: the planned subjects move to this
    /// snapshot's, and each webhook that follows `schedule.replan` gets one
    /// delivery with the new ones. The baseline row says which snapshot was
    /// compared last; only a newer one compares. It is never deleted here,
    /// only locked (on PostgreSQL) and updated in place, so a process waiting
    /// on it reads the other's baseline once that commits, and two processes
    /// saving at once report once. After the office was loaded, replaced or
    /// restored the row says "reset at version R": snapshots older than R
    /// (computed from the office before) are ignored, and the first one from
    /// R on sets the baseline silently — its whole schedule is not news.
    static func noteReplan(_ snapshot: OfficeSnapshot, on sql: any SQLDatabase, isPostgres: Bool) async throws {
        try await sql.raw("INSERT INTO settings (key, value) VALUES (\(bind: replanBaselineKey), '0:reset') ON CONFLICT (key) DO NOTHING").run()
        var q = sql.select().column("value").from("settings").where("key", .equal, SQLBind(replanBaselineKey))
        if isPostgres { q = q.lockingClause(SQLLockingClause.update) }
        let raw = try await q.first(decodingColumn: "value", as: String.self) ?? "0:reset"
        let reset = raw.hasSuffix(":reset")
        let baseline = Int64(raw.split(separator: ":").first ?? "") ?? 0
        if reset ? snapshot.version < baseline : snapshot.version <= baseline { return }
        if reset { try await sql.delete(from: "planned_subjects").run() }

        var now: [String: LearningActivity] = [:]
        for a in snapshot.schedule where a.status == .scheduled {
            let key = plannedSubject(a.id)
            if let seen = now[key], (seen.date, seen.id.rawValue) <= (a.date, a.id.rawValue) { continue }
            now[key] = a
        }
        let before = Set(try await sql.select().column("key").from("planned_subjects").all(decodingColumn: "key", as: String.self))
        let added = now.keys.filter { !before.contains($0) }.sorted()
        for chunk in before.subtracting(now.keys).sorted().chunked(500) {
            try await sql.delete(from: "planned_subjects").where("key", .in, chunk).run()
        }
        for chunk in added.chunked(200) {
            var insert = sql.insert(into: "planned_subjects").columns("key", "activity")
            for key in chunk { insert = insert.values(SQLBind(key), SQLBind(now[key]!.id.rawValue)) }
            try await insert.run()
        }
        try await sql.update("settings").set("value", to: SQLBind(String(snapshot.version))).where("key", .equal, SQLBind(replanBaselineKey)).run()
        guard !reset, !added.isEmpty else { return }

        // Recorded activities (a programme's steps, one moved by someone) were reported by the write that recorded them.
        var fresh = added.map { now[$0]! }
        var recorded = Set<String>()
        for chunk in fresh.map(\.id.rawValue).chunked(500) {
            recorded.formUnion(try await sql.select().column("id").from("learning_activities").where("id", .in, chunk).all(decodingColumn: "id", as: String.self))
        }
        fresh = fresh.filter { !recorded.contains($0.id.rawValue) }.sorted { ($0.date, $0.id.rawValue) < ($1.date, $1.id.rawValue) }
        guard !fresh.isEmpty else { return }
        let kinds = Dictionary(grouping: fresh, by: \.kind).map { kind, list in (kind.label, list.count) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
        let summary = "the cadence policy scheduled \(fresh.count) new activit\(fresh.count == 1 ? "y" : "ies") when it replanned: "
            + kinds.map { "\($0.1) \($0.0)\($0.1 == 1 ? "" : "s")" }.joined(separator: ", ")
            + "; the first on \(fresh[0].date.isoDay)"
        let change = WriteRecord(kind: WebhookEvent.activitiesScheduled.rawValue, subject: "schedule", account: nil, summary: summary,
                                 version: snapshot.version, at: snapshot.computed)
        try await enqueueWebhooks(change, on: sql, activities: (list: fresh.prefix(replanListed).map(WebhookPayload.Activity.init), total: fresh.count))
    }
}
