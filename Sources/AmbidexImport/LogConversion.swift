import AmbidexCore
import AmbidexLog
import Foundation

/// A log turned into the office's orders, and what was left out and why.
public struct LogConversion: Sendable {
    public var batch: OrderBatch
    /// Cases with no event left after the lifecycle filter.
    public var emptyCases: Int
    /// Orders whose last event does not match `closed-by`: still open.
    public var openOrders: Int
    public var events: Int { batch.events.count }
}

extension ImportMapping {
    /// Turns a case-centric log into orders, events, units and partners. Each
    /// pattern is tried once per distinct activity, not once per event, so the
    /// work grows with the log's events and its distinct activities.
    public func convert(_ log: EventLog, source: String) throws(ImportError) -> LogConversion {
        let compiled = try CompiledMapping(self)
        let keep = lifecycleFilter(log)
        let activities = ActivityTable(log: log, mapping: compiled)
        var units = UnitNames(log: log, attribute: unitAttribute, fallback: unitDefault)
        var partners: [String: Partner] = [:]
        let partnerKey = partnerAttribute.flatMap(log.id(of:))
        let offeringKey = offeringAttribute.flatMap(log.id(of:))
        let featureKeys = features.compactMap { f in log.id(of: f).map { (f, $0) } }
        let offeringFallback = Self.offering(fromFile: source)
        let complete = log.id(of: "complete")

        var batch = OrderBatch()
        batch.orders.reserveCapacity(log.caseCount)
        batch.events.reserveCapacity(log.eventCount)
        var seenCases = Set<Int32>()
        var emptyCases = 0, open = 0
        var order: [Int] = []
        for c in 0..<log.caseCount {
            let name = log.caseName[c]
            guard seenCases.insert(name).inserted else {
                throw ImportError("\(source): the case '\(log.strings[Int(name)])' appears twice in the log (as case \(c + 1) and before)")
            }
            let caseName = log.strings[Int(name)]
            guard !caseName.trimmingCharacters(in: .whitespaces).isEmpty else { throw ImportError("\(source): case \(c + 1) has no name (concept:name)") }
            order.removeAll(keepingCapacity: true)
            for e in log.events(ofCase: c) where keep(e) { order.append(e) }
            guard !order.isEmpty else { emptyCases += 1; continue }
            // Stable: equal times keep file order.
            order.sort { log.time[$0] != log.time[$1] ? log.time[$0] < log.time[$1] : $0 < $1 }

            let id = OrderID(orderPrefix + caseName)
            var strategyRule = Int.max
            var seenActivities = Set<Int32>()
            var rework = 0
            for e in order {
                strategyRule = min(strategyRule, activities.strategyRule(log.activity[e]))
                let lc = log.lifecycle[e]
                if lc == EventLog.none || lc == complete, !seenActivities.insert(log.activity[e]).inserted { rework += 1 }
            }
            let strategy = strategyRule == Int.max ? self.strategy : compiled.strategyRules[strategyRule].value
            let caseAttributes = log.caseAttributes[c]
            let customer = partnerKey.flatMap { Self.text(of: $0, in: caseAttributes, log) ?? Self.text(of: $0, in: log.eventAttributes[order[0]], log) }
                ?? partnerDefault
            let partnerID = PartnerID("C-" + Self.slug(customer))
            if partners[customer] == nil { partners[customer] = Partner(id: partnerID, name: customer, kind: .customer) }
            var customization: [String: String] = [:]
            if strategy != .mts && strategy != .mto {
                for (feature, key) in featureKeys { customization[feature] = Self.text(of: key, in: caseAttributes, log) }
            }
            let received = Self.date(log.time[order[0]]), last = Self.date(log.time[order[order.count - 1]])
            let closes = activities.closes(log.activity[order[order.count - 1]])
            let due = received.addingTimeInterval(dueDays * 86_400)
            do {
                var o = try Order(id: id, customer: partnerID, offering: offeringKey.flatMap { Self.text(of: $0, in: caseAttributes, log) } ?? offeringFallback,
                                  strategy: strategy, decouplingPoint: StrategyTable.standard[strategy].decouplingPoint,
                                  customization: customization, received: received, due: due)
                if closes { try o.close(at: last, reworkCount: rework, feedbackScore: nil) } else { open += 1 }
                batch.orders.append(o)
            } catch {
                throw ImportError("\(source): case '\(caseName)': \(error)")
            }
            for e in order {
                let a = activities.info(log.activity[e])
                let unit = a.unit ?? units.name(ofEvent: e, case: c)
                batch.events.append(OrderEvent(order: id, activity: a.name, stage: a.stage, unit: units.id(of: unit),
                                               resource: log.string(log.resource[e]), timestamp: Self.date(log.time[e]), customerContact: a.contact))
            }
        }
        batch.units = units.all
        batch.partners = partners.values.sorted { $0.id < $1.id }
        return LogConversion(batch: batch, emptyCases: emptyCases, openOrders: open)
    }

