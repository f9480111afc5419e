import Foundation

/// Days from acquiring knowledge to exploiting it: how fast the pipeline turns
/// order-level discoveries into practice, and how much of it stalls.
public struct CycleTime: Codable, Sendable, Hashable {
    /// Items that reached `.exploited` by the as-of date; the day figures are
    /// nil when there are none.
    public struct Summary: Codable, Sendable, Hashable {
        public let exploited: Int
        public let medianDays: Double?
        public let meanDays: Double?
        public let p25Days: Double?
        public let p75Days: Double?

        /// Summarizes cycle times in days (any order).
        public init(days: [Double]) {
            let sorted = days.sorted()
            exploited = sorted.count
            medianDays = Statistics.quantile(sorted, 0.5)
            meanDays = Statistics.mean(sorted)
            p25Days = Statistics.quantile(sorted, 0.25)
            p75Days = Statistics.quantile(sorted, 0.75)
        }
    }

    public let all: Summary
    public let explorative: Summary
    public let exploitative: Summary
    /// Items acquired more than `stuckAfterDays` before the as-of date and, on
    /// that date, neither exploited nor discarded.
    public let stuck: Int
    public let stuckExplorative: Int
    public let stuckExploitative: Int
    public let stuckAfterDays: Int

    /// Quantiles are type 7 (linear interpolation, as R and numpy).
    public static func measure(_ office: LearningOffice, asOf: Date, stuckAfterDays: Int = 180) -> CycleTime {
        var days: [Orientation: [Double]] = [:]
        var stuck: [Orientation: Int] = [:]
        let stuckBefore = asOf.adding(days: -Double(stuckAfterDays))
        for item in office.knowledgeItems where item.acquiredAt <= asOf {
            if let exploited = item.date(of: .exploited), exploited <= asOf {
                days[item.orientation, default: []].append(exploited.timeIntervalSince(item.acquiredAt) / 86_400)
            }
            let stageThen = item.history.last { $0.date <= asOf }?.stage ?? .acquired
            if !stageThen.isTerminal && item.acquiredAt < stuckBefore { stuck[item.orientation, default: 0] += 1 }
        }
        let explorative = days[.explorative] ?? [], exploitative = days[.exploitative] ?? []
        return CycleTime(all: Summary(days: explorative + exploitative), explorative: Summary(days: explorative),
                         exploitative: Summary(days: exploitative),
                         stuck: stuck.values.reduce(0, +), stuckExplorative: stuck[.explorative] ?? 0,
                         stuckExploitative: stuck[.exploitative] ?? 0, stuckAfterDays: stuckAfterDays)
    }
}
