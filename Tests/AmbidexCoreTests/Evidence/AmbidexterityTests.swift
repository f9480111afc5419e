@testable import AmbidexCore
import Testing

@Suite("Ambidexterity per unit")
struct AmbidexterityTests {
    typealias F = EvidenceFixtures

    /// Engineering works on four CTO orders in January: developmental learning
    /// touches O-1 and O-2, an executional reflection O-3 and an applied
    /// standard O-4. So X = 2/4 and Y = 2/4.
    func office() -> LearningOffice {
        var b = OfficeBuilder()
        for i in 1...4 {
            b.order("O-\(i)", .cto, received: Double(i), closed: Double(i) + 20)
            b.event("O-\(i)", "U-eng", at: Double(i) + 1, contact: false)
        }
        b.reflection("R-1", .inAction, at: 3, orders: ["O-1"], units: ["U-eng"], logic: .developmental)
        b.reflection("R-2", .inAction, at: 4, orders: ["O-2"], units: ["U-eng", "U-sales"], logic: .developmental)
        b.reflection("R-3", .inAction, at: 5, orders: ["O-3"], units: ["U-eng"], logic: .executional)
        var s = F.standard("S-1", strategies: [.cto], adopted: 0)
        F.apply(&s, to: "O-4", in: b.office, at: 5)
        b.office.standards = [s]
        return b.office
    }

    func eng(_ office: LearningOffice, asOf: Double = 60) throws -> UnitAmbidexterity {
        try #require(Ambidexterity.overall(office, asOf: F.d(asOf), minimumOrders: 1).first { $0.unit == "U-eng" })
    }

    @Test("X and Y are shares of the unit's orders, with balance 1 − |X − Y| and combined X·Y")
    func shares() throws {
        let e = try eng(office())
        #expect((e.orders, e.exploredOrders, e.exploitedOrders) == (4, 2, 2))
        #expect(e.exploration == 0.5 && e.exploitation == 0.5)
        #expect(e.balance == 1)
        #expect(e.combined == 0.25)
        #expect(e.period == "all")
    }

    @Test("one order can count for both X and Y: they are independent, not two halves of one whole")
    func independent() throws {
        var o = office()
        o.reflections.append(F.reflection("R-4", .onAction, at: 30, orders: ["O-1", "O-2", "O-3", "O-4"], units: ["U-eng"],
                                          logic: .executional))
        let e = try eng(o)
        #expect(e.exploration == 0.5 && e.exploitation == 1)
        #expect(e.balance == 0.5 && e.combined == 0.5)
    }

    @Test("doing little of either is balanced but not ambidextrous")
    func balanceIsNotCombined() throws {
        var o = office()
        o.reflections = []
        o.standards = []
        let e = try eng(o)
        #expect(e.exploration == 0 && e.exploitation == 0)
        #expect(e.balance == 1 && e.combined == 0)
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
        #expect(e.exploredOrders == 2)
        #expect(e.exploitedOrders == 2)
    }

    @Test("a standard scoped to other units is not this unit's exploitation; one scoped to it is")
    func scopedStandard() throws {
        var o = office()
        o.standards[0].scope.units = ["U-prod"]
        let other = try eng(o)
        #expect(other.exploitation == 0.25)
        #expect(abs(other.balance - 0.75) < 1e-12)
        o.standards[0].scope.units = ["U-prod", "U-eng"]
        #expect(try eng(o).exploitation == 0.5)
    }

    @Test("a standard never adopted has no applications, and a partner-only reflection is no unit's learning")
    func notAdoptedNotJoined() throws {
        var o = office()
        o.standards = [F.standard("S-2", strategies: [.cto], adopted: nil)]
        o.reflections.append(F.reflection("R-p", .inAction, at: 6, orders: ["O-4"], units: [], partners: ["C-1"], logic: .executional))
        #expect(try eng(o).exploitedOrders == 1)
    }

    @Test("unit-periods with too few orders are left out")
    func minimum() {
        #expect(Ambidexterity.overall(office(), asOf: F.d(60), minimumOrders: 5).isEmpty)
        let quarters = Period.quarters(from: F.d(0), to: F.d(100))
        let perPeriod = Ambidexterity.perUnit(office(), periods: quarters, minimumOrders: 1)
        #expect(perPeriod.map(\.period) == ["2025-Q1"])
        #expect(Ambidexterity.perUnit(office(), periods: quarters, minimumOrders: 5).isEmpty)
    }

    @Test("an order belongs to the periods in which the unit has events on it")
    func periods() throws {
        var o = office()
        // Engineering works again on O-1 in Q2, and on a new order O-5 there.
        o.events.append(OrderEvent(order: "O-1", activity: "rework", stage: .fabricate, unit: "U-eng", timestamp: F.d(95), customerContact: false))
        var b = OfficeBuilder()
        b.office = o
        b.order("O-5", .cto, received: 92, closed: 120)
        b.event("O-5", "U-eng", at: 93, contact: false)
        let quarters = Period.quarters(from: F.d(0), to: F.d(130))
        let rows = Ambidexterity.perUnit(b.office, periods: quarters, minimumOrders: 1).filter { $0.unit == "U-eng" }
        #expect(rows.map(\.period) == ["2025-Q1", "2025-Q2"])
        #expect((rows[0].orders, rows[0].exploredOrders, rows[0].exploitedOrders) == (4, 2, 2))
        #expect((rows[1].orders, rows[1].exploredOrders, rows[1].exploitedOrders) == (2, 1, 0))
    }

    @Test("learning dated after the as-of date does not count yet; learning after the period but by then does")
    func asOf() throws {
        var o = office()
        o.reflections.append(F.reflection("R-late", .onAction, at: 50, orders: ["O-3", "O-4"], units: ["U-eng"], logic: .developmental))
        #expect(try eng(o, asOf: 40).exploredOrders == 2)
        #expect(try eng(o, asOf: 60).exploredOrders == 4)
        let january = Period(start: F.d(0), end: F.d(31), label: "Jan")
        let before = Ambidexterity.perUnit(o, periods: [january], asOf: F.d(40), minimumOrders: 1).first { $0.unit == "U-eng" }
        let after = Ambidexterity.perUnit(o, periods: [january], asOf: F.d(60), minimumOrders: 1).first { $0.unit == "U-eng" }
        #expect(before?.exploredOrders == 2)
        #expect(after?.exploredOrders == 4)
    }

    @Test("no events, no rows")
    func empty() {
        #expect(Ambidexterity.overall(OfficeBuilder().office, asOf: F.d(10), minimumOrders: 1).isEmpty)
        #expect(Ambidexterity.perUnit(OfficeBuilder().office, periods: [], minimumOrders: 1).isEmpty)
    }
}
