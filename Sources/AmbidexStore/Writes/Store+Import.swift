import AmbidexCore
import Foundation
import SQLKit

/// What an import added to the store.
public struct ImportSummary: Sendable, Equatable {
    public var units = 0
    public var partners = 0
    public var orders = 0
    /// Orders the store held that the log carried further (new events).
    public var extendedOrders = 0
    public var events = 0
    /// The office's version that holds the import; nil when nothing was new.
    public var version: Int64?
    /// New orders per delivery strategy.
    public var strategies: [DeliveryStrategy: Int] = [:]

    public var isEmpty: Bool { version == nil }
}

extension Store {
    /// Brings orders in from outside through the bulk path, in one
    /// transaction: units, partners and orders the store does not hold are
    /// added; an order it holds gets only the events past those it has (a log
    /// that grew adds what is new; the same log twice adds nothing), and its
    /// dates and outcome follow them, keeping a partner's feedback. A unit
    /// whose name the store knows under another id is that unit. A failure
    /// anywhere leaves the store as it was.
    /// `landing` runs last in the import's transaction with what it wrote: what must
    /// land with the orders or not at all (a browser import's job and result); a
    /// refusal there rolls the import back.
    public func importOrders(_ batch: OrderBatch, source: String, by account: String? = nil,
                             progress: (@Sendable (Double) -> Void)? = nil,
                             landing: (@Sendable (any SQLDatabase, ImportSummary) async throws -> Void)? = nil) async throws -> ImportSummary {
        let result = ImportBox()
        var land: (@Sendable (any SQLDatabase, Int64) async throws -> Void)?
        if let landing {
            land = { sql, version in
                var summary = result.summary ?? ImportSummary()
                summary.version = version
                try await landing(sql, summary)
            }
        }
        let version = try await bulkWrite("orders.import", subject: source, by: account, progress: progress, plan: { sql in
            let plan = try await Self.importPlan(batch, source: source, dryRun: false, on: sql)
            result.summary = plan.summary
            return plan.bulk
        }, landing: land)
        // No version: nothing was new, the transaction was rolled back.
        guard let version, var summary = result.summary else { return ImportSummary() }
        summary.version = version
        return summary
    }

    /// What `importOrders` would add, computed as it would be and rolled back:
    /// the preview's "new" and "carried further". It only reads: it takes no version
    /// and no row lock, so writers do not wait on it.
    public func previewImport(_ batch: OrderBatch, source: String) async throws -> ImportSummary {
        let result = ImportBox()
        do {
            try await database.transaction { db in
                result.summary = try await Self.importPlan(batch, source: source, dryRun: true, on: db as! any SQLDatabase).summary
                throw NothingToWrite()
            }
        } catch is NothingToWrite {
        } catch { throw explain(error) }
        return result.summary ?? ImportSummary()
    }

