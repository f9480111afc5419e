@testable import AmbidexCore
import Foundation

/// Offices with a known truth for the effect estimates: orders of several
/// strategies every day, whose lead time, rework and feedback follow rules
/// the test states, with seeded noise.
struct EffectWorld {
    typealias F = EvidenceFixtures

    struct Rule {
        /// Median lead time in days, given the strategy and the day received.
        var lead: (DeliveryStrategy, Double) -> Double
        /// Whether a late order… (given strategy, day, late) … gets feedback, and its score.
        var rework: (DeliveryStrategy, Double) -> Int = { _, _ in 0 }
        var feedback: (DeliveryStrategy, Double, Bool, Int) -> Double? = { _, _, late, _ in late ? 3 : 4 }
        /// Spread of lead time (standard deviation of its logarithm).
        var noise = 0.1
        /// Quoted lead time as a multiple of the median before any change.
        var slack = 1.15
    }

    var builder = OfficeBuilder()
    var rng = SeededGenerator(seed: 7)

    /// `perDay` orders of each strategy received every day from `from` to `to`,
    /// closed when their lead time says (open if that is after `asOf`).
    mutating func orders(_ strategies: [DeliveryStrategy], from: Double, to: Double, perDay: Int = 2, asOf: Double, rule: Rule,
                         base: [DeliveryStrategy: Double]) {
        var n = builder.office.orders.count
        var day = from
        while day < to {
            for s in strategies {
                for k in 0..<perDay {
                    n += 1
                    let received = day + Double(k) / Double(perDay)
                    let lead = rule.lead(s, received) * Foundation.exp(rule.noise * rng.normal())
                    let due = received + (base[s] ?? lead) * rule.slack
                    let closed = received + lead
                    let late = closed > due
                    let rework = rule.rework(s, received)
                    builder.order("O-\(n)", s, received: received, due: due, closed: closed <= asOf ? closed : nil, rework: rework,
                                  feedback: rule.feedback(s, received, late, rework))
                }
            }
            day += 1
        }
    }

    mutating func standard(_ id: String, _ strategies: Set<DeliveryStrategy>, adopted: Double, retired: Double? = nil) {
        builder.office.standards.append(F.standard(id, strategies: strategies, adopted: adopted, retired: retired))
    }

    var office: LearningOffice { builder.office }
}
