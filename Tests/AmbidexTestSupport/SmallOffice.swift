import AmbidexCore
import Foundation

/// A tiny office with one of everything, for round-trip and rule tests where
/// the demo company would be too big to reason about.
public enum SmallOffice {
    public static let day0 = Date(timeIntervalSince1970: 1_704_067_200) // 2024-01-01 UTC

    public static func make() throws -> LearningOffice {
        let d = { (n: Double) in day0.adding(days: n) }
        let units = [Unit(id: "U-sales", name: "Sales", function: .sales),
                     Unit(id: "U-eng", name: "Engineering", function: .engineering),
                     Unit(id: "U-prod", name: "Production", function: .production)]
        let partners = [Partner(id: "C-nord", name: "Nordwerk AB", kind: .customer),
                        Partner(id: "S-steel", name: "Stålverk", kind: .supplier)]
        var eto = try Order(id: "O-1", customer: "C-nord", offering: "Custom pump line", strategy: .eto,
                            decouplingPoint: .stage(.design), customization: ["flow": "40 m³/h", "seal": "ceramic"],
                            priority: .urgent, received: d(0), due: d(40))
        try eto.close(at: d(38), reworkCount: 1, feedbackScore: 4.5)
        let mts = try Order(id: "O-2", customer: "C-nord", offering: "Standard pump P10", strategy: .mts,
                            decouplingPoint: .none, priority: .low, received: d(10), due: d(13))
        let events = [
            OrderEvent(order: "O-1", activity: "clarify requirements", stage: .design, unit: "U-eng", resource: "Eva",
                       timestamp: d(1), customerContact: true),
            OrderEvent(order: "O-1", activity: "machine housing", stage: .fabricate, unit: "U-prod", resource: "CNC-2",
                       timestamp: d(20), customerContact: false),
            OrderEvent(order: "O-2", activity: "pick from stock", stage: .deliver, unit: "U-prod", resource: nil,
                       timestamp: d(11), customerContact: false),
        ]
        let inAction = try Reflection(id: "R-1", mode: .inAction, trigger: .recurrent, actionLevel: .reflection,
                                      logic: .developmental, date: d(5), summary: "Seal choice with the customer's engineers",
                                      units: ["U-eng", "U-sales"], partners: ["C-nord"], orders: ["O-1"])
        let onAction = try Reflection(id: "R-2", mode: .onAction, trigger: .sporadic, actionLevel: .rule,
                                      logic: .executional, date: d(45), summary: "Why the housing was reworked",
                                      units: ["U-prod"], orders: ["O-1"])
        var item = KnowledgeItem(id: "K-1", title: "Ceramic seals for abrasive media", orientation: .explorative,
                                 origin: .orders(["O-1"]), originUnit: "U-eng", originRole: .front,
                                 originStrategy: .eto, acquired: d(5))
        try item.advance(to: .assimilated, at: d(46))
        try item.advance(to: .transformed, at: d(60))
        try item.recordUse(.init(unit: "U-prod", role: .back, strategy: .mts, date: d(70)))
        try item.advance(to: .exploited, at: d(90))
        var standard = try Standard(id: "S-1", name: "Seal selection module", kind: .module,
                                    scope: .init(strategies: [.cto, .mts], units: ["U-prod"]),
                                    provenance: ["K-1"], proposedAt: d(60))
        try standard.adopt(at: d(80))
        try standard.revise(at: d(85), note: "adds ceramic option")
        var laterMTS = try Order(id: "O-3", customer: "C-nord", offering: "Standard pump P10", strategy: .mts,
                                 decouplingPoint: .none, priority: .normal, received: d(86), due: d(89))
        try laterMTS.close(at: d(88), reworkCount: 0, feedbackScore: nil)
        try standard.apply(.init(order: "O-3", date: d(86), deviated: true, note: "seal out of stock"), to: laterMTS)
        let activity = LearningActivity(id: "A-1", kind: .afterActionReview, trigger: .sporadic, date: d(45),
                                        strategy: .eto, units: ["U-prod", "U-eng"], orders: ["O-1"],
                                        reason: "O-1 needed rework", status: .held)
        return LearningOffice(name: "Small office", units: units, partners: partners, orders: [eto, mts, laterMTS],
                              events: events, reflections: [inAction, onAction], knowledgeItems: [item],
                              standards: [standard], activities: [activity])
    }
}
