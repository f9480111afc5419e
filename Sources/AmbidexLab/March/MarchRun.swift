/// What one run ends with: March's score (#right − #wrong)/m and the share
/// of matching dimensions (0 counts as wrong), for the code and the people.
public struct MarchOutcome: Sendable, Hashable {
    public var codeScore: Double
    public var codeFrac: Double
    public var individualScore: Double
    public var individualFrac: Double
    /// Averages over the fast and slow groups (nil when a group is empty).
    public var fastScore: Double?
    public var slowScore: Double?
    public var periods: Int
    public var converged: Bool
}

/// One replication of the mutual-learning model (variant `christensen`,
/// synchronous order), with beliefs, code and reality held as bit masks:
/// `nz` marks non-zero values, `sg` marks +1 among them.
struct MarchRun: ~Copyable {
    let m: Int
    let n: Int
    let full: UInt64
    var rng: Xoshiro
    var reality: UInt64
    var codeNZ: UInt64 = 0
    var codeSG: UInt64 = 0
    /// Beliefs live in raw memory owned by the run (hence ~Copyable): the
    /// inner loop reads and writes them without bounds or uniqueness checks.
    let nzp: UnsafeMutablePointer<UInt64>
    let sgp: UnsafeMutablePointer<UInt64>
    var beliefNZ: [UInt64] {
        get { Array(UnsafeBufferPointer(start: nzp, count: n)) }
        set { for i in 0..<n { nzp[i] = newValue[i] } }
    }
    var beliefSG: [UInt64] {
        get { Array(UnsafeBufferPointer(start: sgp, count: n)) }
        set { for i in 0..<n { sgp[i] = newValue[i] } }
    }
    let socialise: [UInt64]
    /// p1 as a 24-bit binary fraction and the index of its lowest set bit,
    /// for drawing a whole word of Bernoulli(p1) bits at once.
    let socialiseBits: [UInt32]
    let socialiseLow: [Int]
    let turnover: UInt64
    let turbulence: UInt64
    /// Threshold of 1 − (1 − p2)^k for every vote margin k.
    let codeLearn: [UInt64]
    /// Scratch for populations above 127, where the 7 bit-sliced counters
    /// would overflow: each individual's actions, and who was superior.
    var actions: [UInt64]
    var superiorFlags: [Bool]

    init(_ p: MarchParameters, seed: UInt64) {
        m = p.m
        n = p.p1.count
        full = m == 64 ? .max : (1 << UInt64(m)) - 1
        rng = Xoshiro(seed: seed)
        reality = 0
        nzp = .allocate(capacity: n)
        sgp = .allocate(capacity: n)
        nzp.initialize(repeating: 0, count: n)
        sgp.initialize(repeating: 0, count: n)
        actions = Array(repeating: 0, count: n)
        superiorFlags = Array(repeating: false, count: n)
        socialise = p.p1.map(threshold)
        socialiseBits = p.p1.map { $0 >= 1 ? UInt32(1 << 24) : UInt32(($0 * 16_777_216).rounded(.down)) }
        socialiseLow = socialiseBits.map { $0 == 0 ? 24 : $0.trailingZeroBitCount }
        turnover = threshold(p.p3)
        turbulence = threshold(p.p4)
        codeLearn = (0...n).map { threshold(1 - pow1m(p.p2, $0)) }
        reality = rng.next() & full
        for i in 0..<n { freshBeliefs(i) }
    }

    deinit {
        nzp.deallocate()
        sgp.deallocate()
    }

    mutating func freshBeliefs(_ i: Int) {
        (nzp[i], sgp[i]) = Self.uniformBeliefs(full, &rng)
    }

    /// A belief uniform over {−1, 0, +1} on every dimension at once: two random
    /// bits per dimension, (0,0) → 0, (0,1) → −1, (1,0) → +1, and (1,1) drawn again.
    @inline(__always)
    static func uniformBeliefs(_ full: UInt64, _ rng: inout Xoshiro) -> (nz: UInt64, sg: UInt64) {
        var pending = full, nz: UInt64 = 0, sg: UInt64 = 0
        while pending != 0 {
            let a = rng.next(), b = rng.next()
            let ok = pending & ~(a & b)
            nz |= ok & (a ^ b)
            sg |= ok & a & ~b
            pending &= ~ok
        }
        return (nz, sg)
    }

