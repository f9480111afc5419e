import AmbidexCore
import FluentKit
import Foundation
import SQLKit

/// The columns of an order that scoring its similarity needs (`LessonCandidate`), in the table's order.
struct LessonCandidateRow: Decodable, Sendable {
    var id: String
    var customer: String
    var offering: String
    var strategy: String
    var customization: String

    func domain() throws -> LessonCandidate {
        let row = "order \(id)"
        return LessonCandidate(id: OrderID(id), customer: PartnerID(customer), offering: offering,
                               strategy: try decodeEnum(DeliveryStrategy.self, strategy, column: "strategy", row: row),
                               customization: try JSONColumn.decode([String: String].self, from: customization, column: "customization", row: row))
    }
}

extension Store {
    /// How many recent orders of the same offering, strategy and customer are weighed as similar.
    static let lessonCandidates = (offering: 200, strategy: 120, customer: 60)

    /// The lessons for an order: what the office learned on the most similar
    /// past orders and what its reflections say about the order's choices,
    /// ranked (see `LessonRanking`). Reads a bounded number of rows through
    /// indexes, whatever the size of the office.
    public func lessons(for order: Order, limit: Int = LessonRanking.limit) async throws -> [Lesson] {
        LessonRanking.rank(try await lessonSources(for: order), limit: limit)
    }

    public func lessonSources(for order: Order) async throws -> LessonSources {
        try await gather(order, lessons: true).sources
    }

    /// An order's page: its folder and its lessons, read together — they share the
    /// standards and one read each of the reflections, knowledge items and
    /// applications of the order and its neighbours (about twenty statements in all).
    public func orderPage(_ id: OrderID, lessons limit: Int = LessonRanking.limit) async throws -> (folder: OrderFolder, lessons: [Lesson])? {
        guard let order = try await order(id) else { return nil }
        let (folder, sources) = try await gather(order, lessons: limit > 0)
        return (folder, limit > 0 ? LessonRanking.rank(sources, limit: limit) : [])
    }

    func order(_ id: OrderID) async throws -> Order? {
        do {
            return try await rows(OrderRow.self, "SELECT * FROM orders WHERE id = ?", [.text(id.rawValue)], table: "orders").first?.domain()
        } catch let e as StoreError { throw e } catch { throw explain(error) }
    }

