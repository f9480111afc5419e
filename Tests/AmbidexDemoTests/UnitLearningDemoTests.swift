import AmbidexCore
import AmbidexDemo
import Foundation
import Testing

@Suite("Units' learning on the demo company")
struct UnitLearningDemoTests {
    @Test("on the demo company the quarters agree with the report's, and the units' flows add up to the office's")
    func agreesWithTheReport() {
        let office = DemoCompany.generate(orders: 1_500)
        let report = EvidenceReport.make(office)
        let (quarters, units) = UnitLearning.make(office, asOf: office.asOf, quarters: 8)
        #expect(quarters.count == 8)
        #expect(Array(quarters.suffix(report.periods.count)) == report.periods)
        #expect(units.map(\.unit) == office.units.map(\.id))
        // The report's last quarters are the units' last quarters, figure for figure.
        for a in report.ambidexterityByPeriod {
            let u = units.first { $0.unit == a.unit }!
            let i = quarters.firstIndex { $0.label == a.period }!
            #expect(Self.same(u.byQuarter[i], a), "\(a.unit) \(a.period)")
        }
        let overall = units.compactMap(\.overall)
        #expect(overall.count == report.ambidexterity.count && zip(overall, report.ambidexterity).allSatisfy { Self.same($0, $1) })
        // Every use between two units is out for one and in for the other; the office counts all uses once.
        let out = units.map(\.flow.usedByOthers).reduce(0, +), inn = units.map(\.flow.usedFromOthers).reduce(0, +)
        let within = units.map(\.flow.usedWithin).reduce(0, +)
        #expect(out == inn && out > 0)
        #expect(out + within == report.knowledgeFlow.uses)
        #expect(units.map(\.flow.usedByOthersAcrossOffices).reduce(0, +) == units.map(\.flow.usedFromOthersAcrossOffices).reduce(0, +))
        #expect(units.map(\.flow.acquired).reduce(0, +) == office.knowledgeItems.filter { $0.acquiredAt <= office.asOf }.count)
    }

    /// Equal figures; the target share is a weighted mean summed over a set, so it may differ in its last bits.
    static func same(_ a: UnitAmbidexterity?, _ b: UnitAmbidexterity) -> Bool {
        guard let a else { return false }
        return (a.unit, a.period, a.orders, a.judgement) == (b.unit, b.period, b.orders, b.judgement)
            && (a.exploration, a.exploitation, a.balance, a.combined) == (b.exploration, b.exploitation, b.balance, b.combined)
            && abs(a.targetExplorationShare - b.targetExplorationShare) < 1e-12
    }
}