    /// One period: turnover, turbulence, then (from the state at the start of
    /// learning) the superior group's vote, socialisation and code learning.
    mutating func step() {
        if turnover != 0 { for i in 0..<n where rng.next() < turnover { freshBeliefs(i) } }
        if turbulence != 0 {
            for j in 0..<m where rng.next() < turbulence { reality ^= 1 << UInt64(j) }
        }
        // The code's score: right minus wrong over its non-zero dimensions.
        let codeWrong = codeNZ & (codeSG ^ reality)
        let codeScore = (codeNZ.nonzeroBitCount - codeWrong.nonzeroBitCount) - codeWrong.nonzeroBitCount
        // Act (a coin for each 0 belief) and vote: bit-sliced counters of +1 actions among the superior.
        var c0: UInt64 = 0, c1: UInt64 = 0, c2: UInt64 = 0, c3: UInt64 = 0, c4: UInt64 = 0, c5: UInt64 = 0, c6: UInt64 = 0
        var superior = 0
        for i in 0..<n {
            let nz = nzp[i]
            let act = ((sgp[i] & nz) | (rng.next() & ~nz)) & full
            let wrong = (act ^ reality).nonzeroBitCount
            if m - 2 * wrong > codeScore {
                superior += 1
                var carry = act
                var t = c0 & carry; c0 ^= carry; carry = t
                t = c1 & carry; c1 ^= carry; carry = t
                t = c2 & carry; c2 ^= carry; carry = t
                t = c3 & carry; c3 ^= carry; carry = t
                t = c4 & carry; c4 ^= carry; carry = t
                t = c5 & carry; c5 ^= carry; carry = t
                c6 ^= carry
                if n > 127 { actions[i] = act; superiorFlags[i] = true }
            } else if n > 127 {
                superiorFlags[i] = false
            }
        }
        // Socialise toward the code as it was at the start of the period: one step, w.p. p1 per dimension.
        if codeNZ != 0 {
            for i in 0..<n {
                (nzp[i], sgp[i]) = Self.socialised(nzp[i], sgp[i], toward: codeNZ, codeSG, threshold: socialise[i],
                                                   bits: socialiseBits[i], low: socialiseLow[i], &rng)
            }
        }
        // The code jumps to the superior group's majority w.p. 1 − (1 − p2)^k.
        guard superior > 0 else { return }
        if n > 127 {
            for j in 0..<m { learn(dim: j, plus: (0..<n).reduce(0) { $0 + (superiorFlags[$1] && actions[$1] >> UInt64(j) & 1 == 1 ? 1 : 0) }, superior: superior) }
            return
        }
        let planes = (c0, c1, c2, c3, c4, c5, c6)
        // Majority +1 where plus > ⌊S/2⌋, majority −1 where plus ≤ ⌈S/2⌉ − 1; only where that differs from the code.
        let plusMajority = Self.greater(planes, than: superior / 2)
        let minusMajority = ~Self.greater(planes, than: (superior + 1) / 2 - 1) & full
        var changing = (plusMajority & ~(codeNZ & codeSG)) | (minusMajority & ~(codeNZ & ~codeSG))
        while changing != 0 {
            let j = changing.trailingZeroBitCount
            changing &= changing - 1
            let plus = Int((c0 >> UInt64(j)) & 1) | Int((c1 >> UInt64(j)) & 1) << 1 | Int((c2 >> UInt64(j)) & 1) << 2
                | Int((c3 >> UInt64(j)) & 1) << 3 | Int((c4 >> UInt64(j)) & 1) << 4 | Int((c5 >> UInt64(j)) & 1) << 5
                | Int((c6 >> UInt64(j)) & 1) << 6
            learn(dim: j, plus: plus, superior: superior)
        }
    }

    /// One individual socialised toward the code: where the code is non-zero and
    /// the belief differs, one step (−c → 0, 0 → c) with probability p1 per dimension.
    @inline(__always)
    static func socialised(_ nz: UInt64, _ sg: UInt64, toward codeNZ: UInt64, _ codeSG: UInt64, threshold p: UInt64,
                           bits: UInt32, low: Int, _ rng: inout Xoshiro) -> (nz: UInt64, sg: UInt64) {
        let candidates = codeNZ & ~(nz & ~(sg ^ codeSG))
        guard candidates != 0 else { return (nz, sg) }
        // Whichever is cheaper: a draw per candidate, or one Bernoulli word (one draw per bit of p1).
        let accepted: UInt64
        if bits >= 1 << 24 {
            accepted = candidates
        } else if 24 - low < candidates.nonzeroBitCount {
            accepted = candidates & bernoulliWord(bits, from: low, &rng)
        } else {
            accepted = rng.select(candidates, threshold: p)
        }
        let toCode = accepted & ~nz      // 0 → c
        let toZero = accepted & nz       // −c → 0
        return ((nz | toCode) & ~toZero, (sg & ~accepted) | (codeSG & toCode))
    }

    /// Moves the code on one dimension to the majority, w.p. 1 − (1 − p2)^margin.
    @inline(__always)
    mutating func learn(dim j: Int, plus: Int, superior: Int) {
        Self.learn(dim: j, plus: plus, superior: superior, codeNZ: &codeNZ, codeSG: &codeSG, codeLearn: codeLearn, &rng)
    }