    /// The order's folder and, when `lessons`, what its lessons are ranked from; without them, only the order's own rows are read.
    func gather(_ order: Order, lessons: Bool) async throws -> (folder: OrderFolder, sources: LessonSources) {
        do {
            let id = order.id.rawValue
            let customer = try await rows(PartnerRow.self, "SELECT * FROM partners WHERE id = ?", [.text(order.customer.rawValue)], table: "partners").first?.domain()
            let events = try await rows(OrderEventRow.self, "SELECT * FROM order_events WHERE order_id = ? ORDER BY seq", [.text(id)], table: "order_events")
                .map { $0.domain() }.enumerated()
                .sorted { $0.element.timestamp != $1.element.timestamp ? $0.element.timestamp < $1.element.timestamp : $0.offset < $1.offset }.map(\.element)
            let reference = try await reference()
            let (units, chain, allStandards) = (reference.units, reference.chain, reference.standards)

            // One statement, each order once: the three lists overlap (an offering belongs to one strategy).
            // Only what scoring needs; the neighbours kept are then read in full.
            let (o, st, c) = Self.lessonCandidates
            let columns = "id, customer, offering, strategy, customization"
            let candidates = !lessons ? [] : try await rows(LessonCandidateRow.self, """
                SELECT * FROM (SELECT \(columns) FROM orders WHERE offering = ? ORDER BY received DESC LIMIT \(o)) AS by_offering
                UNION SELECT * FROM (SELECT \(columns) FROM orders WHERE strategy = ? ORDER BY received DESC LIMIT \(st)) AS by_strategy
                UNION SELECT * FROM (SELECT \(columns) FROM orders WHERE customer = ? ORDER BY received DESC LIMIT \(c)) AS by_customer
                """, [.text(order.offering), .text(order.strategy.rawValue), .text(order.customer.rawValue)], table: "orders").map { try $0.domain() }
            let kept = LessonRanking.nearest(to: order, among: candidates).map(\.rawValue)
            let full = kept.isEmpty ? [:] : Dictionary(try await rows(OrderRow.self, "SELECT * FROM orders WHERE id IN (\(marks(kept)))", kept.map { .text($0) },
                                                                      table: "orders").map { ($0.id, try $0.domain()) }, uniquingKeysWith: { a, _ in a })
            let similar = kept.compactMap { full[$0] }
            let around = [id] + similar.map(\.id.rawValue)

            let terms = LessonRanking.searchTerms(for: order)
            let found = lessons ? try await searchReflectionIDs(terms, limit: 20) : []
            let onAround = try await rows(ReflectionOrderRow.self, "SELECT * FROM reflection_orders WHERE order_id IN (\(marks(around)))",
                                          around.map { .text($0) }, table: "reflection_orders").map(\.reflection)
            let reflections = try await self.reflections(onAround + found.map(\.id))
            let byID = Dictionary(reflections.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
            let words = found.first.map { _ in Set(terms.flatMap(LessonRanking.words)) } ?? []
            let matches = found.enumerated().compactMap { i, hit in
                byID[hit.id].map { TextMatch(reflection: $0, rank: i, terms: LessonRanking.matchedTerms($0.summary, hit.words.filter(words.contains))) }
            }
            // Knowledge made from a reflection the search found counts as found too.
            let sourceOrders = Array(Set(around + matches.flatMap { $0.reflection.orders.map(\.rawValue) }).sorted().prefix(1_000))
            let itemIDs = try await rows(KnowledgeOrderRow.self, "SELECT * FROM knowledge_orders WHERE order_id IN (\(marks(sourceOrders)))",
                                         sourceOrders.map { .text($0) }, table: "knowledge_orders").map(\.item)
            let knowledge = try await knowledgeItems(itemIDs)
            let applications = try await self.applications(on: around, standards: allStandards)

            let folder = OrderFolder(order: order, customer: customer, chain: chain, events: events,
                                     reflections: reflections.filter { $0.orders.contains(order.id) }.sorted { $0.date != $1.date ? $0.date < $1.date : $0.id < $1.id },
                                     applications: applications.filter { $0.application.order == order.id },
                                     knowledge: knowledge.filter { $0.orders.contains(order.id) }.map(\.item), units: units)
            let applied = Dictionary(grouping: applications, by: \.standard)
            let standards = try allStandards.compactMap { s -> Standard? in
                let apps = applied[s.id]?.map(\.application) ?? []
                guard !apps.isEmpty || (s.status == .adopted && s.scope.covers(order.strategy)) else { return nil }
                return try Standard.restore(id: s.id, name: s.name, kind: s.kind, scope: s.scope, provenance: s.provenance, status: s.status,
                                            proposedAt: s.proposedAt, adoptedAt: s.adoptedAt, retiredAt: s.retiredAt,
                                            retirementReason: s.retirementReason, versions: s.versions, applications: apps)
            }
            let aroundSet = Set(around.map { OrderID($0) })
            // Only the neighbours kept: ranking weighs them again, and the hundreds left out would all fall short again.
            let sources = LessonSources(order: order, candidates: similar, knowledge: knowledge, standards: standards,
                                        reflections: reflections.filter { !$0.orders.allSatisfy { !aroundSet.contains($0) } }, textMatches: matches)
            return (folder, sources)
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
        let found = try await searchReflectionIDs(terms, limit: limit)
        let byID = Dictionary(uniqueKeysWithValues: try await reflections(found.map(\.id)).map { ($0.id.rawValue, $0) })
        return found.enumerated().compactMap { i, hit in
            byID[hit.id].map { TextMatch(reflection: $0, rank: i, terms: LessonRanking.matchedTerms($0.summary, hit.words)) }
        }
    }

    /// The ids of the reflections the search finds, best first, each with the words searched (those not too common).
    func searchReflectionIDs(_ terms: [String], limit: Int) async throws -> [(id: String, words: [String])] {
        // Only letters and digits reach the query: no user text can change its syntax.
        let candidates = Array(Set(terms.flatMap { LessonRanking.words($0) }.filter { $0.count >= 2 }).sorted().prefix(16))
        guard !candidates.isEmpty else { return [] }
        do {
            let sql = try self.sql
            // A word in hundreds of reflections tells no order from another, and ranking its matches would cost
            // with the size of the office: each word is counted up to the limit first, the common ones left out.
            // One statement counts them all (a statement per word would cost a round trip each).
            let cap = String(Self.commonWord + 1)
            let counts = candidates.indices.map { i in
                isPostgres
                    ? "(SELECT count(*) FROM (SELECT 1 FROM reflections WHERE summary_words @@ to_tsquery('english', ?) LIMIT \(cap)) AS h\(i)) AS w\(i)"
                    : "(SELECT count(*) FROM (SELECT 1 FROM reflection_text WHERE reflection_text MATCH ? LIMIT \(cap))) AS w\(i)"
            }
            let binds: [StoreBind] = candidates.map { isPostgres ? .text($0) : .text("\"\($0)\"") }
            let found = try await rows(WordCounts.self, "SELECT " + counts.joined(separator: ", "), binds, table: "reflection_text").first?.counts ?? []
            let words = zip(candidates, found).filter { $0.1 > 0 && $0.1 <= Self.commonWord }.map(\.0)
            guard !words.isEmpty else { return [] }
            let ids: [String]
            if isPostgres {
                let query = words.joined(separator: " | ")
                ids = try await sql.raw("""
                    SELECT id FROM reflections WHERE summary_words @@ to_tsquery('english', \(bind: query))
                    ORDER BY ts_rank(summary_words, to_tsquery('english', \(bind: query))) DESC, id LIMIT \(unsafeRaw: String(limit))
                    """).all(decodingColumn: "id", as: String.self)
            } else {
                let query = words.map { "\"\($0)\"" }.joined(separator: " OR ")
                ids = try await sql.raw("""
                    SELECT reflection FROM reflection_text WHERE reflection_text MATCH \(bind: query) ORDER BY rank, reflection LIMIT \(unsafeRaw: String(limit))
                    """).all(decodingColumn: "reflection", as: String.self)
            }
            return ids.map { ($0, words) }
        } catch let e as StoreError { throw e } catch { throw explain(error) }
    }
}

/// One row of counts named w0, w1, …, in order.
private struct WordCounts: Decodable, Sendable {
    var counts: [Int]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        counts = try c.allKeys.sorted { $0.index < $1.index }.map { try c.decode(Int.self, forKey: $0) }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        var index: Int { Int(stringValue.dropFirst()) ?? 0 }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
