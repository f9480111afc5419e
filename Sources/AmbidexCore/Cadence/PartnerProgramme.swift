import Foundation

/// The three-step inter-organizational programme of seeds 002/003, as a
/// template of activities a lead starts for a network of partners: first a
/// shared understanding of each other's domain, then of the common order
/// fulfilment process, then coordination mechanisms developed together. Each
/// step builds on the one before, so they come in order, some weeks apart
/// (four unless the lead says otherwise: time to act on what a step agreed).
public enum PartnerProgramme {
    public struct Step: Sendable, Hashable {
        public let number: Int
        public let kind: LearningActivity.Kind
        public let title: String
        public let purpose: String

        /// Days after the first step, when the steps are `weeksApart` weeks apart.
        public func offsetDays(weeksApart: Int) -> Int { (number - 1) * weeksApart * 7 }
    }

    public static let defaultWeeksApart = 4
    /// From one week (a network that meets often) to a quarter.
    public static let weeksApartRange = 1...13

    public static let steps: [Step] = [
        Step(number: 1, kind: .crossUnitWorkshop, title: "Shared domain knowledge",
             purpose: "each organization explains its products, constraints and words, so the others can read its requests"),
        Step(number: 2, kind: .processModellingWorkshop, title: "Common process understanding",
             purpose: "model the joint order fulfilment end to end, with the hand-overs between the organizations and their decoupling points"),
        Step(number: 3, kind: .customerCoDesignSession, title: "Co-developed coordination mechanisms",
             purpose: "agree how to coordinate (interfaces, rules, shared standards) and who keeps each mechanism"),
    ]

    /// The programme's activities for `partners` with `units`, the first on
    /// `start`'s day and each next one `weeksApart` weeks later (at 09:00 UTC,
    /// moved to Monday from a weekend). `key` makes the ids unique; they begin
    /// with "A-" as every scheduled activity's.
    public static func activities(network: String, partners: Set<PartnerID>, units: Set<UnitID>, start: Date, key: String,
                                  weeksApart: Int = defaultWeeksApart) throws(DomainError) -> [LearningActivity] {
        let name = network.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw .invalid("the programme needs the network's name") }
        guard partners.count >= 1 else { throw .invalid("the programme needs at least one partner") }
        guard !units.isEmpty else { throw .invalid("the programme needs at least one unit of the office") }
        guard weeksApartRange.contains(weeksApart) else {
            throw .invalid("the steps are \(weeksApartRange.lowerBound) to \(weeksApartRange.upperBound) weeks apart, not \(weeksApart)")
        }
        return steps.map { step in
            LearningActivity(id: LearningActivityID("A-programme-\(key)-\(step.number)"), kind: step.kind, trigger: .planned,
                             date: workingMorning(start.adding(days: Double(step.offsetDays(weeksApart: weeksApart)))), units: units, partners: partners,
                             reason: "\(name), step \(step.number) of 3 — \(step.title): \(step.purpose)")
        }
    }

    static func workingMorning(_ date: Date) -> Date {
        let day = Period.utc.startOfDay(for: date)
        let weekday = Period.utc.component(.weekday, from: day)  // 1 = Sunday, 7 = Saturday
        let shift = weekday == 7 ? 2.0 : weekday == 1 ? 1.0 : 0
        return day.adding(days: shift).addingTimeInterval(9 * 3600)
    }
}
