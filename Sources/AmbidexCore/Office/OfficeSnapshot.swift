import Foundation

/// Everything the pages, the JSON and the command line show of the office,
/// computed from the whole office as it was at one version of the store.
///
/// The evidence and the schedule are whole-office computations (bootstraps,
/// survival curves, the cadence policy over every open order): they cannot be
/// updated row by row. So they are computed once per version, by whichever
/// process takes the refresh, and kept in the store; every server reads the
/// same snapshot, and each knows from the version how far behind it is.
public struct OfficeSnapshot: Codable, Sendable {
    /// How many days of schedule a snapshot holds: the longest horizon anyone may ask for.
    public static let scheduleDays = 366
    /// The newest orders and reflections a partner's page lists (with the totals).
    public static let partnerListLimit = 200

    public struct Totals: Codable, Sendable, Equatable {
        public var orders = 0, openOrders = 0, units = 0, partners = 0, reflections = 0, knowledgeItems = 0, standards = 0
    }

    /// An exploration item opened because a standard failed, as the standard's row names it.
    public struct Exploration: Codable, Sendable, Equatable {
        public var standard: StandardID
        public var item: KnowledgeItemID
        public var title: String
        public var acquired: Date
    }

    /// The store's version this was computed from.
    public var version: Int64
    public var computed: Date
    /// How long the computation took, in seconds.
    public var seconds: Double
    public var name: String
    public var asOf: Date
    public var totals: Totals
    public var units: [Unit]
    /// Sorted by kind, then name.
    public var partners: [Partner]
    public var ordersByPartner: [PartnerID: Int]
    public var explorations: [Exploration]
    public var policy: CadencePolicy
    public var report: EvidenceReport
    /// `scheduleDays` of schedule from `asOf`; shorter horizons are its prefix.
    public var schedule: [LearningActivity]
    public var shares: [PartnerID: PartnerShare]
    /// Each unit's learning over the last `unitQuarters` quarters (`unitPeriods`), in `units` order.
    public var unitLearning: [UnitLearning]
    public var unitPeriods: [Period]
    public static let unitQuarters = 8
    /// The orders mined per strategy; made by the mining module beside `make`
    /// (nil in a snapshot made without it, or kept before it existed).
    public var mining: OfficeMining? = nil

    public static func make(_ office: LearningOffice, policy: CadencePolicy, version: Int64,
                            options: EvidenceReport.Options = .init(), now: Date = Date()) -> OfficeSnapshot {
        let clock = ContinuousClock.now
        let report = EvidenceReport.make(office, options: options)
        let schedule = policy.schedule(office, from: office.asOf, horizonDays: scheduleDays)
        var shares: [PartnerID: PartnerShare] = [:]
        for p in office.partners {
            shares[p.id] = PartnerShare(office: office, partner: p.id, upcoming: schedule, limit: partnerListLimit)
        }
        let totals = Totals(orders: office.orders.count, openOrders: report.openOrders, units: office.units.count, partners: office.partners.count,
                            reflections: office.reflections.count, knowledgeItems: office.knowledgeItems.count, standards: office.standards.count)
        let explorations = office.knowledgeItems.compactMap { k -> Exploration? in
            guard case .failingStandard(let s) = k.origin else { return nil }
            return Exploration(standard: s, item: k.id, title: k.title, acquired: k.acquiredAt)
        }
        let (unitPeriods, unitLearning) = UnitLearning.make(office, asOf: office.asOf, quarters: unitQuarters, options: options)
        let elapsed = ContinuousClock.now - clock
        return OfficeSnapshot(
            version: version, computed: now,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            name: office.name, asOf: office.asOf, totals: totals, units: office.units,
            partners: office.partners.sorted { ($0.kind.rawValue, $0.name) < ($1.kind.rawValue, $1.name) },
            ordersByPartner: Dictionary(grouping: office.orders, by: \.customer).mapValues(\.count),
            explorations: explorations, policy: policy, report: report, schedule: schedule, shares: shares, unitLearning: unitLearning, unitPeriods: unitPeriods)
    }

    /// The schedule over the next `days` (1 … `scheduleDays`): what
    /// `policy.schedule(office, from: asOf, horizonDays: days)` returns, since
    /// every activity of a longer horizon that falls in a shorter one is planned alike.
    public func schedule(days: Int) -> [LearningActivity] {
        let end = asOf.adding(days: Double(min(max(1, days), Self.scheduleDays)))
        return schedule.filter { $0.date < end }
    }

    /// A partner's share with the activities of the next `days`.
    public func share(of partner: PartnerID, days: Int) -> PartnerShare? {
        guard var share = shares[partner] else { return nil }
        let end = asOf.adding(days: Double(min(max(1, days), Self.scheduleDays)))
        share.activities = share.activities.filter { $0.date < end }
        return share
    }
}
