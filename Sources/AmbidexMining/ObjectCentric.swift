import AmbidexLog

extension ObjectCentricLog {
    /// The events of each object, once each, in event (time) order: an event
    /// related to one object under two qualifiers appears once.
    public func eventsPerObject() -> [[Int32]] {
        var perObject = [[Int32]](repeating: [], count: objectCount)
        var k = 0
        for e in 0..<eventCount {
            let first = k
            while k < eventObjects.count && Int(eventObjects[k].source) == e { k += 1 }
            for r in first..<k {
                let o = Int(eventObjects[r].object)
                // Relations of one event are adjacent, so a repeat is the list's last entry.
                if perObject[o].last != Int32(e) { perObject[o].append(Int32(e)) }
            }
        }
        return perObject
    }

    /// Flattening by an object type: one case per object of that type, with the
    /// events related to it (once each) as its events; activities are event types.
    public func flattened(objectType name: String) throws -> EventLog {
        guard let type = id(of: name), objectTypes.contains(where: { $0.name == type }) else {
            throw FlatteningError(reason: "no object type '\(name)' (types: \(objectTypes.map { string($0.name) }.joined(separator: ", ")))")
        }
        let perObject = eventsPerObject()
        var caseName: [Int32] = [], caseStart: [Int32] = [0], activity: [Int32] = [], time: [Int64] = []
        for o in 0..<objectCount where objectType[o] == type {
            caseName.append(objectId[o])
            for e in perObject[o] { activity.append(eventType[Int(e)]); time.append(eventTime[Int(e)]) }
            caseStart.append(Int32(activity.count))
        }
        let none = [Int32](repeating: EventLog.none, count: activity.count)
        var events = AttributeTable()
        events.start = [Int32](repeating: 0, count: activity.count + 1)
        var cases = AttributeTable()
        cases.start = [Int32](repeating: 0, count: caseName.count + 1)
        return EventLog(strings: strings, caseName: caseName, caseStart: caseStart, activity: activity, time: time, resource: none,
                        group: none, role: none, lifecycle: none, eventAttributes: events, caseAttributes: cases, logAttributes: [])
    }
}

public struct FlatteningError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}

/// The object-centric directly-follows graph, one DFG per object type, as
/// pm4py's `discover_ocdfg` counts it: for each object, its events in time
/// order (each event once, whatever the qualifiers), and each consecutive pair
/// an edge between their activities.
public struct ObjectCentricDFG: Sendable {
    public struct Edge: Sendable, Equatable {
        public var objectType: String
        public var source: String
        public var target: String
        /// Distinct (event, event) pairs.
        public var eventCouples: Int
        /// Distinct objects that took this step.
        public var uniqueObjects: Int
        /// (event, event, object) occurrences.
        public var totalObjects: Int
        /// Durations of the occurrences, in seconds.
        public var performance: DurationStatistics
    }

    public struct ActivityCount: Sendable, Equatable {
        public var objectType: String
        public var activity: String
        public var events: Int
        public var uniqueObjects: Int
        public var totalObjects: Int
    }

    public var edges: [Edge]
    public var activities: [ActivityCount]
    public var startActivities: [ActivityCount]
    public var endActivities: [ActivityCount]

    public init(_ log: ObjectCentricLog) {
        let perObject = log.eventsPerObject()
        // Occurrences are collected in flat arrays per key and made distinct once at the end.
        struct Occurrences { var couples: [Int64] = []; var objects: [Int32] = []; var durations: [Double] = [] }
        var edgeIndex: [Int64: Int] = [:], edges: [Occurrences] = [], edgeKeys: [Int64] = []
        var activityIndex: [Int64: Int] = [:], activityKeys: [Int64] = [], activities: [Counter] = []
        var starts: [Int64: Counter] = [:], ends: [Int64: Counter] = [:]
        func key(_ type: Int32, _ a: Int32) -> Int64 { Int64(type) << 32 | Int64(a) }
        let n = Int64(log.strings.count)
        for o in 0..<log.objectCount {
            let events = perObject[o]
            guard !events.isEmpty else { continue }
            let type = log.objectType[o]
            for e in events {
                let k = key(type, log.eventType[Int(e)])
                let i = activityIndex[k] ?? { activityIndex[k] = activities.count; activityKeys.append(k); activities.append(Counter()); return activities.count - 1 }()
                activities[i].add(e, Int32(o))
            }
            starts[key(type, log.eventType[Int(events[0])]), default: Counter()].add(events[0], Int32(o))
            ends[key(type, log.eventType[Int(events[events.count - 1])]), default: Counter()].add(events[events.count - 1], Int32(o))
            for i in 1..<events.count {
                let a = Int64(log.eventType[Int(events[i - 1])]), b = Int64(log.eventType[Int(events[i])])
                let k = (Int64(type) * n + a) * n + b
                let index = edgeIndex[k] ?? { edgeIndex[k] = edges.count; edgeKeys.append(k); edges.append(Occurrences()); return edges.count - 1 }()
                edges[index].couples.append(Int64(events[i - 1]) << 32 | Int64(events[i]))
                edges[index].objects.append(Int32(o))
                edges[index].durations.append(seconds(from: log.eventTime[Int(events[i - 1])], to: log.eventTime[Int(events[i])]))
            }
        }
        func name(_ id: Int64) -> String { log.strings[Int(id)] }
        self.edges = zip(edgeKeys, edges).map { k, acc in
            Edge(objectType: name(k / (n * n)), source: name(k / n % n), target: name(k % n), eventCouples: Set(acc.couples).count,
                 uniqueObjects: Set(acc.objects).count, totalObjects: acc.couples.count, performance: DurationStatistics(acc.durations))
        }.sorted { ($0.objectType, $1.totalObjects, $0.source, $0.target) < ($1.objectType, $0.totalObjects, $1.source, $1.target) }
        func counts(_ m: [(Int64, Counter)]) -> [ActivityCount] {
            m.map { k, c in
                ActivityCount(objectType: name(k >> 32), activity: name(k & 0xFFFF_FFFF), events: Set(c.events).count,
                              uniqueObjects: Set(c.objects).count, totalObjects: c.events.count)
            }.sorted { ($0.objectType, $1.totalObjects, $0.activity) < ($1.objectType, $0.totalObjects, $1.activity) }
        }
        self.activities = counts(Array(zip(activityKeys, activities)))
        startActivities = counts(starts.map { ($0.key, $0.value) })
        endActivities = counts(ends.map { ($0.key, $0.value) })
    }
}

/// Distinct events and objects of one activity (per object type), and their pairs.
struct Counter {
    var events: [Int32] = []
    var objects: [Int32] = []

    mutating func add(_ event: Int32, _ object: Int32) {
        events.append(event)
        objects.append(object)
    }
}
