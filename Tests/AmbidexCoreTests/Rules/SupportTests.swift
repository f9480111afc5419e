@testable import AmbidexCore
import Foundation
import Testing

@Suite("Priorities, identifiers, periods and the seeded generator")
struct SupportTests {
    @Test("priority is 1…5, and JSON outside that range is rejected")
    func priority() throws {
        #expect(Priority(rawValue: 0) == nil && Priority(rawValue: 6) == nil)
        #expect(Priority(clamping: 9).rawValue == 5 && Priority(clamping: -1).rawValue == 1)
        #expect(try JSONDecoder().decode(Priority.self, from: Data("4".utf8)).rawValue == 4)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Priority.self, from: Data("6".utf8)) }
    }

    @Test("identifiers encode as plain strings")
    func identifier() throws {
        let id: OrderID = "O-1"
        #expect(String(decoding: try JSONEncoder().encode(id), as: UTF8.self) == "\"O-1\"")
        #expect(try JSONDecoder().decode(OrderID.self, from: Data("\"O-2\"".utf8)) == "O-2")
    }

    @Test("quarters are calendar quarters in UTC, across a year end")
    func quarters() {
        let from = Date(timeIntervalSince1970: 1_727_740_800) // 2024-10-01
        let to = Date(timeIntervalSince1970: 1_740_787_200)   // 2025-03-01
        let q = Period.quarters(from: from, to: to)
        #expect(q.map(\.label) == ["2024-Q4", "2025-Q1"])
        #expect(q[0].end == q[1].start)
        #expect(q[0].contains(from) && !q[0].contains(q[0].end))
    }

    @Test("the seeded generator repeats for a seed and spreads over [0, 1)")
    func generator() {
        var a = SeededGenerator(seed: 5), b = SeededGenerator(seed: 5), c = SeededGenerator(seed: 6)
        let xs = (0..<10_000).map { _ in a.unit() }
        #expect(xs == (0..<10_000).map { _ in b.unit() })
        #expect(xs != (0..<10_000).map { _ in c.unit() })
        #expect(xs.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = xs.reduce(0, +) / Double(xs.count)
        #expect(abs(mean - 0.5) < 0.02)
        var n = SeededGenerator(seed: 1)
        let normals = (0..<10_000).map { _ in n.normal(mean: 10, sd: 2) }
        #expect(abs(normals.reduce(0, +) / 10_000 - 10) < 0.1)
    }

    @Test("quantiles interpolate like numpy")
    func quantiles() {
        #expect(Statistics.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(Statistics.quantile([1, 2, 3, 4], 0.25) == 1.75)
        #expect(Statistics.quantile([], 0.5) == nil)
        #expect(Statistics.quantile([7], 0.9) == 7)
    }
}
