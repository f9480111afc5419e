import AmbidexCore
import AmbidexLog

/// The office's own orders as a log to mine: one case per order, its events in
/// their recorded sequence. What the resource column holds is the level the
/// question is asked at — the unit, the office role (so the hand-over of work
/// is between front and back office), or the person.
public enum OfficeLog {
    public enum Actor: String, CaseIterable, Sendable {
        case unit, office, person
    }

    public static let frontOffice = "front office", backOffice = "back office"

    /// `events` grouped by order (as the store returns them).
    public static func make(_ events: [OrderEvent], unitNames: [UnitID: String], actor: Actor = .unit) -> EventLog {
        var strings: [String] = [], ids: [String: Int32] = [:]
        func intern(_ s: String) -> Int32 {
            if let id = ids[s] { return id }
            let id = Int32(strings.count)
            strings.append(s)
            ids[s] = id
            return id
        }
        let front = intern(frontOffice), back = intern(backOffice)
        var caseName: [Int32] = [], caseStart: [Int32] = [0], activity: [Int32] = [], time: [Int64] = []
        var resource: [Int32] = [], group: [Int32] = [], role: [Int32] = []
        activity.reserveCapacity(events.count); time.reserveCapacity(events.count)
        var i = 0
        while i < events.count {
            let order = events[i].order
            var j = i
            var contact = Set<UnitID>()
            while j < events.count && events[j].order == order {
                if events[j].customerContact { contact.insert(events[j].unit) }
                j += 1
            }
            caseName.append(intern(order.rawValue))
            for e in events[i..<j] {
                activity.append(intern(e.activity))
                time.append(Int64((e.timestamp.timeIntervalSince1970 * 1_000_000).rounded()))
                let unit = intern(unitNames[e.unit] ?? e.unit.rawValue)
                let office = contact.contains(e.unit) ? front : back
                switch actor {
                case .unit: resource.append(unit)
                case .office: resource.append(office)
                case .person: resource.append(e.resource.map(intern) ?? EventLog.none)
                }
                group.append(unit)
                role.append(office)
            }
            caseStart.append(Int32(activity.count))
            i = j
        }
        var eventAttributes = AttributeTable(), caseAttributes = AttributeTable()
        eventAttributes.start = [Int32](repeating: 0, count: activity.count + 1)
        caseAttributes.start = [Int32](repeating: 0, count: caseName.count + 1)
        return EventLog(strings: strings, caseName: caseName, caseStart: caseStart, activity: activity, time: time, resource: resource,
                        group: group, role: role, lifecycle: [Int32](repeating: EventLog.none, count: activity.count),
                        eventAttributes: eventAttributes, caseAttributes: caseAttributes, logAttributes: [])
    }
}
