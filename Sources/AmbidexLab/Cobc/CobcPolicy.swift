import AmbidexCore
import Foundation

/// A learning-office policy and the organization it runs in: the input of the
/// COBC extension of March's model (docs/lab-cobc.md). Every field has a
/// default, so a policy file names only what it changes.
public struct CobcPolicy: Sendable, Hashable, Codable {
    /// Who meets in a reflection on action.
    public enum Joins: String, Sendable, Hashable, Codable, CaseIterable {
        /// Nobody learns from peers; order-level learning reaches others only through the code.
        case nobody
        /// Each unit reflects alone.
        case withinUnit
        /// Groups of the same size as the units, drawn evenly from every unit,
        /// so front- and back-office roles meet.
        case acrossUnits
        /// One meeting of everybody.
        case wholeOffice
    }

    public var name: String = "policy"
    /// Dimensions of reality (March's m), 1…64.
    public var dimensions: Int = 30
    /// People (March's n).
    public var people: Int = 50
    /// The units people belong to; each person starts in unit `i mod units.count`.
    public var units: [UnitFunction] = [.sales, .engineering, .planning, .purchasing, .production]
    /// Share of orders per strategy; normalised, so it need not sum to 1.
    public var mix: [DeliveryStrategy: Double] = [.mts: 0.35, .ato: 0.20, .mto: 0.15, .cto: 0.18, .eto: 0.12]
    /// Socialisation to standards (March's p1).
    public var socialisation: Double = 0.5
    /// Codification of order-level learning into standards at each reflection on action (March's p2).
    public var codification: Double = 0.5
    /// Each period each person leaves w.p. `turnover` and is replaced by a newcomer (March's p3).
    public var turnover: Double = 0
    /// Each period each dimension of the customers' needs flips w.p. `turbulence` (March's p4).
    public var turbulence: Double = 0
    /// Front-office people on a customized order learn its customer's reality on
    /// each dimension of the order's scope w.p. `reflectionInAction`.
    public var reflectionInAction: Double = 0.1
    /// Reflection on action (codification and peer learning) every this many periods.
    public var reflectionEvery: Int = 1
    public var reflectionJoins: Joins = .withinUnit
    /// In a reflection on action, each person moves one step toward the majority
    /// of the group's better performers, w.p. `peerLearning` per dimension.
    public var peerLearning: Double = 0.1
    /// Each period each person swaps units with someone from another unit w.p. `rotation`.
    public var rotation: Double = 0
    /// Dimensions on which engineer-to-order customers differ from the general reality.
    public var etoCustomDimensions: Int = 6
    /// Dimensions a configure-to-order customer may configure (the first ones),
    /// and how many of them CTO customers set differently from the general reality.
    public var ctoConfigurableDimensions: Int = 10
    public var ctoCustomDimensions: Int = 3

    public init() {}

    /// March's (1991) base model as a policy: one back-office unit, make-to-stock
    /// only, no reflection in action, no peer learning, codification every period.
    public static func march(n: Int = 50, m: Int = 30, p1: Double, p2: Double, p3: Double = 0, p4: Double = 0) -> CobcPolicy {
        var p = CobcPolicy()
        p.name = "March (1991)"
        p.people = n
        p.dimensions = m
        p.units = [.production]
        p.mix = [.mts: 1]
        p.socialisation = p1
        p.codification = p2
        p.turnover = p3
        p.turbulence = p4
        p.reflectionInAction = 0
        p.reflectionJoins = .nobody
        p.peerLearning = 0
        return p
    }

