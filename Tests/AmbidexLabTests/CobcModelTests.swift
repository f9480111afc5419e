import AmbidexCore
import Foundation
@testable import AmbidexLab
import Testing

@Suite("COBC extension of March's model")
struct CobcModelTests {
    /// Period by period, the whole state (reality, code, every belief) of both models from one seed.
    func paths(_ policy: CobcPolicy, _ march: MarchParameters, periods: Int, seed: UInt64) -> (cobc: [[UInt64]], march: [[UInt64]]) {
        var c = CobcRun(policy, seed: seed, envSeed: seed &+ 99)
        func state(_ c: borrowing CobcRun) -> [UInt64] {
            [c.reality, c.codeNZ, c.codeSG] + (0..<c.n).flatMap { [c.nzp[$0], c.sgp[$0]] }
        }
        var cobc = [state(c)]
        for _ in 0..<periods {
            c.step()
            cobc.append(state(c))
        }
        var m = MarchRun(march, seed: seed)
        var base = [[UInt64]]()
        _ = m.run(periods: periods, fastCount: 0) { _, s in
            base.append([s.reality, s.codeNZ, s.codeSG] + zip(s.beliefNZ, s.beliefSG).flatMap { [$0, $1] })
        }
        return (cobc, base)
    }

    @Test("reduces to March (1991) draw for draw: one back-office unit, make-to-stock only", arguments: [
        (0.1, 0.9, 0.0, 0.0), (0.5, 0.5, 0.0, 0.0), (0.9, 0.1, 0.0, 0.0), (0.5, 0.5, 0.1, 0.0), (0.5, 0.5, 0.1, 0.02), (1.0, 1.0, 0.0, 0.0),
    ])
    func reducesToMarch(p1: Double, p2: Double, p3: Double, p4: Double) {
        for seed in [1, 2, 3] as [UInt64] {
            let (cobc, march) = paths(.march(p1: p1, p2: p2, p3: p3, p4: p4), .homogeneous(p1: p1, p2: p2, p3: p3, p4: p4), periods: 60, seed: seed)
            #expect(cobc == march)
        }
    }

    @Test("reduces to March with five units and a standardized mix when nobody learns in action or from peers")
    func reducesWithUnits() {
        var p = CobcPolicy.march(p1: 0.3, p2: 0.7)
        p.units = [.sales, .engineering, .planning, .purchasing, .production]
        p.mix = [.mts: 0.5, .ato: 0.3, .mto: 0.2]
        p.reflectionInAction = 0.5      // nobody is front office on a customized order, so nothing to learn
        p.rotation = 0.2
        let (cobc, march) = paths(p, .homogeneous(p1: 0.3, p2: 0.7), periods: 80, seed: 11)
        #expect(cobc == march)
    }

    @Test("each extension lever changes the run: the tests above are not vacuous")
    func leversMatter() {
        let base = CobcPolicy.march(p1: 0.3, p2: 0.7)
        let march = MarchParameters.homogeneous(p1: 0.3, p2: 0.7)
        var withETO = base
        withETO.units = [.engineering]
        withETO.mix = [.eto: 1]
        withETO.reflectionInAction = 0.2
        var withPeers = base
        withPeers.units = [.sales, .production]
        withPeers.reflectionJoins = .withinUnit
        withPeers.peerLearning = 0.3
        var seldom = base
        seldom.reflectionEvery = 4
        for p in [withETO, withPeers, seldom] {
            let (cobc, base) = paths(p, march, periods: 40, seed: 5)
            #expect(cobc != base, "\(p)")
        }
    }

    @Test("reflection in action raises the fit of customized orders")
    func inActionRaisesFit() throws {
        var none = CobcPolicy()
        none.name = "none"
        none.reflectionInAction = 0
        var some = none
        some.name = "some"
        some.reflectionInAction = 0.3
        let o = try CobcExperiment(policies: [none, some], runs: 60, periods: 40, seed: 3).run(threads: 2)
        let d = try #require(o.results[1].difference(.fit(.eto)))
        #expect(d.low > 0)
        #expect(try #require(o.results[1].difference(.fit(.cto))).low > 0)
    }

    @Test("codification only at reflection periods: with reflection every 1000 periods the code never moves")
    func codificationFollowsReflection() {
        var p = CobcPolicy()
        p.reflectionEvery = 1_000
        var r = CobcRun(p, seed: 1, envSeed: 2)
        for _ in 0..<50 { r.step() }
        #expect(r.codeNZ == 0)
        p.reflectionEvery = 1
        var q = CobcRun(p, seed: 1, envSeed: 2)
        for _ in 0..<50 { q.step() }
        #expect(q.codeNZ != 0)
    }

    @Test("rotation swaps people between units: unit sizes hold, membership changes")
    func rotation() {
        var p = CobcPolicy()
        p.rotation = 0.2
        var r = CobcRun(p, seed: 1, envSeed: 2)
        let before = r.unitOf
        for _ in 0..<10 { r.step() }
        #expect(r.unitOf != before)
        #expect(r.unitOf.sorted() == before.sorted())
        p.rotation = 0
        var still = CobcRun(p, seed: 1, envSeed: 2)
        for _ in 0..<10 { still.step() }
        #expect(still.unitOf == before)
    }

