@testable import AmbidexLab
import Testing

@Suite("Parameter sweeps")
struct MarchSweepTests {
    @Test("values parse as lists and ranges; nonsense is refused")
    func parsing() throws {
        #expect(try MarchSweep.parseValues("0.1,0.5,0.9") == [0.1, 0.5, 0.9])
        #expect(try MarchSweep.parseValues("0.1:0.5:0.1") == [0.1, 0.2, 0.3, 0.4, 0.5])
        #expect(throws: LabError.self) { try MarchSweep.parseValues("a,b") }
        #expect(throws: LabError.self) { try MarchSweep.parseValues("0.5:0.1:0.1") }
    }

    @Test("a sweep of p1 at p2 = .9 finds slow socialisation better")
    func p1Sweep() throws {
        let sweep = MarchSweep(parameter: .p1, values: [0.1, 0.9], p2: 0.9)
        let r = try sweep.run(runs: 200, seed: 1)
        #expect(r[0].codeScore > r[1].codeScore + 0.15)
    }

    @Test("turnover without a number of periods is refused; out-of-range values too")
    func validation() {
        #expect(throws: LabError.self) { try MarchSweep(parameter: .p3, values: [0.1]).cells() }
        #expect(throws: LabError.self) { try MarchSweep(parameter: .p2, values: [1.5]).cells() }
        #expect(throws: LabError.self) { try MarchSweep(parameter: .m, values: [80], periods: 10).cells() }
        #expect(throws: Never.self) { try MarchSweep(parameter: .p3, values: [0.1], periods: 20).cells() }
    }
}
