import Foundation

/// A codified way of working: the organizational code of March (1991).
///
/// It traces both directions of the knowledge pipeline: its provenance names
/// the knowledge items it was made from (an ETO insight becoming a standard for
/// the standardized strategies), and its deviations and failure are triggers
/// that send work back to exploration.
public struct Standard: Identifiable, Hashable, Sendable, Codable {
    public enum Kind: String, CaseIterable, Sendable, Codable, Hashable {
        case routine, procedure, module, configurationOption, coordinationMechanism
        public var label: String {
            switch self {
            case .configurationOption: "configuration option"
            case .coordinationMechanism: "coordination mechanism"
            default: rawValue
            }
        }
    }

    public enum Status: String, CaseIterable, Sendable, Codable, Hashable {
        case proposed, adopted, retired
    }

    public struct Version: Hashable, Sendable, Codable {
        public let number: Int
        public let date: Date
        public let note: String
        /// What the standard says in this version (nil for versions recorded before texts were kept).
        public let text: String?
        public init(number: Int, date: Date, note: String, text: String? = nil) {
            self.number = number
            self.date = date
            self.note = note
            self.text = text
        }
    }

    /// Where a standard applies. Empty sets mean "all".
    public struct Scope: Hashable, Sendable, Codable {
        public var strategies: Set<DeliveryStrategy>
        public var units: Set<UnitID>
        public init(strategies: Set<DeliveryStrategy>, units: Set<UnitID> = []) {
            self.strategies = strategies
            self.units = units
        }
        public func covers(_ strategy: DeliveryStrategy) -> Bool { strategies.isEmpty || strategies.contains(strategy) }
    }

    /// An order on which the standard was applied, and whether work deviated from it.
    ///
    /// An application is *automatic* when it was recorded because the order
    /// is in the standard's scope (a configurator adds the module, a routing
    /// is attached to every order); nobody checked it, so it says nothing
    /// about a deviation and is no act of exploitation by a unit. An
    /// application someone recorded names, when known, the unit that applied it.
    public struct Application: Hashable, Sendable, Codable {
        public var order: OrderID
        public var date: Date
        public var deviated: Bool
        public var note: String?
        public var automatic: Bool
        public var appliedBy: UnitID?
        public init(order: OrderID, date: Date, deviated: Bool, note: String? = nil, automatic: Bool = false, appliedBy: UnitID? = nil) {
            self.order = order
            self.date = date
            self.deviated = deviated
            self.note = note
            self.automatic = automatic
            self.appliedBy = appliedBy
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            order = try c.decode(OrderID.self, forKey: .order)
            date = try c.decode(Date.self, forKey: .date)
            deviated = try c.decode(Bool.self, forKey: .deviated)
            note = try c.decodeIfPresent(String.self, forKey: .note)
            automatic = try c.decodeIfPresent(Bool.self, forKey: .automatic) ?? false
            appliedBy = try c.decodeIfPresent(UnitID.self, forKey: .appliedBy)
        }
    }

    public let id: StandardID
    public var name: String
    public var kind: Kind
    public var scope: Scope
    public private(set) var status: Status
    public private(set) var proposedAt: Date
    public private(set) var adoptedAt: Date?
    public private(set) var retiredAt: Date?
    public private(set) var retirementReason: String?
    public private(set) var versions: [Version]
    public var provenance: [KnowledgeItemID]
    public private(set) var applications: [Application]

