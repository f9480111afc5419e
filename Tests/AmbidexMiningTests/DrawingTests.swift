import AmbidexLog
import AmbidexMining
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The drawings parsed back with Foundation's XML parser: well-formed, every
/// node a box, every arc a path whose tooltip names its two ends.
@Suite("Drawing DFGs and OC-DFGs")
struct DrawingTests {
    final class Reader: NSObject, XMLParserDelegate {
        var boxes = 0
        var titles: [String] = []
        var texts: [String] = []
        private var inTitle = false, inText = false, current = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == "rect" && attributes["x"] != nil { boxes += 1 }
            inTitle = name == "title"
            inText = name == "text"
            current = ""
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inTitle || inText { current += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "title" { titles.append(current) }
            if name == "text" { texts.append(current) }
            inTitle = false
            inText = false
        }
    }

    static func read(_ svg: String) -> Reader? {
        let parser = XMLParser(data: Data(svg.utf8))
        let reader = Reader()
        parser.delegate = reader
        return parser.parse() ? reader : nil
    }

    static func ocel(_ json: String) throws -> ObjectCentricLog {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ambidex-drawing-\(UUID().uuidString).jsonocel")
        try Data(json.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try LogReader.readOCEL(path: url.path)
    }

    /// Every edge, start and end of the OC-DFG is one path, and nothing else is.
    static func expectComplete(_ g: ObjectCentricDFG, _ svg: String) throws {
        let reader = try #require(read(svg), "the SVG is not well-formed XML")
        let types = Set(g.activities.map(\.objectType))
        #expect(reader.boxes == Set(g.activities.map(\.activity)).count + 2 * types.count)
        var expected: [String] = []
        for e in g.edges { expected.append("\(e.source) → \(e.target): \(e.objectType): \(e.eventCouples) event couples") }
        for s in g.startActivities { expected.append("▶ \(s.objectType) → \(s.activity): \(s.objectType): \(s.uniqueObjects) objects start here") }
        for s in g.endActivities { expected.append("\(s.activity) → ■ \(s.objectType): \(s.objectType): \(s.uniqueObjects) objects end here") }
        #expect(reader.titles.count == expected.count)
        for line in expected {
            #expect(reader.titles.filter { $0.hasPrefix(line) }.count == 1, "no single arc '\(line)'")
        }
        for type in types { #expect(reader.texts.contains(type), "no legend entry for \(type)") }
    }

    @Test("an OC-DFG: activities shared by the types, a start and end per type, parallel arcs per type, names escaped")
    func ocdfg() throws {
        let log = try Self.ocel("""
            {"objectTypes": [{"name": "Order", "attributes": []}, {"name": "Item & part", "attributes": []}],
             "eventTypes": [{"name": "place", "attributes": []}, {"name": "pack <1>", "attributes": []}, {"name": "ship", "attributes": []}],
             "objects": [{"id": "o1", "type": "Order"}, {"id": "i1", "type": "Item & part"}, {"id": "i2", "type": "Item & part"}],
             "events": [
               {"id": "e1", "type": "place", "time": "2022-01-01T10:00:00Z",
                "relationships": [{"objectId": "o1", "qualifier": "placed"}, {"objectId": "i1", "qualifier": "item"}, {"objectId": "i2", "qualifier": "item"}]},
               {"id": "e2", "type": "pack <1>", "time": "2022-01-01T11:00:00Z",
                "relationships": [{"objectId": "o1", "qualifier": "packed"}, {"objectId": "i1", "qualifier": "item"}]},
               {"id": "e3", "type": "ship", "time": "2022-01-01T12:00:00Z",
                "relationships": [{"objectId": "o1", "qualifier": "shipped"}]},
               {"id": "e4", "type": "pack <1>", "time": "2022-01-01T13:00:00Z",
                "relationships": [{"objectId": "o1", "qualifier": "repacked"}, {"objectId": "i1", "qualifier": "item"}]}
             ]}
            """)
        let g = ObjectCentricDFG(log)
        // place → pack <1> is taken by both types: two arcs between the same boxes.
        #expect(g.edges.filter { $0.source == "place" && $0.target == "pack <1>" }.count == 2)
        let svg = OCDFGDrawing.svg(g, title: "orders <test>")
        #expect(svg.contains("pack &lt;1&gt;") && svg.contains("Item &amp; part"))
        try Self.expectComplete(g, svg)
    }

    @Test("the OC-DFG of the shared OCEL 2.0 example", .enabled(if: SharedLogs.available, "shared logs missing"))
    func sharedExample() throws {
        let g = ObjectCentricDFG(try LogReader.readOCEL(path: SharedLogs.path("ocel20_example.jsonocel")))
        #expect(g.edges.count > 5)
        try Self.expectComplete(g, OCDFGDrawing.svg(g))
    }

    @Test("a DFG: start, activities with counts, end; every edge once", .enabled(if: SharedLogs.available, "shared logs missing"))
    func dfg() throws {
        let dfg = DirectlyFollowsGraph(CaseSequences(try LogReader.readXES(path: SharedLogs.path("running-example.xes"))))
        let reader = try #require(Self.read(DFGDrawing.svg(dfg, title: "running example")))
        #expect(reader.boxes == dfg.activities.count + 2)
        #expect(reader.titles.count == dfg.edges.count + dfg.startActivities.count + dfg.endActivities.count)
        for e in dfg.edges {
            #expect(reader.titles.filter { $0.hasPrefix("\(e.source) (\(dfg.activities[e.source]!)) → \(e.target) (\(dfg.activities[e.target]!)): \(e.count) · ") }.count == 1)
        }
    }
}
