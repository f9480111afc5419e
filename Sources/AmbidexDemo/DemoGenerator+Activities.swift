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
        activities.append(LearningActivity(id: nextID(), kind: .improvementInitiative, trigger: .sporadic,
                                           date: day(DemoCompany.Timeline.packingRetired - 15), units: ["U-log", "U-prod", "U-qa"],
                                           standards: [DemoCompany.failingStandard],
                                           reason: "the packing procedure is deviated from on too many orders", status: .held))
    }
}
