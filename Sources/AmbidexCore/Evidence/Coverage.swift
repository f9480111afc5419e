import Foundation

/// How much learning *for* and *from* orders one strategy gets (P2), and how
/// intense it is.
///
/// Counts travel with the shares so a reader can tell "no learning" from
/// "no orders", and can see how much of a figure rests on the activity log
/// rather than on recorded reflections. Learning *from* an order counts only
/// when it addressed that order specifically (`Coverage.specificRule`); a
/// retrospective over dozens of orders is learning from the set, counted
/// apart, so it cannot make every order of a quarter look reviewed.
public struct StrategyCoverage: Codable, Sendable, Hashable {
    public let strategy: DeliveryStrategy
    /// The period's label, or "all".
    public let period: String
    /// Orders received by the as-of date (and in the period, when one is given).
    public let orders: Int
    /// Of `orders`, those with learning for them while they were open.
    public let ordersWithLearningFor: Int
    /// Of those, the ones counted only through a held learning activity.
    public let ordersWithLearningForByActivityOnly: Int
    /// Of `orders`, those closed by the as-of date.
    public let closedOrders: Int
    /// Of `closedOrders`, those a review addressed specifically (after closing, or a gate review of a phase).
    public let closedWithLearningFrom: Int
    /// Of those, the ones counted only through a held learning activity.
    public let closedWithLearningFromByActivityOnly: Int
    /// Of `closedOrders`, those named only by reflections or activities over more orders than the rule allows.
    public let closedInRetrospectiveOnly: Int
    /// Orders still open with a gate or phase review already (learning from a finished phase).
    public let openWithPhaseReview: Int
    /// ordersWithLearningFor / orders; 0 when there are no orders.
    public let learningFor: Double
    /// closedWithLearningFrom / closedOrders; 0 when none closed.
    public let learningFrom: Double
    /// closedInRetrospectiveOnly / closedOrders.
    public let retrospectiveOnly: Double
    public let intensity: LearningIntensity

    public init(strategy: DeliveryStrategy, period: String = "all", orders: Int, ordersWithLearningFor: Int,
                ordersWithLearningForByActivityOnly: Int = 0, closedOrders: Int, closedWithLearningFrom: Int,
                closedWithLearningFromByActivityOnly: Int = 0, closedInRetrospectiveOnly: Int = 0, openWithPhaseReview: Int = 0,
                intensity: LearningIntensity = .init()) {
        self.strategy = strategy
        self.period = period
        self.orders = orders
        self.ordersWithLearningFor = ordersWithLearningFor
        self.ordersWithLearningForByActivityOnly = ordersWithLearningForByActivityOnly
        self.closedOrders = closedOrders
        self.closedWithLearningFrom = closedWithLearningFrom
        self.closedWithLearningFromByActivityOnly = closedWithLearningFromByActivityOnly
        self.closedInRetrospectiveOnly = closedInRetrospectiveOnly
        self.openWithPhaseReview = openWithPhaseReview
        self.intensity = intensity
        learningFor = Statistics.share(ordersWithLearningFor, of: orders)
        learningFrom = Statistics.share(closedWithLearningFrom, of: closedOrders)
        retrospectiveOnly = Statistics.share(closedInRetrospectiveOnly, of: closedOrders)
    }
}

/// How much learning went into a strategy's orders, beside whether any did.
public struct LearningIntensity: Codable, Sendable, Hashable {
    /// Reflections in action per order (a daily ETO stand-up counts every day).
    public var inActionPerOrder = 0.0
    /// Specific reviews (reflections on action) per closed order.
    public var reviewsPerClosedOrder = 0.0
    /// Mean participants (units and partners) of the reflections addressing the strategy's orders specifically.
    public var participantsPerReflection = 0.0
    /// Median days from an order's closing to its first specific review, over the orders reviewed after closing.
    public var medianDaysToReview: Double?
    /// Held sessions on the strategy's work as a whole rather than on an order
    /// (daily flow meetings, retrospectives, market reviews), and per 30 days of the span.
    public var processSessions = 0
    public var processSessionsPer30Days = 0.0
    public init() {}
}

