/// The stages of absorptive capacity (seed 003) a knowledge item moves through.
public enum AbsorptionStage: String, CaseIterable, Sendable, Codable, Hashable, Comparable {
    case acquired, assimilated, transformed, exploited, discarded

    /// The only legal moves: one step forward, or out (discarded) from any
    /// stage before exploitation. Exploited knowledge leaves the pipeline only
    /// through the standard it became, which is retired rather than discarded.
    public var next: Set<AbsorptionStage> {
        switch self {
        case .acquired: [.assimilated, .discarded]
        case .assimilated: [.transformed, .discarded]
        case .transformed: [.exploited, .discarded]
        case .exploited, .discarded: []
        }
    }

    public var isTerminal: Bool { next.isEmpty }

    /// An item still at this stage after this many days is stuck: the board flags it (nil: it cannot be).
    public var stuckAfterDays: Int? {
        switch self {
        case .acquired: 30
        case .assimilated: 60
        case .transformed: 90
        case .exploited, .discarded: nil
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
