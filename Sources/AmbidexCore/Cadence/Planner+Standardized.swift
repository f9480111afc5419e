import Foundation

/// P1/P3 for standardized work and the standards themselves: daily top-down
/// reflection on each flow's standard work, learning about the market's
/// needs, sporadic reviews, planned follow-ups, and failing standards sent
/// back to exploration.
extension Planner {
    /// A short daily meeting per standardized production flow on its standard
    /// work — top-down, in real time, about the process and the offering for
    /// a whole market rather than one order (seed 000, §3.1).
    mutating func planFlowMeetings() {
        let recent = from.adding(days: -14), week = from.adding(days: -7)
        for s in policy.flowMeetingStrategies.sorted() {
            let flow = office.orders.filter { $0.strategy == s && ($0.isOpen(at: from) || ($0.closed.map { $0 >= recent && $0 <= from } ?? false)) }
            guard !flow.isEmpty else { continue }
            let open = flow.filter { $0.isOpen(at: from) }
            let pastDue = open.filter { $0.due < from }.count
            let rework = flow.filter { $0.closed.map { $0 >= week && $0 <= from } ?? false }.reduce(0) { $0 + ($1.outcome?.reworkCount ?? 0) }
            let standards = office.standards.filter { $0.scope.covers(s) && $0.isAdopted(at: from) }
            let units = flowTeam(s, flow)
            let work = standards.isEmpty ? "its routines (no adopted standard yet)" : standards.map { "\"\($0.name)\"" }.joined(separator: ", ")
            let reason = "Daily \(s.code) flow meeting on \(work): \(open.count) order\(open.count == 1 ? "" : "s") in the flow, \(pastDue) past due, "
                + "\(rework) rework loops delivered in the last 7 days. Top-down, real-time reflection on the process and the offering "
                + "for the whole market, not on a single order (P3)."
            recurring(every: policy.flowMeetingEveryWorkingDays) { planner, date in
                guard !planner.wasHeld(.dailyFlowMeeting, s.rawValue, onDayOf: date) else { return }
                planner.add(.dailyFlowMeeting, .recurrent, on: date, subject: "flow-\(s.rawValue)", strategy: s, units: units,
                            standards: standards.map(\.id), reason: reason)
            }
        }
    }

    /// The units a flow meeting invites: the flow's standard work is the back
    /// office's, so the back-office units that did at least
    /// `flowMeetingMinimumShare` of its back-office work in the last 14 days
    /// (a unit that stepped in once is not part of the daily meeting).
    func flowTeam(_ s: DeliveryStrategy, _ flow: [Order]) -> Set<UnitID> {
        let ids = Set(flow.map(\.id)), recent = from.adding(days: -14)
        let isBack = { (u: UnitID) in index.units[u].map { office.table.defaultRole(of: $0.function, under: s) == .back } ?? false }
        var work: [UnitID: Int] = [:]
        for e in office.events where ids.contains(e.order) && e.timestamp >= recent && e.timestamp <= from && isBack(e.unit) {
            work[e.unit, default: 0] += 1
        }
        let total = work.values.reduce(0, +)
        let team = Set(work.filter { Double($0.value) >= policy.flowMeetingMinimumShare * Double(total) }.keys)
        if !team.isEmpty { return team }
        let worked = Set(flow.flatMap { index.unitsByOrder[$0.id] ?? [] })
        let back = worked.filter(isBack)
        return back.isEmpty ? worked : back
    }

