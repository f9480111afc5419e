@testable import AmbidexCore
import Foundation
import Testing

@Suite("Ambidexterity per unit and strategy, judged against the mode each strategy calls for")
struct AmbidexterityTests {
    typealias F = EvidenceFixtures

    /// Engineering works on four CTO orders in January: developmental learning
    /// touches O-1 and O-2, a rule-level executional reflection O-3 and a
    /// standard someone applied O-4. So X = 2/4 and Y = 2/4.
    func office() -> LearningOffice {
        var b = OfficeBuilder()
        for i in 1...4 {
            b.order("O-\(i)", .cto, received: Double(i), closed: Double(i) + 20)
            b.event("O-\(i)", "U-eng", at: Double(i) + 1, contact: false)
        }
        b.reflection("R-1", .inAction, at: 3, orders: ["O-1"], units: ["U-eng"], logic: .developmental)
        b.reflection("R-2", .inAction, at: 4, orders: ["O-2"], units: ["U-eng", "U-sales"], logic: .developmental)
        b.reflection("R-3", .inAction, at: 5, orders: ["O-3"], units: ["U-eng"], logic: .executional, level: .rule)
        var s = F.standard("S-1", strategies: [.cto], adopted: 0)
        F.apply(&s, to: "O-4", in: b.office, at: 5)
        b.office.standards = [s]
        return b.office
    }

    func eng(_ office: LearningOffice, asOf: Double = 60) throws -> UnitAmbidexterity {
        try #require(Ambidexterity.overall(office, asOf: F.d(asOf), minimumOrders: 1).first { $0.unit == "U-eng" })
    }

    @Test("X and Y are shares of the unit's orders; the gap is the share of exploration minus the share CTO calls for")
    func shares() throws {
        let e = try eng(office())
        #expect(e.orders == 4)
        #expect(e.exploration == 0.5 && e.exploitation == 0.5)
        #expect(e.explorationShare == 0.5)
        #expect(abs(e.targetExplorationShare - 2.0 / 3) < 1e-12)
        #expect(abs(e.gap! + 1.0 / 6) < 1e-12)
        #expect(e.judgement == .tooExploitative)       // X = Y is not the ideal for customized work
        #expect(e.balance == 1 && e.combined == 0.25)  // Cao et al.'s dimensions, beside the judgement
        #expect(e.period == "all" && e.strategy == nil)
    }

    @Test("the same X and Y are in mode under a standardized strategy that calls for exploitation only when Y leads")
    func modeDependsOnStrategy() throws {
        var b = OfficeBuilder()
        for i in 1...3 {
            b.order("O-\(i)", .mts, received: Double(i), closed: Double(i) + 2)
            b.event("O-\(i)", "U-prod", at: Double(i) + 1, contact: false)
        }
        b.reflection("R-1", .inAction, at: 1.5, orders: ["O-1"], units: ["U-prod"], logic: .developmental)
        b.reflection("R-2", .inAction, at: 2.5, orders: ["O-2"], units: ["U-prod"], logic: .executional, level: .routine)
        b.reflection("R-3", .inAction, at: 3.5, orders: ["O-3"], units: ["U-prod"], logic: .executional, level: .routine)
        let prod = try #require(Ambidexterity.overall(b.office, asOf: F.d(30), minimumOrders: 1).first { $0.unit == "U-prod" })
        #expect(abs(prod.explorationShare! - 1.0 / 3) < 1e-12)
        #expect(abs(prod.targetExplorationShare - 1.0 / 3) < 1e-12)
        #expect(prod.judgement == .inMode)
        b.office.reflections[1] = F.reflection("R-2", .inAction, at: 2.5, orders: ["O-2"], units: ["U-prod"], logic: .developmental)
        b.office.reflections[2] = F.reflection("R-3", .inAction, at: 3.5, orders: ["O-3"], units: ["U-prod"], logic: .developmental)
        let excess = try #require(Ambidexterity.overall(b.office, asOf: F.d(30), minimumOrders: 1).first { $0.unit == "U-prod" })
        #expect(excess.judgement == .tooExplorative)   // "an excess of explorative activities will hinder efficiency"
    }

