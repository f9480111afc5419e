@testable import AmbidexLab
import Testing

/// Rule-level checks on small hand-built states.
@Suite("March model rules")
struct MarchRulesTests {
    /// A run with all individuals and the code set by hand.
    func state(m: Int = 4, p1: [Double], p2: Double = 1, reality: UInt64 = 0b1111) -> MarchRun {
        var r = MarchRun(MarchParameters(p1: p1, p2: p2, m: m), seed: 1)
        r.reality = reality
        return r
    }

    @Test("socialisation moves one step toward the code: 0 → c and −c → 0, never −c → c in one period")
    func socialisationOneStep() {
        var r = state(p1: [1, 1], p2: 0)
        r.codeNZ = 0b0011; r.codeSG = 0b0011           // code: +1 on dims 0 and 1, 0 elsewhere
        r.beliefNZ = [0b0001, 0b0000]; r.beliefSG = [0b0000, 0b0000] // first: −1 on dim 0; second: all 0
        r.step()
        #expect(r.beliefNZ[0] & 0b0011 == 0b0010)         // dim 0: −1 → 0; dim 1: 0 → +1
        #expect(r.beliefSG[0] & 0b0011 == 0b0010)
        #expect(r.beliefNZ[1] & 0b0011 == 0b0011)         // both dims reach the code
        #expect(r.beliefNZ[1] & 0b1100 == 0)              // where the code is 0, nothing moves
    }

    @Test("with p1 = 0 nobody is socialised")
    func noSocialisation() {
        var r = state(p1: [0, 0], p2: 0)
        r.codeNZ = 0b1111; r.codeSG = 0b1111
        r.beliefNZ = [0, 0b1111]; r.beliefSG = [0, 0]
        r.step()
        #expect(r.beliefNZ == [0, 0b1111] && r.beliefSG == [0, 0])
    }

    @Test("the code jumps to a superior majority, including from −1 straight to +1")
    func codeJumps() {
        var r = state(p1: [0, 0, 0], p2: 1)
        r.codeNZ = 0b0001; r.codeSG = 0                    // code −1 on dim 0 (wrong), score −1
        r.beliefNZ = [0b1111, 0b1111, 0b1111]; r.beliefSG = [0b1111, 0b1111, 0b1111] // all know reality
        r.step()
        #expect(r.codeNZ == 0b1111 && r.codeSG == 0b1111)
    }

    @Test("nobody better than the code means no vote and no change")
    func noSuperior() {
        var r = state(p1: [0, 0], p2: 1)
        r.codeNZ = 0b1111; r.codeSG = 0b1111               // the code is perfect
        r.beliefNZ = [0b1111, 0b1111]; r.beliefSG = [0b0000, 0b0000]
        r.step()
        #expect(r.codeNZ == 0b1111 && r.codeSG == 0b1111)
    }

    @Test("a tied vote leaves the code alone")
    func tie() {
        var r = state(m: 2, p1: [0, 0], p2: 1, reality: 0b11)
        // Both beat the empty code (score 0) with +2 … but disagree on nothing; make them split on dim 1 instead:
        r.beliefNZ = [0b11, 0b11]; r.beliefSG = [0b11, 0b01]   // scores 2 and 0: only the first is superior
        r.step()
        #expect(r.codeSG & 0b11 == 0b11 && r.codeNZ == 0b11)   // one superior voter: it wins both dims
        var changes = 0
        for seed in 0..<200 {
            var u = state(m: 2, p1: [0, 0], p2: 1, reality: 0b11)
            u.codeNZ = 0b01; u.codeSG = 0b00                       // code −1 on dim 0: score −1
            u.beliefNZ = [0b11, 0b01]; u.beliefSG = [0b11, 0b01]    // first scores +2; second +1 on dim 0 and a coin on dim 1
            u.rng = Xoshiro(seed: UInt64(seed))
            u.step()
            // Both are superior. Dim 1: the first votes +1, the second's coin ±1; a −1 coin ties the vote: no change.
            if u.codeNZ & 0b10 != 0 { changes += 1 }
        }
        #expect(changes > 60 && changes < 140)                 // about half the coins break the tie
    }

    @Test("the absorbing test: true only when nobody can be socialised and nobody can beat the code")
    func absorbing() {
        var r = state(p1: [0.5, 0.5])
        r.codeNZ = 0b1111; r.codeSG = 0b1111
        r.beliefNZ = [0b1111, 0b1111]; r.beliefSG = [0b1111, 0b1111]
        let absorbed = r.isAbsorbing()
        #expect(absorbed)
        r.beliefNZ[1] = 0b0111                                 // one 0 where the code is not 0: socialisation pending
        let pending = r.isAbsorbing()
        #expect(!pending)
        var s = state(p1: [0.5])
        s.codeNZ = 0b0011; s.codeSG = 0b0011                   // code score 2 with zeros on dims 2, 3
        s.beliefNZ = [0b0011]; s.beliefSG = [0b0011]           // beliefs = code, but coins on dims 2, 3 could reach 4
        let coinsCouldWin = s.isAbsorbing()
        #expect(!coinsCouldWin)
    }

    @Test("turnover keeps each slot's own socialisation rate")
    func turnoverKeepsRate() {
        let p = MarchParameters(p1: [0.9, 0.1], fastCount: 1, p2: 0.5, p3: 1)
        var r = MarchRun(p, seed: 3)
        for _ in 0..<5 { r.step() }
        let rates = r.socialise
        #expect(rates == [threshold(0.9), threshold(0.1)])
    }

    @Test("Bernoulli words have the asked probability")
    func bernoulli() {
        var rng = Xoshiro(seed: 7)
        let bits = UInt32(0.3 * 16_777_216)
        var ones = 0
        for _ in 0..<2_000 { ones += MarchRun.bernoulliWord(bits, from: bits.trailingZeroBitCount, &rng).nonzeroBitCount }
        let share = Double(ones) / Double(2_000 * 64)
        #expect(abs(share - 0.3) < 0.01)
    }

    @Test("knowledge: score counts wrong against right, frac counts 0 as wrong")
    func knowledge() {
        var r = state(p1: [0], reality: 0b1111)
        r.codeNZ = 0b0111; r.codeSG = 0b0011                   // +1 +1 −1 0 → right 2, wrong 1
        let score = r.codeScore, frac = r.codeFrac
        #expect(score == 0.25)
        #expect(frac == 0.5)
    }

    @Test("parameters outside their ranges are refused")
    func validation() {
        #expect(throws: LabError.self) { try MarchParameters.homogeneous(p1: 1.5, p2: 0.5).validate() }
        #expect(throws: LabError.self) { try MarchParameters.homogeneous(p1: 0.5, p2: 0.5, m: 65).validate() }
        #expect(throws: Never.self) { try MarchParameters.homogeneous(p1: 0.5, p2: 0.5).validate() }
    }
}
