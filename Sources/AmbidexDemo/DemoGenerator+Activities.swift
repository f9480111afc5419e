import AmbidexCore
import Foundation

extension DemoGenerator {
    /// The office's record of held learning activities: kick-offs and
    /// co-design sessions on customized orders, reviews, retrospectives,
    /// cross-unit workshops, process modelling workshops with customers
    /// (seed 002) and the improvement initiative after the failed procedure.
    mutating func makeActivities() {
        var counter = 0
        func nextID() -> LearningActivityID { counter += 1; return LearningActivityID(String(format: "A-%06d", counter)) }
        for (i, order) in orders.enumerated() where order.strategy.isCustomized && order.received.adding(days: 1) <= end {
            let units = Set(crew[i].map(\.0))
            if rngActivities.chance(order.strategy == .eto ? 0.85 : 0.4) {
                activities.append(LearningActivity(id: nextID(), kind: .orderKickOff, trigger: .planned, date: order.received.adding(days: 0.5),
                                                   strategy: order.strategy, units: units, partners: [order.customer], orders: [order.id],
                                                   reason: "\(order.strategy.code) order \(order.id) received", status: .held))
            }
            if order.strategy == .eto, rngActivities.chance(0.6), order.received.adding(days: 4) <= end {
                activities.append(LearningActivity(id: nextID(), kind: .customerCoDesignSession, trigger: .planned, date: order.received.adding(days: 4),
                                                   strategy: .eto, units: units, partners: [order.customer], orders: [order.id],
                                                   reason: "co-design of \(order.customization.count) unique requirements", status: .held))
            }
        }
        for r in reflections where r.mode == .onAction && r.orders.count == 1 && r.trigger == .sporadic {
            activities.append(LearningActivity(id: nextID(), kind: .afterActionReview, trigger: .sporadic, date: r.date, units: r.units,
                                               orders: r.orders, reason: r.summary, status: .held))
        }
        for r in reflections where r.trigger == .planned && r.orders.count > 1 {
            let strategy = orders.first { $0.id == r.orders[0] }?.strategy
            activities.append(LearningActivity(id: nextID(), kind: .crossOrderRetrospective, trigger: .planned, date: r.date, strategy: strategy,
                                               units: r.units, orders: r.orders, reason: r.summary, status: .held))
        }
        var d = 20.0
        while d < DemoCompany.horizonDays {
            let units = Set([rngActivities.pick(DemoCatalog.units).id, rngActivities.pick(DemoCatalog.units).id, "U-plan"])
            activities.append(LearningActivity(id: nextID(), kind: .crossUnitWorkshop, trigger: .recurrent, date: day(d), units: units,
                                               reason: "monthly cross-unit workshop", status: .held))
            d += 30
        }
        for (k, d) in [100.0, 330, 560].enumerated() {
            let customer = DemoCatalog.customers[k * 3]
            activities.append(LearningActivity(id: nextID(), kind: .processModellingWorkshop, trigger: .planned, date: day(d),
                                               units: ["U-sales", "U-eng", "U-plan"], partners: [customer.id],
                                               reason: "modelling the shared order process with \(customer.name)", status: .held))
        }
        for response in failureResponses {
            let standard = standards.first { $0.id == response.standard }!
            activities.append(LearningActivity(id: nextID(), kind: .improvementInitiative, trigger: .sporadic,
                                               date: response.date.adding(days: 3), units: standard.scope.units.union(["U-qa"]),
                                               standards: [standard.id],
                                               reason: "monitoring flagged \(standard.name) for the worse: work goes back to exploration",
                                               status: .held))
        }
        makeFlowMeetings(nextID: nextID)
        makeMarketReviews(nextID: nextID)
    }

    /// Daily top-down meetings of each standardized flow on its standard
    /// work, held on most working days (P3): not about one order.
    mutating func makeFlowMeetings(nextID: () -> LearningActivityID) {
        let units: [DeliveryStrategy: Set<UnitID>] = [.mts: ["U-prod", "U-log"], .ato: ["U-prod", "U-log", "U-plan"],
                                                      .mto: ["U-prod", "U-plan", "U-purch"]]
        var d = 0.0
        while d < DemoCompany.horizonDays {
            let date = day(d).addingTimeInterval(8 * 3600)
            if !Self.utc.isDateInWeekend(date) {
                for s in [DeliveryStrategy.mts, .ato, .mto] where rngActivities.chance(0.6) {
                    let inForce = standards.filter { $0.scope.covers(s) && $0.isAdopted(at: date) }.map(\.id)
                    activities.append(LearningActivity(id: nextID(), kind: .dailyFlowMeeting, trigger: .recurrent, date: date, strategy: s,
                                                       units: units[s]!, standards: inForce,
                                                       reason: "daily \(s.code) flow meeting on the standard work", status: .held))
                }
            }
            d += 1
        }
    }

    /// Monthly reviews of forecast against actual demand for the strategies
    /// that build ahead of orders (P3: learning about market needs).
    mutating func makeMarketReviews(nextID: () -> LearningActivityID) {
        var d = 45.0
        while d < DemoCompany.horizonDays {
            for s in [DeliveryStrategy.mts, .ato] {
                activities.append(LearningActivity(id: nextID(), kind: .marketReview, trigger: .planned, date: day(d), strategy: s,
                                                   units: ["U-sales", "U-plan", "U-prod"],
                                                   reason: "monthly \(s.code) review of forecast against demand", status: .held))
            }
            d += 30
        }
    }
}
