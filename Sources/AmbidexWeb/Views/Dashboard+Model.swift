import Foundation

/// What the dashboard shows, already reduced to display values (charts as
/// ready SVG), so the view is a pure function of it and tests can build one by hand.
struct DashboardModel: Sendable {
    struct CoverageRow: Sendable {
        var strategy: String
        var strategyName: String
        var orders: Int
        var learningFor: Double
        var closed: Int
        var learningFrom: Double
        var retrospectiveOnly: Double
        var openWithPhaseReview: Int
        var inActionPerOrder: Double
        var reviewsPerClosedOrder: Double
        var participants: Double
        var daysToReview: Double?
        var processSessionsPer30Days: Double
    }
    struct UnitRow: Sendable {
        var unit: String
        var strategy: String
        var orders: Int
        var exploration: Double
        var exploitation: Double
        var share: Double?
        var target: Double
        var gap: Double?
        var judgement: String
        var inMode: Bool?
        var balance: Double
        var combined: Double
    }
    struct Flow: Sendable {
        var withinFront = 0, withinBack = 0, frontToBack = 0, backToFront = 0
        var betweenSessions = 0, singleRoleSessions = 0
        var standardization: [(from: String, to: String, count: Int)] = []
    }
    struct CycleTime: Sendable {
        var rows: [(name: String, items: Int, exploited: Int, discarded: Int, underWay: Int, horizons: [String], quartiles: [String])] = []
        var halfOfAll = "–"
        var stuck = 0
        var stuckAfterDays = 180
        var chart = ""
    }
    struct EffectRow: Sendable {
        var metric: String
        var methods: String
        var effect: String
        var interval: String
        var p: String
        var claim: String
        /// True better, false worse, nil neither (after the false-discovery control).
        var better: Bool?
        var orders: String
        var caveats: [String]
    }
    struct Chart: Sendable {
        var metric: String
        var svg: String
    }
    struct StandardRow: Sendable {
        var id: String
        var name: String
        var kind: String
        var scope: String
        var adopted: String
        var retired: String?
        var retirementReason: String?
        var notes: [String]
        var effects: [EffectRow]
        var eventStudies: [Chart]
        var monitoring: [Chart]
        var monitoringSummary: String
    }
    struct ActivityRow: Sendable {
        var date: String
        var kind: String
        var strategy: String
        var units: String
        var reason: String
    }

    var officeName: String
    var asOf: String
    var totals: String
    var coverage: [CoverageRow]
    var coverageRule = ""
    var units: [UnitRow]
    var unitsByStrategy: [UnitRow] = []
    var flow: Flow
    var cycleTime: CycleTime
    var standards: [StandardRow]
    var falseDiscoveryRate = ""
    var upcoming: [ActivityRow]
    var upcomingHorizonDays: Int
    var partners: [PartnerRow] = []
    /// Which snapshot the figures come from, and when and how fast it was computed.
    var snapshotVersion: Int64 = 0
    var computed = ""
    /// Filled per request from the store, never cached: how current the figures are and the latest writes.
    var live = Live()
}

extension DashboardModel {
    struct Live: Sendable {
        var behind: Int64 = 0
        var writes: [WriteRow] = []
    }
    struct WriteRow: Sendable {
        var at: String
        var who: String
        var summary: String
    }

    /// One line on how current the figures are.
    var freshness: String {
        live.behind == 0
            ? "These figures include every change to the office (version \(snapshotVersion), computed \(computed))."
            : "\(live.behind) change\(live.behind == 1 ? "" : "s") since these figures were computed (version \(snapshotVersion), \(computed)); "
            + "they are being computed again and show here when ready — the changes are listed below."
    }
}

extension DashboardModel {
    struct PartnerRow: Sendable {
        var id: String
        var name: String
        var kind: String
        var orders: Int
    }
}
