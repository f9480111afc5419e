import Foundation

/// How much a past order resembles another, and why, in words a lead reads:
/// the customer's choices they share, the offering, the delivery strategy and
/// the partner. Customization weighs most because it is what makes a
/// customized order hard; for standardized orders (no choices) the other
/// three decide alone.
public struct OrderSimilarity: Sendable, Hashable {
    /// 0 (nothing in common) … 1 (the same choices, offering, strategy and partner).
    public var score: Double
    public var reasons: [String]

    static let customizationWeight = 0.45, offeringWeight = 0.25, strategyWeight = 0.15, partnerWeight = 0.15

    public init(score: Double, reasons: [String]) {
        self.score = score
        self.reasons = reasons
    }

    /// The score alone, without the words: for weighing hundreds of candidates before explaining the few kept.
    public static func score(_ order: Order, _ other: Order) -> Double { score(order, LessonCandidate(other)) }

    public static func score(_ order: Order, _ other: LessonCandidate) -> Double {
        var score = 0.0, weights = offeringWeight + strategyWeight + partnerWeight
        if !order.customization.isEmpty || !other.customization.isEmpty {
            var features = order.customization.count, matched = 0.0
            for (f, b) in other.customization {
                if let a = order.customization[f] { matched += a == b ? 1 : 0.5 } else { features += 1 }
            }
            score += customizationWeight * matched / Double(max(features, 1))
            weights += customizationWeight
        }
        if order.offering == other.offering { score += offeringWeight }
        if order.strategy == other.strategy { score += strategyWeight }
        if order.customer == other.customer { score += partnerWeight }
        return score / weights
    }

    public static func between(_ order: Order, _ other: Order) -> OrderSimilarity {
        var score = 0.0, weights = 0.0
        var reasons: [String] = []
        if !order.customization.isEmpty || !other.customization.isEmpty {
            let features = Set(order.customization.keys).union(other.customization.keys)
            var shared: [String] = [], sameFeature = 0
            for f in features.sorted() {
                guard let a = order.customization[f], let b = other.customization[f] else { continue }
                if a == b { shared.append("\(f) = \(a)") } else { sameFeature += 1 }
            }
            // A feature both chose differently still says they were engineered along the same lines: half a match.
            let overlap = (Double(shared.count) + 0.5 * Double(sameFeature)) / Double(max(features.count, 1))
            score += customizationWeight * overlap
            weights += customizationWeight
            if !shared.isEmpty { reasons.append("shares \(shared.joined(separator: ", "))") }
        }
        weights += offeringWeight + strategyWeight + partnerWeight
        if order.offering == other.offering {
            score += offeringWeight
            reasons.append("same offering (\(order.offering))")
        }
        if order.strategy == other.strategy {
            score += strategyWeight
            reasons.append("also \(order.strategy.code)")
        }
        if order.customer == other.customer {
            score += partnerWeight
            reasons.append("same customer (\(order.customer))")
        }
        return OrderSimilarity(score: weights > 0 ? score / weights : 0, reasons: reasons)
    }
}

/// What scoring a past order needs of it, and no more: a store reads hundreds
/// of these and only the few kept in full.
public struct LessonCandidate: Sendable, Hashable {
    public var id: OrderID
    public var customer: PartnerID
    public var offering: String
    public var strategy: DeliveryStrategy
    public var customization: [String: String]

    public init(id: OrderID, customer: PartnerID, offering: String, strategy: DeliveryStrategy, customization: [String: String]) {
        self.id = id
        self.customer = customer
        self.offering = offering
        self.strategy = strategy
        self.customization = customization
    }

    public init(_ o: Order) {
        self.init(id: o.id, customer: o.customer, offering: o.offering, strategy: o.strategy, customization: o.customization)
    }
}