    /// Learning about market needs for the strategies that build ahead of
    /// orders: the last 30 days' demand per offering against what the office
    /// expected. No forecast is recorded yet, so the expectation is the pace
    /// of the three months before.
    mutating func planMarketReviews() {
        let every = Double(policy.marketReviewEveryDays)
        let recent = from.adding(days: -30), base = from.adding(days: -120)
        for s in policy.marketReviewStrategies.sorted() {
            let last = lastHeld(.marketReview, s.rawValue)
            var due = last.map { $0.adding(days: every) } ?? from
            if due < from { due = from }
            due = Self.nextWorkingDay(due.adding(days: -1))
            let orders = office.orders.filter { $0.strategy == s && $0.received >= base && $0.received <= from }
            guard due < end, !orders.isEmpty else { continue }
            var actual: [String: Int] = [:], before: [String: Int] = [:]
            for o in orders {
                if o.received >= recent { actual[o.offering, default: 0] += 1 } else { before[o.offering, default: 0] += 1 }
            }
            let offerings = Set(actual.keys).union(before.keys)
            let departures = offerings.compactMap { name -> (String, Int, Double, Double)? in
                let a = actual[name] ?? 0, f = Double(before[name] ?? 0) / 3
                let share = (Double(a) - f) / max(f, 1)
                return abs(share) >= policy.marketDeviationShare ? (name, a, f, share) : nil
            }.sorted { (abs($0.3), $0.0) > (abs($1.3), $1.0) }
            let total = actual.values.reduce(0, +), expected = Double(before.values.reduce(0, +)) / 3
            let detail = departures.isEmpty
                ? "no offering departs by \(Int(policy.marketDeviationShare * 100)) % or more."
                : departures.prefix(4).map { String(format: "%@: %d against %.0f expected (%+.0f %%)", $0.0, $0.1, $0.2, $0.3 * 100) }.joined(separator: "; ") + "."
            add(.marketReview, .planned, on: due, subject: s.rawValue, strategy: s,
                units: Set(office.units.filter { [.sales, .planning, .production].contains($0.function) }.map(\.id)),
                reason: String(format: "Monthly %@ review of forecast against demand: %d orders in the last 30 days against %.0f expected from the three months before; ",
                               s.code, total, expected) + detail
                    + " Standardized offerings learn what the market needs, not what one customer needs (P3). No forecast is recorded yet: the expectation is the previous pace.")
        }
    }

    /// The closed orders of the lookback whose outcome calls for a review of
    /// their own: late, reworked at least `reviewReworkThreshold` times, or
    /// rated `reviewFeedbackAtMost` or lower by the customer.
    func troubled(_ order: Order) -> [String] {
        guard let closed = order.closed, let outcome = order.outcome else { return [] }
        var why: [String] = []
        if !outcome.onTime { why.append(String(format: "delivered %.0f days after its due date", closed.timeIntervalSince(order.due) / 86_400)) }
        if outcome.reworkCount >= policy.reviewReworkThreshold { why.append("needed \(outcome.reworkCount) rework loops") }
        if let f = outcome.feedbackScore, f <= policy.reviewFeedbackAtMost { why.append(String(format: "the customer rated it %.0f of 5", f)) }
        return why
    }

    /// One after-action review per closed order whose outcome calls for it
    /// (MTS orders are followed up in their planned retrospective instead),
    /// spread at most `reviewsPerDay` a working day, oldest first. The other
    /// closed orders — clean ETO orders included — are looked back on in
    /// their strategy's next cross-order retrospective.
    mutating func planReviews() {
        let since = from.adding(days: -Double(policy.reviewLookbackDays))
        let due = office.orders.filter { order in
            guard let closed = order.closed, closed >= since, closed <= from, order.strategy != .mts else { return false }
            return !troubled(order).isEmpty && !wasHeld(.afterActionReview, order.id.rawValue, since: closed)
        }.sorted { ($0.closed!, $0.id) < ($1.closed!, $1.id) }
        for (i, order) in due.enumerated() {
            let why = troubled(order).joined(separator: " and ")
            let reason = order.strategy == .eto
                ? "ETO order \(order.id) closed on \(Self.day(order.closed!)) and \(why): its own after-action review, to learn from it for the next (P2, P3); clean ETO orders are evaluated together in the ETO retrospective."
                : "\(order.strategy.code) order \(order.id) \(why): a sporadic after-action review finds out why before it recurs (P1, learning from the order)."
            add(.afterActionReview, .sporadic, on: spreadDay(i, perDay: policy.reviewsPerDay), subject: order.id.rawValue,
                strategy: order.strategy, units: index.unitsByOrder[order.id] ?? [], orders: [order.id], reason: reason)
        }
    }