    @Test("groups across units are unit-sized and draw from every unit; within-unit groups are the units")
    func groups() {
        var p = CobcPolicy()
        p.reflectionJoins = .acrossUnits
        var r = CobcRun(p, seed: 1, envSeed: 2)
        let across = r.groups()
        #expect(across.count == 5 && across.allSatisfy { $0.count == 10 })
        #expect(across.allSatisfy { g in Set(g.map { r.unitOf[$0] }).count == 5 })
        #expect(Set(across.flatMap { $0 }).count == 50)
        p.reflectionJoins = .withinUnit
        var w = CobcRun(p, seed: 1, envSeed: 2)
        #expect(w.groups().allSatisfy { g in Set(g.map { w.unitOf[$0] }).count == 1 })
    }

    @Test("diversity is 0 when all agree and about 1 for uniform beliefs")
    func diversity() {
        let r = CobcRun(CobcPolicy(), seed: 4, envSeed: 5)
        #expect(abs(r.diversity - 1) < 0.05)
        let q = CobcRun(CobcPolicy(), seed: 4, envSeed: 5)
        for i in 0..<q.n { q.nzp[i] = q.full; q.sgp[i] = 0b1011 }
        #expect(q.diversity == 0)
    }

    @Test("customers: ETO differs on its custom dimensions, CTO only inside its configurable ones")
    func customers() {
        var p = CobcPolicy()
        p.etoCustomDimensions = 7
        p.ctoConfigurableDimensions = 12
        p.ctoCustomDimensions = 4
        let r = CobcRun(p, seed: 9, envSeed: 10)
        #expect(r.etoMask.nonzeroBitCount == 7)
        #expect(r.ctoMask.nonzeroBitCount == 4 && r.ctoMask & ~0xFFF == 0)
        #expect(r.customer(CobcRun.eto).reality ^ r.reality == r.etoMask)
        #expect(r.customer(CobcRun.eto).scope == r.full)
        #expect(r.customer(0).reality == r.reality && r.customer(0).scope == 0)
    }

    @Test("the same seed gives the same experiment on one and two threads")
    func threads() throws {
        let e = CobcExperiment(policies: CobcScenario.joins.policies(), runs: 20, periods: 30, seed: 77)
        // Compared as JSON: a missing fit is NaN, and NaN is never == NaN.
        let json = JSONEncoder()
        json.outputFormatting = .sortedKeys
        #expect(try json.encode(e.run(threads: 1)) == json.encode(e.run(threads: 2)))
    }

    @Test("policy files: defaults for missing keys, unknown keys and bad values refused with the reason")
    func policyFiles() throws {
        let p = try JSONDecoder().decode(CobcPolicy.self, from: Data(#"{"rotation": 0.2, "mix": {"eto": 1, "MTS": 3}}"#.utf8))
        #expect(p.rotation == 0.2 && p.mix == [.eto: 1, .mts: 3] && p.socialisation == CobcPolicy().socialisation)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CobcPolicy.self, from: Data(#"{"rotaton": 0.2}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CobcPolicy.self, from: Data(#"{"mix": {"xto": 1}}"#.utf8)) }
        var bad = CobcPolicy()
        bad.turnover = 1.5
        #expect(throws: LabError.self) { try bad.validate() }
        bad = CobcPolicy()
        bad.ctoCustomDimensions = 11
        #expect(throws: LabError.self) { try bad.validate() }
        var roundTrip = CobcPolicy()
        try roundTrip.set("units", to: "sales, production")
        try roundTrip.set("reflectionJoins", to: "acrossUnits")
        #expect(try JSONDecoder().decode(CobcPolicy.self, from: JSONEncoder().encode(roundTrip)) == roundTrip)
        #expect(throws: LabError.self) { try roundTrip.set("reflectionJoins", to: "everyone") }
        #expect(throws: LabError.self) { try roundTrip.set("p9", to: "1") }
    }

    @Test("results are JSON without NaN and decode back")
    func outcomeJSON() throws {
        var p = CobcPolicy()
        p.mix = [.mts: 1]
        let o = try CobcExperiment(policies: [p], runs: 5, periods: 5, seed: 1).run(threads: 1)
        #expect(o.results[0].summary(.fit(.eto)).mean.isNaN)
        let data = try JSONEncoder().encode(o)
        let back = try JSONDecoder().decode(CobcOutcome.self, from: data)
        #expect(back.results[0].summary(.codeKnowledge) == o.results[0].summary(.codeKnowledge))
        #expect(back.results[0].summary(.fit(.eto)).mean.isNaN)
    }

    @Test("the chart draws one line per policy and skips periods without a value")
    func chart() throws {
        let o = try CobcExperiment(policies: CobcScenario.rotation.policies(), runs: 10, periods: 12, seed: 1).run(threads: 2)
        let c = o.chart(.individualKnowledge)
        #expect(c.series.count == 4 && c.series.allSatisfy { $0.points.count == 13 })
        #expect(o.chart(.fit(.mts)).series[0].points.count == 12)
        #expect(c.svg().contains("rotation 0.3"))
    }
}
