import Foundation

/// A line chart with confidence bands as standalone SVG: what the lab's
/// experiments print with `--format svg`, and what the web lab page will embed.
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double, low: Double, high: Double)]
        public var dashed: Bool
        public init(name: String, points: [(x: Double, y: Double, low: Double, high: Double)], dashed: Bool = false) {
            self.name = name
            self.points = points
            self.dashed = dashed
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Reference points drawn as markers (e.g. March's published values).
    public var markers: [(name: String, points: [(x: Double, y: Double)])]

    public init(title: String, xLabel: String, yLabel: String, series: [Series], markers: [(name: String, points: [(x: Double, y: Double)])] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.markers = markers
    }

    static let palette = ["#2b6cb0", "#d9622b", "#2f855a", "#6b46c1", "#b7791f", "#c53030"]

    public func svg(width: Double = 640, height: Double = 400) -> String {
        let left = 56.0, right = 160.0, top = 36.0, bottom = 44.0
        let plotW = width - left - right, plotH = height - top - bottom
        let xs = series.flatMap { $0.points.map(\.x) } + markers.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.flatMap { [$0.low, $0.high, $0.y] } } + markers.flatMap { $0.points.map(\.y) }
        guard let x0 = xs.min(), let x1 = xs.max(), var y0 = ys.min(), var y1 = ys.max() else { return "<svg xmlns=\"http://www.w3.org/2000/svg\"/>" }
        let pad = max((y1 - y0) * 0.05, 0.01)
        y0 -= pad; y1 += pad
        func px(_ x: Double) -> Double { left + (x1 == x0 ? 0.5 : (x - x0) / (x1 - x0)) * plotW }
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * plotH }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\" font-family=\"sans-serif\" font-size=\"11\">"
        s += "<text x=\"\(f(left))\" y=\"20\" font-size=\"13\" font-weight=\"bold\">\(escape(title))</text>"
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"#cbd2dd\"/>"
        for k in 0...4 {
            let yv = y0 + (y1 - y0) * Double(k) / 4, xv = x0 + (x1 - x0) * Double(k) / 4
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(py(yv) + 4))\" text-anchor=\"end\">\(String(format: "%.2f", yv))</text>"
            s += "<text x=\"\(f(px(xv)))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\">\(String(format: "%g", (xv * 1000).rounded() / 1000))</text>"
        }
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\">\(escape(xLabel))</text>"
        s += "<text transform=\"translate(14 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>"
        for (i, line) in series.enumerated() where !line.points.isEmpty {
            let color = Self.palette[i % Self.palette.count]
            let band = line.points.map { "\(f(px($0.x))),\(f(py($0.high)))" } + line.points.reversed().map { "\(f(px($0.x))),\(f(py($0.low)))" }
            s += "<polygon class=\"band\" points=\"\(band.joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.18\" stroke=\"none\"/>"
            s += "<polyline class=\"line\" points=\"\(line.points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
            // A swatch as well as a coloured name: a page's stylesheet may set the fill of all SVG text.
            let ly = top + 14 + Double(i) * 16
            s += "<line class=\"swatch\" x1=\"\(f(left + plotW + 10))\" y1=\"\(f(ly - 4))\" x2=\"\(f(left + plotW + 28))\" y2=\"\(f(ly - 4))\" stroke=\"\(color)\" stroke-width=\"3\"\(line.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
            s += "<text x=\"\(f(left + plotW + 34))\" y=\"\(f(ly))\" fill=\"\(color)\" style=\"fill:\(color)\">\(escape(line.name))</text>"
        }
        for (k, marker) in markers.enumerated() {
            for p in marker.points {
                s += "<circle class=\"marker\" cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"3\" fill=\"#1d2330\"/>"
            }
            let ly = top + 14 + Double(series.count + k) * 16
            s += "<circle class=\"swatch\" cx=\"\(f(left + plotW + 19))\" cy=\"\(f(ly - 4))\" r=\"3\" fill=\"#1d2330\"/>"
            s += "<text x=\"\(f(left + plotW + 34))\" y=\"\(f(ly))\">\(escape(marker.name))</text>"
        }
        return s + "</svg>"
    }

    func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

extension MarchExperiment {
    /// The experiment's results as a line chart with 95% bands of the mean.
    public func chart(cells results: [MarchCellResult]) -> LineChart {
        func band(_ r: MarchCellResult, x: Double) -> (x: Double, y: Double, low: Double, high: Double) {
            (x, r.codeScore, r.codeScore - 1.96 * r.codeScoreSE, r.codeScore + 1.96 * r.codeScoreSE)
        }
        switch self {
        case .fig1:
            let series = MarchPublished.p2Grid.reversed().map { p2 in
                LineChart.Series(name: "p2 = \(p2)", points: results.filter { $0.p2 == p2 }.map { band($0, x: $0.p1) })
            }
            let march = MarchPublished.p2Grid.flatMap { p2 in MarchPublished.p1Grid.map { (x: $0, y: MarchPublished.fig1(p1: $0, p2: p2)!) } }
            return LineChart(title: title, xLabel: "socialisation rate p1", yLabel: "equilibrium code knowledge", series: series,
                             markers: [("March (1991)", march)])
        case .fig2:
            let mixed = results.enumerated().filter { $0.offset % 2 == 0 }.map { band($0.element, x: $0.element.fractionFast) }
            let homogeneous = results.enumerated().filter { $0.offset % 2 == 1 }.map { band($0.element, x: results[$0.offset - 1].fractionFast) }
            return LineChart(title: title, xLabel: "fraction of fast learners (p1 = .9 vs .1)", yLabel: "equilibrium code knowledge",
                             series: [.init(name: "mixed", points: mixed), .init(name: "homogeneous, same mean p1", points: homogeneous, dashed: true)])
        case .fig3:
            return LineChart(title: title, xLabel: "fraction of fast learners", yLabel: "period-20 knowledge",
                             series: [.init(name: "code", points: results.map { band($0, x: $0.fractionFast) }),
                                      .init(name: "average individual", points: results.map {
                                          let se = 1.96 * $0.individualScoreSD / Double(max($0.runs, 1)).squareRoot()
                                          return ($0.fractionFast, $0.individualScore, $0.individualScore - se, $0.individualScore + se)
                                      })],
                             markers: [("March code", zip(MarchPublished.fig3Fractions, MarchPublished.fig3Code).map { (x: $0, y: $1) })])
        case .turnover, .turbulence:
            let groups = Dictionary(grouping: results, by: \.p1)
            return LineChart(title: title, xLabel: "turnover p3", yLabel: "period-20 code knowledge",
                             series: groups.keys.sorted().map { p1 in .init(name: "p1 = \(p1)", points: groups[p1]!.map { band($0, x: $0.p3) }) })
        }
    }

    /// Time series (turbulence) as a chart with 95% bands of the mean.
    public func chart(series: [[MarchPoint]], cells: [MarchParameters], runs: Int) -> LineChart {
        LineChart(title: title, xLabel: "period", yLabel: "code knowledge",
                  series: zip(cells, series).map { cell, points in
                      .init(name: "p3 = \(cell.p3)", points: points.map {
                          let se = 1.96 * $0.codeScoreSD / Double(max(runs, 1)).squareRoot()
                          return (Double($0.period), $0.codeScore, $0.codeScore - se, $0.codeScore + se)
                      }, dashed: cell.p3 == 0)
                  })
    }
}