    @Test("per unit × strategy, so a unit's strategy mix does not move its X and Y; its overall target is weighted by its orders")
    func byStrategy() throws {
        var o = office()
        var b = OfficeBuilder()
        b.office = o
        for i in 5...6 {
            b.order("O-\(i)", .mts, received: Double(i), closed: Double(i) + 2)
            b.event("O-\(i)", "U-eng", at: Double(i) + 1, contact: false)
        }
        o = b.office
        let rows = Ambidexterity.byStrategy(o, asOf: F.d(60), minimumOrders: 1).filter { $0.unit == "U-eng" }
        #expect(rows.map(\.strategy) == [.mts, .cto])
        #expect(rows[1].exploration == 0.5 && rows[1].exploitation == 0.5)
        #expect(rows[0].exploration == 0 && rows[0].exploitation == 0 && rows[0].judgement == .noLearning)
        let all = try eng(o)
        #expect(abs(all.targetExplorationShare - (4 * 2.0 / 3 + 2 * 1.0 / 3) / 6) < 1e-12)
    }

    @Test("one order can count for both X and Y: they are independent, not two halves of one whole")
    func independent() throws {
        var o = office()
        o.reflections.append(F.reflection("R-4", .onAction, at: 30, orders: ["O-1", "O-2", "O-3"], units: ["U-eng"], logic: .executional))
        let e = try eng(o)
        #expect(e.exploitation == 1)
    }

    @Test("a retrospective naming more orders than the rule allows is not learning about each of them")
    func broadRetrospective() throws {
        var o = office()
        o.reflections.append(F.reflection("R-4", .onAction, at: 30, orders: ["O-1", "O-2", "O-3", "O-4"], units: ["U-eng"], logic: .executional))
        #expect(try eng(o).exploitation == 0.5)
        #expect(Ambidexterity.overall(o, asOf: F.d(60), minimumOrders: 1, specificMaxOrders: 4).first { $0.unit == "U-eng" }?.exploitation == 1)
    }

    @Test("a reflection-based executional reflection counts half toward exploration")
    func actionLevel() throws {
        var o = office()
        o.reflections[2] = F.reflection("R-3", .inAction, at: 5, orders: ["O-3"], units: ["U-eng"], logic: .executional)  // reflection level
        let e = try eng(o)
        #expect(e.exploration == 2.5 / 4 && e.exploitation == 0.5)
    }

    @Test("automatic applications are no act of exploitation; an application names the unit that applied it")
    func applications() throws {
        var o = office()
        let order = o.orders.first { $0.id == "O-4" }!
        var s = F.standard("S-1", strategies: [.cto], adopted: 0)
        try s.apply(.init(order: "O-4", date: F.d(5), deviated: false, automatic: true), to: order)
        o.standards = [s]
        #expect(try eng(o).exploitation == 0.25)
        s = F.standard("S-1", strategies: [.cto], adopted: 0)
        try s.apply(.init(order: "O-4", date: F.d(5), deviated: false, appliedBy: "U-prod"), to: order)
        o.standards = [s]
        #expect(try eng(o).exploitation == 0.25)
        s = F.standard("S-1", strategies: [.cto], adopted: 0)
        try s.apply(.init(order: "O-4", date: F.d(5), deviated: false, appliedBy: "U-eng"), to: order)
        o.standards = [s]
        #expect(try eng(o).exploitation == 0.5)
    }

    @Test("an explorative item the unit acquired from an order counts as exploration; an exploitative one, or another unit's, does not")
    func knowledgeItems() throws {
        var o = office()
        o.reflections.removeAll { $0.id == "R-2" }
        o.knowledgeItems = [
            F.item("K-1", orientation: .explorative, origin: .orders(["O-2"]), unit: "U-eng", transform: false),
            F.item("K-2", orientation: .exploitative, origin: .orders(["O-3", "O-4"]), unit: "U-eng", transform: false),
            F.item("K-3", orientation: .explorative, origin: .orders(["O-3"]), unit: "U-prod", transform: false),
        ]
        let e = try eng(o)
        #expect(e.exploration == 0.5 && e.exploitation == 0.5)
    }

