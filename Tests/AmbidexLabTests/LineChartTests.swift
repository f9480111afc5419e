@testable import AmbidexLab
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("Lab plots")
struct LineChartTests {
    /// Counts elements by name with Foundation's XML parser: the SVG must be well-formed.
    final class Counter: NSObject, XMLParserDelegate {
        var counts: [String: Int] = [:]
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            counts[name, default: 0] += 1
        }
    }

    func parse(_ svg: String) -> [String: Int]? {
        let parser = XMLParser(data: Data(svg.utf8))
        let counter = Counter()
        parser.delegate = counter
        return parser.parse() ? counter.counts : nil
    }

    @Test("Fig. 1 plots a line and a band per p2, and March's 27 points")
    func fig1Chart() throws {
        let results = try MarchRunner.run(MarchExperiment.fig1.cells().cells, runs: 20, periods: nil, seed: 1)
        let counts = try #require(parse(MarchExperiment.fig1.chart(cells: results).svg()))
        #expect(counts["polyline"] == 3)
        #expect(counts["polygon"] == 3)
        // March's 27 points, plus one in the legend next to a swatch per line.
        #expect(counts["circle"] == 27 + 1)
        #expect(counts["line"] == 3)
        #expect(svg(results).components(separatedBy: "class=\"marker\"").count - 1 == 27)
    }

    func svg(_ results: [MarchCellResult]) -> String { MarchExperiment.fig1.chart(cells: results).svg() }

    @Test("turbulence plots one band per turnover rate, over 101 periods")
    func turbulenceChart() throws {
        let (cells, periods) = MarchExperiment.turbulence.cells()
        let s = try MarchRunner.series(cells, runs: 10, periods: periods!, seed: 1)
        let svg = MarchExperiment.turbulence.chart(series: s, cells: cells, runs: 10).svg()
        let counts = try #require(parse(svg))
        #expect(counts["polyline"] == 2)
        #expect(svg.contains("p3 = 0.1"))
    }

    @Test("titles are escaped")
    func escaping() throws {
        let chart = LineChart(title: "<b>&", xLabel: "x", yLabel: "y", series: [.init(name: "a\"b", points: [(0, 0, 0, 0), (1, 1, 1, 1)])])
        #expect(parse(chart.svg()) != nil)
    }
}
