import Foundation

/// P4 and P5: learning between front and back office.
extension Planner {
    /// Knowledge that crossed between front and back office gets a joint
    /// session of the unit it came from and the units now using it (P5).
    mutating func planCrossings() {
        let since = from.adding(days: -Double(policy.crossingLookbackDays))
        for item in office.knowledgeItems {
            let crossing = item.uses.filter { $0.role != item.originRole && $0.date >= since && $0.date <= from }
            guard !crossing.isEmpty, !wasHeld(.crossUnitWorkshop, item.id.rawValue, since: crossing.map(\.date).min()!) else { continue }
            let units = Set([item.originUnit] + crossing.map(\.unit))
            let names = crossing.map { unitName($0.unit) }
            add(.crossUnitWorkshop, .sporadic, on: Self.nextWorkingDay(from), subject: item.id.rawValue, units: units, items: [item.id],
                reason: "Knowledge item \"\(item.title)\" arose in the \(item.originRole) and is now used in the "
                    + "\(item.originRole == .front ? OfficeRole.back : OfficeRole.front) by \(Set(names).sorted().joined(separator: ", ")): "
                    + "a joint session lets both offices interpret it together (P5, learning between them).")
        }
    }

    /// A unit whose role — and so whose priority, internal efficiency or
    /// external effectiveness — varies across its concurrent orders gets a
    /// cross-role session (P4), together with the units that held the other
    /// role on those orders (or, if none did, the units the strategy table
    /// puts in the other role), so it always brings at least two units.
    mutating func planCrossRole() {
        let period = Period(start: from.adding(days: -Double(policy.roleProfileDays)), end: from, label: "last \(policy.roleProfileDays) days")
        for profile in UnitRoleProfile.profiles(office, period: period) {
            guard profile.roleVariation >= policy.crossRoleMinimumRoleVariation, profile.switches >= policy.crossRoleMinimumSwitches,
                  !wasHeld(.crossUnitWorkshop, profile.unit.rawValue, since: period.start) else { continue }
            var others = Array(profile.counterparts.prefix(2))
            if others.isEmpty, let unit = index.units[profile.unit] {
                // Nobody else left events on those orders: invite whom the strategy table puts in the opposite roles.
                let strategies = Set(office.orders.filter { (index.unitsByOrder[$0.id] ?? []).contains(profile.unit) && $0.overlaps(period.start, period.end) }.map(\.strategy))
                others = office.units.filter { other in
                    other.id != unit.id && strategies.contains { s in
                        office.table.defaultRole(of: other.function, under: s) != office.table.defaultRole(of: unit.function, under: s)
                    }
                }.map(\.id).sorted().prefix(2).map { $0 }
            }
            guard !others.isEmpty else { continue }
            let name = unitName(profile.unit)
            add(.crossUnitWorkshop, .planned, on: Self.nextWorkingDay(from.adding(days: 1)), subject: profile.unit.rawValue,
                units: Set([profile.unit] + others),
                reason: String(format: "%@ was front office on %.0f%% of its %d concurrent orders in the last %d days and switched role %d times "
                    + "(role variation %.2f, threshold %.2f): it works for external effectiveness on some orders and internal efficiency on others. "
                    + "A cross-role session with %@, who held the other role, turns that tension into learning (P4).",
                    name, profile.frontShare * 100, profile.orders, policy.roleProfileDays, profile.switches, profile.roleVariation,
                    policy.crossRoleMinimumRoleVariation, others.map(unitName).joined(separator: " and ")))
        }
    }
}
