import AmbidexCore

/// One replication of the COBC extension of March's model (docs/lab-cobc.md).
///
/// Two random streams: `rng` makes exactly the draws `MarchRun` makes, in the
/// same order, and `env` makes every draw the extension adds (orders, customer
/// segments, rotation, reflection). With the extension switched off the run is
/// therefore the base model draw for draw, which the tests check bit for bit.
struct CobcRun: ~Copyable {
    let m: Int
    let n: Int
    let full: UInt64
    var rng: Xoshiro
    var env: Xoshiro
    var reality: UInt64
    var codeNZ: UInt64 = 0
    var codeSG: UInt64 = 0
    let nzp: UnsafeMutablePointer<UInt64>
    let sgp: UnsafeMutablePointer<UInt64>

    let socialise: UInt64
    let socialiseBits: UInt32
    let socialiseLow: Int
    let turnover: UInt64
    let turbulence: UInt64
    let codeLearn: [UInt64]
    let inAction: UInt64
    let peer: UInt64
    let rotation: UInt64
    let reflectionEvery: Int
    let joins: CobcPolicy.Joins

    /// The unit each person works in now, and per unit and strategy whether it is front office.
    var unitOf: [Int]
    let unitCount: Int
    let front: [[Bool]]
    let strategies: [(index: Int, cumulative: Double)]
    /// Where ETO and CTO customers differ from the general reality, and what a CTO customer may configure.
    let etoMask: UInt64
    let ctoMask: UInt64
    let ctoScope: UInt64

    /// This period's order per unit (strategy index) and everyone's action.
    var orderOf: [Int]
    var acts: [UInt64]
    var superior: [Bool]
    var period = 0
    var sample = CobcSample()

    init(_ p: CobcPolicy, seed: UInt64, envSeed: UInt64) {
        m = p.dimensions
        n = p.people
        full = m == 64 ? .max : (1 << UInt64(m)) - 1
        rng = Xoshiro(seed: seed)
        env = Xoshiro(seed: envSeed)
        nzp = .allocate(capacity: n)
        sgp = .allocate(capacity: n)
        nzp.initialize(repeating: 0, count: n)
        sgp.initialize(repeating: 0, count: n)
        socialise = threshold(p.socialisation)
        socialiseBits = p.socialisation >= 1 ? UInt32(1 << 24) : UInt32((p.socialisation * 16_777_216).rounded(.down))
        socialiseLow = socialiseBits == 0 ? 24 : socialiseBits.trailingZeroBitCount
        turnover = threshold(p.turnover)
        turbulence = threshold(p.turbulence)
        codeLearn = (0...p.people).map { threshold(1 - pow1m(p.codification, $0)) }
        inAction = threshold(p.reflectionInAction)
        peer = threshold(p.peerLearning)
        rotation = threshold(p.rotation)
        reflectionEvery = p.reflectionEvery
        joins = p.reflectionJoins
        unitCount = p.units.count
        unitOf = (0..<p.people).map { $0 % p.units.count }
        front = p.units.map { f in DeliveryStrategy.allCases.map { StrategyTable.standard.defaultRole(of: f, under: $0) == .front } }
        strategies = p.strategies.map { (DeliveryStrategy.allCases.firstIndex(of: $0.0)!, $0.1) }
        orderOf = Array(repeating: strategies[0].index, count: p.units.count)
        acts = Array(repeating: 0, count: p.people)
        superior = Array(repeating: false, count: p.people)
        // March's draws first, in March's order.
        reality = rng.next() & full
        for i in 0..<n { (nzp[i], sgp[i]) = MarchRun.uniformBeliefs(full, &rng) }
        var e = env
        etoMask = Self.subset(of: full, count: p.etoCustomDimensions, &e)
        let configurable = p.ctoConfigurableDimensions == 64 ? UInt64.max : (1 << UInt64(p.ctoConfigurableDimensions)) - 1
        ctoScope = configurable & full
        ctoMask = Self.subset(of: ctoScope, count: p.ctoCustomDimensions, &e)
        env = e
    }

    deinit {
        nzp.deallocate()
        sgp.deallocate()
    }

    static let eto = DeliveryStrategy.allCases.firstIndex(of: .eto)!
    static let cto = DeliveryStrategy.allCases.firstIndex(of: .cto)!

    /// `count` bits chosen uniformly among the set bits of `mask`.
    static func subset(of mask: UInt64, count: Int, _ rng: inout Xoshiro) -> UInt64 {
        var pool = (0..<64).filter { mask >> UInt64($0) & 1 == 1 }
        var chosen: UInt64 = 0
        for _ in 0..<min(count, pool.count) {
            let k = Int(rng.next() % UInt64(pool.count))
            chosen |= 1 << UInt64(pool.remove(at: k))
        }
        return chosen
    }

    /// The customer's reality for an order of strategy `s`, and the dimensions
    /// the customer shapes (where the order does not follow the code).
    @inline(__always)
    func customer(_ s: Int) -> (reality: UInt64, scope: UInt64) {
        switch s {
        case Self.eto: (reality ^ etoMask, full)
        case Self.cto: (reality ^ ctoMask, ctoScope)
        default: (reality, 0)
        }
    }

