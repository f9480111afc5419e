import Foundation

/// The office's rules for when which learning activity happens. It encodes
/// propositions P1–P5 of seed 000 as tunable cadences and thresholds, and
/// `schedule` generates the upcoming activities from the orders and units.
public struct CadencePolicy: Codable, Sendable, Hashable {
    /// P3: ETO needs daily, real-time reflection. Working days between stand-ups.
    public var etoStandUpEveryWorkingDays = 1
    /// A kick-off is due for a customized order younger than this many days that has none yet.
    public var kickOffWithinDays = 5
    /// P1: a CTO order with at least this many customer choices gets a co-design session rather than a plain configuration kick-off.
    public var ctoCoDesignMinimumFeatures = 4
    /// Sporadic after-action review when a closed order had at least this much rework (or was late).
    public var reviewReworkThreshold = 2
    /// How far back a closed order still earns a sporadic review.
    public var reviewLookbackDays = 14
    /// ATO and MTO: cross-order retrospective cadence.
    public var retrospectiveEveryDays = 30
    /// MTS: planned follow-up cadence (a quarter).
    public var mtsRetrospectiveEveryDays = 91
    /// A standard is failing when, over the lookback, at least this share of its applications deviated …
    public var failingDeviationRate = 0.25
    /// … on at least this many applications.
    public var failingMinimumApplications = 10
    public var failingLookbackDays = 90
    /// P5: knowledge that crossed between front and back office this recently gets a joint session.
    public var crossingLookbackDays = 30
    /// P4: a unit gets a cross-role session when its priority variation and role switching over the last period reach these.
    public var crossRolePriorityVariation = 0.45
    public var crossRoleMinimumSwitches = 4
    public var roleProfileDays = 30

    public init() {}

    public static let `default` = CadencePolicy()

    /// Checks that every setting is usable before the office saves it.
    public func validate() throws(DomainError) {
        let positive = [("etoStandUpEveryWorkingDays", etoStandUpEveryWorkingDays), ("retrospectiveEveryDays", retrospectiveEveryDays),
                        ("mtsRetrospectiveEveryDays", mtsRetrospectiveEveryDays), ("roleProfileDays", roleProfileDays),
                        ("failingLookbackDays", failingLookbackDays), ("crossingLookbackDays", crossingLookbackDays)]
        for (name, v) in positive where v < 1 { throw .invalid("cadence policy: \(name) must be at least 1, not \(v)") }
        guard (0...1).contains(failingDeviationRate) else { throw .invalid("cadence policy: failingDeviationRate must be within 0…1") }
        guard (0...1).contains(crossRolePriorityVariation) else { throw .invalid("cadence policy: crossRolePriorityVariation must be within 0…1") }
    }
}

extension CadencePolicy {
    /// Where the office's tuned policy is kept among the store's settings.
    public static let settingKey = "office.cadencePolicy"
}