    private static func importPlan(_ batch: OrderBatch, source: String, dryRun: Bool, on sql: any SQLDatabase) async throws -> (bulk: BulkPlan?, summary: ImportSummary) {
        // Units: few, read whole, so names match across ids.
        let storedUnits = try await sql.select().column("id").column("name").from("units").all()
        var unitByName: [String: String] = [:], storedUnitIDs = Set<String>()
        for row in storedUnits {
            let id = try row.decode(column: "id", as: String.self), name = try row.decode(column: "name", as: String.self)
            unitByName[name.lowercased()] = id
            storedUnitIDs.insert(id)
        }
        var unitID: [UnitID: UnitID] = [:]
        var newUnits: [AmbidexCore.Unit] = []
        for u in batch.units {
            if let stored = unitByName[u.name.lowercased()] { unitID[u.id] = UnitID(stored) } else if storedUnitIDs.contains(u.id.rawValue) {
                unitID[u.id] = u.id
            } else {
                newUnits.append(u); unitID[u.id] = u.id
            }
        }
        let storedPartners = try await existing("partners", batch.partners.map(\.id.rawValue), on: sql)
        let newPartners = batch.partners.filter { !storedPartners.contains($0.id.rawValue) }
        let knownUnits = Set(storedUnitIDs.map { UnitID($0) })
        let knownPartners = Set(storedPartners.map { PartnerID($0) })
        try batch.validate(knownUnits: knownUnits, knownPartners: knownPartners)

        // Orders the store holds: how many events each has, and its feedback.
        let ids = batch.orders.map(\.id.rawValue)
        var held: [String: (events: Int, nextSeq: Int)] = [:]
        let storedOrders = try await existing("orders", ids, on: sql)
        for chunk in Array(storedOrders).sorted().chunked(500) where !chunk.isEmpty {
            let rows = try await sql.select().column("order_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .column(SQLFunction("MAX", args: SQLColumn("seq")), as: "m").from("order_events")
                .where("order_id", .in, chunk).groupBy("order_id").all()
            for r in rows {
                held[try r.decode(column: "order_id", as: String.self)] = (try r.decode(column: "n", as: Int.self), (try r.decode(column: "m", as: Int?.self) ?? -1) + 1)
            }
        }
        var summary = ImportSummary(units: newUnits.count, partners: newPartners.count)
        var newOrders: [Order] = []
        var eventRows: [OrderEventRow] = []
        // In the order of the keys (as SQLite compares text: byte by byte), so the primary keys of
        // orders and events grow at their ends instead of splitting pages all over a large table.
        let inKeyOrder = zip(batch.orders, batch.eventRanges()).sorted { $0.0.id.rawValue.utf8.lexicographicallyPrecedes($1.0.id.rawValue.utf8) }
        for (order, range) in inKeyOrder {
            let events = batch.events[range]
            if storedOrders.contains(order.id.rawValue) {
                let have = held[order.id.rawValue] ?? (0, 0)
                guard events.count > have.events else { continue }
                for (k, e) in events.dropFirst(have.events).enumerated() {
                    var e = e
                    e.unit = unitID[e.unit] ?? e.unit
                    eventRows.append(OrderEventRow(e, seq: have.nextSeq + k))
                }
                // The log is the record of the order's work: its dates and outcome follow, a partner's feedback stays.
                let row = OrderRow(order)
                if !dryRun {
                    try await sql.update("orders").set("strategy", to: SQLBind(row.strategy)).set("decoupling_point", to: SQLBind(row.decouplingPoint))
                        .set("customization", to: SQLBind(row.customization)).set("closed", to: SQLBind(row.closed))
                        .set("lead_time_days", to: SQLBind(row.leadTimeDays)).set("on_time", to: SQLBind(row.onTime))
                        .set("rework_count", to: SQLBind(row.reworkCount)).where("id", .equal, SQLBind(row.id)).run()
                }
                summary.extendedOrders += 1
                summary.events += events.count - have.events
            } else {
                newOrders.append(order)
                summary.strategies[order.strategy, default: 0] += 1
                for (k, e) in events.enumerated() {
                    var e = e
                    e.unit = unitID[e.unit] ?? e.unit
                    eventRows.append(OrderEventRow(e, seq: k))
                }
                summary.events += events.count
            }
        }
        summary.orders = newOrders.count
        guard summary.orders + summary.extendedOrders + summary.units + summary.partners > 0 else { return (nil, summary) }
        let line = "\(source): \(summary.orders) orders, \(summary.events) events, \(summary.units) units, \(summary.partners) partners"
            + (summary.extendedOrders > 0 ? "; \(summary.extendedOrders) orders carried further" : "")
        let tables = [
            BulkTable("units", newUnits, UnitRow.init),
            BulkTable("partners", newPartners, PartnerRow.init),
            BulkTable("orders", newOrders, OrderRow.init),
            BulkTable("order_events", eventRows),
            BulkTable("order_sources", newOrders) { OrderSourceRow(orderId: $0.id.rawValue, source: source) },
        ]
        return (BulkPlan(tables: tables, summary: line), summary)
    }

    /// Which of `ids` are rows of `table`, asked in chunks so a large import stays within the databases' parameter limits.
    private static func existing(_ table: String, _ ids: [String], on sql: any SQLDatabase) async throws -> Set<String> {
        var found = Set<String>()
        for chunk in ids.chunked(500) {
            found.formUnion(try await sql.select().column("id").from(table).where("id", .in, chunk).all(decodingColumn: "id", as: String.self))
        }
        return found
    }
}

/// Carries the plan's counts out of the transaction.
private final class ImportBox: @unchecked Sendable {
    var summary: ImportSummary?
}

