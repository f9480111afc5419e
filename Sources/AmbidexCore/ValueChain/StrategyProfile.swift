/// How one strategy is set up in an organization: where it decouples, what the
/// customer may shape, and which unit functions face the customer by default.
public struct StrategyProfile: Hashable, Sendable, Codable {
    public var strategy: DeliveryStrategy
    public var decouplingPoint: DecouplingPoint
    public var scope: CustomizationScope
    /// Functions that are front office on this strategy's orders unless the
    /// order's own events say otherwise.
    public var frontOfficeFunctions: Set<UnitFunction>

    public init(strategy: DeliveryStrategy, decouplingPoint: DecouplingPoint, scope: CustomizationScope,
                frontOfficeFunctions: Set<UnitFunction>) {
        self.strategy = strategy
        self.decouplingPoint = decouplingPoint
        self.scope = scope
        self.frontOfficeFunctions = frontOfficeFunctions
    }
}

/// The organization's strategy table. The default is DOMAIN.md §1; an office
/// edits it when its value chain or role split differs.
public struct StrategyTable: Hashable, Sendable, Codable {
    public private(set) var profiles: [DeliveryStrategy: StrategyProfile]
    public let chain: ValueChain

    public static let standard = StrategyTable(chain: .standard, profiles: [
        StrategyProfile(strategy: .mts, decouplingPoint: .none, scope: .nothing,
                        frontOfficeFunctions: [.sales, .service]),
        StrategyProfile(strategy: .ato, decouplingPoint: .stage(.assemble), scope: .predefinedModules,
                        frontOfficeFunctions: [.sales, .service]),
        StrategyProfile(strategy: .mto, decouplingPoint: .stage(.fabricate), scope: .nothing,
                        frontOfficeFunctions: [.sales, .service]),
        StrategyProfile(strategy: .cto, decouplingPoint: .stage(.fabricate), scope: .predefinedScalesAndItems,
                        frontOfficeFunctions: [.sales, .service, .planning]),
        // Under ETO engineers, planners and purchasers step forward to the customer (seed 000, §2.2).
        StrategyProfile(strategy: .eto, decouplingPoint: .stage(.design), scope: .anything,
                        frontOfficeFunctions: [.sales, .service, .engineering, .planning, .purchasing, .quality]),
    ])

    init(chain: ValueChain, profiles: [StrategyProfile]) {
        self.chain = chain
        self.profiles = Dictionary(uniqueKeysWithValues: profiles.map { ($0.strategy, $0) })
    }

    public init(chain: ValueChain, validating profiles: [StrategyProfile]) throws(DomainError) {
        for p in profiles {
            if let s = p.decouplingPoint.stage, chain.position(of: s) == nil {
                throw .invalid("the decoupling point of \(p.strategy.code) is '\(s)', which is not a stage of the value chain")
            }
        }
        guard Set(profiles.map(\.strategy)) == Set(DeliveryStrategy.allCases) else {
            throw .invalid("the strategy table needs exactly one profile for each of MTS, ATO, MTO, CTO and ETO")
        }
        self.init(chain: chain, profiles: profiles)
    }

    public subscript(strategy: DeliveryStrategy) -> StrategyProfile { profiles[strategy]! }

    public mutating func update(_ profile: StrategyProfile) throws(DomainError) {
        if let s = profile.decouplingPoint.stage, chain.position(of: s) == nil {
            throw .invalid("'\(s)' is not a stage of the value chain")
        }
        profiles[profile.strategy] = profile
    }

    /// Speculation- or customer-driven, for a stage of an order under `strategy`.
    public func drive(of stage: Stage, under strategy: DeliveryStrategy) -> Drive {
        chain.drive(of: stage, decoupledAt: self[strategy].decouplingPoint)
    }

    public func defaultRole(of function: UnitFunction, under strategy: DeliveryStrategy) -> OfficeRole {
        self[strategy].frontOfficeFunctions.contains(function) ? .front : .back
    }
}
