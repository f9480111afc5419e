import Foundation

/// A dated change to how the orders of some strategies are made: the
/// adoption or retirement of a standard, or a shift that monitoring detected
/// in a standard's orders. A window that contains a change, or a comparison
/// group that went through one, would mix its effect into another standard's.
public struct OfficeChange: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        case adoption, retirement, monitoringSignal
        public var label: String {
            switch self {
            case .adoption: "adoption"
            case .retirement: "retirement"
            case .monitoringSignal: "monitoring signal"
            }
        }
    }

    public let date: Date
    public let standard: StandardID
    public let kind: Kind
    /// The strategies whose orders it touched, sorted; every strategy when the scope names none.
    public let strategies: [DeliveryStrategy]

    public init(date: Date, standard: StandardID, kind: Kind, strategies: Set<DeliveryStrategy>) {
        self.date = date
        self.standard = standard
        self.kind = kind
        self.strategies = (strategies.isEmpty ? Set(DeliveryStrategy.allCases) : strategies).sorted()
    }

    public func touches(_ strategy: DeliveryStrategy) -> Bool { strategies.contains(strategy) }

    public var description: String { "\(kind.label) of \(standard) on \(date.isoDay)" }

    /// Adoptions and retirements of every standard, up to `asOf`, oldest first.
    /// Monitoring signals are added by the report once monitoring has run.
    public static func calendar(_ standards: [Standard], asOf: Date) -> [OfficeChange] {
        var changes: [OfficeChange] = []
        for s in standards {
            if let a = s.adoptedAt, a <= asOf {
                changes.append(OfficeChange(date: a, standard: s.id, kind: .adoption, strategies: s.scope.strategies))
                if let r = s.retiredAt, r <= asOf {
                    changes.append(OfficeChange(date: r, standard: s.id, kind: .retirement, strategies: s.scope.strategies))
                }
            }
        }
        return changes.sorted { ($0.date, $0.standard) < ($1.date, $1.standard) }
    }
}
