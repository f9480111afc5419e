import Foundation

/// Draws a directly-follows graph as SVG with a layered layout of its own
/// (no Graphviz): cycles broken by a depth-first search from the start,
/// layers by longest path, order within layers by barycenters, edges as
/// curves whose width grows with frequency. Back edges bend to the right.
public enum DFGDrawing {
    public static func svg(_ dfg: DirectlyFollowsGraph, title: String = "") -> String {
        // Nodes: start, activities, end.
        let activities = dfg.activities.keys.sorted()
        let names = ["▶ start"] + activities + ["■ end"]
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let endNode = names.count - 1
        struct Arc { var from: Int; var to: Int; var count: Int; var label: String }
        var arcs: [Arc] = []
        for (a, n) in dfg.startActivities { arcs.append(Arc(from: 0, to: index[a]!, count: n, label: "\(n)")) }
        for e in dfg.edges {
            arcs.append(Arc(from: index[e.source]!, to: index[e.target]!, count: e.count,
                            label: "\(e.count) · \(duration(e.performance.mean))"))
        }
        for (a, n) in dfg.endActivities { arcs.append(Arc(from: index[a]!, to: endNode, count: n, label: "\(n)")) }

        // Break cycles: depth-first from the start, heavier arcs first; arcs to a node on the stack are back arcs.
        var outgoing = [[Int]](repeating: [], count: names.count)
        for (k, a) in arcs.enumerated() { outgoing[a.from].append(k) }
        for v in outgoing.indices { outgoing[v].sort { arcs[$0].count > arcs[$1].count } }
        var state = [Int](repeating: 0, count: names.count)
        var back = Set<Int>()
        func visit(_ root: Int) {
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while !stack.isEmpty {
                let (v, i) = stack[stack.count - 1]
                if i == outgoing[v].count { state[v] = 2; stack.removeLast(); continue }
                stack[stack.count - 1].next += 1
                let k = outgoing[v][i]
                let w = arcs[k].to
                if w == v || state[w] == 1 { back.insert(k) } else if state[w] == 0 { state[w] = 1; stack.append((w, 0)) }
            }
        }
        visit(0)
        for v in names.indices where state[v] == 0 { visit(v) }

        // Layers: longest path over forward arcs (a topological order by Kahn's algorithm).
        var layer = [Int](repeating: 0, count: names.count)
        var indegree = [Int](repeating: 0, count: names.count)
        for (k, a) in arcs.enumerated() where !back.contains(k) { indegree[a.to] += 1 }
        var queue = names.indices.filter { indegree[$0] == 0 }
        var head = 0
        while head < queue.count {
            let v = queue[head]; head += 1
            for k in outgoing[v] where !back.contains(k) {
                let w = arcs[k].to
                layer[w] = max(layer[w], layer[v] + 1)
                indegree[w] -= 1
                if indegree[w] == 0 { queue.append(w) }
            }
        }
        // The end sits alone below everything.
        layer[endNode] = (names.indices.filter { $0 != endNode }.map { layer[$0] }.max() ?? 0) + 1
        let layerCount = (layer.max() ?? 0) + 1
        var rows = [[Int]](repeating: [], count: layerCount)
        for v in names.indices { rows[layer[v]].append(v) }

        // Order within layers: barycenters of neighbours in the layer above, then below.
        var position = [Double](repeating: 0, count: names.count)
        for r in rows { for (i, v) in r.enumerated() { position[v] = Double(i) } }
        var incoming = [[Int]](repeating: [], count: names.count)
        for (k, a) in arcs.enumerated() where !back.contains(k) { incoming[a.to].append(a.from) }
        for sweep in 0..<8 {
            let down = sweep % 2 == 0
            for l in (down ? Array(1..<layerCount) : Array((0..<max(layerCount - 1, 0)).reversed())) {
                let neighbours: (Int) -> [Int] = down ? { incoming[$0] } : { v in outgoing[v].filter { !back.contains($0) }.map { arcs[$0].to } }
                rows[l].sort { a, b in
                    func centre(_ v: Int) -> Double {
                        let n = neighbours(v)
                        return n.isEmpty ? position[v] : n.map { position[$0] }.reduce(0, +) / Double(n.count)
                    }
                    return centre(a) < centre(b)
                }
                for (i, v) in rows[l].enumerated() { position[v] = Double(i) }
            }
        }

        // Coordinates.
        let nodeHeight = 34.0, layerGap = 90.0, gap = 40.0, margin = 30.0
        func width(_ v: Int) -> Double { max(90, Double(names[v].count) * 7.2 + 24) }
        var x = [Double](repeating: 0, count: names.count), y = [Double](repeating: 0, count: names.count)
        let rowWidths = rows.map { r in r.map(width).reduce(0, +) + gap * Double(max(r.count - 1, 0)) }
        let canvasWidth = (rowWidths.max() ?? 0) + 2 * margin + 160
        for (l, r) in rows.enumerated() {
            var cursor = margin + ((rowWidths.max() ?? 0) - rowWidths[l]) / 2
            for v in r {
                x[v] = cursor + width(v) / 2
                y[v] = margin + 20 + Double(l) * layerGap + nodeHeight / 2
                cursor += width(v) + gap
            }
        }
        let canvasHeight = margin * 2 + 20 + Double(layerCount) * layerGap
        let maxCount = Double(arcs.map(\.count).max() ?? 1)

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(canvasWidth))\" height=\"\(Int(canvasHeight))\" "
            + "viewBox=\"0 0 \(Int(canvasWidth)) \(Int(canvasHeight))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto-start-reverse\">"
            + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        if !title.isEmpty { out += "<text x=\"\(margin)\" y=\"\(margin - 8)\" font-size=\"14\" font-weight=\"bold\">\(escape(title))</text>\n" }
        for (k, a) in arcs.enumerated() {
            let stroke = 1 + 5 * (log1p(Double(a.count)) / log1p(maxCount))
            let x1 = x[a.from], y1 = y[a.from] + nodeHeight / 2
            let x2 = x[a.to], y2 = y[a.to] - nodeHeight / 2
            let path: String, lx: Double, ly: Double
            if back.contains(k) || a.from == a.to {
                let sx = x[a.from] + width(a.from) / 2, sy = y[a.from]
                let tx = x[a.to] + width(a.to) / 2, ty = y[a.to]
                let bend = max(sx, tx) + 40 + 10 * Double(abs(layer[a.from] - layer[a.to]))
                path = a.from == a.to
                    ? "M\(f(sx)),\(f(sy - 8)) C\(f(sx + 45)),\(f(sy - 30)) \(f(sx + 45)),\(f(sy + 30)) \(f(sx)),\(f(sy + 8))"
                    : "M\(f(sx)),\(f(sy)) C\(f(bend)),\(f(sy)) \(f(bend)),\(f(ty)) \(f(tx)),\(f(ty))"
                lx = a.from == a.to ? sx + 40 : bend - 10
                ly = (sy + ty) / 2
            } else {
                let my = (y1 + y2) / 2
                path = "M\(f(x1)),\(f(y1)) C\(f(x1)),\(f(my)) \(f(x2)),\(f(my)) \(f(x2)),\(f(y2))"
                lx = (x1 + x2) / 2 + 4
                ly = my
            }
            out += "<path d=\"\(path)\" fill=\"none\" stroke=\"#555\" stroke-opacity=\"0.75\" stroke-width=\"\(f(stroke))\" marker-end=\"url(#arrow)\">"
                + "<title>\(escape(names[a.from])) → \(escape(names[a.to])): \(escape(a.label))</title></path>\n"
            out += "<text x=\"\(f(lx))\" y=\"\(f(ly))\" fill=\"#333\" font-size=\"10\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">\(escape(a.label))</text>\n"
        }
        for v in names.indices {
            let w = width(v)
            let fill = v == 0 ? "#d9f0d3" : v == endNode ? "#f4d6d6" : "#dbe8f6"
            let count = v == 0 || v == endNode ? "" : " (\(dfg.activities[names[v]] ?? 0))"
            out += "<rect x=\"\(f(x[v] - w / 2))\" y=\"\(f(y[v] - nodeHeight / 2))\" width=\"\(f(w))\" height=\"\(f(nodeHeight))\" rx=\"6\" "
                + "fill=\"\(fill)\" stroke=\"#345\"/>\n"
            out += "<text x=\"\(f(x[v]))\" y=\"\(f(y[v] + 4))\" text-anchor=\"middle\">\(escape(names[v] + count))</text>\n"
        }
        return out + "</svg>\n"
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// A duration for people: 42 s, 3.5 min, 2.1 h, 4.0 d.
    public static func duration(_ s: Double) -> String {
        func one(_ v: Double) -> String { String(format: "%.1f", v) }
        if s < 60 { return "\(Int(s.rounded())) s" }
        if s < 3600 { return one(s / 60) + " min" }
        if s < 86_400 { return one(s / 3600) + " h" }
        return one(s / 86_400) + " d"
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
