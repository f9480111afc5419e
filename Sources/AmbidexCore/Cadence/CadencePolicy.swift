import Foundation

/// The office's rules for when which learning activity happens. It encodes
/// propositions P1–P5 of seed 000 as tunable cadences and thresholds, and
/// `schedule` generates the upcoming activities from the orders and units.
/// Decoding tolerates missing keys (each takes its default), so a saved
/// policy survives new settings.
public struct CadencePolicy: Codable, Sendable, Hashable {
    /// P3: ETO needs daily, bottom-up reflection in real time: one stand-up per team over its open ETO orders
    /// (overdue ones too). Working days between stand-ups.
    public var etoStandUpEveryWorkingDays = 1
    /// P3: standardized work also reflects daily and in real time, but top down and on the standard work of a
    /// production flow, not per order. Strategies that get a daily flow meeting, and working days between them.
    public var flowMeetingStrategies: Set<DeliveryStrategy> = [.mts, .ato, .mto]
    public var flowMeetingEveryWorkingDays = 1
    /// A flow meeting invites the back-office units that did at least this share of the flow's back-office work in the last 14 days.
    public var flowMeetingMinimumShare = 0.15
    /// P3: learning about market needs for the strategies that build ahead of orders: forecast against actual demand.
    public var marketReviewStrategies: Set<DeliveryStrategy> = [.mts, .ato]
    public var marketReviewEveryDays = 30
    /// An offering's demand is named in the review when it departs from the forecast by at least this share.
    public var marketDeviationShare = 0.2
    /// A kick-off is due for a customized order younger than this many days that has none yet.
    public var kickOffWithinDays = 5
    /// P1: a CTO order with at least this many customer choices gets a co-design session rather than a plain configuration kick-off.
    public var ctoCoDesignMinimumFeatures = 4
    /// Sporadic after-action review when a closed order had at least this much rework (or was late).
    public var reviewReworkThreshold = 2
    /// … or when the customer rated it this low or lower (1–5).
    public var reviewFeedbackAtMost = 2.0
    /// How far back a closed order still earns a sporadic review.
    public var reviewLookbackDays = 14
    /// After-action reviews are spread over the working days, at most this many a day; the rest follow on the next ones.
    public var reviewsPerDay = 1
    /// Co-design sessions (one per customer over its open ETO orders) are spread likewise.
    public var coDesignSessionsPerDay = 1
    /// ATO, MTO and CTO: cross-order retrospective cadence.
    public var retrospectiveEveryDays = 30
    /// MTS: planned follow-up cadence (a quarter).
    public var mtsRetrospectiveEveryDays = 91
    /// A standard is failing when, over the lookback, at least this share of the applications someone checked deviated …
    public var failingDeviationRate = 0.25
    /// … on at least this many checked applications; or when its monitoring signalled a shift for the worse within the lookback.
    public var failingMinimumApplications = 10
    public var failingLookbackDays = 90
    /// P5: knowledge that crossed between front and back office this recently gets a joint session.
    public var crossingLookbackDays = 30
    /// P4: a unit whose role varies across its concurrent orders at least this much (0 = one role, 1 = half and half) …
    public var crossRoleMinimumRoleVariation = 0.4
    /// … and that switched role at least this often over the last `roleProfileDays` gets a cross-role session.
    public var crossRoleMinimumSwitches = 4
    public var roleProfileDays = 30

    public init() {}

    public static let `default` = CadencePolicy()

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var p = CadencePolicy()
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let v = try c.decodeIfPresent(T.self, forKey: key) { value = v }
        }
        try read(.etoStandUpEveryWorkingDays, &p.etoStandUpEveryWorkingDays)
        try read(.flowMeetingStrategies, &p.flowMeetingStrategies)
        try read(.flowMeetingEveryWorkingDays, &p.flowMeetingEveryWorkingDays)
        try read(.flowMeetingMinimumShare, &p.flowMeetingMinimumShare)
        try read(.marketReviewStrategies, &p.marketReviewStrategies)
        try read(.marketReviewEveryDays, &p.marketReviewEveryDays)
        try read(.marketDeviationShare, &p.marketDeviationShare)
        try read(.kickOffWithinDays, &p.kickOffWithinDays)
        try read(.ctoCoDesignMinimumFeatures, &p.ctoCoDesignMinimumFeatures)
        try read(.reviewReworkThreshold, &p.reviewReworkThreshold)
        try read(.reviewFeedbackAtMost, &p.reviewFeedbackAtMost)
        try read(.reviewLookbackDays, &p.reviewLookbackDays)
        try read(.reviewsPerDay, &p.reviewsPerDay)
        try read(.coDesignSessionsPerDay, &p.coDesignSessionsPerDay)
        try read(.retrospectiveEveryDays, &p.retrospectiveEveryDays)
        try read(.mtsRetrospectiveEveryDays, &p.mtsRetrospectiveEveryDays)
        try read(.failingDeviationRate, &p.failingDeviationRate)
        try read(.failingMinimumApplications, &p.failingMinimumApplications)
        try read(.failingLookbackDays, &p.failingLookbackDays)
        try read(.crossingLookbackDays, &p.crossingLookbackDays)
        try read(.crossRoleMinimumRoleVariation, &p.crossRoleMinimumRoleVariation)
        try read(.crossRoleMinimumSwitches, &p.crossRoleMinimumSwitches)
        try read(.roleProfileDays, &p.roleProfileDays)
        self = p
    }

    /// Checks that every setting is usable before the office saves it.
    public func validate() throws(DomainError) {
        let positive = [("etoStandUpEveryWorkingDays", etoStandUpEveryWorkingDays), ("flowMeetingEveryWorkingDays", flowMeetingEveryWorkingDays),
                        ("marketReviewEveryDays", marketReviewEveryDays), ("retrospectiveEveryDays", retrospectiveEveryDays),
                        ("mtsRetrospectiveEveryDays", mtsRetrospectiveEveryDays), ("roleProfileDays", roleProfileDays),
                        ("failingLookbackDays", failingLookbackDays), ("crossingLookbackDays", crossingLookbackDays),
                        ("reviewsPerDay", reviewsPerDay), ("coDesignSessionsPerDay", coDesignSessionsPerDay)]
        for (name, v) in positive where v < 1 { throw .invalid("cadence policy: \(name) must be at least 1, not \(v)") }
        guard (0...1).contains(failingDeviationRate) else { throw .invalid("cadence policy: failingDeviationRate must be within 0…1") }
        guard (0...1).contains(crossRoleMinimumRoleVariation) else { throw .invalid("cadence policy: crossRoleMinimumRoleVariation must be within 0…1") }
        guard (0...1).contains(flowMeetingMinimumShare) else { throw .invalid("cadence policy: flowMeetingMinimumShare must be within 0…1") }
        guard (1...5).contains(reviewFeedbackAtMost) else { throw .invalid("cadence policy: reviewFeedbackAtMost must be within 1…5") }
        guard marketDeviationShare > 0 else { throw .invalid("cadence policy: marketDeviationShare must be above 0") }
    }
}

extension CadencePolicy {
    /// Where the office's tuned policy is kept among the store's settings.
    public static let settingKey = "office.cadencePolicy"
}
