/// An attribute of a log, case or event, of any XES type. Strings and ids are
/// interned: their value is an id into the log's `strings`.
public struct Attribute: Sendable, Equatable {
    public var key: Int32
    public var value: AttributeValue
    /// Nested attributes (XES allows meta-attributes under any attribute).
    public var children: [Attribute]

    public init(key: Int32, value: AttributeValue, children: [Attribute] = []) {
        self.key = key
        self.value = value
        self.children = children
    }
}

public enum AttributeValue: Sendable, Equatable {
    case string(Int32)
    /// Microseconds since 1970 UTC.
    case date(Int64)
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case id(Int32)
    /// An ordered list; its items are in `Attribute.children`.
    case list
    /// A container; its members are in `Attribute.children`.
    case container
}

/// Attributes of many owners (cases or events), stored flat: the attributes of
/// owner `i` are `items[start[i]..<start[i + 1]]`.
public struct AttributeTable: Sendable, Equatable {
    public var start: [Int32] = [0]
    public var items: [Attribute] = []

    public init() {}

    public subscript(owner: Int) -> ArraySlice<Attribute> {
        items[Int(start[owner])..<Int(start[owner + 1])]
    }

    mutating func close() { start.append(Int32(items.count)) }

    /// The table with its owners in a new order: owner `i` is the old owner `order[i]`.
    func reordered(_ order: [Int32]) -> AttributeTable {
        var table = AttributeTable()
        table.items.reserveCapacity(items.count)
        table.start.reserveCapacity(order.count + 1)
        for old in order {
            table.items.append(contentsOf: self[Int(old)])
            table.close()
        }
        return table
    }
}
