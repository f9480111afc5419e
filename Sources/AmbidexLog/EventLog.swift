/// A case-centric event log held column by column: one array per property,
/// every string interned. The events of case `c` are
/// `caseStart[c]..<caseStart[c + 1]`, in file order (mining sorts them).
public struct EventLog: Sendable, Equatable {
    /// Missing resource, group, role or lifecycle.
    public static let none: Int32 = -1

    public var strings: [String]
    public var caseName: [Int32]
    public var caseStart: [Int32]
    public var activity: [Int32]
    /// Microseconds since 1970 UTC.
    public var time: [Int64]
    public var resource: [Int32]
    public var group: [Int32]
    public var role: [Int32]
    public var lifecycle: [Int32]
    /// Event attributes other than the standard ones held in columns above.
    public var eventAttributes: AttributeTable
    /// Case attributes other than `concept:name`.
    public var caseAttributes: AttributeTable
    public var logAttributes: [Attribute]

    public init(strings: [String], caseName: [Int32], caseStart: [Int32], activity: [Int32], time: [Int64], resource: [Int32],
                group: [Int32], role: [Int32], lifecycle: [Int32], eventAttributes: AttributeTable, caseAttributes: AttributeTable,
                logAttributes: [Attribute]) {
        self.strings = strings
        self.caseName = caseName
        self.caseStart = caseStart
        self.activity = activity
        self.time = time
        self.resource = resource
        self.group = group
        self.role = role
        self.lifecycle = lifecycle
        self.eventAttributes = eventAttributes
        self.caseAttributes = caseAttributes
        self.logAttributes = logAttributes
    }

    public var caseCount: Int { caseName.count }
    public var eventCount: Int { activity.count }

    public func events(ofCase c: Int) -> Range<Int> { Int(caseStart[c])..<Int(caseStart[c + 1]) }

    public func string(_ id: Int32) -> String? { id < 0 ? nil : strings[Int(id)] }

    /// The id of a string, if the log holds it.
    public func id(of s: String) -> Int32? { strings.firstIndex(of: s).map(Int32.init) }

    /// Distinct values in a column, ignoring `none`.
    public func distinctCount(_ column: [Int32]) -> Int {
        var seen = [Bool](repeating: false, count: strings.count)
        var n = 0
        for v in column where v >= 0 && !seen[Int(v)] { seen[Int(v)] = true; n += 1 }
        return n
    }
}

/// Builds an `EventLog` while a reader streams through a file.
final class EventLogBuilder {
    let interner = Interner(capacity: 4096)
    var caseName: [Int32] = []
    var caseStart: [Int32] = [0]
    var activity: [Int32] = []
    var time: [Int64] = []
    var resource: [Int32] = []
    var group: [Int32] = []
    var role: [Int32] = []
    var lifecycle: [Int32] = []
    var eventAttributes = AttributeTable()
    var caseAttributes = AttributeTable()
    var logAttributes: [Attribute] = []

    init(expectedEvents: Int = 1024) {
        activity.reserveCapacity(expectedEvents)
        time.reserveCapacity(expectedEvents)
        resource.reserveCapacity(expectedEvents)
        group.reserveCapacity(expectedEvents)
        role.reserveCapacity(expectedEvents)
        lifecycle.reserveCapacity(expectedEvents)
    }

    func addEvent(activity a: Int32, time t: Int64, resource r: Int32, group g: Int32, role ro: Int32, lifecycle l: Int32) {
        activity.append(a)
        time.append(t)
        resource.append(r)
        group.append(g)
        role.append(ro)
        lifecycle.append(l)
        eventAttributes.close()
    }

    func endCase(name: Int32) {
        caseName.append(name)
        caseStart.append(Int32(activity.count))
        caseAttributes.close()
    }

    /// For events added in file order with the case of each (`rowCase`, an
    /// index into `names`, cases numbered by first appearance): groups them by
    /// case, keeping file order within a case, and closes the cases. Rows of
    /// adjacent cases are already in order and are not moved.
    func groupEvents(byCase rowCase: [Int32], names: [Int32]) {
        var start = [Int32](repeating: 0, count: names.count + 1)
        for c in rowCase { start[Int(c) + 1] += 1 }
        for i in names.indices { start[i + 1] += start[i] }
        if zip(rowCase, rowCase.dropFirst()).contains(where: { $0 > $1 }) {
            // A counting sort: the new place of each row.
            var order = [Int32](repeating: 0, count: rowCase.count)
            var fill = start
            for (r, c) in rowCase.enumerated() { order[Int(fill[Int(c)])] = Int32(r); fill[Int(c)] += 1 }
            activity = order.map { activity[Int($0)] }
            time = order.map { time[Int($0)] }
            resource = order.map { resource[Int($0)] }
            group = order.map { group[Int($0)] }
            role = order.map { role[Int($0)] }
            lifecycle = order.map { lifecycle[Int($0)] }
            eventAttributes = eventAttributes.reordered(order)
        }
        caseName = names
        caseStart = start
        caseAttributes.start = [Int32](repeating: 0, count: names.count + 1)
    }

    func build() -> EventLog {
        EventLog(strings: interner.strings(), caseName: caseName, caseStart: caseStart, activity: activity, time: time,
                 resource: resource, group: group, role: role, lifecycle: lifecycle, eventAttributes: eventAttributes,
                 caseAttributes: caseAttributes, logAttributes: logAttributes)
    }
}
