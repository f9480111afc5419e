import AmbidexLab
import ArgumentParser
import Foundation

struct LabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab", abstract: "The simulation lab: test a learning policy before imposing it.",
        subcommands: [MarchLabCommand.self, SweepLabCommand.self, CobcLabCommand.self, ListLabCommand.self])
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json, svg }

struct MarchLabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "march",
        abstract: "Run March's (1991) mutual-learning experiments and compare them with his published figures.")

    @Option(help: "Experiment: 1, 2, 3, turnover or turbulence.") var fig = "1"
    @Option(help: "Runs per cell.") var runs = 2_000
    @Option(help: "Seed; the same seed gives the same figures on any number of threads.") var seed: UInt64 = 1991
    @Option(help: "Worker threads (default: all cores).") var threads = MarchRunner.defaultThreads
    @Option(help: "Output: table, csv, json or svg (a line chart with 95% bands).") var format: OutputFormat = .table

    var experiment: MarchExperiment? {
        switch fig.lowercased() {
        case "1", "fig1": .fig1
        case "2", "fig2": .fig2
        case "3", "fig3": .fig3
        case "4", "turnover": .turnover
        case "5", "turbulence": .turbulence
        default: nil
        }
    }

    func validate() throws {
        guard experiment != nil else { throw ValidationError("--fig must be 1, 2, 3, turnover or turbulence, not '\(fig)'") }
        guard (1...1_000_000).contains(runs) else { throw ValidationError("--runs must be between 1 and 1000000") }
        guard (1...256).contains(threads) else { throw ValidationError("--threads must be between 1 and 256") }
    }

    func run() async throws {
        let experiment = experiment!
        let (cells, periods) = experiment.cells()
        let progress = ProgressLine("simulating")
        let started = Date()
        if experiment == .turbulence {
            let series = try MarchRunner.series(cells, runs: runs, periods: periods!, seed: seed, threads: threads,
                                            progress: { progress.update($0) })
            progress.finish("\(cells.count * runs) runs in \(elapsed(since: started)) on \(threads) threads")
            print(format == .svg ? experiment.chart(series: series, cells: cells, runs: runs).svg()
                                 : MarchOutput.series(series, cells: cells, format: format))
        } else {
            let results = try MarchRunner.run(cells, runs: runs, periods: periods, seed: seed, threads: threads,
                                          progress: { progress.update($0) })
            progress.finish("\(cells.count * runs) runs in \(elapsed(since: started)) on \(threads) threads")
            print(format == .svg ? experiment.chart(cells: results).svg() : MarchOutput.cells(results, experiment: experiment, format: format))
        }
    }
}

struct SweepLabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Sweep one parameter of March's model while holding the others, e.g. --param p1 --values 0.1:0.9:0.1.")

    @Option(help: "The parameter to vary: p1, p2, p3, p4, n or m.") var param: String
    @Option(help: "Values: a list (0.1,0.5,0.9) or a range from:to:step.") var values: String
    @Option(help: "Runs per value.") var runs = 500
    @Option(help: "Periods to run (needed with turnover or turbulence); omit to run to equilibrium.") var periods: Int?
    @Option(help: "Socialisation rate held fixed.") var p1 = 0.5
    @Option(help: "Code learning rate held fixed.") var p2 = 0.5
    @Option(help: "Turnover held fixed.") var p3 = 0.0
    @Option(help: "Turbulence held fixed.") var p4 = 0.0
    @Option(help: "Individuals.") var n = 50
    @Option(help: "Dimensions of reality (1–64).") var m = 30
    @Option(help: "Seed.") var seed: UInt64 = 1991
    @Option(help: "Worker threads.") var threads = MarchRunner.defaultThreads
    @Option(help: "Output: table, csv, json or svg.") var format: OutputFormat = .table

    func run() async throws {
        guard let parameter = MarchSweep.Parameter(rawValue: param) else {
            throw ValidationError("--param must be one of p1, p2, p3, p4, n, m, not '\(param)'")
        }
        guard (1...1_000_000).contains(runs) else { throw ValidationError("--runs must be between 1 and 1000000") }
        if let periods, !(1...100_000).contains(periods) { throw ValidationError("--periods must be between 1 and 100000") }
        let sweep: MarchSweep
        let results: [MarchCellResult]
        do {
            sweep = MarchSweep(parameter: parameter, values: try MarchSweep.parseValues(values), n: n, m: m,
                               p1: p1, p2: p2, p3: p3, p4: p4, periods: periods)
            let progress = ProgressLine("simulating")
            results = try sweep.run(runs: runs, seed: seed, threads: threads, progress: { progress.update($0) })
            progress.finish("\(results.count * runs) runs")
        } catch {
            throw CommandError(error.description)
        }
        switch format {
        case .svg: print(sweep.chart(results).svg())
        case .json: print(MarchOutput.json(results))
        case .csv, .table:
            let separator = format == .csv ? "," : "  "
            print([param, "runs", "code_score", "code_score_sd", "code_frac", "individual_score", "periods_mean"].joined(separator: separator))
            for (v, r) in zip(sweep.values, results) {
                print([String(format: "%g", v), "\(r.runs)", MarchOutput.f(r.codeScore), MarchOutput.f(r.codeScoreSD), MarchOutput.f(r.codeFrac),
                       MarchOutput.f(r.individualScore), String(format: "%.1f", r.periodsMean)].joined(separator: separator))
            }
        }
    }
}

