import Foundation

extension StandardEffect {
    /// The effects and monitoring of every standard adopted by `asOf`, in
    /// `office.standards` order, with the false discovery rate controlled
    /// across all of them.
    ///
    /// The order of work matters: monitoring first (each standard's own
    /// delivered orders, its baseline restarted at every known change to its
    /// orders), because a shift it detects is a change no adoption explains,
    /// which makes a window or a comparison group unclean; then the designs (dates and scopes only);
    /// then each estimate from its own slice. Nothing here needs the whole
    /// office at once except to cut the slices, which a store can do with a
    /// query per standard.
    public static func measure(_ office: LearningOffice, asOf: Date, settings: Settings = .init(),
                               monitoring: MonitoringChart.Settings = .init(), falseDiscoveryRate: Double = 0.05,
                               index: LearningOffice.Index? = nil) -> [StandardEffect] {
        let index = index ?? office.index()
        let adopted = office.standards.filter { $0.adoptedAt.map { $0 <= asOf } ?? false }
        let known = OfficeChange.calendar(office.standards, asOf: asOf)
        var changes = known
        var charts: [StandardID: [MonitoringChart]] = [:]
        for s in adopted {
            let slice = EffectObservation.monitoringSlice(office, standard: s, asOf: asOf, unitsByOrder: index.unitsByOrder)
            let c = Monitoring.charts(s, observations: slice, asOf: asOf, changes: known, settings: monitoring)
            charts[s.id] = c
            changes += signalChanges(s, charts: c)
        }
        changes.sort { ($0.date, $0.standard) < ($1.date, $1.standard) }
        var firstOrder: [DeliveryStrategy: Date] = [:]
        for o in office.orders where o.received <= asOf {
            firstOrder[o.strategy] = min(firstOrder[o.strategy] ?? o.received, o.received)
        }
        var effects = adopted.compactMap { s -> StandardEffect? in
            guard let design = EffectDesign.make(s, changes: changes, firstOrder: firstOrder, asOf: asOf,
                                                 preDays: settings.preDays, postDays: settings.postDays) else { return nil }
            let slice = EffectObservation.slice(office, design: design, scopeUnits: s.scope.units, asOf: asOf, unitsByOrder: index.unitsByOrder)
            return estimate(s, design: design, observations: slice, asOf: asOf, settings: settings, monitoring: charts[s.id] ?? [])
        }
        adjust(&effects, q: falseDiscoveryRate)
        return effects
    }

    /// A monitoring signal (either side) is a change for the scope's strategies:
    /// something shifted there that another standard's comparison must not absorb.
    static func signalChanges(_ s: Standard, charts: [MonitoringChart]) -> [OfficeChange] {
        charts.flatMap(\.signals).map { OfficeChange(date: $0.date, standard: s.id, kind: .monitoringSignal, strategies: s.scope.strategies) }
    }
}

extension StandardEffect {
    /// For each standard flagged for the worse, the other standards on the
    /// same strategies flagged within `days` of it: their orders are partly
    /// the same orders, so the cause may be either one (monitoring sees that
    /// the orders got worse, not why).
    public static func sharedSignals(_ effects: [StandardEffect], withinDays days: Double = 56) -> [StandardID: [StandardID]] {
        let flagged = effects.compactMap { e in e.firstWorseSignal.map { (e, $0.signal.date) } }
        var result: [StandardID: [StandardID]] = [:]
        for (e, date) in flagged {
            let scope = Set(e.strategies.isEmpty ? DeliveryStrategy.allCases : e.strategies)
            let others = flagged.filter { other, otherDate in
                other.standard != e.standard && abs(otherDate.timeIntervalSince(date)) <= days * 86_400
                    && (other.strategies.isEmpty || other.strategies.contains(where: scope.contains))
            }.map(\.0.standard)
            if !others.isEmpty { result[e.standard] = others }
        }
        return result
    }
}
