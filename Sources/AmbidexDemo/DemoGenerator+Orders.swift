import AmbidexCore
import Foundation

extension DemoGenerator {
    /// Typical lead time (days) and spread per strategy, before learning effects.
    static let leadTime: [DeliveryStrategy: (mean: Double, sd: Double, quoted: Double)] = [
        .mts: (3, 1, 5), .ato: (11, 3, 14), .mto: (21, 5, 26), .cto: (30, 7, 34), .eto: (80, 20, 90),
    ]
    static let reworkMean: [DeliveryStrategy: Double] = [.mts: 0.08, .ato: 0.35, .mto: 0.3, .cto: 0.7, .eto: 1.3]

    mutating func makeOrders() {
        orders.reserveCapacity(orderCount)
        events.reserveCapacity(orderCount * 10)
        crew.reserveCapacity(orderCount)
        for i in 0..<orderCount {
            let received = day(DemoCompany.horizonDays * (Double(i) + rngOrders.unit()) / Double(orderCount))
            makeOrder(number: i + 1, received: received)
            if i % 500 == 0 { progress?(0.45 * Double(i) / Double(orderCount)) }
        }
    }

    mutating func pickStrategy() -> DeliveryStrategy {
        var u = rngOrders.unit()
        for (s, share) in DemoCatalog.mix {
            if u < share { return s }
            u -= share
        }
        return .mts
    }

    /// The random draws of one order that its outcome is made from. The same
    /// draws with and without a standard give its true effect on the order.
    struct Draws {
        var lead: Double, rework: Double, feedback: Double, answer: Double
    }

    mutating func makeOrder(number: Int, received: Date) {
        let strategy = pickStrategy()
        let t = dayIndex(received)
        let customer = rngOrders.pick(DemoCatalog.customers).id
        var customization: [String: String] = [:]
        if let features = DemoCatalog.features[strategy] {
            let count = strategy == .eto ? rngOrders.int(3...6) : strategy == .cto ? rngOrders.int(2...6) : rngOrders.int(1...3)
            for (name, values) in features.prefix(count) { customization[name] = rngOrders.pick(values) }
            // Repeated ETO customizations of the drive interface are what the module standard later captures.
            if strategy == .eto, rngOrders.chance(0.7) { customization["drive interface"] = "custom flange" }
        }
        let spec = Self.leadTime[strategy]!
        let priority = Priority(clamping: strategy == .eto ? rngOrders.int(3...5) : strategy == .mts ? rngOrders.int(1...3) : rngOrders.int(1...5))
        let due = received.adding(days: spec.quoted * (priority.rawValue >= 4 ? 0.9 : 1.0))
        let draws = Draws(lead: rngOrders.normal(), rework: rngOrders.unit(), feedback: rngOrders.normal(), answer: rngOrders.unit())
        let id = OrderID(String(format: "O-%06d", number))
        let inForce = scenario.standards.filter { $0.strategies.contains(strategy) && $0.inForce(atDay: t) }
        let slack = due.timeIntervalSince(received) / 86_400
        let week = WeekBlocks.week(of: received)
        let made = outcome(strategy, day: t, week: week, slackDays: slack, draws, effects: inForce)
        actual[id] = made.outcome
        for plan in inForce {
            without[plan.id, default: [:]][id] = outcome(strategy, day: t, week: week, slackDays: slack, draws,
                                                         effects: inForce.filter { $0.id != plan.id }).outcome
        }
        let closedAt = received.adding(days: made.outcome.leadDays)
        var order = try! Order(id: id, customer: customer, offering: rngOrders.pick(DemoCatalog.offerings[strategy]!), strategy: strategy,
                               decouplingPoint: table[strategy].decouplingPoint, customization: customization,
                               priority: priority, received: received, due: max(due, received))
        if closedAt <= end {
            try! order.close(at: closedAt, reworkCount: made.outcome.rework, feedbackScore: made.answered ? made.outcome.feedback : nil)
        }
        orders.append(order)
        crew.append(makeEvents(for: order, rework: made.outcome.rework))
    }

