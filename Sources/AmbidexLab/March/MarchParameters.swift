/// One cell of a March (1991) experiment: an organization of `p1.count`
/// individuals learning about an `m`-dimensional reality.
public struct MarchParameters: Sendable, Hashable, Codable {
    /// Socialisation rate of each individual (so mixed populations work).
    public var p1: [Double]
    /// How many of the individuals, counted from the first, are reported as "fast" learners.
    public var fastCount: Int
    /// Code learning rate.
    public var p2: Double
    /// Turnover: each period each individual is replaced w.p. p3.
    public var p3: Double
    /// Turbulence: each period each dimension of reality flips w.p. p4.
    public var p4: Double
    /// Dimensions of reality, 1…64 (beliefs are held as bit masks).
    public var m: Int

    public init(p1: [Double], fastCount: Int = 0, p2: Double, p3: Double = 0, p4: Double = 0, m: Int = 30) {
        self.p1 = p1
        self.fastCount = fastCount
        self.p2 = p2
        self.p3 = p3
        self.p4 = p4
        self.m = m
    }

    /// A homogeneous population of `n` individuals.
    public static func homogeneous(n: Int = 50, p1: Double, p2: Double, p3: Double = 0, p4: Double = 0, m: Int = 30) -> Self {
        MarchParameters(p1: Array(repeating: p1, count: n), p2: p2, p3: p3, p4: p4, m: m)
    }

    /// `fast` individuals at `fastRate` first, then slow ones at `slowRate`.
    public static func mixed(n: Int = 50, fast: Int, fastRate: Double = 0.9, slowRate: Double = 0.1, p2: Double, m: Int = 30) -> Self {
        MarchParameters(p1: Array(repeating: fastRate, count: fast) + Array(repeating: slowRate, count: n - fast),
                        fastCount: fast, p2: p2, m: m)
    }

    public func validate() throws(LabError) {
        guard (1...64).contains(m) else { throw LabError("m must be between 1 and 64, not \(m)") }
        guard (1...10_000).contains(p1.count) else { throw LabError("the population needs 1 to 10000 individuals, not \(p1.count)") }
        guard (0...p1.count).contains(fastCount) else { throw LabError("fastCount must be between 0 and n") }
        for (name, p) in [("p2", p2), ("p3", p3), ("p4", p4)] + p1.map({ ("p1", $0) }) where !(0...1).contains(p) || p.isNaN {
            throw LabError("\(name) must be a probability in 0…1, not \(p)")
        }
    }

    /// Equilibrium is only defined without turnover and turbulence.
    public var hasEquilibrium: Bool { p3 == 0 && p4 == 0 }
}

/// A lab input that cannot be run, with the reason, or a run that was cancelled.
public struct LabError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// The run was stopped through its `LabControl`, not refused.
    public let isCancellation: Bool
    public init(_ description: String) {
        self.description = description
        isCancellation = false
    }

    private init(cancelledWith description: String) {
        self.description = description
        isCancellation = true
    }

    public static let cancelled = LabError(cancelledWith: "the run was cancelled")
}