    public init(id: StandardID, name: String, kind: Kind, scope: Scope, provenance: [KnowledgeItemID],
                proposedAt: Date, note: String = "first version", text: String? = nil) throws(DomainError) {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalid("standard \(id) needs a name") }
        self.id = id
        self.name = name
        self.kind = kind
        self.scope = scope
        self.provenance = provenance
        self.status = .proposed
        self.proposedAt = proposedAt
        self.versions = [Version(number: 1, date: proposedAt, note: note, text: text)]
        self.applications = []
    }

    public mutating func adopt(at date: Date) throws(DomainError) {
        guard status == .proposed else { throw .illegalTransition("standard \(id) is \(status.rawValue); only a proposed standard can be adopted") }
        guard date >= proposedAt else { throw .invalid("standard \(id) cannot be adopted before it was proposed") }
        status = .adopted
        adoptedAt = date
    }

    /// Retiring a proposed standard is rejecting it; retiring an adopted one ends its use.
    public mutating func retire(at date: Date, reason: String) throws(DomainError) {
        guard status != .retired else { throw .illegalTransition("standard \(id) is already retired") }
        guard date >= (adoptedAt ?? proposedAt) else { throw .invalid("standard \(id) cannot be retired before it was adopted") }
        status = .retired
        retiredAt = date
        retirementReason = reason
    }

    /// A new version; without a new text it keeps the last one's.
    public mutating func revise(at date: Date, note: String, text: String? = nil) throws(DomainError) {
        guard status != .retired else { throw .illegalTransition("standard \(id) is retired; it cannot be revised") }
        guard date >= versions.last!.date else { throw .invalid("standard \(id): a new version cannot predate the last one") }
        versions.append(Version(number: versions.count + 1, date: date, note: note, text: text ?? versions.last!.text))
    }

    /// Only an adopted standard is applied, and only inside its scope.
    public mutating func apply(_ application: Application, to order: Order) throws(DomainError) {
        guard application.order == order.id else { throw .invalid("application names order \(application.order), not \(order.id)") }
        if application.automatic && application.deviated {
            throw .invalid("an automatic application of standard \(id) to order \(order.id) cannot record a deviation: nobody checked it")
        }
        guard status == .adopted, let adoptedAt, application.date >= adoptedAt else {
            throw .illegalTransition("standard \(id) is not adopted on \(application.date); it cannot be applied to order \(order.id)")
        }
        guard scope.covers(order.strategy) else {
            throw .invalid("standard \(id) does not cover \(order.strategy.code) orders such as \(order.id)")
        }
        applications.append(application)
    }

    public var version: Int { versions.count }

    /// The version in force on `date` (the first before it was proposed).
    public func version(at date: Date) -> Int {
        versions.last { $0.date <= date }?.number ?? 1
    }

    public func isAdopted(at date: Date) -> Bool {
        guard let adoptedAt, adoptedAt <= date else { return false }
        return retiredAt.map { date < $0 } ?? true
    }

    public var deviations: [Application] { applications.filter(\.deviated) }

    /// Share of the applications someone checked since `date` that deviated
    /// (automatic ones cannot show a deviation, so they would only dilute it).
    public func deviationRate(since date: Date = .distantPast) -> Double? {
        let recent = applications.filter { $0.date >= date && !$0.automatic }
        return recent.isEmpty ? nil : Double(recent.filter(\.deviated).count) / Double(recent.count)
    }
}

extension Standard {
    /// Rebuilds a standard from stored rows. Applications are not re-checked
    /// against orders here; the store checked them when they were written.
    public static func restore(id: StandardID, name: String, kind: Kind, scope: Scope, provenance: [KnowledgeItemID],
                               status: Status, proposedAt: Date, adoptedAt: Date?, retiredAt: Date?,
                               retirementReason: String?, versions: [Version], applications: [Application]) throws(DomainError) -> Standard {
        var s = try Standard(id: id, name: name, kind: kind, scope: scope, provenance: provenance, proposedAt: proposedAt)
        if let adoptedAt { try s.adopt(at: adoptedAt) }
        if let retiredAt { try s.retire(at: retiredAt, reason: retirementReason ?? "") }
        guard s.status == status else { throw .invalid("standard \(id): stored status \(status.rawValue) disagrees with its dates") }
        if !versions.isEmpty { s.versions = versions }
        s.applications = applications
        return s
    }
}
