@testable import AmbidexCore
import Foundation
import Testing

@Suite("Reflections, knowledge items, standards and activities")
struct LearningRulesTests {
    static func d(_ n: Double) -> Date { OfficeBuilder.d(n) }

    @Test("a reflection needs participants and orders; in action it concerns one order")
    func reflectionShape() {
        #expect(throws: DomainError.self) {
            try Reflection(id: "R", mode: .onAction, trigger: .planned, actionLevel: .rule, logic: .executional, date: Self.d(0),
                           summary: "", units: [], orders: ["O-1"])
        }
        #expect(throws: DomainError.self) {
            try Reflection(id: "R", mode: .onAction, trigger: .planned, actionLevel: .rule, logic: .executional, date: Self.d(0),
                           summary: "", units: ["U"], orders: [])
        }
        #expect(throws: DomainError.self) {
            try Reflection(id: "R", mode: .inAction, trigger: .recurrent, actionLevel: .rule, logic: .executional, date: Self.d(0),
                           summary: "", units: ["U"], orders: ["O-1", "O-2"])
        }
        #expect(throws: Never.self) {
            try Reflection(id: "R", mode: .onAction, trigger: .planned, actionLevel: .rule, logic: .executional, date: Self.d(0),
                           summary: "", units: [], partners: ["C-1"], orders: ["O-1", "O-2"])
        }
    }

    @Test("in action needs the order open that day; on action needs it closed, or a phase it reviews; unknown orders are named")
    func reflectionTiming() throws {
        var b = OfficeBuilder()
        b.order("O-1", .eto, received: 0, closed: 10)
        let lookup: (OrderID) -> Order? = { id in b.office.orders.first { $0.id == id } }
        func r(_ mode: Reflection.Mode, _ day: Double, _ order: OrderID = "O-1", phase: Stage? = nil) throws -> Reflection {
            try Reflection(id: "R", mode: mode, trigger: .sporadic, actionLevel: .rule, logic: .executional, date: Self.d(day),
                           summary: "", units: ["U-eng"], orders: [order], phase: phase)
        }
        #expect(throws: Never.self) { try r(.inAction, 5).validate(against: lookup) }
        #expect(throws: DomainError.self) { try r(.inAction, 11).validate(against: lookup) }
        #expect(throws: Never.self) { try r(.onAction, 10).validate(against: lookup) }
        #expect(throws: DomainError.invalid("reflection R is on action, but order O-1 is still open: name the phase it reviews, or wait until the order closes")) {
            try r(.onAction, 9).validate(against: lookup)
        }
        // A gate review of the finished design phase is learning from the order while it is still open.
        #expect(throws: Never.self) { try r(.onAction, 9, phase: .design).validate(against: lookup) }
        #expect(throws: DomainError.self) { try r(.inAction, 5, phase: .design) }
        #expect(throws: DomainError.unknown("reflection R names order O-9, which does not exist")) { try r(.onAction, 20, "O-9").validate(against: lookup) }
    }

    @Test("only one step forward, or out before exploitation, is legal")
    func absorptionTransitions() {
        let legal: Set<[AbsorptionStage]> = [[.acquired, .assimilated], [.assimilated, .transformed], [.transformed, .exploited],
                                              [.acquired, .discarded], [.assimilated, .discarded], [.transformed, .discarded]]
        for from in AbsorptionStage.allCases {
            for to in AbsorptionStage.allCases {
                #expect(from.next.contains(to) == legal.contains([from, to]), "\(from) → \(to)")
            }
        }
        #expect(AbsorptionStage.exploited.isTerminal && AbsorptionStage.discarded.isTerminal)
    }

    func item() -> KnowledgeItem {
        KnowledgeItem(id: "K-1", title: "t", orientation: .explorative, origin: .partner("C-1"), originUnit: "U-eng",
                      originRole: .front, acquired: Self.d(0))
    }

    @Test("a knowledge item advances legally, forward in time, and is used only once transformed")
    func knowledgeItem() throws {
        var k = item()
        #expect(throws: DomainError.self) { try k.advance(to: .transformed, at: Self.d(1)) }
        #expect(throws: DomainError.self) { try k.recordUse(.init(unit: "U-prod", role: .back, strategy: nil, date: Self.d(1))) }
        try k.advance(to: .assimilated, at: Self.d(2))
        #expect(throws: DomainError.self) { try k.advance(to: .transformed, at: Self.d(1)) }
        try k.advance(to: .transformed, at: Self.d(5))
        #expect(throws: DomainError.self) { try k.recordUse(.init(unit: "U-prod", role: .back, strategy: nil, date: Self.d(4))) }
        try k.recordUse(.init(unit: "U-prod", role: .back, strategy: .mts, date: Self.d(6)))
        try k.advance(to: .exploited, at: Self.d(30))
        #expect(k.cycleTimeDays == 30)
        #expect(k.stage == .exploited)
        #expect(throws: DomainError.self) { try k.advance(to: .discarded, at: Self.d(40)) }
    }

    @Test("restoring an item from stored history re-checks every transition")
    func restore() throws {
        let ok = try KnowledgeItem(id: "K", title: "t", orientation: .exploitative, origin: .orders(["O-1"]), originUnit: "U",
                                   originRole: .back, originStrategy: .mts,
                                   history: [.init(stage: .acquired, date: Self.d(0)), .init(stage: .assimilated, date: Self.d(1))], uses: [])
        #expect(ok.stage == .assimilated)
        #expect(throws: DomainError.self) {
            try KnowledgeItem(id: "K", title: "t", orientation: .exploitative, origin: .orders([]), originUnit: "U", originRole: .back,
                              originStrategy: nil, history: [.init(stage: .acquired, date: Self.d(0)), .init(stage: .exploited, date: Self.d(1))], uses: [])
        }
        #expect(throws: DomainError.self) {
            try KnowledgeItem(id: "K", title: "t", orientation: .exploitative, origin: .orders([]), originUnit: "U", originRole: .back,
                              originStrategy: nil, history: [.init(stage: .assimilated, date: Self.d(0))], uses: [])
        }
    }

    func standard() throws -> Standard {
        try Standard(id: "S-1", name: "Module", kind: .module, scope: .init(strategies: [.cto]), provenance: ["K-1"], proposedAt: Self.d(10))
    }

    @Test("a standard is adopted only when proposed, not before, and retired once")
    func standardLifecycle() throws {
        var s = try standard()
        #expect(throws: DomainError.self) { try s.adopt(at: Self.d(5)) }
        try s.adopt(at: Self.d(12))
        #expect(throws: DomainError.self) { try s.adopt(at: Self.d(13)) }
        #expect(s.isAdopted(at: Self.d(12)) && !s.isAdopted(at: Self.d(11)))
        try s.revise(at: Self.d(20), note: "v2")
        #expect(s.version == 2)
        #expect(throws: DomainError.self) { try s.revise(at: Self.d(15), note: "back in time") }
        try s.retire(at: Self.d(30), reason: "superseded")
        #expect(!s.isAdopted(at: Self.d(31)))
        #expect(throws: DomainError.self) { try s.retire(at: Self.d(31), reason: "again") }
        #expect(throws: DomainError.self) { try s.revise(at: Self.d(32), note: "too late") }
        #expect(throws: DomainError.self) { try Standard(id: "S", name: "  ", kind: .routine, scope: .init(strategies: []), provenance: [], proposedAt: Self.d(0)) }
    }

    @Test("a standard is applied only while adopted and only inside its scope; deviations are counted")
    func standardApplication() throws {
        var s = try standard()
        var b = OfficeBuilder()
        b.order("O-cto", .cto, received: 15)
        b.order("O-mts", .mts, received: 15)
        let cto = b.office.orders[0], mts = b.office.orders[1]
        #expect(throws: DomainError.self) { try s.apply(.init(order: "O-cto", date: Self.d(15), deviated: false), to: cto) }
        try s.adopt(at: Self.d(12))
        #expect(throws: DomainError.self) { try s.apply(.init(order: "O-mts", date: Self.d(15), deviated: false), to: mts) }
        #expect(throws: DomainError.self) { try s.apply(.init(order: "O-mts", date: Self.d(15), deviated: false), to: cto) }
        #expect(throws: DomainError.self) { try s.apply(.init(order: "O-cto", date: Self.d(11), deviated: false), to: cto) }
        try s.apply(.init(order: "O-cto", date: Self.d(15), deviated: true), to: cto)
        try s.apply(.init(order: "O-cto", date: Self.d(16), deviated: false), to: cto)
        #expect(s.deviations.count == 1)
        #expect(s.deviationRate() == 0.5)
        #expect(s.deviationRate(since: Self.d(16)) == 0)
        #expect(try standard().deviationRate() == nil)
        // An automatic application (recorded because the order is in scope) was not checked: it cannot deviate, and it does not dilute the rate.
        #expect(throws: DomainError.self) { try s.apply(.init(order: "O-cto", date: Self.d(17), deviated: true, automatic: true), to: cto) }
        try s.apply(.init(order: "O-cto", date: Self.d(17), deviated: false, automatic: true), to: cto)
        #expect(s.deviationRate() == 0.5)
    }

    @Test("restoring a standard checks its status against its dates")
    func standardRestore() throws {
        var s = try standard()
        try s.adopt(at: Self.d(12))
        let restored = try Standard.restore(id: s.id, name: s.name, kind: s.kind, scope: s.scope, provenance: s.provenance, status: .adopted,
                                            proposedAt: s.proposedAt, adoptedAt: s.adoptedAt, retiredAt: nil, retirementReason: nil,
                                            versions: s.versions, applications: [])
        #expect(restored == s)
        #expect(throws: DomainError.self) {
            try Standard.restore(id: s.id, name: s.name, kind: s.kind, scope: s.scope, provenance: [], status: .retired, proposedAt: s.proposedAt,
                                 adoptedAt: s.adoptedAt, retiredAt: nil, retirementReason: nil, versions: [], applications: [])
        }
    }

    @Test("activity kinds know whether they reflect in or on action")
    func activityModes() {
        let inAction = LearningActivity.Kind.allCases.filter { $0.mode == .inAction }
        #expect(Set(inAction) == [.orderKickOff, .inOrderStandUp, .customerCoDesignSession, .dailyFlowMeeting])
        #expect(LearningActivity.Kind.allCases.allSatisfy { !$0.label.isEmpty })
    }

    @Test("the office checks references across its collections")
    func officeValidation() throws {
        var b = OfficeBuilder()
        b.order("O-1", .eto, received: 0)
        try b.office.validate()
        var unknownCustomer = b.office
        unknownCustomer.partners = []
        #expect(throws: DomainError.self) { try unknownCustomer.validate() }
        var unknownUnit = b.office
        unknownUnit.events = [OrderEvent(order: "O-1", activity: "a", stage: .design, unit: "U-ghost", timestamp: Self.d(1), customerContact: false)]
        #expect(throws: DomainError.self) { try unknownUnit.validate() }
        var badReflection = b.office
        badReflection.reflections = [try Reflection(id: "R", mode: .onAction, trigger: .planned, actionLevel: .rule, logic: .executional,
                                                    date: Self.d(1), summary: "", units: ["U-eng"], orders: ["O-1"])]
        #expect(throws: DomainError.self) { try badReflection.validate() }
        #expect(b.office.asOf == Self.d(0))
    }
}
