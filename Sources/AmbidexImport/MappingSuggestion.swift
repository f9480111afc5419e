import AmbidexCore
import AmbidexLog
import Foundation

/// A mapping guessed from a log's attributes and values, each guess with the
/// reason for it, as a file the user checks and keeps beside the log.
public struct MappingSuggestion: Sendable {
    public var mapping: ImportMapping
    /// Why each key has its value, keyed as the mapping file's keys.
    public var reasons: [(key: String, reason: String)]
    /// Lines that come before the mapping's own (a CSV log's columns, an OCEL log's order type).
    public var preamble: [String] = []

    /// The mapping file: each line after a `#` line that explains it.
    public var text: String {
        var out = ["# A mapping suggested by Ambidex: check each guess, change what is wrong, and import with --mapping FILE."]
        out += preamble
        for line in mapping.text.split(separator: "\n") {
            let key = line.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            for r in reasons where r.key == key && !out.contains("# \(r.key): \(r.reason)") { out.append("# \(r.key): \(r.reason)") }
            out.append(String(line))
        }
        let written = Set(mapping.text.split(separator: "\n").compactMap { $0.split(separator: "=", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces) })
        for r in reasons where !written.contains(r.key) { out.append("# \(r.key): \(r.reason)") }
        return out.joined(separator: "\n") + "\n"
    }
}

extension ImportMapping {
    /// Keywords of each stage of the value chain, in chain order.
    static let stageWords: [(Stage, String)] = [
        (.design, "design|engineer|drawing|specif|prototype|concept|calculat"),
        (.source, "purchas|procure|supplier|order material|sourcing|goods receipt|receive material"),
        (.fabricate, "turn|mill|grind|lapp|laser|weld|cut|machin|fabricat|produc|manufactur|nitra|stress|setup|fix|rework|inspect|q\\.c|quality"),
        (.assemble, "assembl|mount|integrat|pack|configur"),
        (.deliver, "ship|deliver|dispatch|invoice|install|transport|payment|hand over"),
    ]
    static let contactWords = "customer|client|quot|offer|register|order (received|entry|intake)|confirm|deliver|ship|invoice|payment|feedback|complain|notify|decide"

    static let handOverWords = "pack|ship|deliver|dispatch|hand over|install"