public enum Coverage {
    /// The rule for learning *from* an order, in words (shown with the figures).
    public static func specificRule(maxOrders k: Int) -> String {
        "An order counts as learned from when a review on action names it among at most \(k) orders — an after-action review, "
            + "a gate review of a finished phase while it is open, a comparison of a few orders — dated after it closed (or, for a gate "
            + "review, after it was received). A retrospective naming more orders is learning from the set: counted apart, not per order."
    }

    /// Coverage per strategy, one row for each of the five (in `DeliveryStrategy`
    /// order), over the orders received by `asOf` — and within `period` when
    /// one is given, so each order belongs to exactly one period.
    ///
    /// The rules:
    /// - Learning **for** an order: a reflection in action naming it, or a
    ///   *held* learning activity of an in-action kind (order kick-off, in-order
    ///   stand-up, customer co-design session) naming it, dated from its receipt
    ///   to its closing (or to `asOf` while it is still open). Scheduled and
    ///   cancelled activities are intentions, not learning, and do not count.
    /// - Learning **from** an order (`specificRule`): a reflection on action
    ///   naming it among at most `specificMaxOrders` orders, dated at or after
    ///   its closing — or after its receipt when the reflection names the phase
    ///   it reviews — or a held activity of an on-action kind naming it among at
    ///   most that many orders, dated at or after its closing. The share is
    ///   over closed orders; open orders with a phase review are counted apart.
    /// Nothing dated after `asOf` counts: the figure is what was known then.
    public static func byStrategy(_ office: LearningOffice, asOf: Date, period: Period? = nil, specificMaxOrders: Int = 3) -> [StrategyCoverage] {
        let evidence = Evidence(office, asOf: asOf, specificMaxOrders: specificMaxOrders)
        var rows: [DeliveryStrategy: Tally] = [:]
        for order in office.orders where order.received <= asOf {
            if let period, !period.contains(order.received) { continue }
            rows[order.strategy, default: Tally()].add(order, evidence: evidence, asOf: asOf)
        }
        let first = office.orders.lazy.map(\.received).min() ?? asOf
        let span = period.map { (max($0.start, first), min($0.end, asOf)) } ?? (first, asOf)
        let days = max(1, span.1.timeIntervalSince(span.0) / 86_400)
        return DeliveryStrategy.allCases.map { s in
            let t = rows[s] ?? Tally()
            var intensity = LearningIntensity()
            intensity.inActionPerOrder = t.orders == 0 ? 0 : Double(t.inActionLinks) / Double(t.orders)
            intensity.reviewsPerClosedOrder = t.closed == 0 ? 0 : Double(t.reviewLinks) / Double(t.closed)
            intensity.participantsPerReflection = t.participantLinks == 0 ? 0 : Double(t.participants) / Double(t.participantLinks)
            intensity.medianDaysToReview = Statistics.quantile(t.daysToReview.sorted(), 0.5)
            let sessions = (evidence.processSessions[s] ?? []).filter { d in period.map { $0.contains(d) } ?? true }.count
            intensity.processSessions = sessions
            intensity.processSessionsPer30Days = Double(sessions) / days * 30
            return StrategyCoverage(strategy: s, period: period?.label ?? "all", orders: t.orders,
                                    ordersWithLearningFor: t.learnedFor, ordersWithLearningForByActivityOnly: t.learnedForByActivity,
                                    closedOrders: t.closed, closedWithLearningFrom: t.learnedFrom,
                                    closedWithLearningFromByActivityOnly: t.learnedFromByActivity,
                                    closedInRetrospectiveOnly: t.retrospectiveOnly, openWithPhaseReview: t.openWithPhaseReview,
                                    intensity: intensity)
        }
    }

