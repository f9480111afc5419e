import AmbidexCore
import FluentKit
import Foundation
import SQLKit

/// A retrospective as its list shows it.
public struct RetrospectiveSummary: Sendable {
    public var retrospective: Retrospective
    public var cards: Int
    public var openActions: Int
    public var actions: Int
}

/// The board's writes. Cards and votes are many and touch no figure of the
/// office, so they change only the board (and raise its own version, which
/// the people signed in poll); decisions (start, action items) are office
/// writes, logged with who and when.
extension Store {
    /// Starts a retrospective; its scope's unit and partner must exist.
    @discardableResult
    public func startRetrospective(_ r: Retrospective, by account: String?) async throws -> WriteRecord {
        try await write("retrospective.start", subject: r.id.rawValue, by: account) { w in
            if let u = r.scope.unit, try await !w.exists("units", u.rawValue) { throw StoreError("there is no unit \(u.rawValue.prefix(60))") }
            if let p = r.scope.partner, try await !w.exists("partners", p.rawValue) { throw StoreError("there is no partner \(p.rawValue.prefix(60))") }
            if let unknown = try await w.missing("orders", r.scope.orders.map(\.rawValue)).first { throw StoreError("there is no order \(unknown.prefix(60))") }
            try await w.insert("retrospectives", [RetrospectiveRow(r)])
            return ((), "retrospective \(r.id) started: \(r.title.prefix(80)) (\(r.scope.words))")
        }.1
    }

    /// The newest retrospectives first.
    public func retrospectives(limit: Int = 50) async throws -> [RetrospectiveSummary] {
        let found = try await rows(RetrospectiveRow.self, "SELECT * FROM retrospectives ORDER BY created_at DESC, id DESC LIMIT \(max(1, min(limit, 500)))", [],
                                   table: "retrospectives").map { try $0.domain() }
        guard !found.isEmpty else { return [] }
        let ids = found.map(\.id.rawValue)
        let cards = try await rows(CountRow.self, "SELECT retrospective AS k, COUNT(*) AS n FROM retrospective_cards WHERE retrospective IN (\(marks(ids))) GROUP BY retrospective",
                                   ids.map { .text($0) }, table: "retrospective_cards")
        let actions = try await rows(ActionItemRow.self, "SELECT * FROM action_items WHERE retrospective IN (\(marks(ids)))", ids.map { .text($0) }, table: "action_items")
        let cardCount = Dictionary(uniqueKeysWithValues: cards.map { ($0.k, $0.n) })
        let byRetro = Dictionary(grouping: actions, by: \.retrospective)
        return found.map { r in
            let a = byRetro[r.id.rawValue] ?? []
            return RetrospectiveSummary(retrospective: r, cards: cardCount[r.id.rawValue] ?? 0, openActions: a.filter { $0.status == "open" }.count, actions: a.count)
        }
    }

    /// The board's version, or nil when there is no such retrospective: what a browser polls.
    public func retrospectiveVersion(_ id: RetrospectiveID) async throws -> Int64? {
        try await rows(BoardVersionRow.self, "SELECT board_version AS v FROM retrospectives WHERE id = ?", [.text(id.rawValue)], table: "retrospectives").first?.v
    }

    public func retrospectiveBoard(_ id: RetrospectiveID) async throws -> RetrospectiveBoard? {
        guard let r = try await rows(RetrospectiveRow.self, "SELECT * FROM retrospectives WHERE id = ?", [.text(id.rawValue)], table: "retrospectives").first
        else { return nil }
        let bind: [StoreBind] = [.text(id.rawValue)]
        let cards = try await rows(RetroCardRow.self, "SELECT * FROM retrospective_cards WHERE retrospective = ? ORDER BY created_at, id", bind, table: "retrospective_cards")
        let votes = try await rows(RetroVoteRow.self, "SELECT * FROM retrospective_votes WHERE retrospective = ?", bind, table: "retrospective_votes")
        let actions = try await rows(ActionItemRow.self, "SELECT * FROM action_items WHERE retrospective = ? ORDER BY created_at, id", bind, table: "action_items")
        return RetrospectiveBoard(retrospective: try r.domain(), cards: try cards.map { try $0.domain() }, votes: try votes.map { try $0.domain() },
                                  actions: try actions.map { try $0.domain() })
    }

    /// Adds a card; returns it as stored.
    @discardableResult
    public func addRetroCard(_ id: RetrospectiveID, kind: RetroCard.Kind, prompt: String?, parent: String?, text: String, by author: String, now: Date = Date()) async throws -> RetroCard {
        try await boardChange(id) { sql, board in
            let checked = try RetroCard.textLimit.check(text, multiline: true)
            guard !checked.isEmpty else { throw DomainError.invalid("text is empty: write what you saw") }
            let topicPrompt = parent.flatMap { p in board.cards.first { $0.id == p }?.prompt }
            let card = RetroCard(id: Self.shortID("C-"), kind: kind, prompt: kind == .factor ? (topicPrompt ?? "") : (prompt ?? ""),
                                 author: author, text: checked, created: now, parent: parent)
            try board.checkAdd(card)
            try await sql.insert(into: "retrospective_cards").model(RetroCardRow(card, on: id), with: Self.rowEncoder).run()
            return card
        }
    }

