/// One of March's experiments as something to save and run again: the figure,
/// the runs per cell and the seed are all it takes to get the same numbers.
public struct MarchRequest: Sendable, Hashable, Codable {
    public var figure: MarchExperiment
    public var runs: Int
    public var seed: UInt64

    public init(figure: MarchExperiment, runs: Int, seed: UInt64) {
        self.figure = figure
        self.runs = runs
        self.seed = seed
    }

    public func validate() throws(LabError) {
        guard (1...100_000).contains(runs) else { throw LabError("runs per cell must be 1 to 100000, not \(runs)") }
    }

    public func run(threads: Int = MarchRunner.defaultThreads, control: LabControl? = nil,
                    progress: (@Sendable (Double) -> Void)? = nil) throws(LabError) -> MarchFigureResult {
        try validate()
        let (cells, periods) = figure.cells()
        if figure == .turbulence {
            return MarchFigureResult(request: self, cells: nil, series: try MarchRunner.series(
                cells, runs: runs, periods: periods!, seed: seed, threads: threads, control: control, progress: progress))
        }
        return MarchFigureResult(request: self, cells: try MarchRunner.run(
            cells, runs: runs, periods: periods, seed: seed, threads: threads, control: control, progress: progress), series: nil)
    }
}

/// What a March experiment gave: final states per cell, or mean paths over time (turbulence).
public struct MarchFigureResult: Sendable, Hashable, Codable {
    public var request: MarchRequest
    public var cells: [MarchCellResult]?
    public var series: [[MarchPoint]]?

    public var chart: LineChart {
        if let series { return request.figure.chart(series: series, cells: request.figure.cells().cells, runs: request.runs) }
        return request.figure.chart(cells: cells ?? [])
    }

    /// Against March's published values (Fig. 1 only).
    public var comparison: MarchComparison? {
        guard request.figure == .fig1, let cells else { return nil }
        return MarchComparison(cells)
    }
}
