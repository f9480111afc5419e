import Foundation

/// The evidence's own charts: each standard's event study and monitoring
/// chart, and the cumulative incidence of exploiting knowledge. Small
/// multiples: one compact SVG per metric.
extension SVGChart {
    struct EventSeries {
        var name: String
        var color: String
        /// Month relative to adoption, the gap that month and its 95 % interval.
        var points: [(month: Int, value: Double, low: Double, high: Double)]
        /// The pre-adoption trend a time series extrapolates (value at month 0, slope per month).
        var trend: (intercept: Double, slope: Double)?
    }

    struct Frame {
        let width = 340.0, height = 190.0
        let left = 52.0, right = 10.0, top = 22.0, bottom = 26.0
        var x0: Double, x1: Double, y0: Double, y1: Double
        var plotW: Double { width - left - right }
        var plotH: Double { height - top - bottom }
        func x(_ v: Double) -> Double { left + (x1 == x0 ? 0.5 : (v - x0) / (x1 - x0)) * plotW }
        func y(_ v: Double) -> Double { top + (1 - (v - y0) / (y1 - y0)) * plotH }

        init(x: ClosedRange<Double>, y values: [Double], pad: Bool = true) {
            x0 = x.lowerBound
            x1 = x.upperBound
            let lo = values.min() ?? 0, hi = values.max() ?? 1
            let margin = pad ? max((hi - lo) * 0.08, 1e-3) : 0
            y0 = lo - margin
            y1 = hi + margin
        }

        func open(_ cls: String, title: String) -> String {
            "<svg class=\"\(cls)\" role=\"img\" aria-label=\"\(escape(title))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\">"
                + "<text x=\"\(fmt(left))\" y=\"13\" font-weight=\"600\">\(escape(title))</text>"
                + "<rect x=\"\(fmt(left))\" y=\"\(fmt(top))\" width=\"\(fmt(plotW))\" height=\"\(fmt(plotH))\" fill=\"none\" stroke=\"#dfe3ea\"/>"
        }

        func yTicks(_ format: (Double) -> String) -> String {
            (0...2).map { k -> String in
                let v = y0 + (y1 - y0) * Double(k) / 2
                return "<text x=\"\(fmt(left - 4))\" y=\"\(fmt(y(v) + 4))\" text-anchor=\"end\">\(escape(format(v)))</text>"
            }.joined()
        }

        func horizontal(_ v: Double, color: String, dashed: Bool = false) -> String {
            guard v >= y0, v <= y1 else { return "" }
            return "<line x1=\"\(fmt(left))\" y1=\"\(fmt(y(v)))\" x2=\"\(fmt(left + plotW))\" y2=\"\(fmt(y(v)))\" stroke=\"\(color)\""
                + (dashed ? " stroke-dasharray=\"4 3\"" : "") + "/>"
        }

        func vertical(_ v: Double, color: String) -> String {
            "<line class=\"adoption\" x1=\"\(fmt(x(v)))\" y1=\"\(fmt(top))\" x2=\"\(fmt(x(v)))\" y2=\"\(fmt(top + plotH))\" stroke=\"\(color)\" stroke-dasharray=\"3 3\"/>"
        }
    }

