/// The five delivery strategies an organization runs side by side.
/// Cases are ordered from the most standardized to the most customized.
public enum DeliveryStrategy: String, CaseIterable, Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    case mts, ato, mto, cto, eto

    public var name: String {
        switch self {
        case .mts: "make-to-stock"
        case .ato: "assemble-to-order"
        case .mto: "make-to-order"
        case .cto: "configure-to-order"
        case .eto: "engineer-to-order"
        }
    }

    public var code: String { rawValue.uppercased() }
    public var description: String { code }

    /// Customized strategies present each order as a new local reality: learning
    /// there is explorative by default (P3).
    public var isCustomized: Bool { self == .cto || self == .eto }

    /// Rank on the standardized → customized axis (0 = MTS … 4 = ETO).
    public var customizationRank: Int { DeliveryStrategy.allCases.firstIndex(of: self)! }

    public static func < (a: Self, b: Self) -> Bool { a.customizationRank < b.customizationRank }

    public init?(code: String) { self.init(rawValue: code.lowercased()) }
}

/// What the customer may shape under a strategy: the second axis, separate from
/// how far upstream the customer reaches (MTO is customer-driven yet not customized).
public enum CustomizationScope: String, CaseIterable, Sendable, Codable, Hashable {
    case nothing
    case predefinedModules
    case predefinedScalesAndItems
    case anything

    public var label: String {
        switch self {
        case .nothing: "nothing"
        case .predefinedModules: "choice among predefined modules"
        case .predefinedScalesAndItems: "choice of predefined scales and items"
        case .anything: "anything: unique requirements"
        }
    }
}
