import Foundation

/// Draws an object-centric DFG as SVG, as pm4py draws one: the activities
/// shared by all object types, a start and an end node per object type, and
/// the arcs of each object type in its own colour (labelled with event couples
/// and mean duration; start and end arcs with their objects), a legend of the
/// colours.
public enum OCDFGDrawing {
    /// Colours for object types, in order of their names; the tints fill their start and end nodes.
    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]
    static let tints = ["#d6e6f4", "#f7d4d4", "#d5efd5", "#e6def0", "#ffe5cc", "#e8dcd9", "#f9e0f1", "#d1f2f5", "#e5e5e5", "#f1f1cf"]

    public static func svg(_ g: ObjectCentricDFG, title: String = "") -> String {
        let types = Set(g.activities.map(\.objectType)).sorted()
        let activities = Set(g.activities.map(\.activity)).sorted()
        var nodes: [LayeredDrawing.Node] = []
        var start: [String: Int] = [:], end: [String: Int] = [:], color: [String: String] = [:]
        for (i, type) in types.enumerated() {
            color[type] = colors[i % colors.count]
            start[type] = nodes.count
            nodes.append(.init(label: "▶ \(type)", fill: tints[i % tints.count], isSource: true))
        }
        let index = Dictionary(uniqueKeysWithValues: activities.enumerated().map { ($1, nodes.count + $0) })
        nodes += activities.map { .init(label: $0, fill: "#f4f4f4") }
        for (i, type) in types.enumerated() {
            end[type] = nodes.count
            nodes.append(.init(label: "■ \(type)", fill: tints[i % tints.count], isSink: true))
        }
        var arcs: [LayeredDrawing.Arc] = []
        for s in g.startActivities {
            arcs.append(.init(from: start[s.objectType]!, to: index[s.activity]!, count: s.uniqueObjects, label: "\(s.uniqueObjects)",
                              detail: "\(s.objectType): \(s.uniqueObjects) objects start here", color: color[s.objectType]!))
        }
        for e in g.edges {
            arcs.append(.init(from: index[e.source]!, to: index[e.target]!, count: e.eventCouples,
                              label: "\(e.eventCouples) · \(DFGDrawing.duration(e.performance.mean))",
                              detail: "\(e.objectType): \(e.eventCouples) event couples, \(e.uniqueObjects) objects, "
                                  + "mean \(DFGDrawing.duration(e.performance.mean))",
                              color: color[e.objectType]!))
        }
        for s in g.endActivities {
            arcs.append(.init(from: index[s.activity]!, to: end[s.objectType]!, count: s.uniqueObjects, label: "\(s.uniqueObjects)",
                              detail: "\(s.objectType): \(s.uniqueObjects) objects end here", color: color[s.objectType]!))
        }
        return LayeredDrawing(nodes: nodes, arcs: arcs, title: title, legend: types.map { ($0, color[$0]!) }).svg()
    }
}
