import AmbidexCore
import Foundation

/// What the demo company's history is made of: when each standard is
/// adopted and retired, and what it truly does to the orders it scopes.
/// The generator makes the outcomes *from* these declarations, so the
/// evidence can be checked against the truth it should recover.
public struct DemoScenario: Sendable, Hashable {
    /// What a standard truly does to an order of its scope received while it is in force.
    public enum TrueEffect: Sendable, Hashable {
        /// Nothing: the orders come out as they would have without it.
        case none
        /// From adoption: lead time multiplied by a factor per strategy (before
        /// rework adds to it), the expected rework multiplied by `reworkFactor`.
        case benefit(leadFactor: [DeliveryStrategy: Double], reworkFactor: Double)
        /// Nothing until `onsetDay`; from then the share of orders on which
        /// work deviates from the standard jumps from `baseShare` to
        /// `stepShare` and climbs to `peakShare` over `rampDays`; each
        /// deviation beyond the base share adds `reworkPerDeviation` expected
        /// rework loops (and so lead time, lateness and poorer feedback).
        case harm(onsetDay: Double, baseShare: Double, stepShare: Double, peakShare: Double, rampDays: Double, reworkPerDeviation: Double)

        /// The share of orders deviating at day `t` (the base share for every effect but a harm after its onset).
        public func deviationShare(atDay t: Double, base: Double = 0.07) -> Double {
            guard case .harm(let onset, let baseShare, let step, let peak, let ramp, _) = self else { return base }
            guard t >= onset else { return baseShare }
            return step + (peak - step) * min(1, (t - onset) / max(1, ramp))
        }

        public var label: String {
            switch self {
            case .none: "none"
            case .benefit: "benefit"
            case .harm(let onset, _, _, _, _, _): "harm from day \(Int(onset))"
            }
        }
    }

    public struct StandardPlan: Sendable, Hashable {
        public var id: StandardID
        public var name: String
        public var kind: Standard.Kind
        public var strategies: Set<DeliveryStrategy>
        public var units: Set<UnitID>
        public var adoptedDay: Double
        public var retiredDay: Double?
        public var retirementReason: String
        public var effect: TrueEffect
        /// Share of in-scope orders the standard is applied to, and of those the share someone checked (the rest are automatic).
        public var appliedShare: Double
        public var checkedShare: Double

        public func inForce(atDay t: Double) -> Bool { t >= adoptedDay && t < (retiredDay ?? .infinity) }
    }

    public var standards: [StandardPlan]
    /// Company-wide change of lead time over the two years (−0.06: 6 % faster by the end): a trend any
    /// before/after comparison would read as the effect of whatever standard came last.
    public var leadDrift: Double
    /// Spread (sd of the logarithm) of a calendar week's common factor on lead time and on rework: busy weeks delay every order.
    public var weeklyLeadShock: Double
    public var weeklyReworkShock: Double

    public func plan(_ id: StandardID) -> StandardPlan? { standards.first { $0.id == id } }

    /// The demo company as the README tells it: the ETO-born module cuts CTO and
    /// ATO lead times from day 365; the packing procedure works until day 400,
    /// then fails and is retired on day 590; the other standards do nothing
    /// measurable (ATO kitting, adopted on day 480, among them).
    public static let showcase = DemoScenario(standards: [
        .init(id: DemoCompany.moduleStandard, name: "Standard drive-interface module (from ETO flanges)", kind: .module,
              strategies: [.cto, .ato], units: ["U-eng", "U-prod", "U-sales"], adoptedDay: 365, retiredDay: nil, retirementReason: "",
              effect: .benefit(leadFactor: [.cto: 0.72, .ato: 0.85], reworkFactor: 0.45), appliedShare: 1, checkedShare: 0.3),
        .init(id: DemoCompany.failingStandard, name: "Packing and labelling procedure", kind: .procedure, strategies: [.mts, .mto],
              units: ["U-log", "U-prod"], adoptedDay: 60, retiredDay: 590,
              retirementReason: "deviated from on nearly half of its orders: labels and cartons no longer fit the product range",
              effect: .harm(onsetDay: 400, baseShare: 0.05, stepShare: 0.25, peakShare: 0.5, rampDays: 140, reworkPerDeviation: 1.2),
              appliedShare: 1, checkedShare: 0.55),
        .init(id: "S-eto-handover", name: "ETO engineering-to-production hand-over", kind: .coordinationMechanism, strategies: [.eto],
              units: ["U-eng", "U-prod"], adoptedDay: 120, retiredDay: nil, retirementReason: "", effect: .none, appliedShare: 0.8, checkedShare: 0.55),
        .init(id: "S-cto-rules", name: "Configurator rule set v2", kind: .configurationOption, strategies: [.cto], units: ["U-sales"],
              adoptedDay: 200, retiredDay: nil, retirementReason: "", effect: .none, appliedShare: 0.8, checkedShare: 0.55),
        .init(id: "S-mto-routing", name: "MTO standard routing", kind: .routine, strategies: [.mto], units: ["U-prod", "U-plan"],
              adoptedDay: 150, retiredDay: nil, retirementReason: "", effect: .none, appliedShare: 0.8, checkedShare: 0.55),
        .init(id: "S-ato-kitting", name: "ATO kitting procedure", kind: .procedure, strategies: [.ato], units: ["U-log", "U-prod"],
              adoptedDay: 480, retiredDay: nil, retirementReason: "", effect: .none, appliedShare: 0.8, checkedShare: 0.55),
    ], leadDrift: -0.06, weeklyLeadShock: 0.05, weeklyReworkShock: 0.15)

    /// A company like the showcase with its standards' dates and true effects
    /// drawn at random: for checking that the evidence recovers the truth
    /// whatever it is. The packing procedure always fails, with an onset
    /// after its monitoring baseline; the module helps in three offices of
    /// four; each other standard helps or does nothing, as a coin falls.
    public static func random(seed: UInt64) -> DemoScenario {
        var rng = SeededGenerator(seed: seed ^ 0x5CE7_A210)
        var s = showcase
        for i in s.standards.indices {
            var p = s.standards[i]
            switch p.id {
            case DemoCompany.failingStandard:
                p.adoptedDay = rng.uniform(30, 200)
                let onset = p.adoptedDay + rng.uniform(170, 330)
                p.effect = .harm(onsetDay: onset, baseShare: 0.05, stepShare: 0.25, peakShare: 0.5, rampDays: 140, reworkPerDeviation: 1.2)
                let retired = onset + rng.uniform(120, 220)
                p.retiredDay = retired < DemoCompany.horizonDays - 10 ? retired : nil
            case DemoCompany.moduleStandard:
                p.adoptedDay = rng.uniform(250, 450)
                p.effect = rng.chance(0.75)
                    ? .benefit(leadFactor: [.cto: rng.uniform(0.7, 0.95), .ato: rng.uniform(0.75, 0.97)], reworkFactor: rng.uniform(0.4, 1))
                    : .none
            default:
                p.adoptedDay = rng.uniform(60, 600)
                let strategy = p.strategies.first!
                p.effect = rng.chance(0.5) ? .benefit(leadFactor: [strategy: rng.uniform(0.85, 0.98)], reworkFactor: rng.uniform(0.6, 1)) : .none
            }
            s.standards[i] = p
        }
        return s
    }
}

extension SeededGenerator {
    mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }
}
