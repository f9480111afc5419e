/// Built-in comparisons that put the seed's propositions to the model
/// (docs/lab-cobc.md states what they found). Each is a list of policies that
/// differ from the default in one lever only; the first is the baseline.
public enum CobcScenario: String, CaseIterable, Sendable, Codable {
    /// P4: rotating people between units, so they work front- and back-office orders.
    case rotation
    /// P5: who joins a reflection on action.
    case joins
    /// P1/P3: how often reflection on action (and codification) happens.
    case frequency
    /// Exploration under changing customer needs: turbulence, with and without reflection in action.
    case turbulence

    public var title: String {
        switch self {
        case .rotation: "P4 — rotating people between front- and back-office units"
        case .joins: "P5 — who joins a reflection on action: within units, across units, everyone"
        case .frequency: "P1/P3 — how often reflection on action and codification happen"
        case .turbulence: "Changing customer needs — turbulence with and without reflection in action"
        }
    }

    /// The policies compared, built on `base` (the default policy unless given).
    public func policies(base: CobcPolicy = CobcPolicy()) -> [CobcPolicy] {
        func variant(_ name: String, _ change: (inout CobcPolicy) -> Void) -> CobcPolicy {
            var p = base
            p.name = name
            change(&p)
            return p
        }
        switch self {
        case .rotation:
            return [0, 0.02, 0.1, 0.3].map { r in variant("rotation \(r)") { $0.rotation = r } }
        case .joins:
            return CobcPolicy.Joins.allCases.map { j in variant("joins \(j.rawValue)") { $0.reflectionJoins = j } }
        case .frequency:
            return [1, 5, 20].map { e in variant("reflect every \(e)") { $0.reflectionEvery = e } }
        case .turbulence:
            return [variant("stable, in action 0.1") { $0.turbulence = 0 },
                    variant("turbulent, in action 0.1") { $0.turbulence = 0.02 },
                    variant("turbulent, no reflection in action") { $0.turbulence = 0.02; $0.reflectionInAction = 0 }]
        }
    }
}
