import Foundation

/// One order as the effect analysis of a standard reads it: what a store
/// would return for the standard's slice (its strategies, received inside
/// its span), already cut at the as-of date.
public struct EffectObservation: Sendable, Hashable {
    public let order: OrderID
    public let strategy: DeliveryStrategy
    public let received: Date
    public let due: Date
    /// Nil while the order is open on the as-of date (a later closing is not known yet).
    public let closed: Date?
    public let reworkCount: Int?
    public let feedbackScore: Double?
    /// For an order of the standard's scope: whether a unit the scope names
    /// worked on it (always true when the scope names no units).
    public let inUnitScope: Bool

    public init(order: OrderID, strategy: DeliveryStrategy, received: Date, due: Date, closed: Date?, reworkCount: Int?,
                feedbackScore: Double?, inUnitScope: Bool = true) {
        self.order = order
        self.strategy = strategy
        self.received = received
        self.due = due
        self.closed = closed
        self.reworkCount = reworkCount
        self.feedbackScore = feedbackScore
        self.inUnitScope = inUnitScope
    }

    /// The order as known on `asOf`.
    public init(_ o: Order, asOf: Date, inUnitScope: Bool = true) {
        let closed = o.closed.flatMap { $0 <= asOf ? $0 : nil }
        self.init(order: o.id, strategy: o.strategy, received: o.received, due: o.due, closed: closed,
                  reworkCount: closed == nil ? nil : o.outcome?.reworkCount,
                  feedbackScore: closed == nil ? nil : o.outcome?.feedbackScore, inUnitScope: inUnitScope)
    }

    /// The slice of `office` that `design` needs, as of `asOf`. A store can
    /// answer the same with one query on strategy and receipt date (plus,
    /// for a unit scope, which units have events on each order).
    public static func slice(_ office: LearningOffice, design: EffectDesign, scopeUnits: Set<UnitID>, asOf: Date,
                             unitsByOrder: [OrderID: Set<UnitID>]) -> [EffectObservation] {
        let strategies = Set(design.sliceStrategies)
        let start = design.sliceStart, end = design.sliceEnd
        let scoped = Set(design.strata.map(\.strategy))
        return office.orders.compactMap { o in
            guard strategies.contains(o.strategy), o.received >= start, o.received < end, o.received <= asOf else { return nil }
            let inUnits = !scoped.contains(o.strategy) || scopeUnits.isEmpty
                || !(unitsByOrder[o.id] ?? []).isDisjoint(with: scopeUnits)
            return EffectObservation(o, asOf: asOf, inUnitScope: inUnits)
        }
    }
}

extension StandardEffect.Metric {
    /// What an order contributes to this metric as of `asOf`, or nil when it
    /// does not belong to the metric's population. The populations are
    /// chosen by dates fixed before the outcome (receipt, due date), never by
    /// the outcome itself:
    /// - lead time: every order; an open one is censored at its age;
    /// - on time: orders due by `asOf` (an open order past its due date is late);
    /// - rework and feedback: orders received before `completeBefore`, the
    ///   date after which too many of a cohort are still open, and closed
    ///   (the few still open from before then are left out).
    /// Feedback's `value` is nil for an order whose customer gave none.
    public func contribution(of o: EffectObservation, asOf: Date, completeBefore: Date) -> (value: Double?, event: Bool, pattern: Int)? {
        switch self {
        case .leadTimeDays:
            let end = o.closed ?? asOf
            return (end.timeIntervalSince(o.received) / 86_400, o.closed != nil, 0)
        case .onTimeRate:
            guard o.due <= asOf else { return nil }
            return ((o.closed.map { $0 <= o.due } ?? false) ? 1 : 0, true, 0)
        case .reworkCount:
            guard o.received < completeBefore, let r = o.reworkCount else { return nil }
            return (Double(r), true, 0)
        case .feedbackScore:
            guard o.received < completeBefore, let closed = o.closed, let r = o.reworkCount else { return nil }
            // Customers answer more often after a late or reworked order; weighting each
            // answer by how often such orders were answered undoes that much of it.
            let pattern = (closed <= o.due ? 0 : 1) + (r > 0 ? 2 : 0)
            return (o.feedbackScore, o.feedbackScore != nil, pattern)
        }
    }
}

extension EffectObservation {
    /// The orders monitoring reads for `standard`: its scope's strategies,
    /// delivered from half a year before adoption (to see how long orders
    /// took before it) to its retirement or `asOf`.
    public static func monitoringSlice(_ office: LearningOffice, standard: Standard, asOf: Date,
                                       unitsByOrder: [OrderID: Set<UnitID>]) -> [EffectObservation] {
        guard let adopted = standard.adoptedAt else { return [] }
        let from = adopted.adding(days: -180), to = min(standard.retiredAt ?? asOf, asOf)
        let units = standard.scope.units
        return office.orders.compactMap { o in
            guard standard.scope.covers(o.strategy), let closed = o.closed, closed >= from, closed <= to else { return nil }
            let inUnits = units.isEmpty || !(unitsByOrder[o.id] ?? []).isDisjoint(with: units)
            return EffectObservation(o, asOf: asOf, inUnitScope: inUnits)
        }
    }
}
