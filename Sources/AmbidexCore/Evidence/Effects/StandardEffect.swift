import Foundation

/// What an adopted standard did to the orders it scopes — internal
/// efficiency (lead time, rework) and external effectiveness (on time,
/// customer feedback) — estimated as an analyst would, and what monitoring
/// has seen since it was adopted. `docs/evidence.md` explains each method
/// for a lead.
public struct StandardEffect: Codable, Sendable, Hashable {
    public enum Metric: String, Codable, Sendable, CaseIterable {
        case leadTimeDays, onTimeRate, reworkCount, feedbackScore
        public var label: String {
            switch self {
            case .leadTimeDays: "lead time (days, median)"
            case .onTimeRate: "on time"
            case .reworkCount: "rework per order"
            case .feedbackScore: "customer feedback (1–5)"
            }
        }
        /// Lower lead time and rework are better; higher on-time and feedback are.
        public var lowerIsBetter: Bool { self == .leadTimeDays || self == .reworkCount }
    }

    /// How to read an estimate.
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        /// Better, beyond what chance would explain.
        case better
        /// Worse, beyond what chance would explain.
        case worse
        /// The interval includes no change.
        case unclear
        /// The data cannot support an estimate; the reason says why.
        case cannotTell

        public var label: String {
            switch self {
            case .better: "clearly better"
            case .worse: "clearly worse"
            case .unclear: "no clear change"
            case .cannotTell: "cannot tell"
            }
        }
    }

    /// How a stratum's effect was estimated.
    public enum Method: String, Codable, Sendable, CaseIterable {
        /// Difference-in-differences against comparison strategies with no change in the window.
        case differenceInDifferences
        /// Comparative interrupted time series: the gap to the comparison, with its own pre-adoption trend
        /// extrapolated. Shown beside a difference-in-differences whose pre-trends were not parallel.
        case comparativeTimeSeries
        /// Interrupted time series (segmented regression) of the stratum alone: no clean comparison exists.
        case interruptedTimeSeries
        case cannotTell

        public var label: String {
            switch self {
            case .differenceInDifferences: "difference-in-differences"
            case .comparativeTimeSeries: "comparative interrupted time series"
            case .interruptedTimeSeries: "interrupted time series"
            case .cannotTell: "cannot tell"
            }
        }
    }

    /// The effect by month relative to adoption: month 0 starts on the
    /// adoption day; negative months show whether the gap was flat before.
    public struct EventPoint: Codable, Sendable, Hashable {
        public let month: Int
        /// Orders of the stratum received that month.
        public let orders: Int
        public let estimate: Estimate?
    }

    /// y = intercept + slope · month, with month measured from the adoption.
    public struct Line: Codable, Sendable, Hashable {
        public let intercept: Double
        public let slope: Double
        public func at(_ month: Double) -> Double { intercept + slope * month }
    }

    /// One comparison strategy and its orders on each side.
    public struct ComparisonGroup: Codable, Sendable, Hashable {
        public let strategy: DeliveryStrategy
        public let ordersBefore: Int
        public let ordersAfter: Int
    }

    /// One strategy of the scope, one metric.
    public struct StratumEffect: Codable, Sendable, Hashable {
        public let strategy: DeliveryStrategy
        public let method: Method
        /// Why the stratum cannot be estimated, when it cannot.
        public let reason: String?
        /// After − (what would have happened without the standard), in the metric's unit.
        public let estimate: Estimate?
        /// Orders of the stratum before and after adoption that carry the metric.
        public let ordersBefore: Int
        public let ordersAfter: Int
        /// The stratum's own level before and after (median lead time, share on time, mean rework, weighted mean feedback).
        public let before: Double?
        public let after: Double?
        public let comparison: [ComparisonGroup]
        /// Slope of the monthly gap before adoption (per month): near zero when the trends were parallel.
        public let preTrend: Estimate?
        /// For a time series: the jump at adoption and the change of slope per month.
        public let levelChange: Estimate?
        public let slopeChange: Estimate?
        /// The pre-adoption line of the gap, extrapolated by a time series.
        public let preLine: Line?
        /// When the gap drifted before adoption: the comparative interrupted time series that extrapolates the
        /// drift, beside the difference-in-differences (the method is fixed before looking, so it is not swapped).
        public let sensitivity: Estimate?
        public let eventStudy: [EventPoint]
        /// For feedback: the share of orders whose customer answered, before and after.
        public let responseBefore: Double?
        public let responseAfter: Double?
    }

    /// One metric of one standard: the strata combined, weighted by their orders after adoption.
    public struct MetricEffect: Codable, Sendable, Hashable {
        public let metric: Metric
        public let estimate: Estimate?
        /// Why there is no estimate, when there is none.
        public let cannotTell: String?
        /// From the 95 % interval alone.
        public let verdict: Verdict
        /// Benjamini–Hochberg adjusted p-value across every standard × metric of the report.
        public internal(set) var adjustedP: Double?
        /// The verdict after that adjustment: what the report claims.
        public internal(set) var adjustedVerdict: Verdict
        public let strata: [StratumEffect]
        /// Why the estimate may still be wrong.
        public let caveats: [String]

        public var clearlyBetter: Bool { adjustedVerdict == .better }
        public var clearlyWorse: Bool { adjustedVerdict == .worse }
    }

    public let standard: StandardID
    public let name: String
    public let kind: Standard.Kind
    /// The scope's strategies, sorted; empty means every strategy.
    public let strategies: [DeliveryStrategy]
    /// The scope's units, sorted; empty means every unit.
    public let units: [UnitID]
    public let adoptedAt: Date
    /// Retirement by the as-of date.
    public let retiredAt: Date?
    public let retirementReason: String?
    public let design: EffectDesign
    /// What holds for every metric: the windows and what set them, the comparison groups, the unit scope.
    public let notes: [String]
    /// One per metric, in `Metric.allCases` order.
    public internal(set) var metrics: [MetricEffect]
    /// One chart per metric, in `Metric.allCases` order, from adoption to retirement or the as-of date.
    public let monitoring: [MonitoringChart]

    public func metric(_ m: Metric) -> MetricEffect? { metrics.first { $0.metric == m } }
    public func chart(_ m: Metric) -> MonitoringChart? { monitoring.first { $0.metric == m } }

    /// The first signal of a shift for the worse on any metric, if monitoring saw one.
    public var firstWorseSignal: (metric: Metric, signal: MonitoringChart.Signal)? {
        monitoring.compactMap { c in c.signals.first { $0.side == .worse }.map { (c.metric, $0) } }
            .min { $0.signal.date < $1.signal.date }
    }
}
