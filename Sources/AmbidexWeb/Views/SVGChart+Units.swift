import Foundation

/// A unit's figures per quarter: a line per series on a 0–1 scale, broken
/// where a quarter had too few orders to judge. The page writes the legend.
extension SVGChart {
    struct QuarterSeries {
        var name: String
        var color: String
        var dashed = false
        var values: [Double?]
    }

    static func quarters(_ labels: [String], _ series: [QuarterSeries], title: String) -> String {
        var f = Frame(x: 0...Double(max(1, labels.count - 1)), y: [0, 1], pad: false)
        f.y0 = 0
        f.y1 = 1
        var svg = f.open("quarters", title: title) + f.yTicks(percent)
        // "2025-Q3" is too wide for a narrow chart: the quarter on one line, the year under the first and each Q1.
        for (i, label) in labels.enumerated() {
            let parts = label.split(separator: "-", maxSplits: 1).map(String.init)
            let (year, quarter) = parts.count == 2 ? (parts[0], parts[1]) : ("", label)
            let x = fmt(f.x(Double(i)))
            svg += "<text x=\"\(x)\" y=\"\(fmt(f.height - 14))\" text-anchor=\"middle\" font-size=\"10\">\(escape(quarter))</text>"
            if i == 0 || quarter == "Q1" {
                svg += "<text x=\"\(x)\" y=\"\(fmt(f.height - 3))\" text-anchor=\"middle\" font-size=\"10\">\(escape(year))</text>"
            }
        }
        for s in series {
            // One polyline per unbroken run of quarters.
            var run: [String] = []
            func flush() {
                if run.count > 1 {
                    svg += "<polyline fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"" + (s.dashed ? " stroke-dasharray=\"5 3\"" : "")
                        + " points=\"\(run.joined(separator: " "))\"/>"
                }
                run = []
            }
            for (i, v) in s.values.enumerated() {
                guard let v else { flush(); continue }
                let (x, y) = (f.x(Double(i)), f.y(max(0, min(1, v))))
                run.append("\(fmt(x)),\(fmt(y))")
                svg += "<circle cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"3\" fill=\"\(s.color)\"><title>\(escape(labels[i])) · \(escape(s.name)): \(percent(v))</title></circle>"
            }
            flush()
        }
        return svg + "</svg>"
    }
}
