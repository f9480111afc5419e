import AmbidexCore
import Foundation

/// An office's parts in the order the store reads them, with every date
/// rounded to the microsecond (the resolution of an OCEL time): what an
/// export and its import must give back.
public struct OfficeParts: Equatable, Sendable {
    public var name: String
    public var table: StrategyTable
    public var units: [AmbidexCore.Unit]
    public var partners: [Partner]
    public var orders: [Order]
    public var events: [OrderEvent]
    public var reflections: [Reflection]
    public var knowledgeItems: [KnowledgeItem]
    public var standards: [Standard]
    public var activities: [LearningActivity]

    /// `sorted`: in the store's order (units, partners, orders, items and
    /// standards by id; events by order, keeping each order's own order;
    /// reflections by id; activities by date and id).
    public init(_ office: LearningOffice, sorted: Bool) throws {
        name = office.name
        table = office.table
        units = try Self.micro(office.units)
        partners = try Self.micro(office.partners)
        orders = try Self.micro(office.orders)
        events = try Self.micro(office.events)
        reflections = try Self.micro(office.reflections).sorted { $0.id < $1.id }
        knowledgeItems = try Self.micro(office.knowledgeItems)
        standards = try Self.micro(office.standards)
        activities = try Self.micro(office.activities).sorted { ($0.date, $0.id) < ($1.date, $1.id) }
        if sorted {
            units.sort { $0.id < $1.id }
            partners.sort { $0.id < $1.id }
            orders.sort { $0.id < $1.id }
            knowledgeItems.sort { $0.id < $1.id }
            standards.sort { $0.id < $1.id }
            events = events.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.element)
        }
    }

    /// What differs, collection by collection (empty: the same office), so a
    /// failure says which collection differs and where.
    public func differences(from other: OfficeParts) -> [String] {
        var found: [String] = []
        func check<T: Equatable>(_ a: [T], _ b: [T], _ what: String) {
            if a.count != b.count { found.append("\(what): \(a.count) vs \(b.count)") }
            if let i = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset { found.append("\(what) differ first at \(i):\n\(a[i])\n\(b[i])") }
        }
        if name != other.name { found.append("name: \(name) vs \(other.name)") }
        if table != other.table { found.append("the strategy tables differ") }
        check(units, other.units, "units")
        check(partners, other.partners, "partners")
        check(orders, other.orders, "orders")
        check(events, other.events, "events")
        check(reflections, other.reflections, "reflections")
        check(knowledgeItems, other.knowledgeItems, "knowledge items")
        check(standards, other.standards, "standards")
        check(activities, other.activities, "activities")
        return found
    }

    /// Every date of a value rounded to the microsecond, through its Codable form.
    static func micro<T: Codable>(_ value: T) throws -> T {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, e in
            var c = e.singleValueContainer()
            try c.encode(Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { d in
            Date(timeIntervalSince1970: Double(try d.singleValueContainer().decode(Int64.self)) / 1_000_000)
        }
        return try decoder.decode(T.self, from: encoder.encode(value))
    }
}

/// Names an export must carry through unharmed: quotes, separators, line
/// breaks, markup, backslashes and text beyond ASCII.
public enum HostileOffice {
    public static let strings = [
        "Quote \"double\" and 'single', comma, semicolon;",
        "two\nlines\r\nand a\ttab",
        "</script><script>alert(1)</script>",
        "Ünïcødé — 東京 🚀 \\ backslash",
        "={\"json\": [1, 2]}",
    ]

    /// The small office with those strings in its names, texts and ids.
    public static func make() throws -> LearningOffice {
        var office = try SmallOffice.make()
        office.name = strings[3] + " " + strings[0]
        for i in office.units.indices { office.units[i].name = strings[i % strings.count] }
        for i in office.partners.indices { office.partners[i].name = strings[(i + 2) % strings.count] }
        office.orders[0].offering = strings[2]
        office.orders[0].customization = [strings[0]: strings[1], "voltage, kV": strings[4]]
        office.events[0].activity = strings[1]
        office.events[0].resource = strings[2]
        office.events[1].activity = "standard adopted" // an order activity named like a standard's event stays an order event
        office.reflections[0].summary = strings.joined(separator: " | ")
        office.knowledgeItems[0].title = strings[2] + strings[3]
        office.standards[0].name = strings[0]
        try office.standards[0].revise(at: SmallOffice.day0.adding(days: 87), note: strings[1], text: strings[4])
        office.activities[0].reason = strings[2]
        office.activities[0].note = strings[1]
        return office
    }
}
