import AmbidexCore
import AmbidexLog
import Foundation

/// How a case-centric order log becomes the office's orders: which attribute
/// names each event's unit and each order's partner, the rules that infer an
/// order's delivery strategy and each activity's stage, which activities are
/// customer contact (so each unit's front/back-office role on each order
/// follows, as for the demo), and which case attributes are the order's
/// customization. A small file of `key = value` lines kept beside the log;
/// rules repeat and the first that matches wins. A CSV log's column keys
/// (`case`, `activity`, `timestamp`, …) may stand in the same file.
///
///     unit = Resource
///     unit-rule = Quality: inspect|check
///     partner = customer
///     strategy = mto
///     strategy-rule = eto: design|engineer
///     stage-rule = design: design|engineer
///     stage-default = fabricate
///     contact = order received|deliver
///     features = Material, Finish
///     offering = Part
///     due-days = 30
///     keep-lifecycle = complete
///     closed-by = ship|deliver
///     order-type = Purchase Order
public struct ImportMapping: Sendable, Equatable {
    public struct Rule<Value: Sendable & Equatable>: Sendable, Equatable {
        public var value: Value
        public var pattern: String

        public init(value: Value, pattern: String) {
            self.value = value
            self.pattern = pattern
        }
    }

    /// Prefix of every order id (keeps imported ids apart from others).
    public var orderPrefix = ""
    /// Where an event's unit is named: `resource`, `group` or `role` (the log's
    /// organizational columns) or an event attribute's key; nil: rules and the default only.
    public var unitAttribute: String?
    public var unitRules: [Rule<String>] = []
    public var unitDefault = "Operations"
    /// A case attribute naming the order's customer; nil: everything is `partnerDefault`'s.
    public var partnerAttribute: String?
    public var partnerDefault = "Imported customer"
    public var strategy: DeliveryStrategy = .mto
    public var strategyRules: [Rule<DeliveryStrategy>] = []
    public var stageRules: [Rule<Stage>] = []
    public var stageDefault: Stage = .fabricate
    /// Activities that are customer contact.
    public var contact: String?
    public var features: [String] = []
    public var offeringAttribute: String?
    public var dueDays = 30.0
    /// Keep only events of this lifecycle transition (and those without one); nil keeps all.
    public var lifecycle: String?
    /// An order is closed when its last event matches this; nil: every order is closed at its last event.
    public var closedBy: String?
    /// OCEL logs: the object type whose objects are the orders.
    public var orderType: String?

    public init() {}

    static let keys: Set<String> = ["order-prefix", "unit", "unit-rule", "unit-default", "partner", "partner-default", "strategy", "strategy-rule",
                                    "stage-rule", "stage-default", "contact", "features", "offering", "due-days", "keep-lifecycle",
                                    "closed-by", "order-type"]