    mutating func step() {
        period += 1
        // Turnover and turbulence: March's draws.
        if turnover != 0 { for i in 0..<n where rng.next() < turnover { (nzp[i], sgp[i]) = MarchRun.uniformBeliefs(full, &rng) } }
        if turbulence != 0 { for j in 0..<m where rng.next() < turbulence { reality ^= 1 << UInt64(j) } }
        if rotation != 0 && unitCount > 1 {
            for i in 0..<n where env.next() < rotation {
                var k = Int(env.next() % UInt64(n))
                while unitOf[k] == unitOf[i] { k = Int(env.next() % UInt64(n)) }
                unitOf.swapAt(i, k)
            }
        }
        // Each unit takes an order from the mix.
        if strategies.count > 1 {
            for u in 0..<unitCount {
                let x = Double(env.next() >> 11) * 0x1p-53
                orderOf[u] = strategies.first(where: { x < $0.cumulative })?.index ?? strategies[strategies.count - 1].index
            }
        }
        // Reflection in action: front office on a customized order learns what this customer needs.
        if inAction != 0 {
            for i in 0..<n {
                let u = unitOf[i], s = orderOf[u]
                guard front[u][s] else { continue }
                let (local, scope) = customer(s)
                guard scope != 0 else { continue }
                let nz = nzp[i], sg = sgp[i]
                let learned = env.select(scope & ~(nz & ~(sg ^ local)), threshold: inAction)
                nzp[i] = nz | learned
                sgp[i] = (sg & ~learned) | (local & learned)
            }
        }
        // Act on one's own order; superior means better than the code would have done on it.
        var codeScore = [Int](repeating: 0, count: unitCount)
        for u in 0..<unitCount {
            let local = customer(orderOf[u]).reality
            codeScore[u] = codeNZ.nonzeroBitCount - 2 * (codeNZ & (codeSG ^ local)).nonzeroBitCount
        }
        var superiorCount = 0
        for i in 0..<n {
            let nz = nzp[i]
            let act = ((sgp[i] & nz) | (rng.next() & ~nz)) & full
            acts[i] = act
            let u = unitOf[i]
            let wrong = (act ^ customer(orderOf[u]).reality).nonzeroBitCount
            superior[i] = m - 2 * wrong > codeScore[u]
            if superior[i] { superiorCount += 1 }
        }
        measureDelivery()
        // Socialisation toward the code as it was at the start of the period (March's draws).
        if codeNZ != 0 {
            for i in 0..<n {
                (nzp[i], sgp[i]) = MarchRun.socialised(nzp[i], sgp[i], toward: codeNZ, codeSG, threshold: socialise,
                                                       bits: socialiseBits, low: socialiseLow, &rng)
            }
        }
        guard period % reflectionEvery == 0 else { return }
        if peer != 0 && joins != .nobody { learnFromPeers() }
        // Codification: the code moves to the majority of everyone who beat it, as in March.
        guard superiorCount > 0 else { return }
        for j in 0..<m {
            var plus = 0
            for i in 0..<n where superior[i] && acts[i] >> UInt64(j) & 1 == 1 { plus += 1 }
            MarchRun.learn(dim: j, plus: plus, superior: superiorCount, codeNZ: &codeNZ, codeSG: &codeSG, codeLearn: codeLearn, &rng)
        }
    }

    /// Each unit delivers its order: the code where the order follows it and
    /// the code has a value, else the majority of the unit's actions (a tie is
    /// a coin: half a match).
    mutating func measureDelivery() {
        var plus = [Int](repeating: 0, count: unitCount * m)
        var members = [Int](repeating: 0, count: unitCount)
        for i in 0..<n {
            let u = unitOf[i]
            members[u] += 1
            var a = acts[i]
            while a != 0 {
                plus[u * m + a.trailingZeroBitCount] += 1
                a &= a - 1
            }
        }
        sample.clearOrders()
        for u in 0..<unitCount where members[u] > 0 {
            let s = orderOf[u]
            let (local, scope) = customer(s)
            let fromCode = codeNZ & ~scope & full
            var matches = Double((fromCode & ~(codeSG ^ local)).nonzeroBitCount)
            for j in 0..<m where fromCode >> UInt64(j) & 1 == 0 {
                let margin = 2 * plus[u * m + j] - members[u]
                let wantPlus = local >> UInt64(j) & 1 == 1
                if margin == 0 { matches += 0.5 } else if (margin > 0) == wantPlus { matches += 1 }
            }
            sample.record(strategy: s, fit: matches / Double(m), fromCode: Double(fromCode.nonzeroBitCount) / Double(m))
        }
    }

