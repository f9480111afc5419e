@testable import AmbidexCore
import Foundation
import Testing

@Suite("Orders, events and office roles")
struct OrderRulesTests {
    let d0 = OfficeBuilder.day0
    func order(_ strategy: DeliveryStrategy = .cto, customization: [String: String] = [:], received: Double = 0, due: Double = 10) throws -> Order {
        try Order(id: "O-1", customer: "C-1", offering: "x", strategy: strategy, decouplingPoint: .stage(.fabricate),
                  customization: customization, received: d0.adding(days: received), due: d0.adding(days: due))
    }

    @Test("dates must be in order, and an open order has no outcome")
    func invariants() {
        #expect(throws: DomainError.self) { try order(due: -1) }
        #expect(throws: DomainError.self) {
            try Order(id: "O", customer: "C", offering: "", strategy: .mts, decouplingPoint: .none, received: d0, due: d0,
                      closed: d0.adding(days: -1))
        }
        #expect(throws: DomainError.self) {
            try Order(id: "O", customer: "C", offering: "", strategy: .mts, decouplingPoint: .none, received: d0, due: d0,
                      outcome: try OrderOutcome(leadTimeDays: 1, onTime: true, reworkCount: 0, feedbackScore: nil))
        }
    }

    @Test("MTS and MTO orders cannot be customized; the others can")
    func customization() {
        #expect(throws: DomainError.self) { try order(.mts, customization: ["a": "b"]) }
        #expect(throws: DomainError.self) { try order(.mto, customization: ["a": "b"]) }
        for s in [DeliveryStrategy.ato, .cto, .eto] { #expect(throws: Never.self) { try order(s, customization: ["a": "b"]) } }
    }

    @Test("closing derives lead time and on-time from the dates, once")
    func close() throws {
        var o = try order(due: 10)
        try o.close(at: d0.adding(days: 12), reworkCount: 2, feedbackScore: 3.5)
        #expect(o.outcome?.leadTimeDays == 12)
        #expect(o.outcome?.onTime == false)
        #expect(o.outcome?.reworkCount == 2)
        #expect(throws: DomainError.self) { try o.close(at: d0.adding(days: 13), reworkCount: 0, feedbackScore: nil) }
        var early = try order(due: 10)
        try early.close(at: d0.adding(days: 10), reworkCount: 0, feedbackScore: nil)
        #expect(early.outcome?.onTime == true)
        var bad = try order()
        #expect(throws: DomainError.self) { try bad.close(at: d0.adding(days: -1), reworkCount: 0, feedbackScore: nil) }
    }

    @Test("outcomes reject negative figures and feedback outside 1…5")
    func outcome() {
        #expect(throws: DomainError.self) { try OrderOutcome(leadTimeDays: -1, onTime: true, reworkCount: 0, feedbackScore: nil) }
        #expect(throws: DomainError.self) { try OrderOutcome(leadTimeDays: 1, onTime: true, reworkCount: -1, feedbackScore: nil) }
        #expect(throws: DomainError.self) { try OrderOutcome(leadTimeDays: 1, onTime: true, reworkCount: 0, feedbackScore: 6) }
    }

    @Test("open, closed and overlapping spans")
    func spans() throws {
        var o = try order(received: 5)
        #expect(!o.isOpen(at: d0) && o.isOpen(at: d0.adding(days: 6)))
        try o.close(at: d0.adding(days: 9), reworkCount: 0, feedbackScore: nil)
        #expect(!o.isOpen(at: d0.adding(days: 9)) && o.isClosed(at: d0.adding(days: 9)))
        #expect(o.overlaps(d0.adding(days: 8), d0.adding(days: 20)))
        #expect(!o.overlaps(d0.adding(days: 10), d0.adding(days: 20)))
    }

    @Test("a unit's events on the order decide its role; the strategy's default map decides otherwise")
    func roles() throws {
        let eto = try Order(id: "O-1", customer: "C-1", offering: "x", strategy: .eto, decouplingPoint: .stage(.design), received: d0, due: d0)
        let eng = Unit(id: "U-eng", name: "Engineering", function: .engineering)
        let prod = Unit(id: "U-prod", name: "Production", function: .production)
        let sales = Unit(id: "U-sales", name: "Sales", function: .sales)
        let events = [
            OrderEvent(order: "O-1", activity: "a", stage: .design, unit: "U-eng", timestamp: d0, customerContact: false),
            OrderEvent(order: "O-1", activity: "b", stage: .fabricate, unit: "U-prod", timestamp: d0, customerContact: false),
            OrderEvent(order: "O-1", activity: "c", stage: .fabricate, unit: "U-prod", timestamp: d0, customerContact: true),
        ]
        let roles = RoleAssignment(table: .standard, events: events)
        #expect(roles.role(of: eng, on: eto) == .back)    // worked without contact, although ETO's map says front
        #expect(roles.role(of: prod, on: eto) == .front)  // touched the customer once
        #expect(roles.role(of: sales, on: eto) == nil)    // no events: no role, whatever the map says
        #expect(roles.worked("U-eng", on: "O-1") && !roles.worked("U-sales", on: "O-1"))
    }
}