    /// The code learning rule on one dimension, shared with the COBC model: a
    /// draw only where the majority is strict and differs from the code.
    @inline(__always)
    static func learn(dim j: Int, plus: Int, superior: Int, codeNZ: inout UInt64, codeSG: inout UInt64,
                      codeLearn: [UInt64], _ rng: inout Xoshiro) {
        let bit = UInt64(1) << UInt64(j)
        let margin = 2 * plus - superior
        guard margin != 0 else { return }
        let majorityPlus = margin > 0
        let codeMatches = codeNZ & bit != 0 && (codeSG & bit != 0) == majorityPlus
        guard !codeMatches, rng.next() < codeLearn[abs(margin)] else { return }
        codeNZ |= bit
        codeSG = majorityPlus ? codeSG | bit : codeSG & ~bit
    }

    /// Dimensions whose 7-bit counter (bit planes c0…c6) exceeds `k`, all at once.
    @inline(__always)
    static func greater(_ p: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64), than k: Int) -> UInt64 {
        if k < 0 { return ~0 }
        if k >= 127 { return 0 }
        var gt: UInt64 = 0, eq: UInt64 = ~0
        @inline(__always) func digit(_ plane: UInt64, _ bit: Int) {
            if (k >> bit) & 1 == 1 { eq &= plane } else { gt |= eq & plane; eq &= ~plane }
        }
        digit(p.6, 6); digit(p.5, 5); digit(p.4, 4); digit(p.3, 3); digit(p.2, 2); digit(p.1, 1); digit(p.0, 0)
        return gt
    }

    /// 64 independent bits, each set with probability `bits`/2^24: built from
    /// the lowest binary digit of p up, OR-ing a random word in for a 1 and
    /// AND-ing for a 0, so P(bit) follows p's binary expansion exactly.
    @inline(__always)
    static func bernoulliWord(_ bits: UInt32, from low: Int, _ rng: inout Xoshiro) -> UInt64 {
        var word: UInt64 = 0
        for k in low..<24 {
            let r = rng.next()
            word = (bits >> UInt32(k)) & 1 == 1 ? word | r : word & r
        }
        return word
    }

    /// The absorbing state: nobody can be socialised any further and nobody's
    /// best case (every coin landing right) beats the code, so the code cannot move.
    func isAbsorbing() -> Bool {
        let codeWrong = codeNZ & (codeSG ^ reality)
        let codeScore = codeNZ.nonzeroBitCount - 2 * codeWrong.nonzeroBitCount
        for i in 0..<n {
            let nz = nzp[i], sg = sgp[i]
            if codeNZ & ~(nz & ~(sg ^ codeSG)) != 0 { return false }
            let wrong = (nz & (sg ^ reality)).nonzeroBitCount
            let best = (m - nz.nonzeroBitCount) + (nz.nonzeroBitCount - 2 * wrong)
            if best > codeScore { return false }
        }
        return true
    }

    /// Runs to equilibrium (when `periods` is nil) or for exactly `periods`,
    /// calling `observe` after every period (and once before the first).
    mutating func run(periods: Int?, fastCount: Int, maxPeriods: Int = 20_000,
                      observe: ((Int, inout MarchRun) -> Void)? = nil) -> MarchOutcome {
        observe?(0, &self)
        var t = 0
        var converged = false
        let limit = periods ?? maxPeriods
        while t < limit {
            t += 1
            step()
            observe?(t, &self)
            if periods == nil && isAbsorbing() { converged = true; break }
        }
        return outcome(periods: t, converged: periods != nil || converged, fastCount: fastCount)
    }

    var codeScore: Double {
        let wrong = (codeNZ & (codeSG ^ reality)).nonzeroBitCount
        return Double(codeNZ.nonzeroBitCount - 2 * wrong) / Double(m)
    }
    var codeFrac: Double { Double((codeNZ & ~(codeSG ^ reality) & full).nonzeroBitCount) / Double(m) }

    func individual(_ i: Int) -> (score: Double, frac: Double) {
        let nz = nzp[i], wrong = (nz & (sgp[i] ^ reality)).nonzeroBitCount
        return (Double(nz.nonzeroBitCount - 2 * wrong) / Double(m), Double(nz.nonzeroBitCount - wrong) / Double(m))
    }

    var individualFrac: Double { (0..<n).reduce(0) { $0 + individual($1).frac } / Double(n) }

    func outcome(periods: Int, converged: Bool, fastCount: Int) -> MarchOutcome {
        var score = 0.0, frac = 0.0, fast = 0.0, slow = 0.0
        for i in 0..<n {
            let k = individual(i)
            score += k.score
            frac += k.frac
            if i < fastCount { fast += k.score } else { slow += k.score }
        }
        return MarchOutcome(codeScore: codeScore, codeFrac: codeFrac, individualScore: score / Double(n), individualFrac: frac / Double(n),
                            fastScore: fastCount > 0 ? fast / Double(fastCount) : nil,
                            slowScore: fastCount < n ? slow / Double(n - fastCount) : nil,
                            periods: periods, converged: converged)
    }
}

/// (1 − p)^k without Foundation's pow, exact for the small integer k used here.
func pow1m(_ p: Double, _ k: Int) -> Double {
    var r = 1.0
    for _ in 0..<k { r *= 1 - p }
    return r
}
