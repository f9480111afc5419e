import Foundation

/// What happened on a retrospective's orders, built from their events: per day
/// (or per week over longer periods) what came in, what closed on time or late,
/// rework, customer contact and the stages worked, and the moments worth
/// talking about (late deliveries, rework) with their orders.
public struct ScopeTimeline: Hashable, Sendable {
    public struct Bucket: Hashable, Sendable {
        public let start: Date
        public var received = 0
        public var closedOnTime = 0
        public var closedLate = 0
        public var rework = 0
        public var customerContacts = 0
        public var events = 0
        public var stages: [Stage: Int] = [:]
    }

    public struct Moment: Hashable, Sendable {
        public enum Kind: String, Sendable { case late, rework, received, closed }
        public let date: Date
        public let order: OrderID
        public let kind: Kind
        public let what: String
    }

    /// Days per bucket: 1 or 7.
    public let days: Int
    public let buckets: [Bucket]
    public let moments: [Moment]

    public static let momentLimit = 60
    /// Events of this activity are rework, as the order data records it.
    public static let reworkActivity = "rework"

    public init(orders: [Order], events: [OrderEvent]) {
        let dates = orders.map(\.received) + orders.compactMap(\.closed) + events.map(\.timestamp)
        guard let first = dates.min(), let last = dates.max() else {
            days = 1; buckets = []; moments = []
            return
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.startOfDay(for: first)
        let span = last.timeIntervalSince(start) / 86_400
        let days = span <= 31 ? 1 : 7
        self.days = days
        let width = Double(days) * 86_400
        let count = min(2_000, Int(span * 86_400 / width) + 1)
        var buckets = (0..<count).map { Bucket(start: start.addingTimeInterval(Double($0) * width)) }
        func k(_ d: Date) -> Int { min(count - 1, max(0, Int(d.timeIntervalSince(start) / width))) }
        var moments: [Moment] = []
        for o in orders {
            buckets[k(o.received)].received += 1
            if let c = o.closed, let outcome = o.outcome {
                if outcome.onTime { buckets[k(c)].closedOnTime += 1 } else {
                    buckets[k(c)].closedLate += 1
                    let late = max(0, c.timeIntervalSince(o.due) / 86_400)
                    moments.append(Moment(date: c, order: o.id, kind: .late,
                                          what: "delivered \(String(format: "%.1f", late)) days late (\(o.strategy.code), \(o.offering))"))
                }
            }
        }
        for e in events {
            let b = k(e.timestamp)
            buckets[b].events += 1
            buckets[b].stages[e.stage, default: 0] += 1
            if e.customerContact { buckets[b].customerContacts += 1 }
            if e.activity == Self.reworkActivity {
                buckets[b].rework += 1
                moments.append(Moment(date: e.timestamp, order: e.order, kind: .rework, what: "rework in \(e.stage) by \(e.unit)"))
            }
        }
        self.buckets = buckets
        self.moments = Array(moments.sorted { ($0.date, $0.order) > ($1.date, $1.order) }.prefix(Self.momentLimit))
    }
}
