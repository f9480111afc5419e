import AmbidexCore
import Foundation
import Testing

@Suite("Standard texts and module proposals")
struct StandardTextTests {
    @Test("the line difference keeps, removes and adds in reading order, and rebuilds both texts")
    func diff() {
        let old = "a\nb\nc\nd", new = "a\nc\nx\nd\ne"
        let lines = TextDiff.lines(old, new)
        #expect(lines.map(\.change) == [.same, .removed, .same, .added, .same, .added])
        #expect(lines.filter { $0.change != .added }.map(\.text).joined(separator: "\n") == old)
        #expect(lines.filter { $0.change != .removed }.map(\.text).joined(separator: "\n") == new)
        // Random texts: both sides always rebuild.
        var g = SeededGenerator(seed: 3)
        for _ in 0..<50 {
            let a = (0..<Int.random(in: 0..<12, using: &g)).map { _ in String(Int.random(in: 0..<5, using: &g)) }.joined(separator: "\n")
            let b = (0..<Int.random(in: 0..<12, using: &g)).map { _ in String(Int.random(in: 0..<5, using: &g)) }.joined(separator: "\n")
            let d = TextDiff.lines(a, b)
            #expect(d.filter { $0.change != .added }.map(\.text).joined(separator: "\n") == a)
            #expect(d.filter { $0.change != .removed }.map(\.text).joined(separator: "\n") == b)
        }
    }

    @Test("a module keeps the choices most orders share, most shared first")
    func module() throws {
        let t = Date(timeIntervalSince1970: 1_700_000_000)
        func order(_ id: String, _ c: [String: String]) throws -> Order {
            try Order(id: OrderID(id), customer: "C", offering: "pump", strategy: .eto, decouplingPoint: .stage(.design), customization: c,
                      priority: .low, received: t, due: t.adding(days: 30))
        }
        let orders = try [order("O-1", ["seal": "ceramic", "flow": "40", "paint": "red"]), order("O-2", ["seal": "ceramic", "flow": "40", "paint": "blue"]),
                          order("O-3", ["seal": "ceramic", "flow": "60"])]
        let m = ModuleProposal(orders: orders)
        #expect(m.common.map(\.name) == ["seal", "flow"] && m.common.map(\.orders) == [3, 2])
        #expect(m.text == "seal: ceramic\nflow: 40 (2 of 3 orders)")
        var s = try Standard(id: "S-1", name: "m", kind: .module, scope: .init(strategies: [.cto]), provenance: [], proposedAt: t, text: m.text)
        try s.revise(at: t.adding(days: 1), note: "keeps the text")
        #expect(s.versions.last?.text == m.text && s.version(at: t.adding(days: 2)) == 2 && s.version(at: t) == 1)
    }
}