/// Renders lab results as a table for people, CSV for spreadsheets, JSON for tools.
enum MarchOutput {
    static func cells(_ r: [MarchCellResult], experiment: MarchExperiment, format: OutputFormat) -> String {
        switch format {
        case .json, .svg: return json(r)
        case .csv: return LabCSV.cells(r, experiment: experiment)
        case .table:
            var out = experiment.title + "\n\n"
            switch experiment {
            case .fig1:
                out += "  p2    p1   runs   code score (sd)    March    diff   |  code frac  individual score  periods\n"
                for c in r {
                    let march = MarchPublished.fig1(p1: c.p1, p2: c.p2)!
                    out += String(format: "  %.1f  %.1f  %5d   %.4f (%.4f)   %.3f  %+.4f   |  %.4f     %.4f            %6.1f\n",
                                  c.p2, c.p1, c.runs, c.codeScore, c.codeScoreSD, march, c.codeScore - march, c.codeFrac, c.individualScore, c.periodsMean)
                }
                let cmp = MarchComparison(r)
                out += String(format: "\nMean absolute error against March: %.4f (target ≤ 0.012); largest: %.4f (target ≤ 0.03).\n",
                              cmp.meanAbsoluteError, cmp.maxAbsoluteError)
            case .fig2:
                out += "  fraction fast   kind            mean p1   code score   periods\n"
                for (i, c) in r.enumerated() {
                    out += String(format: "  %.1f            %@   %.2f      %.4f       %6.1f\n", c.fractionFast,
                                  (i % 2 == 0 ? "heterogeneous" : "homogeneous  ") as NSString, c.p1, c.codeScore, c.periodsMean)
                }
            case .fig3:
                out += "  fraction fast   code (March)      fast (March)      average (March)   slow (March)\n"
                for (i, c) in r.enumerated() {
                    func pair(_ v: Double?, _ m: Double?) -> String {
                        (v.map { String(format: "%.3f", $0) } ?? "  –  ") + " (" + (m.map { String(format: "%.3f", $0) } ?? "  –  ") + ")"
                    }
                    out += "  " + String(format: "%.1f", c.fractionFast) + "             " + [
                        pair(c.codeScore, MarchPublished.fig3Code[i]), pair(c.fastScore, MarchPublished.fig3Fast[i]),
                        pair(c.individualScore, MarchPublished.fig3Average[i]), pair(c.slowScore, MarchPublished.fig3Slow[i]),
                    ].joined(separator: "   ") + "\n"
                }
            case .turnover:
                out += "  p1    p3     code score (sd)   individual score\n"
                for c in r { out += String(format: "  %.1f  %.2f   %.4f (%.4f)   %.4f\n", c.p1, c.p3, c.codeScore, c.codeScoreSD, c.individualScore) }
            case .turbulence:
                break
            }
            return out
        }
    }

    static func series(_ s: [[MarchPoint]], cells: [MarchParameters], format: OutputFormat) -> String {
        switch format {
        case .json, .svg: return json(zip(cells, s).map { SeriesOut(p3: $0.p3, p4: $0.p4, points: $1) })
        case .csv: return LabCSV.series(s, cells: cells)
        case .table:
            var out = MarchExperiment.turbulence.title + "\n\n  period   " + cells.map { String(format: "p3 = %.1f    ", $0.p3) }.joined() + "\n"
            for t in stride(from: 0, through: s[0].count - 1, by: 10) {
                out += String(format: "  %4d     ", t) + s.map { String(format: "%.4f       ", $0[t].codeScore) }.joined() + "\n"
            }
            return out
        }
    }

    struct SeriesOut: Encodable { let p3: Double; let p4: Double; let points: [MarchPoint] }

    static func f(_ v: Double) -> String { LabCSV.f(v) }

    static func json(_ v: some Encodable) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? e.encode(v)) ?? Data(), as: UTF8.self)
    }
}
