import AmbidexCore

/// What the COBC lab reports for every period. Knowledge is of the general
/// reality (the customers' needs outside any one order).
public enum CobcMeasure: Hashable, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case codeKnowledge, codeMatch, individualKnowledge, individualMatch, diversity, servedFromCode
    case fit(DeliveryStrategy)

    public static let allCases: [CobcMeasure] =
        [.codeKnowledge, .codeMatch, .individualKnowledge, .individualMatch, .diversity, .servedFromCode]
        + DeliveryStrategy.allCases.map(CobcMeasure.fit)

    var rawIndex: Int { Self.allCases.firstIndex(of: self)! }

    /// The column name in CSV and JSON.
    public var key: String {
        switch self {
        case .codeKnowledge: "code_knowledge"
        case .codeMatch: "code_match"
        case .individualKnowledge: "individual_knowledge"
        case .individualMatch: "individual_match"
        case .diversity: "diversity"
        case .servedFromCode: "served_from_code"
        case .fit(let s): "fit_\(s.rawValue)"
        }
    }

    public var description: String {
        switch self {
        case .codeKnowledge: "code knowledge (March's score)"
        case .codeMatch: "code: share of dimensions right"
        case .individualKnowledge: "individual knowledge (March's score)"
        case .individualMatch: "individuals: share of dimensions right"
        case .diversity: "diversity of beliefs"
        case .servedFromCode: "share of order decisions taken from standards"
        case .fit(let s): "fit of delivered \(s.code) orders"
        }
    }

    public init?(key: String) {
        guard let m = Self.allCases.first(where: { $0.key == key }) else { return nil }
        self = m
    }

    public init(from decoder: any Decoder) throws {
        let key = try decoder.singleValueContainer().decode(String.self)
        guard let m = CobcMeasure(key: key) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(key)' is not a lab measure"))
        }
        self = m
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(key)
    }
}

/// A mean over runs with its spread: what every figure of the lab is.
public struct CobcEstimate: Sendable, Hashable, Codable {
    public var mean: Double
    public var sd: Double
    /// Runs that had a value (a strategy may have had no order in a period).
    public var runs: Int

    public var standardError: Double { runs > 1 ? sd / Double(runs).squareRoot() : 0 }
    public var low: Double { mean - 1.96 * standardError }
    public var high: Double { mean + 1.96 * standardError }

    /// Mean and sample SD of the values that are numbers.
    public init(_ values: [Double]) {
        let xs = values.filter { !$0.isNaN }
        runs = xs.count
        mean = xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count)
        let m = mean
        sd = xs.count > 1 ? (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot() : 0
    }

    enum CodingKeys: String, CodingKey { case mean, sd, runs, low, high }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mean = try c.decodeIfPresent(Double.self, forKey: .mean) ?? .nan
        sd = try c.decode(Double.self, forKey: .sd)
        runs = try c.decode(Int.self, forKey: .runs)
    }

    /// NaN is not JSON: a missing mean is written as null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if mean.isNaN { try c.encodeNil(forKey: .mean) } else { try c.encode(mean, forKey: .mean) }
        try c.encode(sd, forKey: .sd)
        try c.encode(runs, forKey: .runs)
        if !mean.isNaN {
            try c.encode(low, forKey: .low)
            try c.encode(high, forKey: .high)
        }
    }
}