    /// An order's outcome from its draws under the standards in force:
    /// lead time from the strategy's spread, multiplied by each benefit's
    /// factor, the company's drift and the week's load, plus a share of the
    /// lead time per rework loop; rework from the strategy's rate, changed
    /// by benefits and harms and the week; the customer's score from
    /// lateness and rework. Customers answer more often after a late or
    /// reworked order (missing at random given those, not completely at random).
    func outcome(_ strategy: DeliveryStrategy, day t: Double, week: Int, slackDays: Double, _ d: Draws,
                 effects: [DemoScenario.StandardPlan]) -> (outcome: DemoTruth.Outcome, answered: Bool) {
        let spec = Self.leadTime[strategy]!
        var lead = max(1, spec.mean + spec.sd * d.lead)
        var reworkMean = Self.reworkMean[strategy]!
        for plan in effects {
            switch plan.effect {
            case .none: break
            case .benefit(let leadFactor, let reworkFactor):
                lead *= leadFactor[strategy] ?? 1
                reworkMean *= reworkFactor
            case .harm(_, let base, _, _, _, let perDeviation):
                reworkMean += perDeviation * max(0, plan.effect.deviationShare(atDay: t) - base)
            }
        }
        let shock = weekShocks[week] ?? (1, 1)
        lead *= (1 + scenario.leadDrift * t / DemoCompany.horizonDays) * shock.lead
        reworkMean *= shock.rework
        let rework = SeededGenerator.poisson(reworkMean, quantile: d.rework)
        lead += Double(rework) * spec.mean * 0.08
        let late = lead > slackDays
        let raw = 4.4 - (late ? 0.9 : 0) - 0.35 * Double(rework) + 0.4 * d.feedback
        let score = (min(5, max(1, raw)) * 10).rounded() / 10
        let answered = d.answer < 0.55 + (late ? 0.25 : 0) + (rework > 0 ? 0.1 : 0)
        return (DemoTruth.Outcome(leadDays: lead, onTime: !late, rework: rework, feedback: score), answered)
    }

    /// Events over the customer-driven stages (plus order entry and
    /// delivery), spread over the order's life; returns who worked on it.
    mutating func makeEvents(for order: Order, rework: Int) -> [(UnitID, OfficeRole)] {
        let finish = order.closed ?? order.received.adding(days: Self.leadTime[order.strategy]!.mean)
        let stages = table.chain.customerDrivenStages(decoupledAt: order.decouplingPoint).filter { $0 != .deliver }
        var steps: [(Stage, UnitID, String)] = [(stages.first ?? .deliver, "U-sales", "register order")]
        if order.strategy != .mts { steps.append((stages.first ?? .deliver, "U-plan", "plan order")) }
        for stage in stages {
            let units = DemoCatalog.stageUnits[stage]!
            let n = order.strategy == .eto ? 3 : 2
            for k in 0..<n {
                let unit = k == 0 ? units[0] : rngOrders.pick(units)
                steps.append((stage, unit, rngOrders.pick(DemoCatalog.activities[stage]!)))
            }
        }
        for _ in 0..<min(rework, 3) { steps.append((stages.last ?? .deliver, rngOrders.pick(["U-prod", "U-qa", "U-eng"]), "rework")) }
        steps.append((.deliver, "U-log", "ship"))
        if order.strategy == .eto || order.strategy == .cto { steps.append((.deliver, "U-serv", "commission on site")) }

        var roles: [UnitID: OfficeRole] = [:]
        let span = finish.timeIntervalSince(order.received)
        for (k, step) in steps.enumerated() {
            let at = order.received.addingTimeInterval(span * Double(k) / Double(max(1, steps.count - 1)) * (k == 0 ? 0 : 1))
            guard at <= end else { break }
            let unit = DemoCatalog.units.first { $0.id == step.1 }!
            let front = table.defaultRole(of: unit.function, under: order.strategy) == .front
            let contact = front ? rngOrders.chance(0.85) : rngOrders.chance(0.04)
            events.append(OrderEvent(order: order.id, activity: step.2, stage: step.0, unit: step.1,
                                     resource: rngOrders.pick(DemoCatalog.people[step.1]!), timestamp: at, customerContact: contact))
            roles[step.1] = (roles[step.1] == .front || contact) ? .front : .back
        }
        return roles.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
    }
}
