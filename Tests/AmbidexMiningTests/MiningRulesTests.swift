import AmbidexLog
import AmbidexMining
import Foundation
import Testing

/// A small log written as XES: each case a list of (activity, minute, resource, lifecycle).
func smallLog(_ cases: [(String, [(String, Int, String?, String?)])]) throws -> EventLog {
    var xml = "<log>\n"
    for (name, events) in cases {
        xml += "<trace><string key=\"concept:name\" value=\"\(name)\"/>\n"
        for (activity, minute, resource, lifecycle) in events {
            xml += "<event><string key=\"concept:name\" value=\"\(activity)\"/>"
            xml += "<date key=\"time:timestamp\" value=\"\(Timestamp.iso(Int64(minute) * 60_000_000))\"/>"
            if let resource { xml += "<string key=\"org:resource\" value=\"\(resource)\"/>" }
            if let lifecycle { xml += "<string key=\"lifecycle:transition\" value=\"\(lifecycle)\"/>" }
            xml += "</event>\n"
        }
        xml += "</trace>\n"
    }
    xml += "</log>\n"
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ambidex-mining-\(UUID().uuidString).xes")
    try Data(xml.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    return try LogReader.readXES(path: url.path)
}

@Suite("Mining rules")
struct MiningRulesTests {
    /// The log of docs/mining.md: case 2 is written out of time order, and case 3
    /// has two events at the same minute.
    static func orderLog() throws -> EventLog {
        try smallLog([
            ("1", [("receive", 0, "Ann", nil), ("check", 10, "Bob", nil), ("ship", 20, "Cy", nil)]),
            ("2", [("check", 30, "Bob", nil), ("receive", 5, "Ann", nil), ("ship", 40, "Cy", nil)]),
            ("3", [("receive", 0, "Ann", nil), ("ship", 15, "Cy", nil), ("check", 15, "Bob", nil)]),
        ])
    }

    @Test("cases are sorted by time with a stable sort: out-of-order events move, ties keep file order")
    func stableSort() throws {
        let s = CaseSequences(try Self.orderLog())
        let variants = Variant.all(s)
        #expect(variants.count == 2)
        #expect(variants[0].activities == ["receive", "check", "ship"] && variants[0].count == 2)
        // Case 3's tie at minute 15 keeps file order: ship before check.
        #expect(variants[1].activities == ["receive", "ship", "check"] && variants[1].count == 1)
        let dfg = DirectlyFollowsGraph(s)
        #expect(dfg.startActivities == ["receive": 3])
        #expect(dfg.endActivities == ["ship": 2, "check": 1])
        let edge = dfg.edges.first { $0.source == "receive" && $0.target == "check" }!
        #expect(edge.count == 2)
        #expect(edge.performance.min == 600 && edge.performance.max == 1500 && edge.performance.median == 1050)
        #expect(edge.performance.stdev.map { abs($0 - 636.396103) < 1e-5 } == true)
        let tie = dfg.edges.first { $0.source == "ship" && $0.target == "check" }!
        #expect(tie.performance.sum == 0 && tie.performance.stdev == nil)
    }

    @Test("case durations, rework and hand-over, with events that have no resource")
    func durationsReworkHandover() throws {
        let log = try smallLog([
            ("a", [("register", 0, "Ann", nil), ("check", 5, nil, nil), ("check", 9, "Bob", nil), ("decide", 60, "Ann", nil)]),
            ("b", [("register", 0, "Ann", nil), ("decide", 30, "Ann", nil)]),
        ])
        let s = CaseSequences(log)
        #expect(CaseDuration.all(s).map(\.seconds) == [3600, 1800])
        #expect(Rework.all(s).map { "\($0.activity) \($0.cases) \($0.repetitions)" } == ["check 1 1"])
        let handover = Handover.all(s)
        #expect(handover.map(\.count).reduce(0, +) == 4)
        let none = handover.first { $0.source == "Ann" && $0.target == Handover.noResource }
        #expect(none?.value == 0.25)
        #expect(handover.first { $0.source == "Ann" && $0.target == "Ann" }?.value == 0.25)
    }

    @Test("lifecycle: complete keeps complete events; interval pairs start with complete and measures waiting time")
    func lifecycle() throws {
        let log = try smallLog([
            ("1", [("cut", 0, "M1", "start"), ("cut", 30, "M1", "complete"), ("weld", 45, "M2", "start"), ("weld", 90, "M2", "complete")]),
        ])
        let all = DirectlyFollowsGraph(CaseSequences(log, lifecycle: .all))
        #expect(all.edges.count == 3)
        let complete = CaseSequences(log, lifecycle: .complete)
        #expect(complete.order.count == 2)
        let interval = CaseSequences(log, lifecycle: .interval)
        let dfg = DirectlyFollowsGraph(interval)
        #expect(dfg.edges.map(\.source) == ["cut"])
        // From cut's completion (minute 30) to weld's start (minute 45).
        #expect(dfg.edges[0].performance.mean == 900)
        #expect(CaseDuration.all(interval).first?.seconds == 5400)
    }

    @Test("flattening by object type and the OC-DFG count an event once per object, whatever its qualifiers")
    func objectCentric() throws {
        let json = """
            {"objectTypes": [{"name": "Order", "attributes": []}, {"name": "Item", "attributes": []}],
             "eventTypes": [{"name": "place", "attributes": []}, {"name": "pack", "attributes": []}, {"name": "ship", "attributes": []}],
             "objects": [{"id": "o1", "type": "Order"}, {"id": "i1", "type": "Item"}, {"id": "i2", "type": "Item"}],
             "events": [
               {"id": "e1", "type": "place", "time": "2022-01-01T10:00:00Z",
                "relationships": [{"objectId": "o1", "qualifier": "placed"}, {"objectId": "i1", "qualifier": "item"}, {"objectId": "i2", "qualifier": "item"}]},
               {"id": "e3", "type": "ship", "time": "2022-01-01T12:00:00Z",
                "relationships": [{"objectId": "o1", "qualifier": "shipped"}, {"objectId": "o1", "qualifier": "closed"}]},
               {"id": "e2", "type": "pack", "time": "2022-01-01T11:00:00Z",
                "relationships": [{"objectId": "o1", "qualifier": "packed"}, {"objectId": "o1", "qualifier": "checked"}, {"objectId": "i1", "qualifier": "item"}]}
             ]}
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ambidex-ocel-\(UUID().uuidString).jsonocel")
        try Data(json.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let log = try LogReader.readOCEL(path: url.path)
        let orders = try log.flattened(objectType: "Order")
        #expect(orders.caseCount == 1)
        #expect(orders.events(ofCase: 0).map { orders.string(orders.activity[$0])! } == ["place", "pack", "ship"])
        #expect(throws: FlatteningError.self) { try log.flattened(objectType: "Truck") }
        let dfg = ObjectCentricDFG(log)
        let packShip = dfg.edges.first { $0.objectType == "Order" && $0.source == "pack" && $0.target == "ship" }!
        #expect((packShip.eventCouples, packShip.uniqueObjects, packShip.totalObjects) == (1, 1, 1))
        let placePack = dfg.edges.first { $0.objectType == "Item" && $0.source == "place" && $0.target == "pack" }!
        #expect((placePack.eventCouples, placePack.uniqueObjects, placePack.totalObjects) == (1, 1, 1))
        #expect(dfg.activities.first { $0.objectType == "Item" && $0.activity == "place" }?.totalObjects == 2)
        #expect(dfg.endActivities.first { $0.objectType == "Item" && $0.activity == "place" }?.uniqueObjects == 1)
    }

    @Test("the DFG as SVG: every activity a box, every edge a path, labels escaped")
    func svg() throws {
        let log = try smallLog([("1", [("a &amp; b", 0, nil, nil), ("c", 1, nil, nil), ("a &amp; b", 2, nil, nil)])])
        let dfg = DirectlyFollowsGraph(CaseSequences(log))
        let svg = DFGDrawing.svg(dfg, title: "t")
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("a &amp; b"))
        #expect(svg.components(separatedBy: "<rect x=").count - 1 == 4)   // start, 2 activities, end
        // The arrow marker, the edges, and the arcs from start and to end.
        #expect(svg.components(separatedBy: "<path d=").count - 1 == 1 + dfg.edges.count + 2)
    }
}