    /// The gap by month relative to adoption (month 0 starts on the adoption
    /// day), with 95 % whiskers, zero drawn in, the adoption as a dashed line;
    /// a dotted line where a time series extrapolates the trend before adoption.
    static func eventStudy(_ series: [EventSeries], title: String, format: @escaping (Double) -> String) -> String {
        let all = series.flatMap(\.points)
        guard let minMonth = all.map(\.month).min(), let maxMonth = all.map(\.month).max() else {
            return "<svg class=\"event-study empty\" role=\"img\" aria-label=\"\(escape(title)): no months to show\" viewBox=\"0 0 340 40\" width=\"100%\"><text x=\"4\" y=\"24\">\(escape(title)): no months with enough orders</text></svg>"
        }
        let frame = Frame(x: Double(minMonth)...Double(maxMonth + 1), y: all.flatMap { [$0.low, $0.high] } + [0])
        var svg = frame.open("event-study", title: title) + frame.yTicks(format)
        svg += frame.horizontal(0, color: "#9aa3b2")
        svg += frame.vertical(0, color: "#1d2330")
        svg += "<text x=\"\(fmt(frame.x(0) + 3))\" y=\"\(fmt(frame.top + 10))\">adoption</text>"
        for k in stride(from: minMonth, through: maxMonth + 1, by: max(1, (maxMonth - minMonth + 1) / 6)) {
            svg += "<text x=\"\(fmt(frame.x(Double(k))))\" y=\"\(fmt(frame.height - 10))\" text-anchor=\"middle\">\(k)</text>"
        }
        svg += "<text x=\"\(fmt(frame.left + frame.plotW))\" y=\"\(fmt(frame.height - 1))\" text-anchor=\"end\">months from adoption</text>"
        for (i, s) in series.enumerated() {
            if let t = s.trend, let last = s.points.map(\.month).max() {
                let a = Double(minMonth) + 0.5, b = Double(last) + 0.5
                svg += "<line class=\"trend\" x1=\"\(fmt(frame.x(a)))\" y1=\"\(fmt(frame.y(t.intercept + t.slope * a)))\" x2=\"\(fmt(frame.x(b)))\" "
                    + "y2=\"\(fmt(frame.y(t.intercept + t.slope * b)))\" stroke=\"\(s.color)\" stroke-dasharray=\"1 3\"/>"
            }
            let line = s.points.map { "\(fmt(frame.x(Double($0.month) + 0.5))),\(fmt(frame.y($0.value)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"\(s.color)\" stroke-opacity=\"0.5\"/>"
            for p in s.points {
                let cx = frame.x(Double(p.month) + 0.5)
                svg += "<line x1=\"\(fmt(cx))\" y1=\"\(fmt(frame.y(p.low)))\" x2=\"\(fmt(cx))\" y2=\"\(fmt(frame.y(p.high)))\" stroke=\"\(s.color)\"/>"
                svg += "<circle cx=\"\(fmt(cx))\" cy=\"\(fmt(frame.y(p.value)))\" r=\"2.5\" fill=\"\(s.color)\"><title>\(escape(s.name)) month \(p.month): "
                    + "\(escape(format(p.value))) [\(escape(format(p.low))), \(escape(format(p.high)))]</title></circle>"
            }
            svg += "<rect x=\"\(fmt(frame.left + 6 + Double(i) * 60))\" y=\"\(fmt(frame.top + 4))\" width=\"8\" height=\"8\" fill=\"\(s.color)\"/>"
            svg += "<text x=\"\(fmt(frame.left + 17 + Double(i) * 60))\" y=\"\(fmt(frame.top + 12))\" style=\"fill:\(s.color)\">\(escape(s.name))</text>"
        }
        return svg + "</svg>"
    }

    struct CusumWeek {
        var week: Date
        var worse: Double
        var better: Double
        var baseline: Bool
    }

    /// Both one-sided CUSUMs over the delivery weeks: the sum for the worse
    /// upwards, for the better downwards, the decision interval ±h, baseline
    /// weeks shaded, signals marked, retirement (or the as-of date) at the end.
    static func cusum(_ weeks: [CusumWeek], threshold: Double, signals: [(date: Date, worse: Bool)], end: Date, title: String) -> String {
        guard let first = weeks.first?.week else {
            return "<svg class=\"monitoring empty\" role=\"img\" aria-label=\"\(escape(title)): nothing monitored yet\" viewBox=\"0 0 340 40\" width=\"100%\"><text x=\"4\" y=\"24\">\(escape(title)): nothing monitored yet</text></svg>"
        }
        let t0 = first.timeIntervalSince1970, t1 = max(end.timeIntervalSince1970, t0 + 7 * 86_400)
        let top = max(threshold * 1.15, weeks.map(\.worse).max() ?? 0)
        let bottom = -max(threshold * 1.15, weeks.map(\.better).max() ?? 0)
        let frame = Frame(x: t0...t1, y: [top, bottom])
        var svg = frame.open("monitoring", title: title) + frame.yTicks { String(format: "%.0f", $0) }
        let weekWidth = frame.plotW * 7 * 86_400 / (t1 - t0)
        for w in weeks where w.baseline {
            svg += "<rect class=\"baseline\" x=\"\(fmt(frame.x(w.week.timeIntervalSince1970)))\" y=\"\(fmt(frame.top))\" width=\"\(fmt(weekWidth))\" "
                + "height=\"\(fmt(frame.plotH))\" fill=\"#eef1f6\"/>"
        }
        svg += frame.horizontal(0, color: "#9aa3b2")
        svg += frame.horizontal(threshold, color: "#c53030", dashed: true) + frame.horizontal(-threshold, color: "#2f855a", dashed: true)
        let monitored = weeks.filter { !$0.baseline }
        func line(_ value: (CusumWeek) -> Double, _ color: String, _ cls: String) -> String {
            "<polyline class=\"\(cls)\" points=\"" + monitored.map { "\(fmt(frame.x($0.week.timeIntervalSince1970))),\(fmt(frame.y(value($0))))" }.joined(separator: " ")
                + "\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"/>"
        }
        svg += line({ $0.worse }, "#c53030", "worse") + line({ -$0.better }, "#2f855a", "better")
        for s in signals {
            let x = frame.x(s.date.timeIntervalSince1970), y = frame.y(s.worse ? threshold : -threshold)
            svg += "<circle class=\"signal\" cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"3.5\" fill=\"\(s.worse ? "#c53030" : "#2f855a")\">"
                + "<title>signal \(s.worse ? "for the worse" : "for the better") in the week to \(s.date.isoDay)</title></circle>"
        }
        svg += "<text x=\"\(fmt(frame.left))\" y=\"\(fmt(frame.height - 10))\">\(first.isoDay)</text>"
        svg += "<text x=\"\(fmt(frame.left + frame.plotW))\" y=\"\(fmt(frame.height - 10))\" text-anchor=\"end\">\(end.isoDay)</text>"
        svg += "<text x=\"\(fmt(frame.left + frame.plotW / 2))\" y=\"\(fmt(frame.height - 1))\" text-anchor=\"middle\">worse ↑ · better ↓ · ±h dashed</text>"
        return svg + "</svg>"
    }

    /// Step curves of the share exploited and discarded by days since acquisition.
    static func incidence(_ points: [(days: Double, exploited: Double, discarded: Double)], maxDays: Double, title: String) -> String {
        let frame = Frame(x: 0...maxDays, y: [0, 1], pad: false)
        var svg = frame.open("incidence", title: title) + frame.yTicks(percent)
        func steps(_ value: ((days: Double, exploited: Double, discarded: Double)) -> Double) -> String {
            var last = 0.0
            var pts = ["\(fmt(frame.x(0))),\(fmt(frame.y(0)))"]
            for p in points where p.days <= maxDays {
                pts.append("\(fmt(frame.x(p.days))),\(fmt(frame.y(last)))")
                last = value(p)
                pts.append("\(fmt(frame.x(p.days))),\(fmt(frame.y(last)))")
            }
            pts.append("\(fmt(frame.x(maxDays))),\(fmt(frame.y(last)))")
            return pts.joined(separator: " ")
        }
        svg += "<polyline class=\"exploited\" points=\"\(steps { $0.exploited })\" fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"1.5\"/>"
        svg += "<polyline class=\"discarded\" points=\"\(steps { $0.discarded })\" fill=\"none\" stroke=\"#9aa3b2\" stroke-width=\"1.5\"/>"
        for d in stride(from: 0.0, through: maxDays, by: 90) {
            svg += "<text x=\"\(fmt(frame.x(d)))\" y=\"\(fmt(frame.height - 10))\" text-anchor=\"middle\">\(Int(d))</text>"
        }
        svg += "<text x=\"\(fmt(frame.left + frame.plotW))\" y=\"\(fmt(frame.height - 1))\" text-anchor=\"end\">days since acquired · blue exploited, grey discarded</text>"
        return svg + "</svg>"
    }
}