    /// Reads a mapping file's text; every problem names its line. Lines with a CSV column key are left to `CSVMapping`.
    public static func parse(_ text: String, file: String = "mapping") throws(ImportError) -> ImportMapping {
        var m = ImportMapping()
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let at = "\(file):\(n + 1)"
            do throws(ImportError) {
            guard let eq = line.firstIndex(of: "=") else { throw ImportError("\(at): expected 'key = value'") }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if CSVMapping.keys.contains(key) { continue }
            guard keys.contains(key) else {
                throw ImportError("\(at): unknown key '\(key)' (known: \(keys.union(CSVMapping.keys).sorted().joined(separator: ", ")))")
            }
            func rule() throws(ImportError) -> (String, String) {
                guard let colon = value.firstIndex(of: ":") else { throw ImportError("\(at): a rule is 'value: pattern', e.g. 'eto: design|engineer'") }
                let target = value[..<colon].trimmingCharacters(in: .whitespaces), pattern = value[value.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                guard !target.isEmpty, !pattern.isEmpty else { throw ImportError("\(at): a rule needs a value and a pattern") }
                guard (try? Regex(pattern)) != nil else { throw ImportError("\(at): '\(pattern)' is not a pattern (a regular expression)") }
                return (target, pattern)
            }
            func strategy(_ s: String) throws(ImportError) -> DeliveryStrategy {
                guard let d = DeliveryStrategy.allCases.first(where: { $0.rawValue == s.lowercased() || $0.code.lowercased() == s.lowercased() }) else {
                    throw ImportError("\(at): '\(s)' is no delivery strategy (\(DeliveryStrategy.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return d
            }
            switch key {
            case "order-prefix": m.orderPrefix = value
            case "unit": m.unitAttribute = value.isEmpty ? nil : value
            case "unit-rule": let (t, p) = try rule(); m.unitRules.append(Rule(value: t, pattern: p))
            case "unit-default": m.unitDefault = value
            case "partner": m.partnerAttribute = value.isEmpty ? nil : value
            case "partner-default": m.partnerDefault = value
            case "strategy": m.strategy = try strategy(value)
            case "strategy-rule": let (t, p) = try rule(); m.strategyRules.append(Rule(value: try strategy(t), pattern: p))
            case "stage-rule": let (t, p) = try rule(); m.stageRules.append(Rule(value: Stage(t.lowercased()), pattern: p))
            case "stage-default": m.stageDefault = Stage(value.lowercased())
            case "contact":
                guard (try? Regex(value)) != nil else { throw ImportError("\(at): '\(value)' is not a pattern (a regular expression)") }
                m.contact = value
            case "features": m.features = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            case "offering": m.offeringAttribute = value.isEmpty ? nil : value
            case "due-days":
                guard let d = Double(value), d >= 0, d <= 3_650 else { throw ImportError("\(at): due-days is a number of days from 0 to 3650, not '\(value)'") }
                m.dueDays = d
            case "keep-lifecycle": m.lifecycle = value.isEmpty ? nil : value
            case "closed-by":
                guard (try? Regex(value)) != nil else { throw ImportError("\(at): '\(value)' is not a pattern (a regular expression)") }
                m.closedBy = value.isEmpty ? nil : value
            case "order-type": m.orderType = value.isEmpty ? nil : value
            default: break
            }
            } catch {
                throw ImportError(error.description, line: n + 1)
            }
        }
        guard !m.unitDefault.isEmpty, !m.partnerDefault.isEmpty else { throw ImportError("\(file): unit-default and partner-default cannot be empty") }
        return m
    }

    /// A mapping file's CSV column lines (`case = …`, `activity = …`), for `CSVMapping.make`.
    public static func csvValues(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            if CSVMapping.keys.contains(key) { values[key] = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces) }
        }
        return values
    }

    /// The mapping as a file's lines.
    public var text: String {
        var lines: [String] = []
        if !orderPrefix.isEmpty { lines.append("order-prefix = \(orderPrefix)") }
        if let unitAttribute { lines.append("unit = \(unitAttribute)") }
        lines += unitRules.map { "unit-rule = \($0.value): \($0.pattern)" }
        lines.append("unit-default = \(unitDefault)")
        if let partnerAttribute { lines.append("partner = \(partnerAttribute)") }
        lines.append("partner-default = \(partnerDefault)")
        lines.append("strategy = \(strategy.rawValue)")
        lines += strategyRules.map { "strategy-rule = \($0.value.rawValue): \($0.pattern)" }
        lines += stageRules.map { "stage-rule = \($0.value.rawValue): \($0.pattern)" }
        lines.append("stage-default = \(stageDefault.rawValue)")
        if let contact { lines.append("contact = \(contact)") }
        if !features.isEmpty { lines.append("features = \(features.joined(separator: ", "))") }
        if let offeringAttribute { lines.append("offering = \(offeringAttribute)") }
        lines.append("due-days = \(dueDays == dueDays.rounded() ? String(Int(dueDays)) : String(dueDays))")
        if let lifecycle { lines.append("keep-lifecycle = \(lifecycle)") }
        if let closedBy { lines.append("closed-by = \(closedBy)") }
        if let orderType { lines.append("order-type = \(orderType)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// An import's refusal: where (file and line, or the log's case) and why.
public struct ImportError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    /// The mapping's line at fault, so a form can name its field.
    public let line: Int?
    public init(_ description: String, line: Int? = nil) {
        self.description = description
        self.line = line
    }
}