    public func validate() throws(LabError) {
        guard (1...64).contains(dimensions) else { throw LabError("\(name): dimensions must be between 1 and 64, not \(dimensions)") }
        guard (1...2_000).contains(people) else { throw LabError("\(name): people must be between 1 and 2000, not \(people)") }
        guard !units.isEmpty, units.count <= people else { throw LabError("\(name): there must be 1 to \(people) units (one person at least in each)") }
        guard Set(units).count == units.count else { throw LabError("\(name): a unit function is listed twice in units") }
        let rates: [(String, Double)] = [("socialisation", socialisation), ("codification", codification), ("turnover", turnover),
                                         ("turbulence", turbulence), ("reflectionInAction", reflectionInAction),
                                         ("peerLearning", peerLearning), ("rotation", rotation)]
        for (key, p) in rates where p.isNaN || !(0...1).contains(p) {
            throw LabError("\(name): \(key) must be a probability in 0…1, not \(p)")
        }
        // Shares are normalised, so 35 and 0.35 mean the same; a bound keeps their sum finite.
        for (s, share) in mix.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where share.isNaN || !(0...100).contains(share) {
            throw LabError("\(name): the share of \(s.code) in the mix must be a number from 0 to 100, not \(share)")
        }
        guard mix.values.reduce(0, +) > 0 else { throw LabError("\(name): the strategy mix is empty") }
        guard (1...10_000).contains(reflectionEvery) else { throw LabError("\(name): reflectionEvery must be 1 to 10000 periods, not \(reflectionEvery)") }
        guard (0...dimensions).contains(etoCustomDimensions) else {
            throw LabError("\(name): etoCustomDimensions must be between 0 and dimensions (\(dimensions)), not \(etoCustomDimensions)")
        }
        guard (0...dimensions).contains(ctoConfigurableDimensions) else {
            throw LabError("\(name): ctoConfigurableDimensions must be between 0 and dimensions (\(dimensions)), not \(ctoConfigurableDimensions)")
        }
        guard (0...ctoConfigurableDimensions).contains(ctoCustomDimensions) else {
            throw LabError("\(name): ctoCustomDimensions must be between 0 and ctoConfigurableDimensions (\(ctoConfigurableDimensions)), not \(ctoCustomDimensions)")
        }
    }

    /// The strategies with a positive share, in DOMAIN order, and their cumulative shares.
    var strategies: [(DeliveryStrategy, Double)] {
        let total = mix.values.reduce(0, +)
        var cumulative = 0.0
        return DeliveryStrategy.allCases.compactMap { s in
            guard let share = mix[s], share > 0 else { return nil }
            cumulative += share / total
            return (s, cumulative)
        }
    }

