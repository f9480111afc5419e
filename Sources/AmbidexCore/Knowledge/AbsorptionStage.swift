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

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
