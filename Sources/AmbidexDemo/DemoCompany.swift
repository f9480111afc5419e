import AmbidexCore
import Foundation

/// A seeded, realistic demo company: two years of a drive-systems maker
/// running all five delivery strategies, with the learning around its orders.
///
/// The outcomes are *generated from* declared truths (`DemoScenario`), not
/// painted on: CTO and ATO orders are faster and cleaner once the ETO-born
/// module is adopted, MTS and MTO rework climbs once the packing procedure
/// starts failing, the other standards change nothing, the whole company
/// drifts slowly faster and busy weeks delay every order. `DemoTruth` keeps
/// every order's outcome with and without each standard, so the evidence
/// can be checked against what really happened.
public enum DemoCompany {
    /// The module born from repeated ETO customizations, adopted for CTO and ATO.
    public static let moduleStandard: StandardID = "S-module-interface"
    /// The MTS/MTO procedure that starts failing and is retired.
    public static let failingStandard: StandardID = "S-packing-procedure"
    /// The ATO procedure that does nothing measurable, adopted after the module.
    public static let kittingStandard: StandardID = "S-ato-kitting"
    /// The knowledge item that sends the failed procedure back to exploration.
    public static let explorationAfterFailure: KnowledgeItemID = "K-after-packing-failure"
    public static let defaultStart = Date(timeIntervalSince1970: 1_704_067_200) // 2024-01-01 UTC
    public static let horizonDays = 730.0

    /// Days (from the start) at which the showcase dynamics happen.
    public enum Timeline {
        public static let moduleProposed = 300.0
        public static let moduleAdopted = 365.0
        public static let packingAdopted = 60.0
        public static let packingStartsFailing = 400.0
        public static let packingRetired = 590.0
        public static let kittingAdopted = 480.0
    }

    public static func generate(seed: UInt64 = 42, orders: Int = 5_200, start: Date = defaultStart,
                                progress: (@Sendable (Double) -> Void)? = nil) -> LearningOffice {
        generate(scenario: .showcase, seed: seed, orders: orders, start: start, progress: progress).office
    }

    /// The company of `scenario`, with the truth it was made from.
    public static func generate(scenario: DemoScenario, seed: UInt64 = 42, orders: Int = 5_200, start: Date = defaultStart,
                                progress: (@Sendable (Double) -> Void)? = nil) -> (office: LearningOffice, truth: DemoTruth) {
        var generator = DemoGenerator(seed: seed, orderCount: orders, start: start, scenario: scenario, progress: progress)
        let (office, truth) = generator.run()
        return (office, truth)
    }
}