    public static func suggest(for log: EventLog, source: String) -> MappingSuggestion {
        var m = ImportMapping()
        var why: [(String, String)] = []
        let activityIDs = Set(log.activity)
        let activities = activityIDs.map { log.strings[Int($0)] }.sorted()
        func matching(_ pattern: String) -> [String] {
            guard let r = try? Regex(pattern).ignoresCase() else { return [] }
            return activities.filter { (try? r.firstMatch(in: $0)) != nil }
        }
        func listed(_ xs: [String]) -> String {
            xs.prefix(6).map { "'\($0)'" }.joined(separator: ", ") + (xs.count > 6 ? " and \(xs.count - 6) more" : "")
        }

        // Lifecycle: with start and complete events, an order's steps are its completions.
        let lifecycles = Set(log.lifecycle.filter { $0 >= 0 }.map { log.strings[Int($0)].lowercased() })
        if lifecycles.contains("complete") && lifecycles.count > 1 {
            m.lifecycle = "complete"
            why.append(("keep-lifecycle", "the log has \(lifecycles.sorted().joined(separator: ", ")) events; one event per step is kept"))
        }

        // The unit: the organizational column with a handful of values covers most events.
        let candidates: [(String, [Int32])] = [("group", log.group), ("role", log.role), ("resource", log.resource)]
        var unitFound = false
        for (name, column) in candidates {
            let covered = column.lazy.filter { $0 >= 0 }.count
            let distinct = log.distinctCount(column)
            if covered * 2 >= max(log.eventCount, 1), (2...30).contains(distinct) {
                m.unitAttribute = name
                why.append(("unit", "org:\(name) names \(distinct) values on \(covered * 100 / max(log.eventCount, 1)) % of the events: taken as the units"))
                unitFound = true
                break
            }
        }
        if !unitFound {
            if let (key, distinct) = Self.attribute(in: log.eventAttributes, log: log, owners: log.eventCount, keys: ["department", "unit", "team", "work center", "workcenter", "group", "section"]) {
                m.unitAttribute = key
                why.append(("unit", "the event attribute '\(key)' has \(distinct) values: taken as the units"))
                unitFound = true
            }
        }
        if !unitFound {
            // Units from what the activities say: quality, logistics and the rest of production.
            let rules: [(String, String)] = [("Quality", "inspect|q\\.c|quality|test|check"), ("Logistics", "pack|ship|deliver|dispatch"),
                                              ("Engineering", "design|engineer|drawing"), ("Purchasing", "purchas|procure|supplier"),
                                              ("Sales", "quot|offer|order entry|register|customer|invoice")]
            why.append(("unit-rule", "no organizational column names a few units (org:resource has \(log.distinctCount(log.resource)) values), so units follow the activities"))
            for (unit, pattern) in rules {
                let hit = matching(pattern)
                if !hit.isEmpty {
                    m.unitRules.append(Rule(value: unit, pattern: pattern))
                    why.append(("unit-rule", "\(unit) does \(listed(hit))"))
                }
            }
            m.unitDefault = matching(stageWords[2].1).isEmpty ? "Operations" : "Production"
            why.append(("unit-default", "every other activity is \(m.unitDefault)'s"))
        }

        // The partner: a case attribute that names the customer.
        if let (key, distinct) = Self.attribute(in: log.caseAttributes, log: log, owners: log.caseCount, keys: ["customer", "client", "partner", "buyer", "account", "supplier", "vendor"], maxDistinct: 100_000) {
            m.partnerAttribute = key
            why.append(("partner", "the case attribute '\(key)' names \(distinct) customers"))
        } else {
            why.append(("partner-default", "no case attribute names a customer (customer, client, partner…): all orders are one customer's"))
        }

        // The strategy: design work makes an order engineered to order, configuration configured to order.
        let design = matching("design|engineer|drawing|prototype"), configure = matching("configur|variant|option"), assemble = matching("assembl")
        if !design.isEmpty {
            m.strategyRules.append(Rule(value: .eto, pattern: "design|engineer|drawing|prototype"))
            why.append(("strategy-rule", "an order with \(listed(design)) is engineered to order"))
        }
        if !configure.isEmpty {
            m.strategyRules.append(Rule(value: .cto, pattern: "configur|variant|option"))
            why.append(("strategy-rule", "an order with \(listed(configure)) is configured to order"))
        }
        if !assemble.isEmpty && design.isEmpty {
            m.strategyRules.append(Rule(value: .ato, pattern: "assembl"))
            why.append(("strategy-rule", "an order with \(listed(assemble)) is assembled to order"))
        }
        m.strategy = .mto
        why.append(("strategy", "every other order is made to order (each case is a customer's order worked from its own events)"))

        // Stages from the activities' words.
        var staged = Set<String>()
        for (stage, pattern) in stageWords {
            let hit = matching(pattern).filter { !staged.contains($0) }
            guard !hit.isEmpty else { continue }
            staged.formUnion(hit)
            m.stageRules.append(Rule(value: stage, pattern: pattern))
            why.append(("stage-rule", "\(stage.rawValue): \(listed(hit))"))
        }
        m.stageDefault = .fabricate
        let rest = activities.filter { !staged.contains($0) }
        why.append(("stage-default", rest.isEmpty ? "every activity has a stage from the rules" : "the stage of \(listed(rest))"))

        let contact = matching(contactWords)
        if !contact.isEmpty {
            m.contact = contactWords
            why.append(("contact", "customer contact: \(listed(contact)); the units doing them are front office on the order"))
        } else if !matching(handOverWords).isEmpty {
            m.contact = handOverWords
            why.append(("contact", "no activity names the customer; \(listed(matching(handOverWords))) hand the order over to the customer, so their units are front office on it"))
        } else {
            why.append(("contact", "no activity reads as customer contact, so every unit is back office; add 'contact = PATTERN' if some are"))
        }

        // Features and offering from case attributes with a few distinct values.
        let keyNames = Set([m.partnerAttribute].compactMap { $0 })
        let offeringKeys = ["product", "part", "item", "article", "material", "offering", "type", "model"]
        if let (key, distinct) = Self.attribute(in: log.caseAttributes, log: log, owners: log.caseCount, keys: offeringKeys, excluding: keyNames) {
            m.offeringAttribute = key
            why.append(("offering", "the case attribute '\(key)' (\(distinct) values) names what was ordered"))
        }
        let features = Self.featureAttributes(log, excluding: keyNames.union([m.offeringAttribute].compactMap { $0 }))
        if !features.isEmpty {
            m.features = features
            why.append(("features", "case attributes with a few values each: the customization of CTO and ETO orders"))
        }
        m.dueDays = 30
        why.append(("due-days", "the log has no due dates: an order is due 30 days after it was received"))
        if let ends = Self.commonEnd(log), ends.share < 0.9 {
            m.closedBy = NSRegularExpression.escapedPattern(for: ends.activity)
            why.append(("closed-by", "'\(ends.activity)' ends \(Int(ends.share * 100)) % of the cases; the others are still open"))
        }
        m.orderPrefix = ""
        return MappingSuggestion(mapping: m, reasons: why.map { (key: $0.0, reason: $0.1) })
    }