    /// Takes back one's own card while people still write; what was stacked on it stands on its own again.
    public func removeRetroCard(_ id: RetrospectiveID, card cardID: String, by author: String) async throws {
        try await boardChange(id) { sql, board in
            guard let card = board.cards.first(where: { $0.id == cardID }) else { throw DomainError.unknown("there is no card \(cardID.prefix(40)) on this board") }
            guard card.author == author else { throw DomainError.invalid("only its author takes a card back") }
            guard board.retrospective.phase == .reflect || board.retrospective.phase == .group || (card.kind == .factor && board.retrospective.phase == .rootCauses) else {
                throw DomainError.illegalTransition("cards are taken back while people still write them")
            }
            try await sql.update("retrospective_cards").set("parent", to: SQLLiteral.null).where("parent", .equal, SQLBind(cardID))
                .where("kind", .equal, SQLBind("reflection")).run()
            try await sql.delete(from: "retrospective_cards").where("parent", .equal, SQLBind(cardID)).where("kind", .equal, SQLBind("factor")).run()
            try await sql.delete(from: "retrospective_votes").where("target", .equal, SQLBind(cardID)).run()
            try await sql.delete(from: "retrospective_cards").where("id", .equal, SQLBind(cardID)).run()
        }
    }

    /// Stacks a reflection on another's topic (nil: takes it off its stack). Cards stacked on it move along.
    public func stackRetroCard(_ id: RetrospectiveID, card cardID: String, onto target: String?) async throws {
        try await boardChange(id) { sql, board in
            let topic = try board.stackTarget(cardID, onto: target)
            try await sql.update("retrospective_cards").set("parent", to: SQLBind(topic)).where("id", .equal, SQLBind(cardID)).run()
            if let topic {
                try await sql.update("retrospective_cards").set("parent", to: SQLBind(topic)).where("parent", .equal, SQLBind(cardID))
                    .where("kind", .equal, SQLBind("reflection")).run()
            }
        }
    }

    public func castVote(_ id: RetrospectiveID, for target: String, by voter: String) async throws {
        try await boardChange(id) { sql, board in
            let phase = try board.checkVote(target, by: voter)
            try await sql.insert(into: "retrospective_votes").model(RetroVoteRow(retrospective: id.rawValue, target: target, voter: voter, phase: phase.rawValue),
                                                                    with: Self.rowEncoder).run()
        }
    }

    public func withdrawVote(_ id: RetrospectiveID, for target: String, by voter: String) async throws {
        try await boardChange(id) { sql, board in
            guard board.votes.contains(where: { $0.target == target && $0.voter == voter && $0.phase == board.retrospective.phase }) else {
                throw DomainError.invalid("you have no vote for \(target.prefix(40)) in this phase")
            }
            try await sql.delete(from: "retrospective_votes").where("target", .equal, SQLBind(target)).where("voter", .equal, SQLBind(voter)).run()
        }
    }

    /// The next phase, by the facilitator (or a lead standing in).
    public func advanceRetrospective(_ id: RetrospectiveID, by account: String, mayRun: Bool, minutes: Int?, now: Date = Date()) async throws -> Retrospective {
        try await boardChange(id) { sql, board in
            var r = board.retrospective
            guard r.facilitator == account || mayRun else { throw DomainError.invalid("only the facilitator (\(r.facilitator)) or a lead moves the phase") }
            try r.advance(at: now, minutes: minutes)
            try await sql.update("retrospectives").set("phase", to: SQLBind(r.phase.rawValue)).set("phase_started_at", to: SQLBind(r.phaseStarted.storeValue))
                .set("phase_minutes", to: SQLBind(r.phaseMinutes)).where("id", .equal, SQLBind(id.rawValue)).run()
            return r
        }
    }

    /// Shows every card's author, by the facilitator (or a lead). Cannot be undone: people have read the names.
    public func revealAuthors(_ id: RetrospectiveID, by account: String, mayRun: Bool) async throws {
        try await boardChange(id) { sql, board in
            guard board.retrospective.facilitator == account || mayRun else { throw DomainError.invalid("only the facilitator (\(board.retrospective.facilitator)) or a lead reveals the authors") }
            guard !board.retrospective.revealed else { throw DomainError.illegalTransition("the authors are shown already") }
            try await sql.update("retrospectives").set("revealed", to: SQLBind(1)).where("id", .equal, SQLBind(id.rawValue)).run()
        }
    }

