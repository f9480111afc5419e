import AmbidexCore
import AmbidexLog
import AmbidexMining
import Foundation

extension OfficeMining {
    /// Mines the whole office once: per strategy the DFG, variants, durations,
    /// rework and the hand-over between units and between front and back office;
    /// and the standardization candidates. Linear in the office's events (a
    /// counting sort groups them by order).
    /// `sources` names the log each imported order came from; its logs are mined one by one.
    public static func make(_ office: LearningOffice, sources: [OrderID: String] = [:]) -> OfficeMining {
        let clock = ContinuousClock.now
        var orderIndex: [OrderID: Int] = [:]
        orderIndex.reserveCapacity(office.orders.count)
        for (i, o) in office.orders.enumerated() { orderIndex[o.id] = i }
        // Group the events by order, each order's in the office's sequence (stable counting sort).
        let owner = office.events.map { orderIndex[$0.order] ?? -1 }
        var start = [Int](repeating: 0, count: office.orders.count + 1)
        for o in owner where o >= 0 { start[o + 1] += 1 }
        for i in 0..<office.orders.count { start[i + 1] += start[i] }
        var next = start, grouped = [Int](repeating: 0, count: start[office.orders.count])
        for (e, o) in owner.enumerated() where o >= 0 {
            grouped[next[o]] = e
            next[o] += 1
        }
        let names = Dictionary(office.units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func events(of orders: [Int]) -> [OrderEvent] {
            var events: [OrderEvent] = []
            for o in orders { for p in start[o]..<start[o + 1] { events.append(office.events[grouped[p]]) } }
            return events
        }
        var strategies: [StrategyMining] = []
        for strategy in DeliveryStrategy.allCases {
            let orders = office.orders.indices.filter { office.orders[$0].strategy == strategy }
            guard !orders.isEmpty else { continue }
            strategies.append(mine(strategy, orders: orders.map { office.orders[$0] }, events: events(of: orders), unitNames: names))
        }
        // Before and after each adopted standard, per strategy in its scope.
        var changes: [StandardChange] = []
        let asOf = office.asOf, day = 86_400.0
        for standard in office.standards {
            guard let adopted = standard.adoptedAt, adopted < asOf else { continue }
            let days = min(StandardChange.windowDays, max(1, Int(((asOf.timeIntervalSince(adopted)) / day).rounded(.up))))
            let from = adopted - Double(days) * day, to = adopted + Double(days) * day
            // No strategies named: it covers every strategy.
            let covered = standard.scope.strategies.isEmpty ? DeliveryStrategy.allCases
                : standard.scope.strategies.sorted { $0.customizationRank < $1.customizationRank }
            for strategy in covered {
                func side(_ lower: Date, _ upper: Date) -> [Int] {
                    office.orders.indices.filter { i in
                        let o = office.orders[i]
                        guard o.strategy == strategy, o.received >= lower, o.received < upper else { return false }
                        guard !standard.scope.units.isEmpty else { return true }
                        return (start[i]..<start[i + 1]).contains { standard.scope.units.contains(office.events[grouped[$0]].unit) }
                    }
                }
                let before = side(from, adopted), after = side(adopted, to)
                guard !before.isEmpty, !after.isEmpty else { continue }
                changes.append(StandardChange(
                    standard: standard.id, name: standard.name, adopted: adopted, days: days, strategy: strategy,
                    before: mine(strategy, orders: before.map { office.orders[$0] }, events: events(of: before), unitNames: names),
                    after: mine(strategy, orders: after.map { office.orders[$0] }, events: events(of: after), unitNames: names)))
            }
        }
        // Each imported log's orders together, in the office's order.
        var byLog: [String: [Int]] = [:]
        if !sources.isEmpty {
            for (i, o) in office.orders.enumerated() { if let log = sources[o.id] { byLog[log, default: []].append(i) } }
        }
        let logs = byLog.keys.sorted().prefix(LogMining.limit).map { log -> LogMining in
            let orders = byLog[log] ?? []
            var counts: [DeliveryStrategy: Int] = [:]
            for i in orders { counts[office.orders[i].strategy, default: 0] += 1 }
            // The most frequent strategy; on a tie, the more customized.
            let main = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key.customizationRank < b.key.customizationRank }?.key ?? .mto
            return LogMining(log: log, strategies: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }),
                             mined: mine(main, orders: orders.map { office.orders[$0] }, events: events(of: orders), unitNames: names))
        }
        let candidates = StandardizationCandidate.find(in: office.orders)
        let elapsed = ContinuousClock.now - clock
        return OfficeMining(strategies: strategies, candidates: candidates, standards: changes, logs: Array(logs),
                            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// `events` grouped by order, in the order of `orders` (orders without events are left out of the process).
    static func mine(_ strategy: DeliveryStrategy, orders: [Order], events: [OrderEvent], unitNames: [UnitID: String]) -> StrategyMining {
        let log = OfficeLog.make(events, unitNames: unitNames, actor: .unit)
        let s = CaseSequences(log)
        let dfg = DirectlyFollowsGraph(s)
        let activities = dfg.activities.map { name, count in
            StrategyMining.Activity(name: name, count: count, starts: dfg.startActivities[name] ?? 0, ends: dfg.endActivities[name] ?? 0)
        }.sorted { ($0.count, $1.name) > ($1.count, $0.name) }
        let edges = dfg.edges.prefix(StrategyMining.edgeLimit).map {
            StrategyMining.Edge(source: $0.source, target: $0.target, count: $0.count, meanSeconds: $0.performance.mean, medianSeconds: $0.performance.median)
        }
        let byId = Dictionary(orders.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
        // Variants with their orders and closed orders' durations.
        var variantOrders: [[Int32]: [Int]] = [:]
        var days = [Double?](repeating: nil, count: s.caseCount)
        var closed: [Double] = [], open = 0
        for c in 0..<s.caseCount {
            let r = s.positions(ofCase: c)
            guard !r.isEmpty else { continue }
            variantOrders[r.map { s.activity(at: $0) }, default: []].append(c)
            let order = byId[log.strings[Int(log.caseName[c])]]
            if order?.closed != nil {
                let first = r.map { s.startTime[$0] }.min()!
                let d = AmbidexMining.seconds(from: first, to: s.endTime[r.upperBound - 1]) / 86_400
                days[c] = d
                closed.append(d)
            } else {
                open += 1
            }
        }
        let variants = variantOrders.sorted { a, b in
            a.value.count != b.value.count ? a.value.count > b.value.count : a.key.map { log.strings[Int($0)] }.lexicographicallyPrecedes(b.key.map { log.strings[Int($0)] })
        }.prefix(StrategyMining.variantLimit).map { key, cases in
            StrategyMining.Variant(activities: key.map { log.strings[Int($0)] }, count: cases.count, medianDays: quantile(cases.compactMap { days[$0] }, 0.5),
                                   orders: cases.prefix(StrategyMining.ordersPerVariant).map { OrderID(rawValue: log.strings[Int(log.caseName[$0])]) })
        }
        var byOffice = log
        byOffice.resource = log.role
        func handovers(_ h: [Handover]) -> [StrategyMining.Handover] {
            h.map { StrategyMining.Handover(source: $0.source, target: $0.target, count: $0.count, share: $0.value) }
        }
        let durations = StrategyMining.Durations(
            closed: closed.count, open: open, mean: closed.isEmpty ? nil : closed.reduce(0, +) / Double(closed.count),
            p10: quantile(closed, 0.1), median: quantile(closed, 0.5), p90: quantile(closed, 0.9), max: closed.max())
        return StrategyMining(
            strategy: strategy, orders: orders.count, events: events.count, activities: activities, edges: Array(edges), edgeCount: dfg.edges.count,
            variants: Array(variants), variantCount: variantOrders.count, durations: durations,
            officeHandover: handovers(Handover.all(CaseSequences(byOffice))),
            unitHandover: Array(handovers(Handover.all(s)).prefix(StrategyMining.unitHandoverLimit)),
            rework: Rework.all(s).prefix(10).map { StrategyMining.Rework(activity: $0.activity, orders: $0.cases, repetitions: $0.repetitions) })
    }

    /// The q-quantile by linear interpolation between order statistics (numpy's default); nil for no values.
    static func quantile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let v = values.sorted()
        let h = Double(v.count - 1) * q
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, v.count - 1)
        return v[lo] + (h - Double(lo)) * (v[hi] - v[lo])
    }
}
