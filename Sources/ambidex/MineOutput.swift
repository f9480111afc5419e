import AmbidexLab
import AmbidexLog
import AmbidexMining
import Foundation

/// Renders mining results: aligned tables for people, CSV with fixed leading
/// columns for spreadsheets, JSON for tools, SVG for the DFG and the OC-DFG.
enum MineOutput {
    /// Seconds as CSV/JSON write them: shortest exact decimal; empty when undefined.
    static func number(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }

    static func csv(_ header: [String], _ rows: [[String]]) -> String {
        ([header.joined(separator: ",")] + rows.map { $0.map(LabCSV.field).joined(separator: ",") }).joined(separator: "\n") + "\n"
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ r: [String]) -> String {
            r.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        return ([line(header), line(widths.map { String(repeating: "─", count: $0) })] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    static func json(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func render(_ header: [String], _ rows: [[String]], format: OutputFormat, json object: @autoclosure () -> Any) -> String {
        switch format {
        case .csv: return csv(header, rows)
        case .json: return json(object())
        case .table, .svg: return table(header, rows)
        }
    }

    static func statistics(_ p: DurationStatistics) -> [String: Any] {
        ["mean_s": p.mean, "median_s": p.median, "min_s": p.min, "max_s": p.max, "sum_s": p.sum, "stdev_s": p.stdev as Any? ?? NSNull()]
    }

    static func dfg(_ dfg: DirectlyFollowsGraph, format: OutputFormat, title: String) -> String {
        if format == .svg { return DFGDrawing.svg(dfg, title: title) }
        let header = ["source", "target", "count", "mean_s", "median_s", "min_s", "max_s", "sum_s", "stdev_s"]
        let rows = dfg.edges.map { e -> [String] in
            let p = e.performance
            return format == .table
                ? [e.source, e.target, "\(e.count)", DFGDrawing.duration(p.mean), DFGDrawing.duration(p.median), DFGDrawing.duration(p.min),
                   DFGDrawing.duration(p.max), DFGDrawing.duration(p.sum), p.stdev.map(DFGDrawing.duration) ?? "–"]
                : [e.source, e.target, "\(e.count)", number(p.mean), number(p.median), number(p.min), number(p.max), number(p.sum), number(p.stdev)]
        }
        return render(header, rows, format: format, json: [
            "activities": dfg.activities, "start_activities": dfg.startActivities, "end_activities": dfg.endActivities,
            "edges": dfg.edges.map { ["source": $0.source, "target": $0.target, "count": $0.count].merging(statistics($0.performance)) { a, _ in a } },
        ])
    }

    static func variants(_ v: [Variant], format: OutputFormat) -> String {
        render(["variant", "count"], v.map { [$0.activities.joined(separator: ","), "\($0.count)"] }, format: format,
               json: v.map { ["activities": $0.activities, "count": $0.count] as [String: Any] })
    }

    static func handover(_ h: [Handover], format: OutputFormat) -> String {
        render(["source", "target", "value", "count"], h.map { [$0.source, $0.target, number($0.value), "\($0.count)"] }, format: format,
               json: h.map { ["source": $0.source, "target": $0.target, "value": $0.value, "count": $0.count] as [String: Any] })
    }

    static func durations(_ d: [CaseDuration], format: OutputFormat) -> String {
        render(["case", "duration_s"], d.map { [$0.caseName, format == .table ? DFGDrawing.duration($0.seconds) : number($0.seconds)] },
               format: format, json: d.map { ["case": $0.caseName, "duration_s": $0.seconds] as [String: Any] })
    }

    static func rework(_ r: [Rework], format: OutputFormat) -> String {
        render(["activity", "cases", "repetitions"], r.map { [$0.activity, "\($0.cases)", "\($0.repetitions)"] }, format: format,
               json: r.map { ["activity": $0.activity, "cases": $0.cases, "repetitions": $0.repetitions] as [String: Any] })
    }

    static func ocdfg(_ g: ObjectCentricDFG, format: OutputFormat, title: String) -> String {
        if format == .svg { return OCDFGDrawing.svg(g, title: title) }
        let header = ["object_type", "source", "target", "event_couples", "unique_objects", "total_objects",
                      "mean_s", "median_s", "min_s", "max_s", "sum_s", "stdev_s"]
        let rows = g.edges.map { e -> [String] in
            let p = e.performance
            return [e.objectType, e.source, e.target, "\(e.eventCouples)", "\(e.uniqueObjects)", "\(e.totalObjects)",
                    number(p.mean), number(p.median), number(p.min), number(p.max), number(p.sum), number(p.stdev)]
        }
        func counts(_ c: [ObjectCentricDFG.ActivityCount]) -> [[String: Any]] {
            c.map { ["object_type": $0.objectType, "activity": $0.activity, "events": $0.events, "unique_objects": $0.uniqueObjects,
                     "total_objects": $0.totalObjects] }
        }
        return render(header, rows, format: format, json: [
            "edges": g.edges.map { e -> [String: Any] in
                ["object_type": e.objectType, "source": e.source, "target": e.target, "event_couples": e.eventCouples,
                 "unique_objects": e.uniqueObjects, "total_objects": e.totalObjects].merging(statistics(e.performance)) { a, _ in a }
            },
            "activities": counts(g.activities), "start_activities": counts(g.startActivities), "end_activities": counts(g.endActivities),
        ])
    }

    /// Peak resident memory of this process, in bytes.
    static func peakMemory() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    static func stats(_ loaded: LoadedLog, seconds: Double, bytes: Int, format: OutputFormat) -> String {
        var rows: [(String, String)] = []
        let events: Int
        switch loaded {
        case .cases(let log):
            events = log.eventCount
            rows.append(("cases", "\(log.caseCount)"))
            rows.append(("events", "\(log.eventCount)"))
            rows.append(("activities", "\(log.distinctCount(log.activity))"))
            rows.append(("resources", "\(log.distinctCount(log.resource))"))
            if let first = log.time.min(), let last = log.time.max() {
                rows.append(("first event", Timestamp.iso(first)))
                rows.append(("last event", Timestamp.iso(last)))
                rows.append(("time span", DFGDrawing.duration(AmbidexMining.seconds(from: first, to: last))))
            }
        case .objects(let log):
            events = log.eventCount
            rows.append(("events", "\(log.eventCount)"))
            rows.append(("objects", "\(log.objectCount)"))
            rows.append(("event types", "\(log.eventTypes.count)"))
            rows.append(("object types", "\(log.objectTypes.count)"))
            rows.append(("event-to-object relations", "\(log.eventObjects.count)"))
            rows.append(("object-to-object relations", "\(log.objectObjects.count)"))
            if let first = log.eventTime.min(), let last = log.eventTime.max() {
                rows.append(("first event", Timestamp.iso(first)))
                rows.append(("last event", Timestamp.iso(last)))
                rows.append(("time span", DFGDrawing.duration(AmbidexMining.seconds(from: first, to: last))))
            }
        }
        rows.append(("read time", String(format: "%.3f s", seconds)))
        // No bytes: the events came from the store, where a file's MB/s means nothing.
        rows.append(("read speed", bytes == 0 ? String(format: "%.0f events/s", Double(events) / max(seconds, 1e-9))
                         : String(format: "%.1f MB/s of file, %.0f events/s", Double(bytes) / 1e6 / max(seconds, 1e-9),
                                  Double(events) / max(seconds, 1e-9))))
        rows.append(("peak memory", String(format: "%.1f MB", Double(peakMemory()) / 1e6)))
        switch format {
        case .json: return json(Dictionary(uniqueKeysWithValues: rows.map { ($0.0, $0.1) }))
        case .csv: return csv(["measure", "value"], rows.map { [$0.0, $0.1] })
        default: return rows.map { $0.0.padding(toLength: 28, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n") + "\n"
        }
    }
}
