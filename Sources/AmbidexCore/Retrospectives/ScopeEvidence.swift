import Foundation

/// The evidence of exactly the orders a retrospective looks at: lead times,
/// on-time delivery, rework, customer feedback and deviations from standards,
/// each with how many orders it rests on and, for shares, a 95 % interval.
public struct ScopeEvidence: Hashable, Sendable {
    public struct Share: Hashable, Sendable {
        public let hits: Int
        public let of: Int
        public init(hits: Int, of: Int) { self.hits = hits; self.of = of }
        public var value: Double? { of > 0 ? Double(hits) / Double(of) : nil }
        /// Wilson score interval at 95 %: honest at small counts and near 0 or 1, where the normal one is not.
        public var interval: (low: Double, high: Double)? {
            guard of > 0 else { return nil }
            let n = Double(of), p = Double(hits) / n, z = 1.959964
            let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
            let half = z * ((p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()) / (1 + z * z / n)
            return (max(0, centre - half), min(1, centre + half))
        }
        public static func == (a: Share, b: Share) -> Bool { a.hits == b.hits && a.of == b.of }
        public func hash(into h: inout Hasher) { h.combine(hits); h.combine(of) }
    }

    public let orders: Int
    public let closed: Int
    public let leadTimeDays: (p25: Double, median: Double, p75: Double)?
    public let onTime: Share
    public let reworkPerOrder: Double?
    public let reworked: Share
    public let feedback: Double?
    /// How many closed orders have a feedback score: customers answer more after bad orders, so the mean leans low.
    public let feedbackAnswered: Int
    public let deviations: Share

    public static func == (a: ScopeEvidence, b: ScopeEvidence) -> Bool {
        a.orders == b.orders && a.closed == b.closed && a.onTime == b.onTime && a.reworked == b.reworked && a.deviations == b.deviations
            && a.feedback == b.feedback && a.reworkPerOrder == b.reworkPerOrder && a.leadTimeDays?.median == b.leadTimeDays?.median
    }
    public func hash(into h: inout Hasher) { h.combine(orders); h.combine(closed) }

    /// `applications`: each standard application on these orders, and whether work deviated from it.
    public init(orders: [Order], applications: [(order: OrderID, deviated: Bool)]) {
        self.orders = orders.count
        let outcomes = orders.compactMap(\.outcome)
        closed = outcomes.count
        let leads = outcomes.map(\.leadTimeDays).sorted()
        if let m = Statistics.quantile(leads, 0.5), let a = Statistics.quantile(leads, 0.25), let b = Statistics.quantile(leads, 0.75) {
            leadTimeDays = (a, m, b)
        } else { leadTimeDays = nil }
        onTime = Share(hits: outcomes.filter(\.onTime).count, of: outcomes.count)
        reworkPerOrder = Statistics.mean(outcomes.map { Double($0.reworkCount) })
        reworked = Share(hits: outcomes.filter { $0.reworkCount > 0 }.count, of: outcomes.count)
        let scores = outcomes.compactMap(\.feedbackScore)
        feedback = Statistics.mean(scores)
        feedbackAnswered = scores.count
        deviations = Share(hits: applications.filter(\.deviated).count, of: applications.count)
    }

    public func value(_ figure: RetroFigure) -> Double? {
        switch figure {
        case .onTime: onTime.value
        case .leadTime: leadTimeDays?.median
        case .rework: reworkPerOrder
        case .feedback: feedback
        case .deviations: deviations.value
        }
    }

    /// How many orders (or applications) a figure rests on.
    public func basis(_ figure: RetroFigure) -> Int {
        switch figure {
        case .onTime, .leadTime, .rework: closed
        case .feedback: feedbackAnswered
        case .deviations: deviations.of
        }
    }
}
