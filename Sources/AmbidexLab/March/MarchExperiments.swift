/// The experiments of March (1991), as cells for the runner.
public enum MarchExperiment: String, CaseIterable, Sendable, Codable {
    case fig1, fig2, fig3, turnover, turbulence

    public var title: String {
        switch self {
        case .fig1: "Fig. 1 — learning rates (p1, p2) and equilibrium code knowledge"
        case .fig2: "Fig. 2 — heterogeneous vs homogeneous socialisation, equilibrium"
        case .fig3: "Fig. 3 — fraction of fast learners, period-20 knowledge"
        case .turnover: "Fig. 4 — turnover and period-20 code knowledge"
        case .turbulence: "Fig. 5 — turbulence with and without turnover, over time"
        }
    }

    /// Turnover rates of Fig. 4 (as in the reference implementation).
    public static let p3Grid = [0.0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]

    /// The cells, and whether they run to equilibrium (nil) or for a number of periods.
    public func cells(n: Int = 50, m: Int = 30) -> (cells: [MarchParameters], periods: Int?) {
        switch self {
        case .fig1:
            return (MarchPublished.p2Grid.flatMap { p2 in MarchPublished.p1Grid.map { MarchParameters.homogeneous(n: n, p1: $0, p2: p2, m: m) } }, nil)
        case .fig2:
            return (MarchPublished.fig3Fractions.flatMap { f -> [MarchParameters] in
                let fast = Int((f * Double(n)).rounded())
                let mixed = MarchParameters.mixed(n: n, fast: fast, p2: 0.5, m: m)
                let mean = mixed.p1.reduce(0, +) / Double(n)
                return [mixed, .homogeneous(n: n, p1: mean, p2: 0.5, m: m)]
            }, nil)
        case .fig3:
            return (MarchPublished.fig3Fractions.map { .mixed(n: n, fast: Int(($0 * Double(n)).rounded()), p2: 0.5, m: m) }, 20)
        case .turnover:
            return ([0.1, 0.5, 0.9].flatMap { p1 in Self.p3Grid.map { MarchParameters.homogeneous(n: n, p1: p1, p2: 0.5, p3: $0, m: m) } }, 20)
        case .turbulence:
            return ([0.0, 0.1].map { MarchParameters.homogeneous(n: n, p1: 0.5, p2: 0.5, p3: $0, p4: 0.02, m: m) }, 100)
        }
    }
}

/// How far a Fig. 1 grid is from March's published values.
public struct MarchComparison: Sendable, Codable {
    public var meanAbsoluteError: Double
    public var maxAbsoluteError: Double
    public var cells: Int

    public init(_ results: [MarchCellResult]) {
        let diffs = results.compactMap { r in MarchPublished.fig1(p1: r.p1, p2: r.p2).map { abs(r.codeScore - $0) } }
        cells = diffs.count
        meanAbsoluteError = diffs.reduce(0, +) / Double(max(1, diffs.count))
        maxAbsoluteError = diffs.max() ?? 0
    }
}
