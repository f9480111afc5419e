import AmbidexCore
import Foundation

/// What the generator knows and an office never does: every order's outcome
/// with and without each standard that was in force for it, made from the
/// same random draws. The true effect of a standard on a set of orders is
/// then exact, not estimated — what the evidence must recover.
public struct DemoTruth: Sendable {
    /// An order's outcome, whether or not it was observed (an order still
    /// open on the last day has a lead time here all the same).
    public struct Outcome: Sendable, Hashable {
        public let leadDays: Double
        public let onTime: Bool
        public let rework: Int
        /// The score the customer would give (answered or not).
        public let feedback: Double

        public func value(_ metric: StandardEffect.Metric) -> Double {
            switch metric {
            case .leadTimeDays: leadDays
            case .onTimeRate: onTime ? 1 : 0
            case .reworkCount: Double(rework)
            case .feedbackScore: feedback
            }
        }
    }

    public let scenario: DemoScenario
    /// Every order's outcome as generated.
    public let actual: [OrderID: Outcome]
    /// For each standard, the orders it was in force for, and their outcome without it.
    public let without: [StandardID: [OrderID: Outcome]]

    /// The true effect of `standard` on `metric` for strata of orders, each
    /// with its weight — the same strata and weights as the estimate, so the
    /// two answer the same question: for lead time the difference of the
    /// median with and without the standard, for the others the mean
    /// difference; then the weighted mean over strata.
    public func effect(of standard: StandardID, on metric: StandardEffect.Metric, strata: [(orders: [OrderID], weight: Double)]) -> Double? {
        let counterfactual = without[standard] ?? [:]
        var sum = 0.0, weight = 0.0
        for stratum in strata where !stratum.orders.isEmpty && stratum.weight > 0 {
            let with = stratum.orders.compactMap { actual[$0]?.value(metric) }
            let wout = stratum.orders.compactMap { (counterfactual[$0] ?? actual[$0])?.value(metric) }
            guard with.count == stratum.orders.count, wout.count == with.count else { return nil }
            let d: Double
            if metric == .leadTimeDays {
                d = Statistics.quantile(with.sorted(), 0.5)! - Statistics.quantile(wout.sorted(), 0.5)!
            } else {
                d = zip(with, wout).reduce(0) { $0 + $1.0 - $1.1 } / Double(with.count)
            }
            sum += stratum.weight * d
            weight += stratum.weight
        }
        return weight > 0 ? sum / weight : nil
    }

    /// Whether the standard truly changed nothing (for any metric).
    public func hasNoEffect(_ standard: StandardID) -> Bool {
        guard let plan = scenario.plan(standard) else { return true }
        if case .none = plan.effect { return true }
        return false
    }
}