    /// The dates of learning naming each order, by mode, source and
    /// specificity, built in one pass over reflections and activities.
    struct Evidence {
        struct Review { let date: Date; let phase: Bool; let participants: Int }
        var reflectionsInAction: [OrderID: [(date: Date, participants: Int)]] = [:]
        var specificReviews: [OrderID: [Review]] = [:]
        var broadReviews: [OrderID: [Date]] = [:]
        var activitiesInAction: [OrderID: [Date]] = [:]
        var activitiesSpecific: [OrderID: [Date]] = [:]
        var activitiesBroad: [OrderID: [Date]] = [:]
        /// Dates of held sessions on a strategy's work as a whole.
        var processSessions: [DeliveryStrategy: [Date]] = [:]

        init(_ office: LearningOffice, asOf: Date, specificMaxOrders k: Int) {
            var strategyOf: [OrderID: DeliveryStrategy] = [:]
            for o in office.orders { strategyOf[o.id] = o.strategy }
            for r in office.reflections where r.date <= asOf {
                let people = r.units.count + r.partners.count
                if r.mode == .inAction {
                    for o in r.orders { reflectionsInAction[o, default: []].append((r.date, people)) }
                } else if r.orders.count <= k {
                    for o in r.orders { specificReviews[o, default: []].append(Review(date: r.date, phase: r.phase != nil, participants: people)) }
                } else {
                    for o in r.orders { broadReviews[o, default: []].append(r.date) }
                    for s in Set(r.orders.compactMap { strategyOf[$0] }) { processSessions[s, default: []].append(r.date) }
                }
            }
            for a in office.activities where a.status == .held && a.date <= asOf {
                if a.orders.isEmpty || a.orders.count > k, let s = a.strategy { processSessions[s, default: []].append(a.date) }
                for o in a.orders {
                    if a.kind.mode == .inAction { activitiesInAction[o, default: []].append(a.date) }
                    else if a.orders.count <= k { activitiesSpecific[o, default: []].append(a.date) }
                    else { activitiesBroad[o, default: []].append(a.date) }
                }
            }
        }
    }

    struct Tally {
        var orders = 0, learnedFor = 0, learnedForByActivity = 0
        var closed = 0, learnedFrom = 0, learnedFromByActivity = 0, retrospectiveOnly = 0, openWithPhaseReview = 0
        var inActionLinks = 0, reviewLinks = 0, participants = 0, participantLinks = 0
        var daysToReview: [Double] = []

        mutating func add(_ order: Order, evidence e: Evidence, asOf: Date) {
            orders += 1
            let end = min(order.closed ?? asOf, asOf)
            let whileOpen: (Date) -> Bool = { $0 >= order.received && $0 <= end }
            let inAction = (e.reflectionsInAction[order.id] ?? []).filter { whileOpen($0.date) }
            inActionLinks += inAction.count
            for r in inAction { participants += r.participants; participantLinks += 1 }
            if !inAction.isEmpty {
                learnedFor += 1
            } else if e.activitiesInAction[order.id]?.contains(where: whileOpen) == true {
                learnedFor += 1
                learnedForByActivity += 1
            }
            let reviews = e.specificReviews[order.id] ?? []
            guard let closedAt = order.closed, closedAt <= asOf else {
                if reviews.contains(where: { $0.phase && $0.date >= order.received }) { openWithPhaseReview += 1 }
                return
            }
            closed += 1
            let counted = reviews.filter { $0.date >= closedAt || ($0.phase && $0.date >= order.received) }
            reviewLinks += counted.count
            for r in counted { participants += r.participants; participantLinks += 1 }
            if let first = counted.filter({ $0.date >= closedAt }).map(\.date).min() {
                daysToReview.append(first.timeIntervalSince(closedAt) / 86_400)
            }
            let afterClosing: (Date) -> Bool = { $0 >= closedAt }
            if !counted.isEmpty {
                learnedFrom += 1
            } else if e.activitiesSpecific[order.id]?.contains(where: afterClosing) == true {
                learnedFrom += 1
                learnedFromByActivity += 1
            } else if e.broadReviews[order.id]?.contains(where: afterClosing) == true
                        || e.activitiesBroad[order.id]?.contains(where: afterClosing) == true {
                retrospectiveOnly += 1
            }
        }
    }
}