    /// The activity that ends most cases, with its share, when one ends over half of them.
    static func commonEnd(_ log: EventLog) -> (activity: String, share: Double)? {
        guard log.caseCount > 0 else { return nil }
        var ends: [Int32: Int] = [:]
        for c in 0..<log.caseCount {
            let r = log.events(ofCase: c)
            guard let last = r.max(by: { log.time[$0] < log.time[$1] }) else { continue }
            ends[log.activity[last], default: 0] += 1
        }
        guard let top = ends.max(by: { $0.value < $1.value }) else { return nil }
        let share = Double(top.value) / Double(log.caseCount)
        return share > 0.5 ? (log.strings[Int(top.key)], share) : nil
    }

    /// The first attribute whose key contains one of `keys`, with its distinct values.
    static func attribute(in table: AttributeTable, log: EventLog, owners: Int, keys: [String], maxDistinct: Int = 30,
                          excluding: Set<String> = []) -> (String, Int)? {
        var values: [Int32: Set<String>] = [:]
        for a in table.items {
            let key = log.strings[Int(a.key)]
            guard !excluding.contains(key), keys.contains(where: { key.lowercased().contains($0) }) else { continue }
            if case .string(let v) = a.value { values[a.key, default: []].insert(log.strings[Int(v)]) }
        }
        let best = values.filter { (1...maxDistinct).contains($0.value.count) }
            .min { a, b in
                let ka = keys.firstIndex { log.strings[Int(a.key)].lowercased().contains($0) } ?? 99
                let kb = keys.firstIndex { log.strings[Int(b.key)].lowercased().contains($0) } ?? 99
                return ka != kb ? ka < kb : log.strings[Int(a.key)] < log.strings[Int(b.key)]
            }
        return best.map { (log.strings[Int($0.key)], $0.value.count) }
    }

    /// String case attributes with 2 to 20 values that most cases have (at most four).
    static func featureAttributes(_ log: EventLog, excluding: Set<String>) -> [String] {
        var values: [Int32: Set<Int32>] = [:], owners: [Int32: Int] = [:]
        for a in log.caseAttributes.items {
            guard case .string(let v) = a.value else { continue }
            values[a.key, default: []].insert(v)
            owners[a.key, default: 0] += 1
        }
        let skip: Set<String> = ["concept:name", "variant", "creator", "description"]
        return values.filter { key, vs in
            let name = log.strings[Int(key)]
            return !skip.contains(name.lowercased()) && !excluding.contains(name) && (2...20).contains(vs.count)
                && (owners[key] ?? 0) * 2 >= log.caseCount && (owners[key] ?? 0) > vs.count
        }.keys.map { log.strings[Int($0)] }.sorted().prefix(4).map { $0 }
    }
}
