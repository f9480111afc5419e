import AmbidexCore
import FluentKit
import Foundation
import SQLKit

extension Store {
    /// How many recent orders of the same offering, strategy and customer are weighed as similar.
    static let lessonCandidates = (offering: 300, strategy: 300, customer: 100)

    /// The lessons for an order: what the office learned on the most similar
    /// past orders and what its reflections say about the order's choices,
    /// ranked (see `LessonRanking`). Reads a bounded number of rows through
    /// indexes, whatever the size of the office.
    public func lessons(for order: Order, limit: Int = LessonRanking.limit) async throws -> [Lesson] {
        LessonRanking.rank(try await lessonSources(for: order), limit: limit)
    }

    public func lessonSources(for order: Order) async throws -> LessonSources {
        do {
            let sql = try self.sql
            func recent(_ column: String, _ value: String, _ limit: Int) async throws -> [Order] {
                try await sql.select().column("*").from("orders").where(SQLColumn(column), .equal, SQLBind(value))
                    .orderBy("received", .descending).limit(limit).all(decoding: OrderRow.self, with: Self.rowDecoder).map { try $0.domain() }
            }
            let candidates = try await recent("offering", order.offering, Self.lessonCandidates.offering)
                + recent("strategy", order.strategy.rawValue, Self.lessonCandidates.strategy)
                + recent("customer", order.customer.rawValue, Self.lessonCandidates.customer)
            let probe = LessonSources(order: order, candidates: candidates, knowledge: [], standards: [], reflections: [], textMatches: [])
            let neighbours = LessonRanking.similarOrders(probe).map(\.order.id.rawValue) + [order.id.rawValue]

            let reflectionIDs = try await sql.select().column("reflection").from("reflection_orders").where("order_id", .in, neighbours)
                .all(decodingColumn: "reflection", as: String.self)
            let itemIDs = try await sql.select().column("item").from("knowledge_orders").where("order_id", .in, neighbours)
                .all(decodingColumn: "item", as: String.self)
            let matches = try await searchReflections(LessonRanking.searchTerms(for: order), limit: 20)
            // Knowledge made from a reflection the search found counts as found too.
            let fromMatches = matches.isEmpty ? [] : try await sql.select().column("item").from("knowledge_orders")
                .where("order_id", .in, Array(Set(matches.flatMap { $0.reflection.orders.map(\.rawValue) })).prefix(500).map { $0 })
                .all(decodingColumn: "item", as: String.self)
            let knowledge = try await knowledgeItems(itemIDs + fromMatches)

            let applied = Dictionary(grouping: try await applications(on: neighbours), by: \.standard)
            let standards = try await self.standards().compactMap { s -> Standard? in
                let apps = applied[s.id]?.map(\.application) ?? []
                guard !apps.isEmpty || (s.status == .adopted && s.scope.covers(order.strategy)) else { return nil }
                return try Standard.restore(id: s.id, name: s.name, kind: s.kind, scope: s.scope, provenance: s.provenance, status: s.status,
                                            proposedAt: s.proposedAt, adoptedAt: s.adoptedAt, retiredAt: s.retiredAt,
                                            retirementReason: s.retirementReason, versions: s.versions, applications: apps)
            }
            return LessonSources(order: order, candidates: candidates, knowledge: knowledge, standards: standards,
                                 reflections: try await reflections(reflectionIDs), textMatches: matches)
        } catch let e as StoreError { throw e } catch let e as DomainError {
            throw StoreError("the store holds data that breaks a rule: \(e)")
        } catch { throw explain(error) }
    }

    /// A word found in more reflections than this is too common to search by.
    public static let commonWord = 500

    /// Reflections whose text holds any of `terms` (leaving out words found in
    /// more than `commonWord` reflections), best match first: SQLite's FTS5
    /// (BM25) or PostgreSQL's text search (ts_rank), both stemming English words.
    public func searchReflections(_ terms: [String], limit: Int = 20) async throws -> [TextMatch] {
        // Only letters and digits reach the query: no user text can change its syntax.
        let candidates = Array(Set(terms.flatMap { LessonRanking.words($0) }.filter { $0.count >= 2 }).sorted().prefix(16))
        guard !candidates.isEmpty else { return [] }
        do {
            let sql = try self.sql
            // A word in hundreds of reflections tells no order from another, and ranking its matches would cost
            // with the size of the office: each word is counted up to the limit first, the common ones left out.
            var words: [String] = []
            for word in candidates {
                let n: Int
                if isPostgres {
                    n = try await sql.raw("""
                        SELECT count(*) AS n FROM (SELECT 1 FROM reflections WHERE to_tsvector('english', summary) @@ to_tsquery('english', \(bind: word))
                        LIMIT \(unsafeRaw: String(Self.commonWord + 1))) AS hits
                        """).first(decodingColumn: "n", as: Int.self) ?? 0
                } else {
                    n = try await sql.raw("""
                        SELECT count(*) AS n FROM (SELECT 1 FROM reflection_text WHERE reflection_text MATCH \(bind: "\"\(word)\"") LIMIT \(unsafeRaw: String(Self.commonWord + 1)))
                        """).first(decodingColumn: "n", as: Int.self) ?? 0
                }
                if n > 0 && n <= Self.commonWord { words.append(word) }
            }
            guard !words.isEmpty else { return [] }
            let ids: [String]
            if isPostgres {
                let query = words.joined(separator: " | ")
                ids = try await sql.raw("""
                    SELECT id FROM reflections WHERE to_tsvector('english', summary) @@ to_tsquery('english', \(bind: query))
                    ORDER BY ts_rank(to_tsvector('english', summary), to_tsquery('english', \(bind: query))) DESC, id LIMIT \(unsafeRaw: String(limit))
                    """).all(decodingColumn: "id", as: String.self)
            } else {
                let query = words.map { "\"\($0)\"" }.joined(separator: " OR ")
                ids = try await sql.raw("""
                    SELECT reflection FROM reflection_text WHERE reflection_text MATCH \(bind: query) ORDER BY rank, reflection LIMIT \(unsafeRaw: String(limit))
                    """).all(decodingColumn: "reflection", as: String.self)
            }
            let byID = Dictionary(uniqueKeysWithValues: try await reflections(ids).map { ($0.id.rawValue, $0) })
            return ids.enumerated().compactMap { i, id in
                byID[id].map { TextMatch(reflection: $0, rank: i, terms: LessonRanking.matchedTerms($0.summary, words)) }
            }
        } catch let e as StoreError { throw e } catch { throw explain(error) }
    }
}
