import Foundation

/// A process graph drawn top to bottom as SVG with a layered layout of its own
/// (no Graphviz): cycles broken by a depth-first search from the sources,
/// layers by longest path, the sinks in a last layer of their own, order
/// within layers by barycenters, arcs as curves whose width grows with their
/// count. Back arcs bend to the right; parallel arcs (one per object type in
/// an OC-DFG) are spread apart.
struct LayeredDrawing {
    struct Node {
        var label: String
        var fill: String
        /// Where the drawing starts (start nodes): searched first when breaking cycles.
        var isSource = false
        /// Drawn in the last layer (end nodes).
        var isSink = false
    }

    struct Arc {
        var from: Int
        var to: Int
        var count: Int
        var label: String
        /// The tooltip after "from → to: ".
        var detail: String
        var color = "#555"
    }

    var nodes: [Node]
    var arcs: [Arc]
    var title = ""
    /// Colour keys drawn at the top right: (name, colour).
    var legend: [(String, String)] = []

    func svg() -> String {
        let back = backArcs()
        let laid = layers(back: back)
        let layer = laid.layer
        var rows = laid.rows
        orderWithinLayers(&rows, back: back)

        // Coordinates.
        let nodeHeight = 34.0, layerGap = 90.0, gap = 40.0, margin = 30.0
        func width(_ v: Int) -> Double { max(90, Double(nodes[v].label.count) * 7.2 + 24) }
        var x = [Double](repeating: 0, count: nodes.count), y = [Double](repeating: 0, count: nodes.count)
        let rowWidths = rows.map { r in r.map(width).reduce(0, +) + gap * Double(max(r.count - 1, 0)) }
        let widest = rowWidths.max() ?? 0
        let legendWidth = legend.isEmpty ? 0.0 : Double(legend.map(\.0.count).max() ?? 0) * 7.2 + 40
        let canvasWidth = widest + 2 * margin + 160 + legendWidth
        for (l, r) in rows.enumerated() {
            var cursor = margin + (widest - rowWidths[l]) / 2
            for v in r {
                x[v] = cursor + width(v) / 2
                y[v] = margin + 20 + Double(l) * layerGap + nodeHeight / 2
                cursor += width(v) + gap
            }
        }
        let canvasHeight = max(margin * 2 + 20 + Double(rows.count) * layerGap, margin * 2 + 20 * Double(legend.count))
        let maxCount = Double(arcs.map(\.count).max() ?? 1)
        // Arcs between the same two nodes, and each one's place among them.
        var parallel: [Int: [Int]] = [:]
        for (k, a) in arcs.enumerated() { parallel[a.from * nodes.count + a.to, default: []].append(k) }
        var spread = [Double](repeating: 0, count: arcs.count)
        for group in parallel.values where group.count > 1 {
            for (i, k) in group.enumerated() { spread[k] = (Double(i) - Double(group.count - 1) / 2) * 14 }
        }

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(canvasWidth))\" height=\"\(Int(canvasHeight))\" "
            + "viewBox=\"0 0 \(Int(canvasWidth)) \(Int(canvasHeight))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        out += "<defs>"
        let colors = Array(Set(arcs.map(\.color))).sorted()
        for (i, color) in colors.enumerated() {
            out += "<marker id=\"arrow\(i)\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" "
                + "markerHeight=\"9\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"\(Self.escape(color))\"/></marker>"
        }
        out += "</defs>\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        if !title.isEmpty { out += "<text x=\"\(margin)\" y=\"\(margin - 8)\" font-size=\"14\" font-weight=\"bold\">\(Self.escape(title))</text>\n" }
        for (i, (name, color)) in legend.enumerated() {
            let lx = canvasWidth - margin - legendWidth + 10, ly = margin + 20 * Double(i) + 10
            out += "<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 20))\" y2=\"\(f(ly - 4))\" stroke=\"\(Self.escape(color))\" stroke-width=\"3\"/>"
                + "<text x=\"\(f(lx + 26))\" y=\"\(f(ly))\">\(Self.escape(name))</text>\n"
        }
        for (k, a) in arcs.enumerated() {
            let stroke = 1 + 5 * (log1p(Double(a.count)) / log1p(maxCount))
            let s = spread[k]
            let x1 = x[a.from] + s, y1 = y[a.from] + nodeHeight / 2
            let x2 = x[a.to] + s, y2 = y[a.to] - nodeHeight / 2
            let path: String, lx: Double, ly: Double
            if back.contains(k) || a.from == a.to {
                let sx = x[a.from] + width(a.from) / 2, sy = y[a.from] + s / 2
                let tx = x[a.to] + width(a.to) / 2, ty = y[a.to] + s / 2
                let bend = max(sx, tx) + 40 + 10 * Double(abs(layer[a.from] - layer[a.to])) + s
                path = a.from == a.to
                    ? "M\(f(sx)),\(f(sy - 8)) C\(f(sx + 45 + s)),\(f(sy - 30)) \(f(sx + 45 + s)),\(f(sy + 30)) \(f(sx)),\(f(sy + 8))"
                    : "M\(f(sx)),\(f(sy)) C\(f(bend)),\(f(sy)) \(f(bend)),\(f(ty)) \(f(tx)),\(f(ty))"
                lx = a.from == a.to ? sx + 40 + s : bend - 10
                ly = (sy + ty) / 2
            } else {
                let my = (y1 + y2) / 2
                path = "M\(f(x1)),\(f(y1)) C\(f(x1)),\(f(my)) \(f(x2)),\(f(my)) \(f(x2)),\(f(y2))"
                lx = (x1 + x2) / 2 + 4
                ly = my + s
            }
            let marker = colors.firstIndex(of: a.color) ?? 0
            out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(Self.escape(a.color))\" stroke-opacity=\"0.75\" stroke-width=\"\(f(stroke))\" "
                + "marker-end=\"url(#arrow\(marker))\"><title>\(Self.escape(nodes[a.from].label)) → \(Self.escape(nodes[a.to].label)): "
                + "\(Self.escape(a.detail))</title></path>\n"
            out += "<text x=\"\(f(lx))\" y=\"\(f(ly))\" fill=\"\(a.color == "#555" ? "#333" : Self.escape(a.color))\" font-size=\"10\" "
                + "stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">\(Self.escape(a.label))</text>\n"
        }
        for v in nodes.indices {
            let w = width(v)
            out += "<rect x=\"\(f(x[v] - w / 2))\" y=\"\(f(y[v] - nodeHeight / 2))\" width=\"\(f(w))\" height=\"\(f(nodeHeight))\" rx=\"6\" "
                + "fill=\"\(Self.escape(nodes[v].fill))\" stroke=\"#345\"/>\n"
            out += "<text x=\"\(f(x[v]))\" y=\"\(f(y[v] + 4))\" text-anchor=\"middle\">\(Self.escape(nodes[v].label))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// Outgoing arcs of each node, heavier first.
    private func outgoing() -> [[Int]] {
        var outgoing = [[Int]](repeating: [], count: nodes.count)
        for (k, a) in arcs.enumerated() { outgoing[a.from].append(k) }
        for v in outgoing.indices { outgoing[v].sort { arcs[$0].count > arcs[$1].count } }
        return outgoing
    }

    /// Depth-first from the sources, heavier arcs first; arcs to a node on the stack are back arcs.
    private func backArcs() -> Set<Int> {
        let outgoing = outgoing()
        var state = [Int](repeating: 0, count: nodes.count)
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
        for v in nodes.indices where nodes[v].isSource && state[v] == 0 { visit(v) }
        for v in nodes.indices where state[v] == 0 { visit(v) }
        return back
    }

    /// Layers by longest path over forward arcs (Kahn's topological order); the sinks below everything.
    private func layers(back: Set<Int>) -> (layer: [Int], rows: [[Int]]) {
        let outgoing = outgoing()
        var layer = [Int](repeating: 0, count: nodes.count)
        var indegree = [Int](repeating: 0, count: nodes.count)
        for (k, a) in arcs.enumerated() where !back.contains(k) { indegree[a.to] += 1 }
        var queue = nodes.indices.filter { indegree[$0] == 0 }
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
        let last = (nodes.indices.filter { !nodes[$0].isSink }.map { layer[$0] }.max() ?? -1) + 1
        for v in nodes.indices where nodes[v].isSink { layer[v] = last }
        var rows = [[Int]](repeating: [], count: (layer.max() ?? 0) + 1)
        for v in nodes.indices { rows[layer[v]].append(v) }
        return (layer, rows)
    }

    /// Orders each layer by the barycenters of its neighbours above, then below, a few sweeps.
    private func orderWithinLayers(_ rows: inout [[Int]], back: Set<Int>) {
        let outgoing = outgoing()
        var position = [Double](repeating: 0, count: nodes.count)
        for r in rows { for (i, v) in r.enumerated() { position[v] = Double(i) } }
        var incoming = [[Int]](repeating: [], count: nodes.count)
        for (k, a) in arcs.enumerated() where !back.contains(k) { incoming[a.to].append(a.from) }
        let layerCount = rows.count
        for sweep in 0..<8 {
            let down = sweep % 2 == 0
            for l in (down ? Array(1..<max(layerCount, 1)) : Array((0..<max(layerCount - 1, 0)).reversed())) {
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
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }

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