    @Test("an application naming no unit counts for the units of the standard's scope (any unit on the order when it names none)")
    func scopedStandard() throws {
        var o = office()
        o.standards[0].scope.units = ["U-prod"]
        #expect(try eng(o).exploitation == 0.25)
        o.standards[0].scope.units = ["U-prod", "U-eng"]
        #expect(try eng(o).exploitation == 0.5)
    }

    @Test("a standard never adopted has no applications, and a partner-only reflection is no unit's learning")
    func notAdoptedNotJoined() throws {
        var o = office()
        o.standards = [F.standard("S-2", strategies: [.cto], adopted: nil)]
        o.reflections.append(F.reflection("R-p", .inAction, at: 6, orders: ["O-4"], units: [], partners: ["C-1"], logic: .executional))
        #expect(try eng(o).exploitation == 0.25)
    }

    @Test("unit-periods with too few orders are left out")
    func minimum() {
        #expect(Ambidexterity.overall(office(), asOf: F.d(60), minimumOrders: 5).isEmpty)
        let quarters = Period.quarters(from: F.d(0), to: F.d(100))
        #expect(Ambidexterity.perUnit(office(), periods: quarters, minimumOrders: 1).map(\.period) == ["2025-Q1"])
        #expect(Ambidexterity.perUnit(office(), periods: quarters, minimumOrders: 5).isEmpty)
    }

    @Test("an order belongs to the periods in which the unit has events on it")
    func periods() throws {
        var b = OfficeBuilder()
        b.office = office()
        // Engineering works again on O-1 in Q2, and on a new order O-5 there.
        b.event("O-1", "U-eng", at: 95, contact: false)
        b.order("O-5", .cto, received: 92, closed: 120)
        b.event("O-5", "U-eng", at: 93, contact: false)
        let quarters = Period.quarters(from: F.d(0), to: F.d(130))
        let rows = Ambidexterity.perUnit(b.office, periods: quarters, minimumOrders: 1).filter { $0.unit == "U-eng" }
        #expect(rows.map(\.period) == ["2025-Q1", "2025-Q2"])
        #expect((rows[0].orders, rows[0].exploration, rows[0].exploitation) == (4, 0.5, 0.5))
        #expect((rows[1].orders, rows[1].exploration, rows[1].exploitation) == (2, 0.5, 0))
    }

    @Test("learning dated after the as-of date does not count yet; learning after the period but by then does")
    func asOf() throws {
        var o = office()
        o.reflections.append(F.reflection("R-late", .onAction, at: 50, orders: ["O-3", "O-4"], units: ["U-eng"], logic: .developmental))
        #expect(try eng(o, asOf: 40).exploration == 0.5)
        #expect(try eng(o, asOf: 60).exploration == 1)
        let january = Period(start: F.d(0), end: F.d(31), label: "Jan")
        let before = Ambidexterity.perUnit(o, periods: [january], asOf: F.d(40), minimumOrders: 1).first { $0.unit == "U-eng" }
        let after = Ambidexterity.perUnit(o, periods: [january], asOf: F.d(60), minimumOrders: 1).first { $0.unit == "U-eng" }
        #expect(before?.exploration == 0.5)
        #expect(after?.exploration == 1)
    }

    @Test("no events, no rows")
    func empty() {
        #expect(Ambidexterity.overall(OfficeBuilder().office, asOf: F.d(10), minimumOrders: 1).isEmpty)
        #expect(Ambidexterity.byStrategy(OfficeBuilder().office, asOf: F.d(10), minimumOrders: 1).isEmpty)
        #expect(Ambidexterity.perUnit(OfficeBuilder().office, periods: [], minimumOrders: 1).isEmpty)
    }
}
