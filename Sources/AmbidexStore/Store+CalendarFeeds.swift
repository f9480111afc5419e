import AmbidexCore
import FluentKit
import Foundation
import SQLKit

/// A calendar feed as its owner sees it: the units it follows (none: every unit), never its secret.
public struct CalendarFeed: Sendable, Equatable {
    public let id: String
    public let account: String
    public let units: [UnitID]
    public let created: Date
    public let revoked: Date?

    public var isActive: Bool { revoked == nil }
}

struct CalendarFeedRow: Codable, Sendable {
    var id: String
    var accountId: String
    var units: String
    var tokenHash: String
    var createdAt: Double
    var revokedAt: Double?

    func feed() throws -> CalendarFeed {
        CalendarFeed(id: id, account: accountId,
                     units: try JSONColumn.decode([String].self, from: units, column: "units", row: "calendar feed \(id)").map { UnitID(rawValue: $0) },
                     created: Date(storeValue: createdAt), revoked: revokedAt.map(Date.init(storeValue:)))
    }
}

extension Store {
    /// Records a new feed of `account` following `units`; the secret arrives hashed.
    public func createCalendarFeed(account: Identifier<Account>, units: [UnitID], tokenHash: String, now: Date = Date()) async throws -> CalendarFeed {
        let known = Set(try await sql.select().column("id").from("units").all(decodingColumn: "id", as: String.self))
        if let unknown = units.first(where: { !known.contains($0.rawValue) }) { throw StoreError("there is no unit \(unknown.rawValue.prefix(60))") }
        let id = Self.shortID("F-")
        let row = CalendarFeedRow(id: id, accountId: account.rawValue, units: JSONColumn.encode(units.map(\.rawValue).sorted()),
                                  tokenHash: tokenHash, createdAt: now.storeValue)
        do { try await sql.insert(into: "calendar_feeds").model(row, with: Self.rowEncoder).run() } catch { throw explain(error) }
        return try row.feed()
    }

    /// The feeds of an account, newest first.
    public func calendarFeeds(account: Identifier<Account>) async throws -> [CalendarFeed] {
        do {
            return try await sql.select().column("*").from("calendar_feeds").where("account_id", .equal, SQLBind(account.rawValue))
                .orderBy("created_at", .descending).all(decoding: CalendarFeedRow.self, with: Self.rowDecoder).map { try $0.feed() }
        } catch let e as StoreError { throw e } catch { throw explain(error) }
    }

    /// The active feed with this secret's hash and the account it belongs to, if that account may still see the office.
    public func calendarFeed(tokenHash: String) async throws -> (feed: CalendarFeed, account: Account)? {
        do {
            guard let row = try await sql.select().column("*").from("calendar_feeds").where("token_hash", .equal, SQLBind(tokenHash))
                .where("revoked_at", .is, SQLLiteral.null).first(decoding: CalendarFeedRow.self, with: Self.rowDecoder),
                let account = try await sql.select().column("*").from("accounts").where("id", .equal, SQLBind(row.accountId))
                    .first(decoding: AccountRow.self, with: Self.rowDecoder)?.domain(), account.role.seesOffice else { return nil }
            return (try row.feed(), account)
        } catch let e as StoreError { throw e } catch { throw explain(error) }
    }

    /// Revokes one of the account's feeds; its URL stops answering at once.
    public func revokeCalendarFeed(id: String, account: Identifier<Account>, now: Date = Date()) async throws {
        guard let feed = try await calendarFeeds(account: account).first(where: { $0.id == id }) else { throw StoreError("you have no calendar feed \(id.prefix(40))") }
        guard feed.isActive else { throw StoreError("the calendar feed \(id) was revoked already") }
        do {
            try await sql.update("calendar_feeds").set("revoked_at", to: SQLBind(now.storeValue)).where("id", .equal, SQLBind(id)).run()
        } catch { throw explain(error) }
    }

    /// The recorded (held, skipped or moved) activities among `ids`.
    public func recordedActivities(_ ids: [LearningActivityID]) async throws -> [LearningActivity] {
        var out: [LearningActivity] = []
        for chunk in ids.map(\.rawValue).chunked(500) where !chunk.isEmpty {
            out += try await rows(LearningActivityRow.self, "SELECT * FROM learning_activities WHERE id IN (\(marks(chunk)))", chunk.map { .text($0) },
                                  table: "learning_activities").map { try $0.domain() }
        }
        return out
    }
}
