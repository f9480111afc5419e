/// A module proposed from a set of one-of-a-kind orders: the customization
/// choices they have in common are what a standardized module would fix.
public struct ModuleProposal: Sendable, Hashable {
    public struct Feature: Sendable, Hashable {
        public let name: String
        public let value: String
        /// How many of the orders chose it.
        public let orders: Int
    }

    public let orders: [OrderID]
    /// Features every order chose alike, then those most of them chose alike.
    public let common: [Feature]
    public let strategies: Set<DeliveryStrategy>

    /// `share`: the least share of the orders that must agree on a feature's value.
    public init(orders: [Order], share: Double = 0.6) {
        self.orders = orders.map(\.id)
        strategies = Set(orders.map(\.strategy))
        var counts: [String: [String: Int]] = [:]
        for o in orders { for (k, v) in o.customization { counts[k, default: [:]][v, default: 0] += 1 } }
        let need = max(1, Int((Double(orders.count) * share).rounded(.up)))
        common = counts.compactMap { name, values in
            guard let best = values.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), best.value >= need else { return nil }
            return Feature(name: name, value: best.key, orders: best.value)
        }.sorted { ($1.orders, $0.name) < ($0.orders, $1.name) }
    }

    /// The module's first text: one line per common choice.
    public var text: String {
        common.map { "\($0.name): \($0.value)" + ($0.orders < orders.count ? " (\($0.orders) of \(orders.count) orders)" : "") }.joined(separator: "\n")
    }
}
