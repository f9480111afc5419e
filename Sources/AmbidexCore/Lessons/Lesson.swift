import Foundation

/// Something the office learned that bears on an order: a knowledge item or a
/// standard from similar past orders, or a reflection on them. Ranked, and
/// each says why it matched, so a lead can judge the match rather than trust it.
public struct Lesson: Sendable, Hashable {
    public enum Subject: Sendable, Hashable {
        case knowledge(KnowledgeItemID)
        case standard(StandardID)
        case reflection(ReflectionID)

        public var id: String {
            switch self {
            case .knowledge(let id): id.rawValue
            case .standard(let id): id.rawValue
            case .reflection(let id): id.rawValue
            }
        }

        public var kind: String {
            switch self {
            case .knowledge: "knowledge item"
            case .standard: "standard"
            case .reflection: "reflection"
            }
        }
    }

    public var subject: Subject
    public var title: String
    /// Where it stands: the item's absorption stage, the standard's status, the reflection's mode and date.
    public var status: String
    /// 0 … 1; lessons are listed by it.
    public var score: Double
    public var reasons: [String]
    /// The past orders it came from or was applied on, most similar first.
    public var orders: [OrderID]
}

/// A reflection the full-text search found for an order, with the words it matched.
public struct TextMatch: Sendable, Hashable {
    public var reflection: Reflection
    /// The search's own rank, best first (0 is the best).
    public var rank: Int
    public var terms: [String]

    public init(reflection: Reflection, rank: Int, terms: [String]) {
        self.reflection = reflection
        self.rank = rank
        self.terms = terms
    }
}

/// What the store found around an order for its lessons: past orders that may
/// be similar, and the learning attached to them.
public struct LessonSources: Sendable {
    public var order: Order
    public var candidates: [Order]
    /// Knowledge items with the orders they came from.
    public var knowledge: [(item: KnowledgeItem, orders: [OrderID])]
    /// Standards applied on candidates, and adopted standards covering the order's strategy.
    public var standards: [Standard]
    /// Reflections on candidates.
    public var reflections: [Reflection]
    public var textMatches: [TextMatch]

    public init(order: Order, candidates: [Order], knowledge: [(item: KnowledgeItem, orders: [OrderID])], standards: [Standard],
                reflections: [Reflection], textMatches: [TextMatch]) {
        self.order = order
        self.candidates = candidates
        self.knowledge = knowledge
        self.standards = standards
        self.reflections = reflections
        self.textMatches = textMatches
    }
}
