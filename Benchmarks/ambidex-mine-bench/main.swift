import AmbidexLog
import AmbidexMining
import Foundation

// Reads a log and runs the mining of the benchmark's job, printing the times:
// a quick check while tuning, without the `ambidex` binary's Vapor build.
// usage: ambidex-mine-bench FILE [REPETITIONS] [read]   (read: reading alone)
let args = CommandLine.arguments
guard args.count >= 2 else { print("usage: ambidex-mine-bench FILE [REPETITIONS] [read]"); exit(2) }
let path = args[1]
let reps = args.count > 2 ? Int(args[2]) ?? 3 : 3
let readOnly = args.count > 3 && args[3] == "read"
for _ in 0..<reps {
    let t0 = Date()
    do {
        if LogFormat.guess(path: path)?.isObjectCentric == true {
            let log = try LogReader.readOCEL(path: path)
            let t1 = Date()
            let dfg = ObjectCentricDFG(log)
            print(String(format: "read %.3f s, oc-dfg %.3f s: %d events, %d objects, %d edges", t1.timeIntervalSince(t0),
                         Date().timeIntervalSince(t1), log.eventCount, log.objectCount, dfg.edges.count))
        } else {
            let log = try LogReader.readXES(path: path)
            let t1 = Date()
            if readOnly { print(String(format: "read %.3f s: %d events", t1.timeIntervalSince(t0), log.eventCount)); continue }
            let s = CaseSequences(log)
            let dfg = DirectlyFollowsGraph(s)
            let variants = Variant.all(s)
            let handover = Handover.all(s)
            let durations = CaseDuration.all(s)
            print(String(format: "read %.3f s, mining %.3f s: %d cases, %d events, %d edges, %d variants, %d hand-overs, %d durations",
                         t1.timeIntervalSince(t0), Date().timeIntervalSince(t1), log.caseCount, log.eventCount, dfg.edges.count,
                         variants.count, handover.count, durations.count))
        }
    } catch {
        print("error: \(error)")
        exit(1)
    }
}
