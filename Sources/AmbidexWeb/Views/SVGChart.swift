import Foundation

/// Charts as inline SVG strings: no JavaScript, no build step, and they print.
/// Labels are escaped here because they end up inside raw markup.
enum SVGChart {
    struct Bar {
        var label: String
        var values: [Double]   // one per series, 0…1 unless `maxValue` says otherwise
    }

    /// Grouped horizontal bars, one row per label, one bar per series.
    static func groupedBars(_ bars: [Bar], series: [(name: String, color: String)], maxValue: Double = 1,
                            format: (Double) -> String = percent, title: String) -> String {
        let rowHeight = 14.0 * Double(max(series.count, 1)) + 10
        let labelWidth = 150.0, chartWidth = 300.0, valueWidth = 60.0
        // The legend wraps to another line rather than running off the chart.
        var legend: [(x: Double, line: Int)] = []
        var lx = labelWidth, line = 0
        for s in series {
            let width = 16 + Double(s.name.count) * 6.5
            if lx + width > labelWidth + chartWidth + valueWidth, lx > labelWidth { lx = labelWidth; line += 1 }
            legend.append((lx, line))
            lx += width
        }
        let height = rowHeight * Double(bars.count) + 24 + 14 * Double(line)
        var svg = "<svg role=\"img\" aria-label=\"\(escape(title))\" viewBox=\"0 0 \(Int(labelWidth + chartWidth + valueWidth)) \(Int(height))\" width=\"100%\">"
        for (i, bar) in bars.enumerated() {
            let y0 = Double(i) * rowHeight
            svg += "<text x=\"0\" y=\"\(fmt(y0 + rowHeight / 2 + 3))\">\(escape(bar.label))</text>"
            for (j, value) in bar.values.enumerated() where j < series.count {
                let w = max(0, min(1, value / maxValue)) * chartWidth
                let y = y0 + 4 + Double(j) * 14
                svg += "<rect x=\"\(fmt(labelWidth))\" y=\"\(fmt(y))\" width=\"\(fmt(w))\" height=\"11\" fill=\"\(series[j].color)\"><title>\(escape(bar.label)) · \(escape(series[j].name)): \(escape(format(value)))</title></rect>"
                svg += "<text x=\"\(fmt(labelWidth + w + 4))\" y=\"\(fmt(y + 9))\">\(escape(format(value)))</text>"
            }
        }
        for (s, at) in zip(series, legend) {
            let y = height - 14 - 14 * Double(line - at.line)
            svg += "<rect x=\"\(fmt(at.x))\" y=\"\(fmt(y))\" width=\"10\" height=\"10\" fill=\"\(s.color)\"/>"
            svg += "<text x=\"\(fmt(at.x + 14))\" y=\"\(fmt(y + 9))\">\(escape(s.name))</text>"
        }
        return svg + "</svg>"
    }

    /// A scatter of points on the unit square (exploration X, exploitation Y),
    /// with the balance diagonal drawn in.
    static func unitSquare(_ points: [(label: String, x: Double, y: Double)], xLabel: String, yLabel: String, title: String) -> String {
        let size = 260.0, pad = 34.0
        var svg = "<svg role=\"img\" aria-label=\"\(escape(title))\" viewBox=\"0 0 \(Int(size + pad * 2 + 120)) \(Int(size + pad * 2))\" width=\"100%\">"
        svg += "<rect x=\"\(pad)\" y=\"\(pad)\" width=\"\(size)\" height=\"\(size)\" fill=\"#fafbfc\" stroke=\"#dfe3ea\"/>"
        svg += "<line x1=\"\(pad)\" y1=\"\(pad + size)\" x2=\"\(pad + size)\" y2=\"\(pad)\" stroke=\"#cbd2dd\" stroke-dasharray=\"4 3\"/>"
        svg += "<text x=\"\(fmt(pad + size / 2 - 40))\" y=\"\(fmt(pad + size + 24))\">\(escape(xLabel)) →</text>"
        svg += "<text x=\"4\" y=\"\(fmt(pad - 10))\">↑ \(escape(yLabel))</text>"
        for (i, p) in points.enumerated() {
            let cx = pad + max(0, min(1, p.x)) * size
            let cy = pad + size - max(0, min(1, p.y)) * size
            svg += "<circle cx=\"\(fmt(cx))\" cy=\"\(fmt(cy))\" r=\"5\" fill=\"#2b6cb0\" fill-opacity=\"0.75\"><title>\(escape(p.label)): X \(percent(p.x)), Y \(percent(p.y))</title></circle>"
            svg += "<text x=\"\(fmt(pad + size + 10))\" y=\"\(fmt(pad + 12 + Double(i) * 14))\">\(i + 1). \(escape(p.label))</text>"
            svg += "<text x=\"\(fmt(cx + 6))\" y=\"\(fmt(cy - 4))\">\(i + 1)</text>"
        }
        return svg + "</svg>"
    }

    static func percent(_ v: Double) -> String { "\(Int((v * 100).rounded()))%" }
    static func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
