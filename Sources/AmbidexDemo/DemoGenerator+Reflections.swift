import AmbidexCore
import Foundation

extension DemoGenerator {
    /// How much in-action reflection each strategy gets, how often on-action,
    /// and how developmental it is — the P3 gradient from ETO to MTS.
    static let reflectionProfile: [DeliveryStrategy: (inAction: Double, everyDays: Double, developmental: Double, review: Double)] = [
        .eto: (0.9, 9, 0.75, 0.75), .cto: (0.6, 0, 0.5, 0.45), .ato: (0.18, 0, 0.3, 0.35),
        .mto: (0.15, 0, 0.3, 0.35), .mts: (0.03, 0, 0.15, 0.2),
    ]

    mutating func makeReflections() {
        var counter = 0
        func nextID() -> ReflectionID { counter += 1; return ReflectionID(String(format: "R-%06d", counter)) }
        for (i, order) in orders.enumerated() {
            let profile = Self.reflectionProfile[order.strategy]!
            let team = crew[i]
            guard !team.isEmpty else { continue }
            let openUntil = min(order.closed ?? end, end)
            // In action: learning for the order while it runs.
            if rngLearning.chance(profile.inAction) {
                var dates = [order.received.adding(days: rngLearning.uniform(0.2, 2))]
                if profile.everyDays > 0 {
                    var d = dates[0].adding(days: profile.everyDays)
                    while d < openUntil { dates.append(d); d = d.adding(days: profile.everyDays * rngLearning.uniform(0.8, 1.2)) }
                }
                for date in dates where date < openUntil && date >= order.received {
                    let developmental = rngLearning.chance(profile.developmental)
                    let units = participants(team, crossRole: rngLearning.chance(order.strategy.isCustomized ? 0.7 : 0.3))
                    let withCustomer = order.strategy == .eto || (order.strategy == .cto && rngLearning.chance(0.3))
                    reflections.append(try! Reflection(
                        id: nextID(), mode: .inAction, trigger: order.strategy == .eto ? .recurrent : .sporadic,
                        actionLevel: developmental ? .reflection : (order.strategy.isCustomized ? .rule : .routine),
                        logic: developmental ? .developmental : .executional, date: date,
                        summary: inActionSummary(order, developmental: developmental),
                        units: units, partners: withCustomer ? [order.customer] : [], orders: [order.id]))
                }
            }
            // On action while open: an ETO design gate review looks back on the finished design phase.
            if order.strategy == .eto, rngLearning.chance(0.5) {
                let gate = order.received.adding(days: 0.35 * (order.closed ?? end).timeIntervalSince(order.received) / 86_400)
                if gate < openUntil, gate > order.received {
                    let developmental = rngLearning.chance(0.6)
                    reflections.append(try! Reflection(
                        id: nextID(), mode: .onAction, trigger: .planned, actionLevel: developmental ? .reflection : .rule,
                        logic: developmental ? .developmental : .executional, date: gate,
                        summary: "Design gate review of \(order.id): what the design phase taught us",
                        units: participants(team, crossRole: true), orders: [order.id], phase: .design))
                }
            }
            // On action: sporadic after-action reviews after trouble, recurrent for ETO.
            if let closed = order.closed, let outcome = order.outcome {
                let trouble = !outcome.onTime || outcome.reworkCount >= 2
                let chance = order.strategy == .eto ? profile.review : (trouble ? profile.review + 0.3 : profile.review * 0.15)
                let date = closed.adding(days: rngLearning.uniform(1, 10))
                if date <= end, rngLearning.chance(chance) {
                    let developmental = rngLearning.chance(trouble ? min(0.9, profile.developmental + 0.2) : profile.developmental)
                    reflections.append(try! Reflection(
                        id: nextID(), mode: .onAction, trigger: trouble ? .sporadic : .recurrent,
                        actionLevel: developmental ? .reflection : .rule, logic: developmental ? .developmental : .executional,
                        date: date, summary: reviewSummary(order, outcome),
                        units: participants(team, crossRole: rngLearning.chance(0.5)), orders: [order.id]))
                }
            }
        }
        makeRetrospectives(nextID: nextID)
    }

    /// Planned cross-order retrospectives each quarter per strategy, looking
    /// back at a sample of the quarter's closed orders.
    mutating func makeRetrospectives(nextID: () -> ReflectionID) {
        let byStrategy = Dictionary(grouping: orders.indices.filter { orders[$0].closed != nil }, by: { orders[$0].strategy })
        var quarterStart = 0.0
        while quarterStart < DemoCompany.horizonDays {
            let quarterEnd = quarterStart + 91
            let date = day(min(quarterEnd + 3, DemoCompany.horizonDays - 0.5))
            for strategy in DeliveryStrategy.allCases {
                let closed = (byStrategy[strategy] ?? []).filter {
                    let c = dayIndex(orders[$0].closed!)
                    return c >= quarterStart && c < quarterEnd && orders[$0].closed! <= date
                }
                guard !closed.isEmpty else { continue }
                let sample = Array(closed.prefix(strategy == .mts ? 60 : 40))
                let units = Set(sample.flatMap { crew[$0].map(\.0) })
                let developmental = strategy == .mts ? rngLearning.chance(0.3) : rngLearning.chance(0.5)
                reflections.append(try! Reflection(
                    id: nextID(), mode: .onAction, trigger: .planned, actionLevel: .reflection,
                    logic: developmental ? .developmental : .executional, date: date,
                    summary: "Quarterly \(strategy.code) retrospective over \(closed.count) closed orders",
                    units: units.isEmpty ? ["U-plan"] : units, orders: sample.map { orders[$0].id }))
            }
            quarterStart = quarterEnd
        }
    }

    /// The units of the order, or only those of one role unless `crossRole`.
    mutating func participants(_ team: [(UnitID, OfficeRole)], crossRole: Bool) -> Set<UnitID> {
        if crossRole { return Set(team.map(\.0)) }
        let role = rngLearning.pick(team).1
        return Set(team.filter { $0.1 == role }.map(\.0))
    }

    func inActionSummary(_ order: Order, developmental: Bool) -> String {
        switch order.strategy {
        case .eto: developmental ? "Stand-up: open design question on \(order.customization.keys.sorted().first ?? "requirements")" : "Stand-up: progress against the engineering plan"
        case .cto: developmental ? "Configuration check: an unusual combination of options" : "Configuration check against the rules"
        default: developmental ? "Unexpected issue during the order" : "Check against the standard routing"
        }
    }

    func reviewSummary(_ order: Order, _ outcome: OrderOutcome) -> String {
        var parts: [String] = []
        if !outcome.onTime { parts.append("late delivery") }
        if outcome.reworkCount > 0 { parts.append("\(outcome.reworkCount) rework loop\(outcome.reworkCount == 1 ? "" : "s")") }
        return "After-action review of \(order.id)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }
}
