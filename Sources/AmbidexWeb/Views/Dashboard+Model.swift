import Foundation

/// What the dashboard shows, already reduced to display values, so the view
/// is a pure function of it and tests can build one by hand.
struct DashboardModel: Sendable {
    struct CoverageRow: Sendable {
        var strategy: String
        var strategyName: String
        var orders: Int
        var learningFor: Double
        var closed: Int
        var learningFrom: Double
    }
    struct UnitRow: Sendable {
        var unit: String
        var orders: Int
        var exploration: Double
        var exploitation: Double
        var balance: Double
        var combined: Double
    }
    struct Flow: Sendable {
        var withinFront = 0, withinBack = 0, frontToBack = 0, backToFront = 0
        var betweenSessions = 0, singleRoleSessions = 0
        var standardization: [(from: String, to: String, count: Int)] = []
    }
    struct CycleTime: Sendable {
        var exploited = 0
        var medianDays: Double?
        var p25Days: Double?
        var p75Days: Double?
        var stuck = 0
    }
    struct EffectRow: Sendable {
        var metric: String
        var before: String
        var after: String
        var difference: String
        var interval: String
        var better: Bool?
        var counts: String
    }
    struct StandardRow: Sendable {
        var id: String
        var name: String
        var kind: String
        var scope: String
        var adopted: String
        var effects: [EffectRow]
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
    var units: [UnitRow]
    var flow: Flow
    var cycleTime: CycleTime
    var standards: [StandardRow]
    var upcoming: [ActivityRow]
    var upcomingHorizonDays: Int
    var partners: [PartnerRow] = []
}

extension DashboardModel {
    struct PartnerRow: Sendable {
        var id: String
        var name: String
        var kind: String
        var orders: Int
    }
}
