@testable import AmbidexCore
import Foundation

/// Builds small offices for rule tests, with days counted from `day0` so the
/// expected figures can be worked out by hand.
struct OfficeBuilder {
    static let day0 = Date(timeIntervalSince1970: 1_735_689_600) // 2025-01-01 UTC, a Wednesday
    var office = LearningOffice(name: "Test office")

    init() {
        office.units = [Unit(id: "U-sales", name: "Sales", function: .sales),
                        Unit(id: "U-eng", name: "Engineering", function: .engineering),
                        Unit(id: "U-prod", name: "Production", function: .production),
                        Unit(id: "U-log", name: "Logistics", function: .logistics)]
        office.partners = [Partner(id: "C-1", name: "Customer One", kind: .customer)]
    }

    static func d(_ n: Double) -> Date { day0.adding(days: n) }

    @discardableResult
    mutating func order(_ id: String, _ strategy: DeliveryStrategy, received: Double, due: Double? = nil, closed: Double? = nil,
                        priority: Int = 3, rework: Int = 0, feedback: Double? = 4, customization: [String: String]? = nil) -> OrderID {
        let features = customization ?? (strategy.isCustomized || strategy == .ato ? ["option": "a"] : [:])
        var o = try! Order(id: OrderID(id), customer: "C-1", offering: "thing", strategy: strategy,
                           decouplingPoint: StrategyTable.standard[strategy].decouplingPoint, customization: features,
                           priority: Priority(clamping: priority), received: Self.d(received), due: Self.d(due ?? received + 10))
        if let closed { try! o.close(at: Self.d(closed), reworkCount: rework, feedbackScore: feedback) }
        office.orders.append(o)
        return o.id
    }

    mutating func event(_ order: String, _ unit: String, at day: Double, contact: Bool, stage: Stage = .fabricate) {
        office.events.append(OrderEvent(order: OrderID(order), activity: "work", stage: stage, unit: UnitID(unit),
                                        timestamp: Self.d(day), customerContact: contact))
    }

    mutating func reflection(_ id: String, _ mode: Reflection.Mode, at day: Double, orders: [String], units: Set<UnitID> = ["U-eng"],
                             logic: LearningLogic = .developmental, trigger: Trigger = .recurrent, level: ActionLevel = .reflection,
                             phase: Stage? = nil) {
        office.reflections.append(try! Reflection(id: ReflectionID(id), mode: mode, trigger: trigger, actionLevel: level,
                                                  logic: logic, date: Self.d(day), summary: id, units: units,
                                                  orders: orders.map { OrderID($0) }, phase: phase))
    }
}
