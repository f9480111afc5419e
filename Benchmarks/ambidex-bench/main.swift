import AmbidexLab
import Foundation

// Times March's Fig. 1 grid (27 cells × N runs to equilibrium) and prints
// one line per repetition plus the median, for the comparison script.
let args = CommandLine.arguments.dropFirst()
let runs = Int(args.first ?? "80") ?? 80
let repetitions = Int(args.dropFirst().first ?? "5") ?? 5
let threads = Int(args.dropFirst(2).first ?? "") ?? MarchRunner.defaultThreads
let (cells, periods) = MarchExperiment.fig1.cells()
var times: [Double] = []
for rep in 0..<repetitions {
    let start = DispatchTime.now().uptimeNanoseconds
    let results = try MarchRunner.run(cells, runs: runs, periods: periods, seed: UInt64(1991 + rep), threads: threads)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    times.append(seconds)
    print(String(format: "swift fig1 %d runs/cell, %d threads: %.4f s (MAE %.4f)", runs, threads, seconds, MarchComparison(results).meanAbsoluteError))
}
times.sort()
print(String(format: "swift median %.4f", times[times.count / 2]))
