import Foundation

/// Days from acquiring knowledge to exploiting it: how fast the pipeline turns
/// order-level discoveries into practice.
public struct CycleTime: Codable, Sendable, Hashable {
    public struct Summary: Codable, Sendable, Hashable {
        public var exploited: Int
        public var medianDays: Double?
        public var meanDays: Double?
        public var p25Days: Double?
        public var p75Days: Double?
    }

    public var all: Summary
    public var explorative: Summary
    public var exploitative: Summary
    /// Items neither exploited nor discarded, acquired more than `stuckAfterDays` ago.
    public var stuck: Int
    public var stuckAfterDays: Int

    public static func measure(_ office: LearningOffice, asOf: Date, stuckAfterDays: Int = 180) -> CycleTime {
        func summary(_ items: [KnowledgeItem]) -> Summary {
            let days = items.compactMap { item -> Double? in
                guard let exploited = item.date(of: .exploited), exploited <= asOf else { return nil }
                return exploited.timeIntervalSince(item.acquiredAt) / 86_400
            }.sorted()
            return Summary(exploited: days.count, medianDays: Statistics.quantile(days, 0.5),
                           meanDays: days.isEmpty ? nil : days.reduce(0, +) / Double(days.count),
                           p25Days: Statistics.quantile(days, 0.25), p75Days: Statistics.quantile(days, 0.75))
        }
        let stuck = office.knowledgeItems.filter { item in
            let stageNow = item.history.last { $0.date <= asOf }?.stage ?? .acquired
            return !stageNow.isTerminal && asOf.timeIntervalSince(item.acquiredAt) > Double(stuckAfterDays) * 86_400
                && item.acquiredAt <= asOf
        }.count
        return CycleTime(all: summary(office.knowledgeItems),
                         explorative: summary(office.knowledgeItems.filter { $0.orientation == .explorative }),
                         exploitative: summary(office.knowledgeItems.filter { $0.orientation == .exploitative }),
                         stuck: stuck, stuckAfterDays: stuckAfterDays)
    }
}
