import AmbidexCore
import Foundation
import SQLKit

/// Reflections in and on action, the activities people hold, skip or move, and the policy that schedules them.
extension Store {
    /// A reflection, checked against the orders it names (in action: open that day;
    /// on action: closed by then, or a phase named) and its participants.
    @discardableResult
    public func recordReflection(_ r: Reflection, by account: String? = nil) async throws -> WriteRecord {
        try await recordReflection(r, opening: nil, by: account)
    }

    /// A reflection and, in the same transaction, the knowledge item it opens
    /// (its origin must be this reflection): both are written or neither.
    @discardableResult
    public func recordReflection(_ r: Reflection, opening item: KnowledgeItem?, by account: String? = nil) async throws -> WriteRecord {
        if let item, item.origin != .reflection(r.id) { throw StoreError("knowledge item \(item.id) must come from reflection \(r.id)") }
        return try await write("reflection.record", subject: r.id.rawValue, by: account) { w in
            guard try await !w.exists("reflections", r.id.rawValue) else { throw StoreError("reflection \(r.id) exists already") }
            var orders: [OrderID: Order] = [:]
            for id in r.orders {
                if let o = try await w.one("orders", where: "id", is: id.rawValue, as: OrderRow.self)?.domain() { orders[id] = o }
            }
            try r.validate(against: { orders[$0] })
            if let unit = try await w.missing("units", r.units.map(\.rawValue).sorted()).first {
                throw StoreError("reflection \(r.id) names unit \(unit), which does not exist")
            }
            if let partner = try await w.missing("partners", r.partners.map(\.rawValue).sorted()).first {
                throw StoreError("reflection \(r.id) names partner \(partner), which does not exist")
            }
            try await w.insert("reflections", [ReflectionRow(r)])
            try await w.insert("reflection_orders", r.orders.enumerated().map {
                ReflectionOrderRow(reflection: r.id.rawValue, orderId: $0.element.rawValue, position: $0.offset)
            })
            if let item { try await w.insertKnowledgeItem(item) }
            return ((), "reflection \(r.mode.label) on \(r.orders.map(\.rawValue).prefix(3).joined(separator: ", "))"
                + (r.orders.count > 3 ? " and \(r.orders.count - 3) more" : "") + ": \(r.summary.prefix(80))"
                + (item.map { "; opened knowledge item \($0.id)" } ?? ""))
        }.1
    }

    /// Holds an activity, whether the policy scheduled it (it is then kept as held, under its id) or not.
    @discardableResult
    public func holdActivity(_ activity: LearningActivity, at date: Date, note: String?, by account: String? = nil) async throws -> WriteRecord {
        var held = activity
        held.date = date
        held.status = .held
        held.note = note
        return try await saveActivity(held, "activity.hold", by: account, summary: "\(activity.kind.label) held" + (note.map { ": \($0.prefix(80))" } ?? ""))
    }

    /// Skips a scheduled activity, with the reason (kept, so the schedule shows it and does not propose it again for that day).
    @discardableResult
    public func skipActivity(_ activity: LearningActivity, reason: String, by account: String? = nil) async throws -> WriteRecord {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError("activity \(activity.id): say why it is skipped") }
        var skipped = activity
        skipped.status = .skipped
        skipped.note = reason
        return try await saveActivity(skipped, "activity.skip", by: account, summary: "\(activity.kind.label) skipped: \(reason.prefix(80))")
    }

    /// Moves a scheduled activity to another day (it keeps its id, so the schedule shows it there instead).
    @discardableResult
    public func rescheduleActivity(_ activity: LearningActivity, to date: Date, by account: String? = nil) async throws -> WriteRecord {
        var moved = activity
        moved.status = .scheduled
        moved.note = "moved from \(activity.date.isoDay)"
        moved.date = date
        return try await saveActivity(moved, "activity.reschedule", by: account, summary: "\(activity.kind.label) moved from \(activity.date.isoDay) to \(date.isoDay)")
    }

    private func saveActivity(_ a: LearningActivity, _ kind: String, by account: String?, summary: String) async throws -> WriteRecord {
        try await write(kind, subject: a.id.rawValue, by: account) { w in
            if let stored = try await w.one("learning_activities", where: "id", is: a.id.rawValue, as: LearningActivityRow.self)?.domain(),
               stored.status == .held || stored.status == .skipped {
                throw StoreError("activity \(a.id) was \(stored.status.rawValue) already")
            }
            for (table, ids) in [("orders", a.orders.map(\.rawValue)), ("units", a.units.map(\.rawValue)), ("partners", a.partners.map(\.rawValue)),
                                 ("knowledge_items", a.knowledgeItems.map(\.rawValue)), ("standards", a.standards.map(\.rawValue))] {
                if let unknown = try await w.missing(table, ids.sorted()).first {
                    throw StoreError("activity \(a.id) names \(unknown), which is not among the \(table.replacingOccurrences(of: "_", with: " "))")
                }
            }
            try await w.sql.delete(from: "learning_activities").where("id", .equal, SQLBind(a.id.rawValue)).run()
            try await w.insert("learning_activities", [LearningActivityRow(a)])
            return ((), summary)
        }.1
    }

    /// The office's tuned cadence policy, checked before it is kept.
    @discardableResult
    public func saveCadencePolicy(_ policy: CadencePolicy, by account: String? = nil) async throws -> WriteRecord {
        try policy.validate()
        let text = JSONColumn.encode(policy)
        return try await write("policy.change", subject: CadencePolicy.settingKey, by: account) { w in
            try await w.sql.delete(from: "settings").where("key", .equal, SQLBind(CadencePolicy.settingKey)).run()
            try await w.sql.insert(into: "settings").model(SettingRow(key: CadencePolicy.settingKey, value: text)).run()
            return ((), "cadence policy changed")
        }.1
    }
}
