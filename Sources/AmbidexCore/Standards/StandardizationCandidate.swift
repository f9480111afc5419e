import Foundation

/// A combination of customization choices that recurs across one-of-a-kind
/// (ETO) and configured (CTO) orders: what a module or standard could fix so the
/// next orders need not engineer it again. Found as frequent itemsets (each
/// item a feature = value) whose support no larger combination matches
/// (closed itemsets), so a candidate is never a part of a bigger one with the
/// same orders behind it.
public struct StandardizationCandidate: Codable, Sendable, Equatable {
    public struct Feature: Codable, Sendable, Hashable, Comparable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
        public static func < (a: Feature, b: Feature) -> Bool { (a.name, a.value) < (b.name, b.value) }
        public var text: String { "\(name) = \(value)" }
    }

    public var features: [Feature]
    /// Orders that chose every feature.
    public var support: Int
    /// `support` over the ETO and CTO orders searched.
    public var supportShare: Double
    /// The strongest rule inside the combination: of the orders that chose all
    /// but one feature, the share that chose that one too (1 for a single feature).
    public var confidence: Double
    /// The feature that rule predicts (nil for a single feature).
    public var predicted: Feature?
    /// How many of the orders are ETO (the rest CTO).
    public var etoOrders: Int
    /// The orders behind it, newest first, at most `orderLimit`.
    public var orders: [OrderID]

    public static let orderLimit = 200

    public init(features: [Feature], support: Int, supportShare: Double, confidence: Double, predicted: Feature?, etoOrders: Int, orders: [OrderID]) {
        self.features = features
        self.support = support
        self.supportShare = supportShare
        self.confidence = confidence
        self.predicted = predicted
        self.etoOrders = etoOrders
        self.orders = orders
    }

    /// The candidates among `orders` (only ETO and CTO ones are searched):
    /// combinations of up to `maxSize` features chosen by at least `minimumSupport`
    /// orders and `minimumShare` of them; the most supported first, larger
    /// combinations first among equals, at most `limit`.
    public static func find(in orders: [Order], minimumSupport: Int = 3, minimumShare: Double = 0.02,
                            maxSize: Int = 4, limit: Int = 20) -> [StandardizationCandidate] {
        let searched = orders.filter { $0.strategy == .eto || $0.strategy == .cto }
        guard !searched.isEmpty else { return [] }
        let need = max(minimumSupport, Int((Double(searched.count) * minimumShare).rounded(.up)))
        // Items as small integers; each order as its sorted item list.
        var itemIndex: [Feature: Int] = [:], items: [Feature] = []
        var baskets: [[Int]] = []
        baskets.reserveCapacity(searched.count)
        for o in searched {
            var basket: [Int] = []
            for (k, v) in o.customization {
                let f = Feature(name: k, value: v)
                if let i = itemIndex[f] { basket.append(i) } else {
                    itemIndex[f] = items.count
                    basket.append(items.count)
                    items.append(f)
                }
            }
            baskets.append(basket.sorted())
        }
        // Level-wise (Apriori): the orders supporting each frequent set, by the set.
        var support: [[Int]: [Int]] = [:]
        var level: [[Int]: [Int]] = [:]
        for (b, basket) in baskets.enumerated() { for i in basket { level[[i], default: []].append(b) } }
        level = level.filter { $0.value.count >= need }
        var size = 1
        while !level.isEmpty {
            support.merge(level) { a, _ in a }
            guard size < maxSize else { break }
            var next: [[Int]: [Int]] = [:]
            let frequent = Set(level.keys)
            for (set, supporters) in level {
                for b in supporters {
                    // Extend by the basket's items above the set's last, keeping sets sorted (each candidate made once per order).
                    for i in baskets[b] where i > set.last! {
                        let candidate = set + [i]
                        // Every subset one smaller must be frequent (downward closure).
                        guard (0..<candidate.count - 1).allSatisfy({ j in var s = candidate; s.remove(at: j); return frequent.contains(s) }) else { continue }
                        next[candidate, default: []].append(b)
                    }
                }
            }
            level = next.filter { $0.value.count >= need }
            size += 1
        }
        // Closed sets: no superset one larger has the same support.
        var subsumed = Set<[Int]>()
        for (set, supporters) in support where set.count > 1 {
            for j in set.indices {
                var smaller = set
                smaller.remove(at: j)
                if support[smaller]?.count == supporters.count { subsumed.insert(smaller) }
            }
        }
        let closed = support.keys.filter { !subsumed.contains($0) }
        let ordered = closed.sorted { a, b in
            let sa = support[a]!.count, sb = support[b]!.count
            return sa != sb ? sa > sb : a.count != b.count ? a.count > b.count : a.map { items[$0] }.lexicographicallyPrecedes(b.map { items[$0] })
        }.prefix(limit)
        return ordered.map { set in
            let supporters = support[set]!
            var confidence = 1.0, predicted: Feature?
            if set.count > 1 {
                confidence = 0
                for j in set.indices {
                    var rest = set
                    let item = rest.remove(at: j)
                    let c = Double(supporters.count) / Double(support[rest]?.count ?? supporters.count)
                    if c > confidence || (c == confidence && predicted.map { items[item] < $0 } ?? true) {
                        confidence = c
                        predicted = items[item]
                    }
                }
            }
            let behind = supporters.map { searched[$0] }.sorted { ($0.received, $0.id.rawValue) > ($1.received, $1.id.rawValue) }
            return StandardizationCandidate(
                features: set.map { items[$0] }.sorted(), support: supporters.count, supportShare: Double(supporters.count) / Double(searched.count),
                confidence: confidence, predicted: predicted, etoOrders: behind.filter { $0.strategy == .eto }.count,
                orders: behind.prefix(orderLimit).map(\.id))
        }
    }
}
