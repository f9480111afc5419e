import AmbidexCore

/// One table's rows for a bulk write. The rows are made one at a time as the
/// writer asks for them, so a table of millions never sits in memory twice
/// (once as domain values, once as rows).
struct BulkTable {
    let name: String
    let count: Int
    let rows: () -> AnyIterator<any Encodable & Sendable>

    init<Rows: Sequence>(_ name: String, count: Int, _ rows: Rows) where Rows.Element: Encodable & Sendable {
        self.name = name
        self.count = count
        self.rows = {
            var iterator = rows.makeIterator()
            return AnyIterator { iterator.next() }
        }
    }

    init<Row: Encodable & Sendable>(_ name: String, _ rows: [Row]) {
        self.init(name, count: rows.count, rows)
    }

    init<Element, Row: Encodable & Sendable>(_ name: String, _ elements: [Element], _ row: @escaping (Element) -> Row) {
        self.init(name, count: elements.count, elements.lazy.map(row))
    }
}

extension BulkTable {
    /// The whole office as the tables it fills, parents before children, so
    /// every reference points at a row already written.
    static func tables(of office: LearningOffice) -> [BulkTable] {
        let settings = [SettingRow(key: "office.name", value: JSONColumn.encode(office.name)),
                        SettingRow(key: "office.strategyTable", value: JSONColumn.encode(office.table))]
        let reflectionOrders = office.reflections.lazy.flatMap { r in
            r.orders.enumerated().map { ReflectionOrderRow(reflection: r.id.rawValue, orderId: $0.element.rawValue, position: $0.offset) }
        }
        return [
            BulkTable("settings", settings),
            BulkTable("units", office.units, UnitRow.init),
            BulkTable("partners", office.partners, PartnerRow.init),
            BulkTable("orders", office.orders, OrderRow.init),
            BulkTable("order_events", count: office.events.count, EventRows(events: office.events)),
            BulkTable("reflections", office.reflections, ReflectionRow.init),
            BulkTable("reflection_orders", count: office.reflections.reduce(0) { $0 + $1.orders.count }, reflectionOrders),
            BulkTable("knowledge_items", office.knowledgeItems, KnowledgeItemRow.init),
            BulkTable("knowledge_steps", office.knowledgeItems.flatMap(\.stepRows)),
            BulkTable("knowledge_uses", office.knowledgeItems.flatMap(\.useRows)),
            BulkTable("knowledge_orders", KnowledgeOrderRow.rows(of: office)),
            BulkTable("standards", office.standards, StandardRow.init),
            BulkTable("standard_versions", office.standards.flatMap(\.versionRows)),
            BulkTable("standard_applications", office.standards.flatMap(\.applicationRows)),
            BulkTable("learning_activities", office.activities, LearningActivityRow.init),
        ]
    }
}

/// An office's events as rows, numbered within their order in the order they come.
struct EventRows: Sequence {
    let events: [OrderEvent]

    func makeIterator() -> Iterator { Iterator(events: events) }

    struct Iterator: IteratorProtocol {
        let events: [OrderEvent]
        var index = 0
        var seqByOrder: [OrderID: Int] = [:]

        mutating func next() -> OrderEventRow? {
            guard index < events.count else { return nil }
            let e = events[index]
            index += 1
            let seq = seqByOrder[e.order, default: 0]
            seqByOrder[e.order] = seq + 1
            return OrderEventRow(e, seq: seq)
        }
    }
}