    /// Keeps the events of the mapping's lifecycle transition and those without one.
    func lifecycleFilter(_ log: EventLog) -> (Int) -> Bool {
        guard let lifecycle else { return { _ in true } }
        let wanted = log.strings.indices.filter { log.strings[$0].caseInsensitiveCompare(lifecycle) == .orderedSame }.map(Int32.init)
        return { e in
            let l = log.lifecycle[e]
            return l == EventLog.none || wanted.contains(l)
        }
    }

    static func date(_ micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }

    /// An attribute's value as text, if the owner has it.
    static func text(of key: Int32, in attributes: ArraySlice<Attribute>, _ log: EventLog) -> String? {
        guard let a = attributes.first(where: { $0.key == key }) else { return nil }
        let s: String
        switch a.value {
        case .string(let v), .id(let v): s = log.strings[Int(v)]
        case .int(let v): s = String(v)
        case .float(let v): s = String(v)
        case .bool(let v): s = String(v)
        case .date(let v): s = Timestamp.iso(v)
        case .list, .container: return nil
        }
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }

    /// "production.xes.gz" → "production"
    static func offering(fromFile path: String) -> String {
        var name = URL(fileURLWithPath: path).lastPathComponent
        for ext in [".gz", ".xes", ".csv", ".jsonocel", ".xmlocel", ".sqlite", ".json", ".xml"] where name.lowercased().hasSuffix(ext) {
            name = String(name.dropLast(ext.count))
        }
        return name.isEmpty ? "imported order" : name
    }

    /// Lower-case letters, digits and dashes: "Quality Control" → "quality-control".
    static func slug(_ name: String) -> String {
        var out = "", dash = false
        for ch in name.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(ch) && ch.isASCII {
                out.unicodeScalars.append(ch); dash = false
            } else if !dash && !out.isEmpty {
                out += "-"; dash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        if out.isEmpty { out = "x" }
        // Names without ASCII letters still need distinct ids.
        if !name.unicodeScalars.allSatisfy({ $0.isASCII }) { out += "-" + String(UInt32(truncatingIfNeeded: name.hashValueStable), radix: 36) }
        return String(out.prefix(80))
    }
}

/// The mapping's patterns, compiled once.
struct CompiledMapping {
    let unitRules: [ImportMapping.Rule<String>]
    let unitRegexes: [Regex<AnyRegexOutput>]
    let strategyRules: [ImportMapping.Rule<DeliveryStrategy>]
    let strategyRegexes: [Regex<AnyRegexOutput>]
    let stageRules: [ImportMapping.Rule<Stage>]
    let stageRegexes: [Regex<AnyRegexOutput>]
    let stageDefault: Stage
    let contact: Regex<AnyRegexOutput>?
    let closedBy: Regex<AnyRegexOutput>?

    init(_ m: ImportMapping) throws(ImportError) {
        func compile(_ p: String) throws(ImportError) -> Regex<AnyRegexOutput> {
            do { return try Regex(p).ignoresCase() } catch { throw ImportError("'\(p)' is not a pattern (a regular expression)") }
        }
        unitRules = m.unitRules
        unitRegexes = try m.unitRules.map { r throws(ImportError) in try compile(r.pattern) }
        strategyRules = m.strategyRules
        strategyRegexes = try m.strategyRules.map { r throws(ImportError) in try compile(r.pattern) }
        stageRules = m.stageRules
        stageRegexes = try m.stageRules.map { r throws(ImportError) in try compile(r.pattern) }
        stageDefault = m.stageDefault
        contact = try m.contact.map { p throws(ImportError) in try compile(p) }
        closedBy = try m.closedBy.map { p throws(ImportError) in try compile(p) }
    }
}

/// What the mapping says of each distinct activity, worked out on first sight.
final class ActivityTable {
    struct Info {
        let name: String
        let stage: Stage
        let unit: String?
        let contact: Bool
        let strategyRule: Int
        let closes: Bool
    }

