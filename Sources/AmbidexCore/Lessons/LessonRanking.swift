import Foundation

/// Ranks what the office learned on similar past orders for one order.
///
/// A past order counts as similar from `threshold` on; the `neighbours` most
/// similar are used. A knowledge item or standard scores by its most similar
/// source order, a little more for each further one, and by how usable it is
/// (exploited knowledge over acquired, an adopted standard over a retired
/// one). A reflection scores lower than the knowledge made from it, and gains
/// when the full-text search found it.
public enum LessonRanking {
    public static let threshold = 0.35
    public static let neighbours = 40
    public static let limit = 12

    public static func rank(_ s: LessonSources, limit: Int = limit) -> [Lesson] {
        let similar = similarOrders(s)
        let sim = Dictionary(similar.map { ($0.order.id, $0.similarity) }, uniquingKeysWith: { a, _ in a })
        let ownID = s.order.id
        var lessons: [Lesson] = []

        func sources(_ ids: [OrderID]) -> [(OrderID, OrderSimilarity)] {
            Array(Set(ids)).compactMap { id in sim[id].map { (id, $0) } }
                .sorted { $0.1.score != $1.1.score ? $0.1.score > $1.1.score : $0.0 < $1.0 }
        }
        func strength(_ found: [(OrderID, OrderSimilarity)]) -> Double {
            guard let best = found.first?.1.score else { return 0 }
            return min(1, best + 0.05 * Double(min(found.count - 1, 4)))
        }
        func because(_ found: [(OrderID, OrderSimilarity)], _ verb: String) -> String {
            let first = found[0]
            let more = found.count > 1 ? " and \(found.count - 1) more similar order\(found.count == 2 ? "" : "s")" : ""
            return "\(verb) \(first.0)\(more): \(first.1.reasons.joined(separator: "; "))"
        }

        let matched = Dictionary(s.textMatches.map { ($0.reflection.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (item, orders) in s.knowledge where !orders.contains(ownID) {
            let found = sources(orders)
            var text: TextMatch?
            if case .reflection(let r) = item.origin { text = matched[r] }
            guard !found.isEmpty || text != nil else { continue }
            var reasons = found.isEmpty ? [] : [because(found, "came from")]
            var score = strength(found)
            if let text {
                reasons.append("its reflection mentions \(text.terms.map { "‘\($0)’" }.joined(separator: ", "))")
                score = max(score, 0.5) + textBonus(text)
            }
            let usable: Double
            switch item.stage {
            case .exploited: usable = 1; reasons.append("exploited: it is in use")
            case .transformed: usable = 0.95; reasons.append("transformed: ready to use")
            case .assimilated: usable = 0.8
            case .acquired: usable = 0.7
            case .discarded: usable = 0.5; reasons.append("discarded: tried and dropped — worth knowing why")
            }
            lessons.append(Lesson(subject: .knowledge(item.id), title: item.title, status: item.stage.rawValue,
                                  score: min(1, score * usable), reasons: reasons, orders: found.map(\.0)))
        }

        for standard in s.standards {
            let applied = standard.applications.filter { $0.order != ownID }
            let found = sources(applied.map(\.order))
            let covers = standard.status == .adopted && standard.scope.covers(s.order.strategy)
            guard !found.isEmpty || covers else { continue }
            var reasons: [String] = []
            var score = 0.0
            if !found.isEmpty {
                reasons.append(because(found, "applied on"))
                score = strength(found)
                let onSimilar = Set(found.map(\.0))
                let checked = applied.filter { onSimilar.contains($0.order) && !$0.automatic }
                let deviated = checked.filter(\.deviated).count
                if deviated > 0 {
                    reasons.append("work deviated from it on \(deviated) of \(checked.count) similar order\(checked.count == 1 ? "" : "s") where someone checked")
                }
            }
            if covers {
                reasons.append("adopted for \(standard.scope.strategies.isEmpty ? "every strategy" : standard.scope.strategies.map(\.code).sorted().joined(separator: ", ")) orders")
                score = max(score, 0.45)
            }
            switch standard.status {
            case .adopted: break
            case .retired:
                score *= 0.6
                reasons.append("retired" + (standard.retirementReason.map { $0.isEmpty ? "" : ": \($0)" } ?? ""))
            case .proposed: score *= 0.7
            }
            lessons.append(Lesson(subject: .standard(standard.id), title: standard.name, status: "\(standard.status.rawValue), version \(standard.version)",
                                  score: min(1, score), reasons: reasons, orders: found.map(\.0)))
        }

        var reflections = Dictionary(s.reflections.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for m in s.textMatches { reflections[m.reflection.id] = m.reflection }
        for r in reflections.values where !r.orders.contains(ownID) {
            let found = sources(r.orders)
            let text = matched[r.id]
            guard !found.isEmpty || text != nil else { continue }
            var reasons = found.isEmpty ? [] : [because(found, "on")]
            // A reflection over many orders (a quarterly retrospective) says little about any one of them.
            var score = 0.85 * strength(found) * (r.orders.count > 3 ? 0.6 : 1) * (r.logic == .developmental ? 1 : 0.8)
            if let text {
                reasons.append("mentions \(text.terms.map { "‘\($0)’" }.joined(separator: ", "))")
                score = max(score, 0.4) + textBonus(text)
            }
            if r.logic == .developmental { reasons.append("developmental: it questioned how the work is done") }
            lessons.append(Lesson(subject: .reflection(r.id), title: r.summary,
                                  status: "\(r.mode.label), \(r.date.formatted(.iso8601.year().month().day()))",
                                  score: min(1, score), reasons: reasons, orders: found.map(\.0)))
        }

        lessons.sort { $0.score != $1.score ? $0.score > $1.score : $0.subject.id < $1.subject.id }
        // The daily stand-ups of one similar order would otherwise fill the list: two reflections per order at most.
        var perOrder: [OrderID: Int] = [:]
        var kept: [Lesson] = []
        for l in lessons where kept.count < limit {
            if case .reflection = l.subject, let first = l.orders.first {
                perOrder[first, default: 0] += 1
                if perOrder[first]! > 2 { continue }
            }
            kept.append(l)
        }
        return kept
    }

    /// The candidates similar enough to learn from, most similar first.
    public static func similarOrders(_ s: LessonSources) -> [(order: Order, similarity: OrderSimilarity)] {
        let byID = Dictionary(s.candidates.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Only the neighbours kept are explained in words.
        return nearest(to: s.order, among: s.candidates.map(LessonCandidate.init)).compactMap { byID[$0] }
            .map { ($0, OrderSimilarity.between(s.order, $0)) }
    }

    /// The ids of the `neighbours` candidates most similar to `order` (from
    /// `threshold` on), most similar first: what `similarOrders` keeps, from
    /// what scoring needs alone, so a store can read the few kept in full.
    public static func nearest(to order: Order, among candidates: [LessonCandidate]) -> [OrderID] {
        var seen = Set<OrderID>([order.id])
        var scored: [(id: OrderID, score: Double)] = []
        for c in candidates where seen.insert(c.id).inserted {
            let score = OrderSimilarity.score(order, c)
            if score >= threshold { scored.append((c.id, score)) }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        return scored.prefix(neighbours).map(\.id)
    }

    /// Up to 0.2 for the search's best hit, less further down.
    static func textBonus(_ m: TextMatch) -> Double { 0.2 / Double(1 + m.rank) + 0.02 * Double(min(m.terms.count, 5)) }

    /// The words to search reflections for: the order's choices (feature and
    /// value) and its offering, lower-cased, at most `limit`.
    public static func searchTerms(for order: Order, limit: Int = 12) -> [String] {
        var terms: [String] = []
        var seen = Set<String>()
        let texts = order.customization.sorted { $0.key < $1.key }.flatMap { [$0.value, $0.key] } + [order.offering]
        for text in texts {
            for word in words(text) where word.count >= 3 && !stopWords.contains(word) && seen.insert(word).inserted {
                terms.append(word)
            }
        }
        return Array(terms.prefix(limit))
    }

    /// Which of `terms` a text contains, allowing a word's endings to differ (the search stems them).
    public static func matchedTerms(_ text: String, _ terms: [String]) -> [String] {
        let inText = Set(words(text))
        return terms.filter { term in
            inText.contains(term) || inText.contains { $0.count >= 4 && term.count >= 4 && (term.hasPrefix($0) || $0.hasPrefix(term)) }
        }
    }

    /// Runs of letters and digits, lower-cased: what both stores' full-text search index as words.
    public static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    static let stopWords: Set<String> = ["the", "and", "for", "with", "from", "that", "this", "not", "none", "yes"]
}
