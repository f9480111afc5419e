import Foundation

extension CadencePolicy {
    /// The activities due in [from, from + horizonDays), each with its reason,
    /// sorted by date, kind and id. Deterministic: the same office and date
    /// give the same schedule, with the same ids.
    public func schedule(_ office: LearningOffice, from: Date, horizonDays: Int) -> [LearningActivity] {
        var planner = Planner(policy: self, office: office, from: from, horizonDays: max(1, horizonDays))
        planner.plan()
        return planner.withRecordedChanges().sorted {
            ($0.date, $0.kind.rawValue, $0.id.rawValue) < ($1.date, $1.kind.rawValue, $1.id.rawValue)
        }
    }
}

/// Builds one schedule. Its parts live beside it: customized work
/// (`Planner+Customized`), standardized work and standards
/// (`Planner+Standardized`), and learning between units (`Planner+Between`).
struct Planner {
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

    /// What people did with scheduled activities wins over what the policy proposes:
    /// an activity held, skipped or moved keeps its id, so it shows as it is recorded
    /// (on its new day, if that falls in the window), and not again on its old one.
    func withRecordedChanges() -> [LearningActivity] {
        let recorded = Dictionary(office.activities.filter { $0.id.rawValue.hasPrefix("A-") }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        guard !recorded.isEmpty else { return activities }
        var result: [LearningActivity] = []
        var seen = Set<LearningActivityID>()
        for a in activities {
            let shown = recorded[a.id] ?? a
            seen.insert(a.id)
            if shown.date >= windowStart, shown.date < end { result.append(shown) }
        }
        // A held one is no longer proposed (the policy sees it held), so it comes from the record.
        for a in recorded.values where !seen.contains(a.id) && a.date >= windowStart && a.date < end {
            result.append(a)
        }
        return result
    }

    func wasHeld(_ kind: LearningActivity.Kind, _ subject: String, since: Date) -> Bool {
        held["\(kind.rawValue)|\(subject)"]?.contains { $0 >= since && $0 <= from } ?? false
    }

    /// Whether one was held on `date`'s day already (a recurring meeting is not proposed twice that day).
    func wasHeld(_ kind: LearningActivity.Kind, _ subject: String, onDayOf date: Date) -> Bool {
        held["\(kind.rawValue)|\(subject)"]?.contains { Self.utc.isDate($0, inSameDayAs: date) } ?? false
    }

    func lastHeld(_ kind: LearningActivity.Kind, _ subject: String) -> Date? {
        held["\(kind.rawValue)|\(subject)"]?.filter { $0 <= from }.max()
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

    /// The working day of the `index`-th of several activities spread at most
    /// `perDay` a day, from the first working day of the window on.
    func spreadDay(_ index: Int, perDay: Int) -> Date {
        var date = Self.nextWorkingDay(from.adding(days: -1))
        for _ in 0..<(index / max(1, perDay)) { date = Self.nextWorkingDay(date) }
        return date
    }

    /// Adds `make(date)` on every `every`-th working day of the window.
    mutating func recurring(every: Int, _ make: (inout Planner, Date) -> Void) {
        var date = Self.nextWorkingDay(from.adding(days: -1))
        var count = 0
        while date < end && count <= 400 {
            make(&self, date)
            count += 1
            for _ in 0..<max(1, every) { date = Self.nextWorkingDay(date) }
        }
    }

    mutating func plan() {
        let open = office.orders.filter { $0.isOpen(at: from) }
        for order in open where order.strategy == .eto { planETO(order) }
        let cto = ctoAtConfiguration(open.filter { $0.strategy == .cto })
        planCoDesign(eto: open.filter { $0.strategy == .eto }, cto: cto.coDesign)
        planConfigurationChecks(cto.check)
        planTeamStandUps(open.filter { $0.strategy == .eto })
        planFlowMeetings()
        planMarketReviews()
        planReviews()
        planRetrospectives()
        planFailingStandards()
        planCrossings()
        planCrossRole()
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

    func unitName(_ u: UnitID) -> String { index.units[u]?.name ?? u.rawValue }
}