    mutating func planRetrospectives() {
        for (strategy, every) in [(DeliveryStrategy.ato, policy.retrospectiveEveryDays), (.mto, policy.retrospectiveEveryDays),
                                  (.cto, policy.retrospectiveEveryDays), (.eto, policy.retrospectiveEveryDays), (.mts, policy.mtsRetrospectiveEveryDays)] {
            let last = lastHeld(.crossOrderRetrospective, strategy.rawValue)
            var due = last.map { $0.adding(days: Double(every)) } ?? from
            if due < from { due = from }
            due = Self.nextWorkingDay(due.adding(days: -1))
            let since = last ?? from.adding(days: -Double(every))
            let closed = office.orders.filter { $0.strategy == strategy && ($0.closed.map { $0 > since && $0 <= from } ?? false) }
            // Nothing closed since the last one: nothing to look back on yet.
            guard !closed.isEmpty else { continue }
            let late = closed.filter { $0.outcome?.onTime == false }.count
            let rework = closed.reduce(0) { $0 + ($1.outcome?.reworkCount ?? 0) }
            let units = Set(closed.flatMap { index.unitsByOrder[$0.id] ?? [] })
            let batched = strategy == .mts ? closed.count : closed.filter { troubled($0).isEmpty }.count
            let cadence = strategy == .mts ? "planned quarterly follow-up" : "monthly cross-order retrospective"
            let reason = "\(cadence.prefix(1).uppercased() + cadence.dropFirst()) for \(strategy.code): \(closed.count) orders closed since "
                + "\(last.map { "the last one on \(Self.day($0))" } ?? "\(every) days ago"), \(late) late, \(rework) rework loops; "
                + "\(batched) of them had no after-action review of their own and are looked back on here. "
                + (strategy == .mts ? "Standardized work follows up systematically in retrospect, through planned initiatives (P3)." : "Learning from orders, for future orders (P2).")
            add(.crossOrderRetrospective, strategy == .mts ? .planned : .recurrent, on: due, subject: strategy.rawValue, strategy: strategy,
                units: units, orders: Array(closed.map(\.id).prefix(50)), reason: reason)
        }
    }

    /// A failing standard is a sporadic trigger (P1) that sends work back to
    /// exploration: when the applications someone checked deviate too often,
    /// or when its monitoring chart signalled a shift for the worse within
    /// the lookback. The initiative opens an explorative knowledge item
    /// (`Monitoring.explorationItem`) to search for what should replace it.
    mutating func planFailingStandards() {
        let since = from.adding(days: -Double(policy.failingLookbackDays))
        let changes = OfficeChange.calendar(office.standards, asOf: from)
        for standard in office.standards where standard.isAdopted(at: from) {
            guard !wasHeld(.improvementInitiative, standard.id.rawValue, since: since) else { continue }
            var why: [String] = []
            let checked = standard.applications.filter { $0.date >= since && $0.date <= from && !$0.automatic }
            if checked.count >= policy.failingMinimumApplications {
                let rate = Double(checked.filter(\.deviated).count) / Double(checked.count)
                if rate >= policy.failingDeviationRate {
                    why.append(String(format: "work deviated from it on %.0f%% of the %d applications checked in the last %d days (threshold %.0f%%)",
                                      rate * 100, checked.count, policy.failingLookbackDays, policy.failingDeviationRate * 100))
                }
            }
            let slice = EffectObservation.monitoringSlice(office, standard: standard, asOf: from, unitsByOrder: index.unitsByOrder)
            let signals = Monitoring.charts(standard, observations: slice, asOf: from, changes: changes)
                .compactMap { chart in chart.signals.last { $0.side == .worse && $0.date >= since && $0.date <= from }.map { (chart.metric, $0) } }
            for (metric, signal) in signals {
                why.append("monitoring saw \(metric.label) shift for the worse (its CUSUM crossed the decision interval in the week to \(Self.day(signal.date)))")
            }
            guard !why.isEmpty else { continue }
            let item = Monitoring.explorationItemID(standard.id, date: signals.map(\.1.date).min() ?? from)
            let units = Set(standard.applications.filter { $0.date >= since && $0.date <= from }.flatMap { index.unitsByOrder[$0.order] ?? [] })
            add(.improvementInitiative, .sporadic, on: Self.nextWorkingDay(from), subject: standard.id.rawValue,
                strategy: standard.scope.strategies.count == 1 ? standard.scope.strategies.first : nil, units: units.isEmpty ? standard.scope.units : units,
                items: [item], standards: [standard.id],
                reason: "Standard \"\(standard.name)\" (\(standard.kind.label)): " + why.joined(separator: "; ")
                    + ". A failing standard is a sporadic trigger to explore again (P1, developmental learning): the initiative opens knowledge item \(item).")
        }
    }
}