    /// Reflection on action among peers: in each group, everyone moves one step
    /// toward the majority action of the group's members who beat the code.
    mutating func learnFromPeers() {
        for group in groups() {
            var plus = [Int](repeating: 0, count: m)
            var voters = 0
            for i in group where superior[i] {
                voters += 1
                var a = acts[i]
                while a != 0 { plus[a.trailingZeroBitCount] += 1; a &= a - 1 }
            }
            guard voters > 0 else { continue }
            var majorityNZ: UInt64 = 0, majoritySG: UInt64 = 0
            for j in 0..<m {
                let margin = 2 * plus[j] - voters
                guard margin != 0 else { continue }
                majorityNZ |= 1 << UInt64(j)
                if margin > 0 { majoritySG |= 1 << UInt64(j) }
            }
            for i in group {
                let nz = nzp[i], sg = sgp[i]
                let accepted = env.select(majorityNZ & ~(nz & ~(sg ^ majoritySG)), threshold: peer)
                let toValue = accepted & ~nz, toZero = accepted & nz
                nzp[i] = (nz | toValue) & ~toZero
                sgp[i] = (sg & ~accepted) | (majoritySG & toValue)
            }
        }
    }

    /// Who meets, by the policy: units, groups of unit size drawn evenly across units, or everyone.
    mutating func groups() -> [[Int]] {
        switch joins {
        case .nobody: return []
        case .wholeOffice: return [Array(0..<n)]
        case .withinUnit:
            var g = [[Int]](repeating: [], count: unitCount)
            for i in 0..<n { g[unitOf[i]].append(i) }
            return g
        case .acrossUnits:
            var byUnit = [[Int]](repeating: [], count: unitCount)
            for i in 0..<n { byUnit[unitOf[i]].append(i) }
            // Deal each unit's shuffled members round the groups, continuing where the last unit stopped.
            var g = [[Int]](repeating: [], count: unitCount)
            var next = 0
            for var members in byUnit {
                for k in stride(from: members.count - 1, to: 0, by: -1) {
                    members.swapAt(k, Int(env.next() % UInt64(k + 1)))
                }
                for i in members { g[next].append(i); next = (next + 1) % unitCount }
            }
            return g
        }
    }

    // MARK: Measures (no draws, so measuring never changes a run)

    var codeScore: Double { Double(codeNZ.nonzeroBitCount - 2 * (codeNZ & (codeSG ^ reality)).nonzeroBitCount) / Double(m) }
    var codeFrac: Double { Double((codeNZ & ~(codeSG ^ reality) & full).nonzeroBitCount) / Double(m) }

    /// Knowledge of the general reality (score and share matching), averaged over people.
    var individual: (score: Double, frac: Double) {
        var score = 0, right = 0
        for i in 0..<n {
            let nz = nzp[i], wrong = (nz & (sgp[i] ^ reality)).nonzeroBitCount
            score += nz.nonzeroBitCount - 2 * wrong
            right += nz.nonzeroBitCount - wrong
        }
        return (Double(score) / Double(n * m), Double(right) / Double(n * m))
    }

    /// Diversity of beliefs: the chance that two people drawn at random hold
    /// different values on a dimension (Gini–Simpson over −1, 0, +1), scaled so
    /// that beliefs spread evenly over the three values give 1.
    var diversity: Double {
        guard n > 1 else { return 0 }
        var total = 0.0
        for j in 0..<m {
            var plusCount = 0, minusCount = 0
            for i in 0..<n where nzp[i] >> UInt64(j) & 1 == 1 {
                if sgp[i] >> UInt64(j) & 1 == 1 { plusCount += 1 } else { minusCount += 1 }
            }
            let zero = n - plusCount - minusCount
            let pairs: Int = plusCount * (plusCount - 1) + minusCount * (minusCount - 1) + zero * (zero - 1)
            total += 1 - Double(pairs) / Double(n * (n - 1))
        }
        return total / Double(m) * 1.5
    }

    /// Every measure of this moment, in `CobcMeasure` order (NaN: no order of that strategy this period).
    mutating func measures() -> [Double] {
        let ind = individual
        var v = [Double](repeating: .nan, count: CobcMeasure.allCases.count)
        v[CobcMeasure.codeKnowledge.rawIndex] = codeScore
        v[CobcMeasure.codeMatch.rawIndex] = codeFrac
        v[CobcMeasure.individualKnowledge.rawIndex] = ind.score
        v[CobcMeasure.individualMatch.rawIndex] = ind.frac
        v[CobcMeasure.diversity.rawIndex] = diversity
        if sample.orders > 0 { v[CobcMeasure.servedFromCode.rawIndex] = sample.fromCode / Double(sample.orders) }
        for (k, s) in DeliveryStrategy.allCases.enumerated() where sample.count[k] > 0 {
            v[CobcMeasure.fit(s).rawIndex] = sample.fit[k] / Double(sample.count[k])
        }
        return v
    }
}

/// The orders of one period: fit per strategy and decisions taken from the code.
struct CobcSample {
    var fit = [Double](repeating: 0, count: 5)
    var count = [Int](repeating: 0, count: 5)
    var fromCode = 0.0
    var orders = 0

    mutating func clearOrders() { self = CobcSample() }

    mutating func record(strategy s: Int, fit f: Double, fromCode c: Double) {
        fit[s] += f
        count[s] += 1
        fromCode += c
        orders += 1
    }
}