    /// A decision: an action item with the figure it should move (its value now
    /// over the scope kept as the baseline), and optionally the knowledge item it opens.
    @discardableResult
    public func addActionItem(_ item: ActionItem, opening knowledge: KnowledgeItem?, by account: String?) async throws -> WriteRecord {
        let record = try await write("action.add", subject: item.id, by: account) { w in
            guard let board = try await Self.board(item.retrospective, on: w.sql, lock: w.isPostgres) else { throw StoreError("there is no retrospective \(item.retrospective)") }
            guard board.retrospective.phase == .decide else {
                throw StoreError("action items are decided in the decide phase; retrospective \(item.retrospective) is in \(board.retrospective.phase.label.lowercased())")
            }
            guard board.actions.count < 100 else { throw StoreError("a retrospective decides 100 action items at most") }
            guard try await w.exists("units", item.owner.rawValue) else { throw StoreError("there is no unit \(item.owner.rawValue.prefix(60))") }
            if let k = knowledge { try await w.insertKnowledgeItem(k) }
            try await w.insert("action_items", [ActionItemRow(item)])
            try await Self.raiseBoard(item.retrospective, on: w.sql)
            return ((), "action item \(item.id) of \(item.retrospective): \(item.title.prefix(80)) — \(item.owner) by \(item.due.isoDay), to move \(item.figure.label)"
                + (knowledge.map { "; opens knowledge item \($0.id)" } ?? ""))
        }.1
        return record
    }

    /// An action item done or dropped, with who and when.
    @discardableResult
    public func finishActionItem(_ id: String, as status: ActionItem.Status, by account: String?, now: Date = Date()) async throws -> WriteRecord {
        try await write(status == .done ? "action.done" : "action.drop", subject: id, by: account) { w in
            guard let row = try await w.one("action_items", where: "id", is: id, as: ActionItemRow.self) else { throw StoreError("there is no action item \(id.prefix(40))") }
            var item = try row.domain()
            try item.finish(status, at: now)
            try await w.sql.update("action_items").set("status", to: SQLBind(item.status.rawValue)).set("finished_at", to: SQLBind(now.storeValue))
                .where("id", .equal, SQLBind(id)).run()
            try await Self.raiseBoard(item.retrospective, on: w.sql)
            return ((), "action item \(id) \(status.rawValue): \(item.title.prefix(80))")
        }.1
    }

    // MARK: plumbing

    /// One change to a board, in one transaction (a broken rule comes back as the domain's error, so the caller can tell a refusal from a conflict): the board's version is raised first (so
    /// concurrent changes to one board queue there), the board read, the rule checked, the change written.
    func boardChange<T: Sendable>(_ id: RetrospectiveID, _ body: @escaping @Sendable (any SQLDatabase, RetrospectiveBoard) async throws -> T) async throws -> T {
        do {
            return try await database.transaction { db in
                let sql = db as! any SQLDatabase
                try await Self.raiseBoard(id, on: sql)
                guard let board = try await Self.board(id, on: sql, lock: false) else { throw RetrospectiveMissing(id: id) }
                return try await body(sql, board)
            }
        } catch let e as RetrospectiveMissing { throw e } catch let e as DomainError { throw e } catch { throw explain(error) }
    }

    static func raiseBoard(_ id: RetrospectiveID, on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE retrospectives SET board_version = board_version + 1 WHERE id = \(bind: id.rawValue)").run()
    }

    static func board(_ id: RetrospectiveID, on sql: any SQLDatabase, lock: Bool) async throws -> RetrospectiveBoard? {
        var q = sql.select().column("*").from("retrospectives").where("id", .equal, SQLBind(id.rawValue))
        if lock { q = q.lockingClause(SQLLockingClause.update) }
        guard let r = try await q.first(decoding: RetrospectiveRow.self, with: rowDecoder) else { return nil }
        let cards = try await sql.select().column("*").from("retrospective_cards").where("retrospective", .equal, SQLBind(id.rawValue))
            .orderBy("created_at").orderBy("id").all(decoding: RetroCardRow.self, with: rowDecoder)
        let votes = try await sql.select().column("*").from("retrospective_votes").where("retrospective", .equal, SQLBind(id.rawValue))
            .all(decoding: RetroVoteRow.self, with: rowDecoder)
        let actions = try await sql.select().column("*").from("action_items").where("retrospective", .equal, SQLBind(id.rawValue))
            .orderBy("created_at").orderBy("id").all(decoding: ActionItemRow.self, with: rowDecoder)
        return RetrospectiveBoard(retrospective: try r.domain(), cards: try cards.map { try $0.domain() }, votes: try votes.map { try $0.domain() },
                                  actions: try actions.map { try $0.domain() })
    }
}

/// Asked about a retrospective the store does not hold (a 404, not a refusal).
public struct RetrospectiveMissing: Error, CustomStringConvertible, Sendable {
    public let id: RetrospectiveID
    public init(id: RetrospectiveID) { self.id = id }
    public var description: String { "there is no retrospective \(id.rawValue.prefix(60))" }
}

struct CountRow: Codable, Sendable {
    var k: String
    var n: Int
}

struct BoardVersionRow: Codable, Sendable {
    var v: Int64
}
