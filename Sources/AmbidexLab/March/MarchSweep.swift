/// A one-parameter sweep of the base model: the lab's way to ask "what if"
/// of a single rate while holding the others.
public struct MarchSweep: Sendable {
    public enum Parameter: String, CaseIterable, Sendable { case p1, p2, p3, p4, n, m }

    public var parameter: Parameter
    public var values: [Double]
    public var base: (n: Int, m: Int, p1: Double, p2: Double, p3: Double, p4: Double)
    /// Periods to run; nil runs to equilibrium (only without turnover and turbulence).
    public var periods: Int?

    public init(parameter: Parameter, values: [Double], n: Int = 50, m: Int = 30, p1: Double = 0.5, p2: Double = 0.5,
                p3: Double = 0, p4: Double = 0, periods: Int? = nil) {
        self.parameter = parameter
        self.values = values
        self.base = (n, m, p1, p2, p3, p4)
        self.periods = periods
    }

    /// Parses "0.1,0.5,0.9" or a range "from:to:step".
    public static func parseValues(_ text: String) throws(LabError) -> [Double] {
        let parts = text.split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        if parts.count == 3 {
            guard let from = parts[0], let to = parts[1], let step = parts[2], step > 0, to >= from else {
                throw LabError("a range is from:to:step with step > 0 and to ≥ from, not '\(text)'")
            }
            let count = Int(((to - from) / step + 1e-9).rounded(.down)) + 1
            guard count <= 1_000 else { throw LabError("a sweep has at most 1000 values") }
            return (0..<count).map { ((from + Double($0) * step) * 1e9).rounded() / 1e9 }
        }
        let list = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !list.isEmpty, list.allSatisfy({ $0 != nil }) else { throw LabError("values must be numbers separated by commas, or from:to:step, not '\(text)'") }
        return list.map { $0! }
    }

    public func cells() throws(LabError) -> [MarchParameters] {
        guard !values.isEmpty else { throw LabError("the sweep has no values") }
        let cells = values.map { v -> MarchParameters in
            var (n, m, p1, p2, p3, p4) = base
            switch parameter {
            case .p1: p1 = v
            case .p2: p2 = v
            case .p3: p3 = v
            case .p4: p4 = v
            case .n: n = Int(v)
            case .m: m = Int(v)
            }
            return .homogeneous(n: n, p1: p1, p2: p2, p3: p3, p4: p4, m: m)
        }
        for c in cells {
            try c.validate()
            if periods == nil && !c.hasEquilibrium {
                throw LabError("with turnover or turbulence there is no equilibrium: give a number of periods")
            }
        }
        return cells
    }

    public func run(runs: Int, seed: UInt64, threads: Int = MarchRunner.defaultThreads,
                    progress: (@Sendable (Double) -> Void)? = nil) throws(LabError) -> [MarchCellResult] {
        try MarchRunner.run(try cells(), runs: runs, periods: periods, seed: seed, threads: threads, progress: progress)
    }

    /// The swept parameter's value for each result, in order.
    public func chart(_ results: [MarchCellResult]) -> LineChart {
        LineChart(title: "Sweep of \(parameter.rawValue)" + (periods.map { ", knowledge at period \($0)" } ?? ", equilibrium knowledge"),
                  xLabel: parameter.rawValue, yLabel: "code knowledge",
                  series: [.init(name: "code", points: zip(values, results).map {
                      ($0, $1.codeScore, $1.codeScore - 1.96 * $1.codeScoreSE, $1.codeScore + 1.96 * $1.codeScoreSE)
                  })])
    }
}
