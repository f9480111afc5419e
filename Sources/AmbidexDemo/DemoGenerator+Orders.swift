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
        var lead = max(1, rngOrders.normal(mean: spec.mean, sd: spec.sd))
        var reworkMean = Self.reworkMean[strategy]!
        let moduleLive = t >= DemoCompany.Timeline.moduleAdopted
        if moduleLive && (strategy == .cto || strategy == .ato) {
            // The module replaces bespoke interface engineering: shorter and cleaner.
            lead *= strategy == .cto ? 0.72 : 0.85
            reworkMean *= 0.45
        }
        let failing = failingDeviationChance(at: t)
        if strategy == .mts || strategy == .mto { reworkMean += failing * 1.2 }
        if strategy == .eto { lead *= 1 - 0.1 * min(1, t / DemoCompany.horizonDays) } // ETO learns slowly too
        let priority = Priority(clamping: strategy == .eto ? rngOrders.int(3...5) : strategy == .mts ? rngOrders.int(1...3) : rngOrders.int(1...5))
        let due = received.adding(days: spec.quoted * (priority.rawValue >= 4 ? 0.9 : 1.0))
        let rework = rngOrders.poisson(reworkMean)
        lead += Double(rework) * spec.mean * 0.08
        let closedAt = received.adding(days: lead)
        let id = OrderID(String(format: "O-%06d", number))
        var order = try! Order(id: id, customer: customer, offering: rngOrders.pick(DemoCatalog.offerings[strategy]!), strategy: strategy,
                               decouplingPoint: table[strategy].decouplingPoint, customization: customization,
                               priority: priority, received: received, due: max(due, received))
        if closedAt <= end {
            let lateness = closedAt.timeIntervalSince(due) / 86_400
            var feedback: Double? = nil
            if rngOrders.chance(0.65) {
                let raw = 4.4 - (lateness > 0 ? 0.9 : 0) - 0.35 * Double(rework) + rngOrders.normal(sd: 0.4)
                feedback = (min(5, max(1, raw)) * 10).rounded() / 10
            }
            try! order.close(at: closedAt, reworkCount: rework, feedbackScore: feedback)
        }
        orders.append(order)
        crew.append(makeEvents(for: order, rework: rework))
    }

    /// The share of MTS/MTO orders deviating from the packing procedure at day t.
    func failingDeviationChance(at t: Double) -> Double {
        let tl = DemoCompany.Timeline.self
        guard t >= tl.packingAdopted, t < tl.packingRetired else { return 0 }
        guard t >= tl.packingStartsFailing else { return 0.05 }
        return 0.05 + 0.45 * min(1, (t - tl.packingStartsFailing) / 140)
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
