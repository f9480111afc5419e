import Foundation

/// Draws a directly-follows graph as SVG: a start node, the activities with
/// their counts, an end node, arcs labelled with count and mean duration.
public enum DFGDrawing {
    public static func svg(_ dfg: DirectlyFollowsGraph, title: String = "") -> String {
        let activities = dfg.activities.keys.sorted()
        var nodes = [LayeredDrawing.Node(label: "▶ start", fill: "#d9f0d3", isSource: true)]
        nodes += activities.map { LayeredDrawing.Node(label: "\($0) (\(dfg.activities[$0] ?? 0))", fill: "#dbe8f6") }
        nodes.append(LayeredDrawing.Node(label: "■ end", fill: "#f4d6d6", isSink: true))
        let index = Dictionary(uniqueKeysWithValues: activities.enumerated().map { ($1, $0 + 1) })
        let endNode = nodes.count - 1
        var arcs: [LayeredDrawing.Arc] = []
        for (a, n) in dfg.startActivities { arcs.append(.init(from: 0, to: index[a]!, count: n, label: "\(n)", detail: "\(n)")) }
        for e in dfg.edges {
            let label = "\(e.count) · \(duration(e.performance.mean))"
            arcs.append(.init(from: index[e.source]!, to: index[e.target]!, count: e.count, label: label, detail: label))
        }
        for (a, n) in dfg.endActivities { arcs.append(.init(from: index[a]!, to: endNode, count: n, label: "\(n)", detail: "\(n)")) }
        return LayeredDrawing(nodes: nodes, arcs: arcs, title: title).svg()
    }

    /// A DFG given as plain counts (as a snapshot keeps one): each activity with
    /// how many cases it starts and ends, each edge with the label to draw.
    public struct Graph: Sendable {
        public struct Activity: Sendable {
            public var name: String, count: Int, starts: Int, ends: Int
            public init(name: String, count: Int, starts: Int, ends: Int) {
                self.name = name
                self.count = count
                self.starts = starts
                self.ends = ends
            }
        }
        public struct Edge: Sendable {
            public var source: String, target: String, count: Int, label: String
            public init(source: String, target: String, count: Int, label: String) {
                self.source = source
                self.target = target
                self.count = count
                self.label = label
            }
        }
        public var activities: [Activity]
        public var edges: [Edge]
        public init(activities: [Activity], edges: [Edge]) {
            self.activities = activities
            self.edges = edges
        }
    }

    /// Draws `graph`; edges naming an activity not in it are left out.
    public static func svg(_ graph: Graph, title: String = "") -> String {
        let activities = graph.activities.sorted { $0.name < $1.name }
        var nodes = [LayeredDrawing.Node(label: "▶ start", fill: "#d9f0d3", isSource: true)]
        nodes += activities.map { LayeredDrawing.Node(label: "\($0.name) (\($0.count))", fill: "#dbe8f6") }
        nodes.append(LayeredDrawing.Node(label: "■ end", fill: "#f4d6d6", isSink: true))
        let index = Dictionary(activities.enumerated().map { ($1.name, $0 + 1) }, uniquingKeysWith: { a, _ in a })
        let endNode = nodes.count - 1
        var arcs: [LayeredDrawing.Arc] = []
        for a in activities where a.starts > 0 { arcs.append(.init(from: 0, to: index[a.name]!, count: a.starts, label: "\(a.starts)", detail: "\(a.starts)")) }
        for e in graph.edges {
            guard let from = index[e.source], let to = index[e.target] else { continue }
            arcs.append(.init(from: from, to: to, count: e.count, label: e.label, detail: e.label))
        }
        for a in activities where a.ends > 0 { arcs.append(.init(from: index[a.name]!, to: endNode, count: a.ends, label: "\(a.ends)", detail: "\(a.ends)")) }
        return LayeredDrawing(nodes: nodes, arcs: arcs, title: title).svg()
    }

    /// A duration for people: 42 s, 3.5 min, 2.1 h, 4.0 d.
    public static func duration(_ s: Double) -> String {
        func one(_ v: Double) -> String { String(format: "%.1f", v) }
        if s < 60 { return "\(Int(s.rounded())) s" }
        if s < 3600 { return one(s / 60) + " min" }
        if s < 86_400 { return one(s / 3600) + " h" }
        return one(s / 86_400) + " d"
    }
}
