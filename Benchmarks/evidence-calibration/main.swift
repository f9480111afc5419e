import AmbidexCore
import AmbidexDemo
import Foundation

// Checks the evidence against generated companies whose true effects are
// known: `evidence-calibration [offices] [threads] [orders]` prints the
// coverage of the 95 % intervals, the share of "clearly better/worse" claims
// for standards with no effect (after the false-discovery control), and how
// soon monitoring flags a failing standard; `evidence-calibration demo`
// prints the demo company's own figures against its truth; `evidence-calibration
// time [runs]` times the whole evidence report on the demo company in memory.
// CUSUM_H, CUSUM_K, BASELINE_WEEKS and RESAMPLES override the report's options
// (to see what another setting would give); DETAIL=1 lists the late detections.
let args = Array(CommandLine.arguments.dropFirst())
func f(_ v: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", v) }

if args.first == "time" {
    // The whole report on the demo company, in memory: median of repeated runs.
    let runs = Int(args.dropFirst().first ?? "5") ?? 5
    let office = DemoCompany.generate()
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let report = EvidenceReport.make(office)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        precondition(!report.standardEffects.isEmpty)
    }
    times.sort()
    print("evidence report on the demo company (\(office.orders.count) orders), \(runs) runs: median \(f(times[runs / 2], 3)) s, min \(f(times[0], 3)) s")
    exit(0)
}

if args.first == "demo" {
    let started = Date()
    let check = DemoCalibration.check(office: 0, scenario: .showcase, seed: 42, orders: 5_200)
    print("demo company: evidence in \(f(Date().timeIntervalSince(started), 2)) s (generation included)")
    for e in check.effects {
        print("\n\(e.standard) adopted \(e.adoptedAt.isoDay)" + (e.retiredAt.map { " retired \($0.isoDay)" } ?? ""))
        for s in e.design.strata {
            print("  \(s.strategy.code): \(s.start.isoDay)…\(s.end.isoDay) cmp [\(s.comparison.map(\.code).joined(separator: ","))] \(s.blocker ?? "")")
        }
        for m in e.metrics {
            let truth = check.cases.first { $0.standard == e.standard && $0.metric == m.metric }
            let est = m.estimate.map { "\(f($0.value)) [\(f($0.lower)), \(f($0.upper))] p=\(f($0.p, 4))" } ?? "cannot tell: \(m.cannotTell ?? "")"
            print("  \(m.metric.rawValue): \(est) truth=\(truth.map { f($0.truth) } ?? "–") \(m.verdict.rawValue)/\(m.adjustedVerdict.rawValue) "
                  + m.strata.map { "\($0.strategy.code):\($0.method.rawValue)" }.joined(separator: " "))
        }
        for c in e.monitoring where !c.signals.isEmpty {
            print("  monitoring \(c.metric.rawValue): " + c.signals.map { "\($0.side.rawValue) \($0.date.isoDay)" }.joined(separator: ", "))
        }
    }
    exit(0)
}

let offices = Int(args.first ?? "200") ?? 200
let threads = Int(args.dropFirst().first ?? "2") ?? 2
let orders = Int(args.dropFirst(2).first ?? "5200") ?? 5_200
var options = EvidenceReport.Options()
let env = ProcessInfo.processInfo.environment
if let h = env["CUSUM_H"].flatMap(Double.init) { options.cusumThreshold = h }
if let k = env["CUSUM_K"].flatMap(Double.init) { options.cusumReference = k }
if let b = env["BASELINE_WEEKS"].flatMap(Int.init) { options.monitoringBaselineWeeks = b }
if let r = env["RESAMPLES"].flatMap(Int.init) { options.bootstrapResamples = r }
let started = Date()
let r = DemoCalibration.run(offices: offices, orders: orders, options: options, threads: threads)
let seconds = Date().timeIntervalSince(started)
print("offices \(offices), orders each \(orders), threads \(threads): \(f(seconds, 1)) s")
print("estimates \(r.cases.count), cannot tell \(r.cannotTell)")
print("coverage of 95% intervals: \(f(r.coverage))  (" + StandardEffect.Metric.allCases.map { "\($0.rawValue) \(f(r.coverage(of: $0)))" }.joined(separator: ", ") + ")")
print("no-effect estimates \(r.nullCases.count), claimed clearly better/worse after FDR: \(f(r.falseClaimRate))")
print("failing standard flagged within 8 weeks of onset: \(f(r.detected(within: 56))) of \(r.detections.count); within 4 weeks \(f(r.detected(within: 28)))")
let delays = r.detections.compactMap(\.delayDays).sorted()
print("detection delay days: median \(f(Statistics.quantile(delays, 0.5) ?? .nan, 0)), p90 \(f(Statistics.quantile(delays, 0.9) ?? .nan, 0)); signals before onset \(r.detections.reduce(0) { $0 + $1.earlierSignals })")
print("false alarms on no-effect standards: \(r.falseAlarms) in \(f(r.chartYears, 1)) chart-years ("
      + StandardEffect.Metric.allCases.map { "\($0.rawValue) \(r.falseAlarmsByMetric[$0] ?? 0)" }.joined(separator: ", ") + ")")
if env["DETAIL"] != nil {
    for d in r.detections where (d.delayDays ?? .infinity) > 56 {
        print("  missed: office \(d.office) onset \(d.onset.isoDay) signal \(d.signal?.isoDay ?? "none") earlier \(d.earlierSignals)")
    }
}
for m in Set(r.cases.flatMap(\.methods)).sorted(by: { $0.rawValue < $1.rawValue }) {
    let c = r.cases.filter { $0.methods.contains(m) }
    print("  estimates with a \(m.label) stratum: \(c.count), coverage \(f(Double(c.filter(\.covered).count) / Double(max(1, c.count))))")
}
