import Foundation

extension CadencePolicy {
    /// The activities due in [from, from + horizonDays), each with its reason,
    /// sorted by date, kind and id. Deterministic: the same office and date
    /// give the same schedule, with the same ids.
    public func schedule(_ office: LearningOffice, from: Date, horizonDays: Int) -> [LearningActivity] {
        var planner = Planner(policy: self, office: office, from: from, horizonDays: max(1, horizonDays))
        planner.plan()
        return planner.activities.sorted {
            ($0.date, $0.kind.rawValue, $0.id.rawValue) < ($1.date, $1.kind.rawValue, $1.id.rawValue)
        }
    }
}

private struct Planner {
    let policy: CadencePolicy
    let office: LearningOffice
    let from: Date
    /// Activities may fall on the morning of `from`'s day: the schedule is read by the day.
    let windowStart: Date
    let end: Date
    let index: LearningOffice.Index
    let partners: [PartnerID: Partner]
    /// Held activities by (kind, subject id), to avoid proposing what already happened.
    var held: [String: [Date]] = [:]
    var activities: [LearningActivity] = []
    var ids = Set<String>()

    init(policy: CadencePolicy, office: LearningOffice, from: Date, horizonDays: Int) {
        self.policy = policy
        self.office = office
        self.from = from
        self.windowStart = Self.utc.startOfDay(for: from)
        self.end = from.adding(days: Double(horizonDays))
        self.index = office.index()
        self.partners = Dictionary(office.partners.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for a in office.activities where a.status == .held {
            let subjects = a.orders.map(\.rawValue) + a.standards.map(\.rawValue) + a.knowledgeItems.map(\.rawValue)
                + a.units.map(\.rawValue) + (a.strategy.map { [$0.rawValue] } ?? [])
            for s in subjects { held["\(a.kind.rawValue)|\(s)", default: []].append(a.date) }
        }
    }

    func wasHeld(_ kind: LearningActivity.Kind, _ subject: String, since: Date) -> Bool {
        held["\(kind.rawValue)|\(subject)"]?.contains { $0 >= since && $0 <= from } ?? false
    }

    mutating func add(_ kind: LearningActivity.Kind, _ trigger: Trigger, on date: Date, subject: String,
                      strategy: DeliveryStrategy? = nil, units: Set<UnitID> = [], partners: Set<PartnerID> = [],
                      orders: [OrderID] = [], items: [KnowledgeItemID] = [], standards: [StandardID] = [], reason: String) {
        guard date >= windowStart, date < end else { return }
        let id = "A-\(kind.rawValue)-\(subject)-\(Self.day(date))"
        guard ids.insert(id).inserted else { return }
        activities.append(LearningActivity(id: LearningActivityID(id), kind: kind, trigger: trigger, date: date, strategy: strategy,
                                           units: units, partners: partners, orders: orders, knowledgeItems: items,
                                           standards: standards, reason: reason))
    }

    mutating func plan() {
        let open = office.orders.filter { $0.isOpen(at: from) }
        for order in open {
            switch order.strategy {
            case .eto: planETO(order)
            case .cto: planCTO(order)
            case .ato, .mto, .mts: break
            }
        }
        planReviews()
        planRetrospectives()
        planFailingStandards()
        planCrossings()
        planCrossRole()
    }

    // MARK: P1/P3 — in action, by customization

    func participants(_ order: Order) -> Set<UnitID> {
        var units = index.unitsByOrder[order.id] ?? []
        for u in office.units where office.table.defaultRole(of: u.function, under: order.strategy) == .front { units.insert(u.id) }
        return units
    }

    func customerName(_ order: Order) -> String { partners[order.customer]?.name ?? order.customer.rawValue }

    func dayOf(_ order: Order, _ date: Date) -> String {
        let day = Int(date.timeIntervalSince(order.received) / 86_400) + 1
        let total = max(1, Int((order.due.timeIntervalSince(order.received) / 86_400).rounded()))
        return "day \(day) of \(total)"
    }

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
        var date = Self.nextWorkingDay(from.adding(days: -1))
        let last = min(end, order.due)
        var count = 0
        while date < last {
            add(.inOrderStandUp, .recurrent, on: date, subject: order.id.rawValue, strategy: .eto, units: units, partners: [order.customer],
                orders: [order.id], reason: "ETO order \(order.id) for \(name) is open (\(dayOf(order, date)), priority \(order.priority)): "
                    + "daily in-action reflection keeps engineering, planning and the customer aligned on a unique design (P3).")
            count += 1
            for _ in 0..<policy.etoStandUpEveryWorkingDays { date = Self.nextWorkingDay(date) }
            if count > 400 { break }
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

    // MARK: P1/P2 — sporadic reflection on action

    mutating func planReviews() {
        let since = from.adding(days: -Double(policy.reviewLookbackDays))
        for order in office.orders {
            guard let closed = order.closed, closed >= since, closed <= from, let outcome = order.outcome,
                  order.strategy != .mts else { continue }
            let late = !outcome.onTime
            let rework = outcome.reworkCount >= policy.reviewReworkThreshold
            // ETO orders are always evaluated (recurrent evaluation, P3); the others only when something deviated.
            guard order.strategy == .eto || late || rework else { continue }
            guard !wasHeld(.afterActionReview, order.id.rawValue, since: closed) else { continue }
            var why: [String] = []
            if late { why.append(String(format: "delivered %.0f days after its due date", closed.timeIntervalSince(order.due) / 86_400)) }
            if rework { why.append("needed \(outcome.reworkCount) rework loops") }
            let reason = order.strategy == .eto
                ? "ETO order \(order.id) closed on \(Self.day(closed))\(why.isEmpty ? "" : " and " + why.joined(separator: ", ")): every engineer-to-order job is evaluated afterwards, to learn from it for the next (P2, P3)."
                : "\(order.strategy.code) order \(order.id) \(why.joined(separator: " and ")): a sporadic after-action review finds out why before it recurs (P1, learning from the order)."
            add(.afterActionReview, .sporadic, on: Self.nextWorkingDay(from.adding(days: -1)), subject: order.id.rawValue,
                strategy: order.strategy, units: index.unitsByOrder[order.id] ?? [], orders: [order.id], reason: reason)
        }
    }

    mutating func planRetrospectives() {
        for (strategy, every) in [(DeliveryStrategy.ato, policy.retrospectiveEveryDays), (.mto, policy.retrospectiveEveryDays),
                                  (.cto, policy.retrospectiveEveryDays), (.mts, policy.mtsRetrospectiveEveryDays)] {
            let lastHeld = held["\(LearningActivity.Kind.crossOrderRetrospective.rawValue)|\(strategy.rawValue)"]?.filter { $0 <= from }.max()
            var due = lastHeld.map { $0.adding(days: Double(every)) } ?? from
            if due < from { due = from }
            due = Self.nextWorkingDay(due.adding(days: -1))
            let since = lastHeld ?? from.adding(days: -Double(every))
            let closed = office.orders.filter { $0.strategy == strategy && ($0.closed.map { $0 > since && $0 <= from } ?? false) }
            // Nothing closed since the last one: nothing to look back on yet.
            guard !closed.isEmpty else { continue }
            let late = closed.filter { $0.outcome?.onTime == false }.count
            let rework = closed.reduce(0) { $0 + ($1.outcome?.reworkCount ?? 0) }
            let units = Set(closed.flatMap { index.unitsByOrder[$0.id] ?? [] })
            let cadence = strategy == .mts ? "planned quarterly follow-up" : "monthly cross-order retrospective"
            let reason = "\(cadence.prefix(1).uppercased() + cadence.dropFirst()) for \(strategy.code): \(closed.count) orders closed since "
                + "\(lastHeld.map { "the last one on \(Self.day($0))" } ?? "\(every) days ago"), \(late) late, \(rework) rework loops. "
                + (strategy == .mts ? "Standardized work learns in retrospect, through planned follow-ups (P3)." : "Learning from orders, for future orders (P2).")
            add(.crossOrderRetrospective, strategy == .mts ? .planned : .recurrent, on: due, subject: strategy.rawValue, strategy: strategy,
                units: units, orders: Array(closed.map(\.id).prefix(50)), reason: reason)
        }
    }

    // MARK: standards back into exploration

    mutating func planFailingStandards() {
        let since = from.adding(days: -Double(policy.failingLookbackDays))
        for standard in office.standards where standard.isAdopted(at: from) {
            let recent = standard.applications.filter { $0.date >= since && $0.date <= from }
            guard recent.count >= policy.failingMinimumApplications else { continue }
            let rate = Double(recent.filter(\.deviated).count) / Double(recent.count)
            guard rate >= policy.failingDeviationRate,
                  !wasHeld(.improvementInitiative, standard.id.rawValue, since: since) else { continue }
            let units = Set(recent.flatMap { index.unitsByOrder[$0.order] ?? [] })
            add(.improvementInitiative, .sporadic, on: Self.nextWorkingDay(from), subject: standard.id.rawValue,
                strategy: standard.scope.strategies.count == 1 ? standard.scope.strategies.first : nil, units: units,
                standards: [standard.id],
                reason: String(format: "Standard \"%@\" (%@) was deviated from on %.0f%% of its %d applications in the last %d days "
                    + "(threshold %.0f%%): a failing standard is a trigger to explore again (developmental learning).",
                    standard.name, standard.kind.label, rate * 100, recent.count, policy.failingLookbackDays, policy.failingDeviationRate * 100))
        }
    }

    // MARK: P5 — between front and back office

    mutating func planCrossings() {
        let since = from.adding(days: -Double(policy.crossingLookbackDays))
        for item in office.knowledgeItems {
            let crossing = item.uses.filter { $0.role != item.originRole && $0.date >= since && $0.date <= from }
            guard !crossing.isEmpty, !wasHeld(.crossUnitWorkshop, item.id.rawValue, since: crossing.map(\.date).min()!) else { continue }
            let units = Set([item.originUnit] + crossing.map(\.unit))
            let names = crossing.map { index.units[$0.unit]?.name ?? $0.unit.rawValue }
            add(.crossUnitWorkshop, .sporadic, on: Self.nextWorkingDay(from), subject: item.id.rawValue, units: units, items: [item.id],
                reason: "Knowledge item \"\(item.title)\" arose in the \(item.originRole) and is now used in the "
                    + "\(item.originRole == .front ? OfficeRole.back : OfficeRole.front) by \(Set(names).sorted().joined(separator: ", ")): "
                    + "a joint session lets both offices interpret it together (P5, learning between them).")
        }
    }

    // MARK: P4 — priority variation among concurrent orders

    mutating func planCrossRole() {
        let period = Period(start: from.adding(days: -Double(policy.roleProfileDays)), end: from, label: "last \(policy.roleProfileDays) days")
        for profile in UnitRoleProfile.profiles(office, period: period) {
            guard profile.priorityVariation >= policy.crossRolePriorityVariation, profile.switches >= policy.crossRoleMinimumSwitches,
                  !wasHeld(.crossUnitWorkshop, profile.unit.rawValue, since: period.start) else { continue }
            let name = index.units[profile.unit]?.name ?? profile.unit.rawValue
            add(.crossUnitWorkshop, .planned, on: Self.nextWorkingDay(from.adding(days: 1)), subject: profile.unit.rawValue,
                units: [profile.unit],
                reason: String(format: "%@ switched between front- and back-office work %d times across %d concurrent orders in the last %d days, "
                    + "with priority variation %.2f (threshold %.2f): a cross-role session turns that tension into learning (P4).",
                    name, profile.switches, profile.orders, policy.roleProfileDays, profile.priorityVariation, policy.crossRolePriorityVariation))
        }
    }

    // MARK: dates

    static var utc: Calendar { Period.utc }

    /// The next Monday–Friday strictly after `date`, at 09:00 UTC.
    static func nextWorkingDay(_ date: Date) -> Date {
        var d = utc.startOfDay(for: date).adding(days: 1)
        while utc.isDateInWeekend(d) { d = d.adding(days: 1) }
        return d.addingTimeInterval(9 * 3600)
    }

    static func day(_ date: Date) -> String { date.isoDay }
}
