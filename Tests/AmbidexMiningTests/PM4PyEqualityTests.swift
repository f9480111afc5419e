import AmbidexLog
import AmbidexMining
import Foundation
import Testing

@Suite("Mining equals pm4py 2.7 on the shared logs", .serialized,
       .enabled(if: PM4Py.available, "pm4py or the shared logs are missing: run .ci/run once (it makes ~/.cache/ambidex-pm4py) or set AMBIDEX_TEST_PM4PY"))
struct PM4PyEqualityTests {
    @Test("DFG, performance DFG, start/end activities, variants, case durations and hand-over", arguments: SharedLogs.caseCentric)
    func caseCentric(_ name: String) throws {
        let path = SharedLogs.path(name)
        let reference = try PM4Py.reference("xes", path)
        let log = try LogReader.readXES(path: path)
        let s = CaseSequences(log)
        let dfg = DirectlyFollowsGraph(s)

        let refDFG = reference["dfg"] as! [[Any]]
        let ours = Dictionary(uniqueKeysWithValues: dfg.edges.map { ("\($0.source)→\($0.target)", $0) })
        #expect(refDFG.count == dfg.edges.count, "\(name): edge count")
        for row in refDFG {
            let key = "\(row[0])→\(row[1])"
            #expect(ours[key]?.count == row[2] as? Int, "\(name): frequency of \(key)")
        }
        for row in reference["performance"] as! [[Any]] {
            let key = "\(row[0])→\(row[1])"
            let stats = row[2] as! [String: Any]
            guard let edge = ours[key]?.performance else { Issue.record("\(name): no edge \(key)"); continue }
            for (field, value) in [("mean", edge.mean), ("median", edge.median), ("min", edge.min), ("max", edge.max), ("sum", edge.sum)] {
                #expect(close(value, stats[field] as? Double), "\(name): \(field) of \(key): \(value) vs \(stats[field] ?? "nil")")
            }
            #expect(close(edge.stdev, stats["stdev"] as? Double), "\(name): stdev of \(key)")
        }
        #expect(dfg.startActivities == (reference["start"] as! [String: Int]), "\(name): start activities")
        #expect(dfg.endActivities == (reference["end"] as! [String: Int]), "\(name): end activities")

        let variants = Variant.all(s)
        let refVariants = Dictionary(uniqueKeysWithValues: (reference["variants"] as! [[Any]]).map { ($0[0] as! [String], $0[1] as! Int) })
        #expect(Dictionary(uniqueKeysWithValues: variants.map { ($0.activities, $0.count) }) == refVariants, "\(name): variants")

        let durations = CaseDuration.all(s).map(\.seconds).sorted()
        let refDurations = reference["durations"] as! [Double]
        #expect(durations.count == refDurations.count)
        #expect(zip(durations, refDurations).allSatisfy { close($0, $1) }, "\(name): case durations")

        let handover = Dictionary(uniqueKeysWithValues: Handover.all(s).map { ("\($0.source)→\($0.target)", $0.value) })
        let refHandover = reference["handover"] as! [[Any]]
        #expect(handover.count == refHandover.count, "\(name): hand-over pairs")
        for row in refHandover {
            let key = "\(row[0])→\(row[1])"
            #expect(close(handover[key], row[2] as? Double), "\(name): hand-over \(key)")
        }
    }

    @Test("object-centric DFG of all three OCEL 2.0 encodings", arguments: ["ocel20_example.jsonocel", "ocel20_example.xmlocel", "ocel20_example.sqlite"])
    func objectCentric(_ name: String) throws {
        let path = SharedLogs.path(name)
        let reference = try PM4Py.reference("ocel", path)
        let log = try LogReader.readOCEL(path: path)
        #expect(log.eventCount == reference["events"] as? Int)
        #expect(log.objectCount == reference["objects"] as? Int)
        let dfg = ObjectCentricDFG(log)
        let refEdges = reference["edges"] as! [[Any]]
        #expect(dfg.edges.count == refEdges.count, "\(name): edges")
        for row in refEdges {
            let edge = dfg.edges.first { $0.objectType == row[0] as? String && $0.source == row[1] as? String && $0.target == row[2] as? String }
            guard let edge else { Issue.record("\(name): no edge \(row[0]) \(row[1])→\(row[2])"); continue }
            #expect(edge.eventCouples == row[3] as? Int && edge.uniqueObjects == row[4] as? Int && edge.totalObjects == row[5] as? Int,
                    "\(name): counts of \(row[0]) \(row[1])→\(row[2])")
            let durations = (row[6] as! [Double])
            #expect(close(edge.performance.sum, durations.reduce(0, +)) && close(edge.performance.min, durations.first)
                    && close(edge.performance.max, durations.last), "\(name): durations of \(row[1])→\(row[2])")
        }
        for (section, ours) in [("activities", dfg.activities), ("start", dfg.startActivities), ("end", dfg.endActivities)] {
            let ref = reference[section] as! [[Any]]
            #expect(ours.count == ref.count, "\(name): \(section)")
            for row in ref {
                let c = ours.first { $0.objectType == row[0] as? String && $0.activity == row[1] as? String }
                #expect(c?.events == row[2] as? Int && c?.uniqueObjects == row[3] as? Int && c?.totalObjects == row[4] as? Int,
                        "\(name): \(section) \(row[0]) \(row[1])")
            }
        }
    }
}
