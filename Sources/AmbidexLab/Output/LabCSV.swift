import Foundation

/// The lab's results as CSV, one shape for the command line and the web lab,
/// so a file downloaded from either reads the same in a spreadsheet.
public enum LabCSV {
    public static func cells(_ r: [MarchCellResult], experiment: MarchExperiment) -> String {
        var out = "p1,p2,p3,p4,fraction_fast,runs,code_score,code_score_sd,code_frac,code_frac_sd,individual_score,individual_frac,fast_score,slow_score,periods_mean,unconverged,march,diff\n"
        for c in r {
            let march = experiment == .fig1 ? MarchPublished.fig1(p1: c.p1, p2: c.p2) : nil
            out += [f(c.p1), f(c.p2), f(c.p3), f(c.p4), f(c.fractionFast), "\(c.runs)", f(c.codeScore), f(c.codeScoreSD), f(c.codeFrac),
                    f(c.codeFracSD), f(c.individualScore), f(c.individualFrac), c.fastScore.map(f) ?? "", c.slowScore.map(f) ?? "",
                    f(c.periodsMean), "\(c.unconverged)", march.map(f) ?? "", march.map { f(c.codeScore - $0) } ?? ""].joined(separator: ",") + "\n"
        }
        return out
    }

    public static func series(_ s: [[MarchPoint]], cells: [MarchParameters]) -> String {
        var out = "p3,p4,period,code_score,code_score_sd,code_frac,individual_frac\n"
        for (c, points) in zip(cells, s) {
            for p in points { out += "\(f(c.p3)),\(f(c.p4)),\(p.period),\(f(p.codeScore)),\(f(p.codeScoreSD)),\(f(p.codeFrac)),\(f(p.individualFrac))\n" }
        }
        return out
    }

    public static func march(_ r: MarchFigureResult) -> String {
        if let series = r.series { return Self.series(series, cells: r.request.figure.cells().cells) }
        return cells(r.cells ?? [], experiment: r.request.figure)
    }

    /// One row per policy and period; a measure without a value that period leaves both its columns empty.
    public static func cobc(_ o: CobcOutcome) -> String {
        var out = "policy,period," + o.measures.map { "\($0.key),\($0.key)_sd" }.joined(separator: ",") + "\n"
        for r in o.results {
            let name = field(r.policy.name)
            for (t, row) in r.series.enumerated() {
                out += "\(name),\(t)," + row.map { $0.mean.isNaN ? "," : "\(f($0.mean)),\(f($0.sd))" }.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// A text cell: quoted when it holds a separator, a quote or a line break, and kept from being read as a
    /// formula by a spreadsheet (a leading =, +, -, @, tab or carriage return gets an apostrophe).
    public static func field(_ text: String) -> String {
        var t = text
        if let first = t.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { t = "'" + t }
        guard t.contains(where: { ",\"\n\r".contains($0) }) else { return t }
        return "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func f(_ v: Double) -> String { String(format: "%.4f", v) }
}
