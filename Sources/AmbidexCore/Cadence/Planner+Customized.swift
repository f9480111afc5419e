import Foundation

/// P1/P3 for customized work: ETO learns bottom-up, in real time, every day,
/// on each order; CTO at configuration.
extension Planner {
    func participants(_ order: Order) -> Set<UnitID> {
        var units = index.unitsByOrder[order.id] ?? []
        for u in office.units where office.table.defaultRole(of: u.function, under: order.strategy) == .front { units.insert(u.id) }
        return units
    }

    func customerName(_ order: Order) -> String { partners[order.customer]?.name ?? order.customer.rawValue }

    mutating func planETO(_ order: Order) {
        let units = participants(order)
        let name = customerName(order)
        if from.timeIntervalSince(order.received) <= Double(policy.kickOffWithinDays) * 86_400,
           !wasHeld(.orderKickOff, order.id.rawValue, since: order.received) {
            add(.orderKickOff, .planned, on: from, subject: order.id.rawValue, strategy: .eto, units: units, partners: [order.customer],
                orders: [order.id], reason: "ETO order \(order.id) for \(name) arrived \(Self.day(order.received)) and has had no kick-off: "
                    + "agree the unique requirements with the customer before design starts (P1, learning for the order).")
        }
        if !wasHeld(.customerCoDesignSession, order.id.rawValue, since: order.received) {
            add(.customerCoDesignSession, .planned, on: Self.nextWorkingDay(from), subject: order.id.rawValue, strategy: .eto,
                units: units, partners: [order.customer], orders: [order.id],
                reason: "ETO order \(order.id) has \(order.customization.count) unique requirements and no co-design session with \(name) yet: "
                    + "the customer is a co-creator of the design (seed 003).")
        }
    }

    /// The team that owns an order's customer-driven work: the unit with the
    /// first event at its decoupling point's stage (for ETO, design), or the
    /// first after order entry when none happened there yet.
    func teamLead(_ order: Order, events: [OrderEvent]) -> UnitID? {
        let codp = order.decouplingPoint.stage
        let seen = events.filter { $0.timestamp <= from }
        return seen.filter { $0.stage == codp }.min { $0.timestamp < $1.timestamp }?.unit
            ?? seen.filter { $0.activity != "register order" }.min { $0.timestamp < $1.timestamp }?.unit
    }

    /// One daily stand-up per team over all its open ETO orders — overdue
    /// ones included, since an order past its due date needs the reflection
    /// most — rather than one meeting per order.
    mutating func planTeamStandUps(_ open: [Order]) {
        guard !open.isEmpty else { return }
        let ids = Set(open.map(\.id))
        let eventsByOrder = Dictionary(grouping: office.events.filter { ids.contains($0.order) }, by: \.order)
        var teams: [String: [Order]] = [:]
        for order in open {
            teams[teamLead(order, events: eventsByOrder[order.id] ?? [])?.rawValue ?? "", default: []].append(order)
        }
        for key in teams.keys.sorted() {
            let orders = teams[key]!.sorted { ($0.due, $0.id) < ($1.due, $1.id) }
            let unit = key.isEmpty ? nil : UnitID(key)
            var units = Set(orders.flatMap { index.unitsByOrder[$0.id] ?? [] })
            if let unit { units.insert(unit) }
            let teamName = unit.map { "\(unitName($0))'s ETO team" } ?? "The ETO orders not yet started"
            let subject = "eto-team-\(key.isEmpty ? "unassigned" : key)"
            recurring(every: policy.etoStandUpEveryWorkingDays) { planner, date in
                let overdue = orders.filter { $0.due < date }
                let late = overdue.isEmpty ? "" : ", \(overdue.count) of them overdue (\(overdue.prefix(3).map { $0.id.rawValue }.joined(separator: ", "))\(overdue.count > 3 ? ", …" : ""))"
                planner.add(.inOrderStandUp, .recurrent, on: date, subject: subject, strategy: .eto, units: units, orders: orders.map(\.id),
                            reason: "\(teamName) meets daily over its \(orders.count) open ETO order\(orders.count == 1 ? "" : "s")\(late): "
                                + "bottom-up, real-time reflection on each unique design, one stand-up for the team rather than one per order (P3).")
            }
        }
    }

    mutating func planCTO(_ order: Order) {
        guard from.timeIntervalSince(order.received) <= Double(policy.kickOffWithinDays) * 86_400,
              !wasHeld(.orderKickOff, order.id.rawValue, since: order.received),
              !wasHeld(.customerCoDesignSession, order.id.rawValue, since: order.received) else { return }
        let units = participants(order)
        if order.customization.count >= policy.ctoCoDesignMinimumFeatures {
            add(.customerCoDesignSession, .planned, on: from, subject: order.id.rawValue, strategy: .cto, units: units,
                partners: [order.customer], orders: [order.id],
                reason: "CTO order \(order.id) for \(customerName(order)) combines \(order.customization.count) configuration choices "
                    + "(≥ \(policy.ctoCoDesignMinimumFeatures)): check the configuration with the customer while it can still change (P1, in action at configuration).")
        } else {
            add(.orderKickOff, .planned, on: from, subject: order.id.rawValue, strategy: .cto, units: units, partners: [order.customer],
                orders: [order.id],
                reason: "CTO order \(order.id) was configured on \(Self.day(order.received)): a short in-action check of the chosen scales and items "
                    + "before fabrication starts (P1/P3: reflection at configuration, not daily).")
        }
    }
}