    // MARK: Codable: every key optional, unknown keys refused (a typo must not silently run the default).

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, dimensions, people, units, mix, socialisation, codification, turnover, turbulence, reflectionInAction,
             reflectionEvery, reflectionJoins, peerLearning, rotation, etoCustomDimensions, ctoConfigurableDimensions, ctoCustomDimensions
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let any = try decoder.container(keyedBy: AnyKey.self)
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = any.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            throw DecodingError.dataCorrupted(.init(codingPath: [AnyKey(stringValue: unknown)],
                                                    debugDescription: "unknown key '\(unknown)'; the keys are \(CodingKeys.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = CobcPolicy()
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? d.name
        dimensions = try c.decodeIfPresent(Int.self, forKey: .dimensions) ?? d.dimensions
        people = try c.decodeIfPresent(Int.self, forKey: .people) ?? d.people
        units = try c.decodeIfPresent([UnitFunction].self, forKey: .units) ?? d.units
        if let shares = try c.decodeIfPresent([String: Double].self, forKey: .mix) {
            var parsed: [DeliveryStrategy: Double] = [:]
            for (code, share) in shares {
                guard let s = DeliveryStrategy(code: code) else {
                    throw DecodingError.dataCorruptedError(forKey: .mix, in: c, debugDescription: "'\(code)' is not a delivery strategy (mts, ato, mto, cto, eto)")
                }
                parsed[s] = share
            }
            mix = parsed
        } else {
            mix = d.mix
        }
        socialisation = try c.decodeIfPresent(Double.self, forKey: .socialisation) ?? d.socialisation
        codification = try c.decodeIfPresent(Double.self, forKey: .codification) ?? d.codification
        turnover = try c.decodeIfPresent(Double.self, forKey: .turnover) ?? d.turnover
        turbulence = try c.decodeIfPresent(Double.self, forKey: .turbulence) ?? d.turbulence
        reflectionInAction = try c.decodeIfPresent(Double.self, forKey: .reflectionInAction) ?? d.reflectionInAction
        reflectionEvery = try c.decodeIfPresent(Int.self, forKey: .reflectionEvery) ?? d.reflectionEvery
        reflectionJoins = try c.decodeIfPresent(Joins.self, forKey: .reflectionJoins) ?? d.reflectionJoins
        peerLearning = try c.decodeIfPresent(Double.self, forKey: .peerLearning) ?? d.peerLearning
        rotation = try c.decodeIfPresent(Double.self, forKey: .rotation) ?? d.rotation
        etoCustomDimensions = try c.decodeIfPresent(Int.self, forKey: .etoCustomDimensions) ?? d.etoCustomDimensions
        ctoConfigurableDimensions = try c.decodeIfPresent(Int.self, forKey: .ctoConfigurableDimensions) ?? d.ctoConfigurableDimensions
        ctoCustomDimensions = try c.decodeIfPresent(Int.self, forKey: .ctoCustomDimensions) ?? d.ctoCustomDimensions
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(dimensions, forKey: .dimensions)
        try c.encode(people, forKey: .people)
        try c.encode(units, forKey: .units)
        try c.encode(Dictionary(uniqueKeysWithValues: mix.map { ($0.key.rawValue, $0.value) }), forKey: .mix)
        try c.encode(socialisation, forKey: .socialisation)
        try c.encode(codification, forKey: .codification)
        try c.encode(turnover, forKey: .turnover)
        try c.encode(turbulence, forKey: .turbulence)
        try c.encode(reflectionInAction, forKey: .reflectionInAction)
        try c.encode(reflectionEvery, forKey: .reflectionEvery)
        try c.encode(reflectionJoins, forKey: .reflectionJoins)
        try c.encode(peerLearning, forKey: .peerLearning)
        try c.encode(rotation, forKey: .rotation)
        try c.encode(etoCustomDimensions, forKey: .etoCustomDimensions)
        try c.encode(ctoConfigurableDimensions, forKey: .ctoConfigurableDimensions)
        try c.encode(ctoCustomDimensions, forKey: .ctoCustomDimensions)
    }

    /// Sets one field from text, as `--set key=value` and the web form do.
    public mutating func set(_ key: String, to value: String) throws(LabError) {
        func rate() throws(LabError) -> Double {
            guard let v = Double(value) else { throw LabError("\(key) must be a number, not '\(value)'") }
            return v
        }
        func count() throws(LabError) -> Int {
            guard let v = Int(value) else { throw LabError("\(key) must be a whole number, not '\(value)'") }
            return v
        }
        switch CodingKeys(rawValue: key) {
        case .name: name = value
        case .dimensions: dimensions = try count()
        case .people: people = try count()
        case .units:
            var list: [UnitFunction] = []
            for part in value.split(separator: ",") {
                let word = part.trimmingCharacters(in: .whitespaces)
                guard let u = UnitFunction(rawValue: word) else {
                    throw LabError("'\(word)' is not a unit function (\(UnitFunction.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                list.append(u)
            }
            units = list
        case .mix:
            var parsed: [DeliveryStrategy: Double] = [:]
            for part in value.split(separator: ",") {
                let pair = part.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2, let s = DeliveryStrategy(code: pair[0]), let share = Double(pair[1]) else {
                    throw LabError("mix is written mts:0.35,ato:0.2,…; '\(part)' is not a strategy and a share")
                }
                parsed[s] = share
            }
            mix = parsed
        case .socialisation: socialisation = try rate()
        case .codification: codification = try rate()
        case .turnover: turnover = try rate()
        case .turbulence: turbulence = try rate()
        case .reflectionInAction: reflectionInAction = try rate()
        case .reflectionEvery: reflectionEvery = try count()
        case .reflectionJoins:
            guard let j = Joins(rawValue: value) else {
                throw LabError("reflectionJoins is one of \(Joins.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value)'")
            }
            reflectionJoins = j
        case .peerLearning: peerLearning = try rate()
        case .rotation: rotation = try rate()
        case .etoCustomDimensions: etoCustomDimensions = try count()
        case .ctoConfigurableDimensions: ctoConfigurableDimensions = try count()
        case .ctoCustomDimensions: ctoCustomDimensions = try count()
        case nil:
            throw LabError("'\(key)' is not a policy key; the keys are \(CodingKeys.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }
}
