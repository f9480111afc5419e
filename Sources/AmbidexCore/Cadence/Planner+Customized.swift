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
    }

    /// One co-design session per customer and strategy over its open orders
    /// that have had none yet — a customer with three such ETO orders meets
    /// the office once — with the units that face this customer on these
    /// orders, the designers and each order's lead. CTO orders come first
    /// (their configuration can change only until fabrication starts), then
    /// the customers waiting longest; the sessions spread at most
    /// `coDesignSessionsPerDay` a working day.
    mutating func planCoDesign(eto: [Order], cto: [Order]) {
        let waiting = eto.filter { !wasHeld(.customerCoDesignSession, $0.id.rawValue, since: $0.received) } + cto
        guard !waiting.isEmpty else { return }
        let ids = Set(waiting.map(\.id))
        let eventsByOrder = Dictionary(grouping: office.events.filter { ids.contains($0.order) }, by: \.order)
        let groups = Dictionary(grouping: waiting) { "\($0.strategy.rawValue)|\($0.customer.rawValue)" }
        let keys = groups.keys.sorted { a, b in
            let (x, y) = (groups[a]!, groups[b]!)
            return (x[0].strategy == .cto ? 0 : 1, x.map(\.received).min()!, a) < (y[0].strategy == .cto ? 0 : 1, y.map(\.received).min()!, b)
        }
        let designers = Set(office.units.filter { $0.function == .engineering }.map(\.id))
        for (i, key) in keys.enumerated() {
            let orders = groups[key]!.sorted { ($0.received, $0.id) < ($1.received, $1.id) }
            let strategy = orders[0].strategy, customer = orders[0].customer
            let facing = Set(office.units.filter { office.table.defaultRole(of: $0.function, under: strategy) == .front }.map(\.id))
            // Who faces this customer on these orders (worked on them in contact with it), the designers and each order's lead;
            // the units the strategy table puts in front when nobody has worked on the orders yet.
            let events = orders.flatMap { eventsByOrder[$0.id] ?? [] }
            var units = Set(events.filter(\.customerContact).map(\.unit)).union(orders.compactMap { teamLead($0, events: eventsByOrder[$0.id] ?? []) })
            units = units.isEmpty ? facing : units.union(strategy == .eto ? designers : [])
            let choices = orders.reduce(0) { $0 + $1.customization.count }
            let list = orders.prefix(4).map { "\($0.id) (\($0.customization.count))" }.joined(separator: ", ") + (orders.count > 4 ? ", …" : "")
            let plural = orders.count == 1 ? "" : "s"
            let reason = strategy == .eto
                ? "\(customerName(orders[0])) has \(orders.count) open ETO order\(plural) with \(choices) unique requirements and no co-design session yet: \(list). "
                    + "The customer is a co-creator of the design (seed 003); one session per customer, not one per order."
                : "\(customerName(orders[0]))'s CTO order\(plural) \(list) combine\(orders.count == 1 ? "s" : "") at least \(policy.ctoCoDesignMinimumFeatures) configuration choices\(orders.count == 1 ? "" : " each"): "
                    + "check the configuration with the customer while it can still change (P1, in action at configuration); one session per customer."
            add(.customerCoDesignSession, .planned, on: spreadDay(i, perDay: policy.coDesignSessionsPerDay), subject: "codesign-\(strategy.rawValue)-\(customer.rawValue)",
                strategy: strategy, units: units, partners: [customer], orders: orders.map(\.id), reason: reason)
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
            // The team: the lead and the units at work on these orders in the last 14 days (not everyone who will deliver them one day).
            let recent = from.adding(days: -14)
            var units = Set(orders.flatMap { o in (eventsByOrder[o.id] ?? []).filter { $0.timestamp >= recent && $0.timestamp <= from }.map(\.unit) })
            if let unit { units.insert(unit) }
            if units.isEmpty { units = Set(orders.flatMap { index.unitsByOrder[$0.id] ?? [] }) }
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

    /// CTO orders in their kick-off window that had neither a kick-off nor a
    /// co-design session: those with many choices go to a co-design session
    /// (`planCoDesign`), the others to one configuration check a day over all
    /// of them (P1/P3: reflection at configuration, not daily, not one meeting per order).
    func ctoAtConfiguration(_ open: [Order]) -> (coDesign: [Order], check: [Order]) {
        let due = open.filter { order in
            from.timeIntervalSince(order.received) <= Double(policy.kickOffWithinDays) * 86_400
                && !wasHeld(.orderKickOff, order.id.rawValue, since: order.received)
                && !wasHeld(.customerCoDesignSession, order.id.rawValue, since: order.received)
        }
        return (due.filter { $0.customization.count >= policy.ctoCoDesignMinimumFeatures }, due.filter { $0.customization.count < policy.ctoCoDesignMinimumFeatures })
    }

    mutating func planConfigurationChecks(_ orders: [Order]) {
        guard !orders.isEmpty else { return }
        let sorted = orders.sorted { ($0.received, $0.id) < ($1.received, $1.id) }
        let units = sorted.reduce(into: Set<UnitID>()) { $0.formUnion(participants($1)) }
        let list = sorted.prefix(6).map { "\($0.id) (\(customerName($0)), configured \(Self.day($0.received)))" }.joined(separator: ", ") + (sorted.count > 6 ? ", …" : "")
        add(.orderKickOff, .planned, on: from, subject: "cto-configuration", strategy: .cto, units: units,
            partners: Set(sorted.map(\.customer)), orders: sorted.map(\.id),
            reason: "\(sorted.count) CTO order\(sorted.count == 1 ? " was" : "s were") configured in the last \(policy.kickOffWithinDays) days: \(list). "
                + "A short in-action check of the chosen scales and items before fabrication starts, together (P1/P3: reflection at configuration, not daily).")
    }
}
