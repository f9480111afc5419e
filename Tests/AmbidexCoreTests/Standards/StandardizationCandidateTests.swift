@testable import AmbidexCore
import Foundation
import Testing

@Suite("Standardization candidates")
struct StandardizationCandidateTests {
    static let day: TimeInterval = 86_400

    static func order(_ i: Int, _ strategy: DeliveryStrategy, _ customization: [String: String]) throws -> Order {
        let received = Date(timeIntervalSince1970: 1_700_000_000 + Double(i) * day)
        return try Order(id: OrderID("O-\(i)"), customer: PartnerID("C-1"), offering: "drive", strategy: strategy,
                         decouplingPoint: StrategyTable.standard[strategy].decouplingPoint, customization: customization,
                         received: received, due: received + 30 * day)
    }

    @Test("a planted combination among random choices is found with its support, its confidence and the orders behind it; noise is not")
    func planted() throws {
        var rng = SeededGenerator(seed: 7)
        var orders: [Order] = []
        var planted = Set<String>()
        for i in 0..<400 {
            let strategy: DeliveryStrategy = i % 4 == 0 ? .mto : (i % 2 == 0 ? .cto : .eto)
            guard strategy != .mto else { orders.append(try Self.order(i, .mto, [:])); continue }
            // Six features of ten values each chosen at random: any pair recurs in about 1% of orders.
            var c: [String: String] = [:]
            for f in 0..<6 { c["f\(f)"] = "v\(rng.next() % 10)" }
            // 60 of the customized orders share a flange and a seal; 20 more only the flange.
            if planted.count < 60, rng.chance(0.25) {
                c["flange"] = "custom"
                c["seal"] = "viton"
                planted.insert("O-\(i)")
            } else if rng.chance(0.08) {
                c["flange"] = "custom"
            }
            orders.append(try Self.order(i, strategy, c))
        }
        let flangeOnly = orders.filter { $0.customization["flange"] == "custom" }.count
        let found = StandardizationCandidate.find(in: orders, minimumShare: 0.05)
        let pair = try #require(found.first { Set($0.features.map(\.text)) == ["flange = custom", "seal = viton"] })
        #expect(pair.support == planted.count && Set(pair.orders.map(\.rawValue)) == planted)
        #expect(pair.supportShare == Double(planted.count) / 300)
        // seal → flange always holds; flange → seal holds for the planted share of flanged orders.
        #expect(pair.confidence == 1 && pair.predicted?.text == "flange = custom")
        #expect(pair.etoOrders == orders.filter { planted.contains($0.id.rawValue) && $0.strategy == .eto }.count)
        #expect(pair.orders.first.map { id in orders.first { $0.id == id }!.received } == orders.filter { planted.contains($0.id.rawValue) }.map(\.received).max(),
                "newest first")
        // "seal = viton" alone has the pair's orders: not closed, so not listed; "flange = custom" alone has more.
        #expect(!found.contains { $0.features.map(\.text) == ["seal = viton"] })
        let flange = try #require(found.first { $0.features.map(\.text) == ["flange = custom"] })
        #expect(flange.support == flangeOnly && flange.support > pair.support)
        // Random pairs recur in ~1% of 300 orders, below 5%: none is a candidate.
        #expect(!found.contains { $0.features.count > 1 && $0.features.allSatisfy { $0.name.hasPrefix("f") } })
        #expect(found.allSatisfy { $0.support >= 15 })
    }

    @Test("only ETO and CTO orders are searched; nothing recurring gives nothing")
    func scope() throws {
        let same = ["drive": "servo", "housing": "steel"]
        let standardized = try (0..<20).map { try Self.order($0, .ato, same) }
        #expect(StandardizationCandidate.find(in: standardized).isEmpty)
        let two = try (0..<2).map { try Self.order($0, .eto, same) }
        #expect(StandardizationCandidate.find(in: two).isEmpty, "2 orders are below the least support of 3")
        let three = try (0..<3).map { try Self.order($0, .eto, same) }
        let found = StandardizationCandidate.find(in: three)
        #expect(found.count == 1 && found[0].features.count == 2 && found[0].support == 3 && found[0].confidence == 1)
    }
}