    private let log: EventLog
    private let mapping: CompiledMapping
    private var cache: [Info?]

    init(log: EventLog, mapping: CompiledMapping) {
        self.log = log
        self.mapping = mapping
        cache = [Info?](repeating: nil, count: log.strings.count)
    }

    func info(_ activity: Int32) -> Info {
        if let known = cache[Int(activity)] { return known }
        let name = log.strings[Int(activity)]
        func matches(_ r: Regex<AnyRegexOutput>) -> Bool { (try? r.firstMatch(in: name)) != nil }
        let stage = mapping.stageRegexes.firstIndex(where: matches).map { mapping.stageRules[$0].value } ?? mapping.stageDefault
        let unit = mapping.unitRegexes.firstIndex(where: matches).map { mapping.unitRules[$0].value }
        let info = Info(name: name, stage: stage, unit: unit, contact: mapping.contact.map(matches) ?? false,
                        strategyRule: mapping.strategyRegexes.firstIndex(where: matches) ?? Int.max,
                        closes: mapping.closedBy.map(matches) ?? true)
        cache[Int(activity)] = info
        return info
    }

    func strategyRule(_ activity: Int32) -> Int { info(activity).strategyRule }
    func closes(_ activity: Int32) -> Bool { info(activity).closes }
}

/// Unit names from the mapping's attribute, each made a unit once.
struct UnitNames {
    private let log: EventLog
    private let column: [Int32]?
    private let key: Int32?
    private let fallback: String
    private var ids: [String: UnitID] = [:]
    private var order: [String] = []

    init(log: EventLog, attribute: String?, fallback: String) {
        self.log = log
        self.fallback = fallback
        switch attribute?.lowercased() {
        case "resource", "org:resource": column = log.resource; key = nil
        case "group", "org:group": column = log.group; key = nil
        case "role", "org:role": column = log.role; key = nil
        case nil: column = nil; key = nil
        default: column = nil; key = attribute.flatMap(log.id(of:)) ?? -2
        }
    }

    func name(ofEvent e: Int, case c: Int) -> String {
        if let column, column[e] >= 0 {
            let s = log.strings[Int(column[e])].trimmingCharacters(in: .whitespaces)
            if !s.isEmpty { return s }
        }
        if let key, key >= 0 {
            return ImportMapping.text(of: key, in: log.eventAttributes[e], log) ?? ImportMapping.text(of: key, in: log.caseAttributes[c], log) ?? fallback
        }
        return fallback
    }

    mutating func id(of name: String) -> UnitID {
        if let id = ids[name] { return id }
        var id = UnitID("U-" + ImportMapping.slug(name))
        var n = 2
        while ids.values.contains(id) { id = UnitID("U-" + ImportMapping.slug(name) + "-\(n)"); n += 1 }
        ids[name] = id
        order.append(name)
        return id
    }

    var all: [AmbidexCore.Unit] {
        order.map { AmbidexCore.Unit(id: ids[$0]!, name: $0, function: UnitFunction.guess(from: $0)) }
    }
}

extension UnitFunction {
    /// A unit's function from its name, for units an import brings in.
    static func guess(from name: String) -> UnitFunction {
        let n = name.lowercased()
        let words: [(UnitFunction, [String])] = [
            (.sales, ["sales", "sell", "account", "customer", "order desk", "front"]),
            (.engineering, ["engineer", "design", "r&d", "development", "drawing"]),
            (.planning, ["planning", "planner", "schedul", "dispatch"]),
            (.purchasing, ["purchas", "procure", "sourcing", "buyer", "supplier"]),
            (.quality, ["quality", "q.c", "qc", "inspect", "test", "audit"]),
            (.logistics, ["logistic", "warehouse", "shipping", "ship", "deliver", "transport", "pack"]),
            (.service, ["service", "support", "install", "maintenance", "field"]),
            (.production, ["production", "manufactur", "assembl", "machin", "mill", "turn", "grind", "weld", "shop", "plant", "fabricat"]),
        ]
        return words.first { $0.1.contains { n.contains($0) } }?.0 ?? .other
    }
}

extension String {
    /// A hash that stays the same across runs (Swift's `hashValue` is seeded per process).
    var hashValueStable: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
