/// An OCEL 2.0 log, the same model whichever encoding (JSON, XML, SQLite) it
/// was read from: events, objects, their types with declared attributes,
/// attribute values of events, the values of object attributes over time, and
/// the qualified event-to-object and object-to-object relations (a relation
/// repeated under two qualifiers is kept twice). Strings are interned.
/// Events are ordered by time (ties keep file order); objects and relations
/// keep file order.
public struct ObjectCentricLog: Sendable, Equatable {
    public struct TypeDeclaration: Sendable, Equatable {
        public var name: Int32
        public var attributes: [AttributeDeclaration]
    }

    public struct AttributeDeclaration: Sendable, Equatable {
        public var name: Int32
        public var type: ValueType
    }

    /// OCEL 2.0's attribute types.
    public enum ValueType: String, Sendable, Equatable {
        case string, time, integer, float, boolean
    }

    public enum Value: Sendable, Equatable, Hashable {
        case string(Int32), time(Int64), integer(Int64), float(Double), boolean(Bool)
    }

    public struct EventAttribute: Sendable, Equatable {
        public var name: Int32
        public var value: Value
    }

    /// A value an object's attribute took at a time (1970-01-01 for initial values).
    public struct ObjectAttribute: Sendable, Equatable {
        public var object: Int32
        public var name: Int32
        public var time: Int64
        public var value: Value
    }

    /// `source` is an event index (event-to-object) or an object index (object-to-object).
    public struct Relation: Sendable, Equatable, Hashable {
        public var source: Int32
        public var object: Int32
        public var qualifier: Int32
    }

    public var strings: [String]
    public var eventTypes: [TypeDeclaration]
    public var objectTypes: [TypeDeclaration]
    public var eventId: [Int32]
    /// The event's type name (its activity).
    public var eventType: [Int32]
    public var eventTime: [Int64]
    /// Attributes of event `i`: `eventAttributes[eventAttributeStart[i]..<eventAttributeStart[i + 1]]`.
    public var eventAttributeStart: [Int32]
    public var eventAttributes: [EventAttribute]
    public var objectId: [Int32]
    public var objectType: [Int32]
    public var objectAttributes: [ObjectAttribute]
    /// Event-to-object relations, grouped by event in event order.
    public var eventObjects: [Relation]
    public var objectObjects: [Relation]

    public var eventCount: Int { eventId.count }
    public var objectCount: Int { objectId.count }

    public func string(_ id: Int32) -> String { strings[Int(id)] }
    public func id(of s: String) -> Int32? { strings.firstIndex(of: s).map(Int32.init) }
}

/// Collects an OCEL log in file order, checks references, then orders events by time.
final class ObjectCentricLogBuilder {
    let interner = Interner(capacity: 4096)
    var eventTypes: [ObjectCentricLog.TypeDeclaration] = []
    var objectTypes: [ObjectCentricLog.TypeDeclaration] = []
    var eventId: [Int32] = []
    var eventType: [Int32] = []
    var eventTime: [Int64] = []
    var eventAttributeStart: [Int32] = [0]
    var eventAttributes: [ObjectCentricLog.EventAttribute] = []
    var objectId: [Int32] = []
    var objectType: [Int32] = []
    /// Object attributes with the object as a string id until `build` resolves it.
    var objectAttributes: [ObjectCentricLog.ObjectAttribute] = []
    /// Relations with the target object as a string id until `build` resolves it; offsets for errors.
    var eventObjects: [ObjectCentricLog.Relation] = []
    var eventObjectOffsets: [Int] = []
    var objectObjects: [ObjectCentricLog.Relation] = []
    var objectObjectOffsets: [Int] = []
    var objectAttributeOffsets: [Int] = []
    var eventOffsets: [Int] = []
    var objectOffsets: [Int] = []

    func intern(_ s: String) -> Int32 { interner.intern(s) }

    func declaration(of type: Int32, in declarations: [ObjectCentricLog.TypeDeclaration]) -> ObjectCentricLog.TypeDeclaration? {
        declarations.first { $0.name == type }
    }

    /// Turns a value's text into the declared type.
    func value(_ text: String, type: ObjectCentricLog.ValueType, naiveOffset: Int) -> ObjectCentricLog.Value? {
        switch type {
        case .string: return .string(intern(text))
        case .time: return Timestamp.parseISO(text, naiveOffsetSeconds: naiveOffset).map { .time($0) }
        case .integer:
            if let i = Int64(text) { return .integer(i) }
            if let d = Double(text), d == d.rounded(), abs(d) < 9e18 { return .integer(Int64(d)) }
            return nil
        case .float: return Double(text).map { .float($0) }
        case .boolean:
            switch text.lowercased() {
            case "true", "1": return .boolean(true)
            case "false", "0": return .boolean(false)
            default: return nil
            }
        }
    }

    func build(failure: (String, Int, String?) -> Error) throws -> ObjectCentricLog {
        let strings = interner.strings()
        // Object ids are unique; relations must point at declared objects.
        var objectIndex = [Int32](repeating: -1, count: strings.count)
        for (i, id) in objectId.enumerated() {
            guard objectIndex[Int(id)] < 0 else {
                throw failure("duplicate object id '\(strings[Int(id)])'", objectOffsets[i], nil)
            }
            objectIndex[Int(id)] = Int32(i)
        }
        var seenEvent = [Bool](repeating: false, count: strings.count)
        for (i, id) in eventId.enumerated() {
            guard !seenEvent[Int(id)] else { throw failure("duplicate event id '\(strings[Int(id)])'", eventOffsets[i], nil) }
            seenEvent[Int(id)] = true
        }
        for k in eventObjects.indices {
            let target = objectIndex[Int(eventObjects[k].object)]
            guard target >= 0 else {
                throw failure("event '\(strings[Int(eventId[Int(eventObjects[k].source)])])' refers to object '\(strings[Int(eventObjects[k].object)])', which the log does not declare", eventObjectOffsets[k], nil)
            }
            eventObjects[k].object = target
        }
        for k in objectObjects.indices {
            let source = objectIndex[Int(objectObjects[k].source)]
            let target = objectIndex[Int(objectObjects[k].object)]
            guard source >= 0, target >= 0 else {
                let missing = source < 0 ? objectObjects[k].source : objectObjects[k].object
                throw failure("an object-to-object relation refers to object '\(strings[Int(missing)])', which the log does not declare", objectObjectOffsets[k], nil)
            }
            objectObjects[k].source = source
            objectObjects[k].object = target
        }
        for k in objectAttributes.indices {
            let o = objectIndex[Int(objectAttributes[k].object)]
            guard o >= 0 else {
                throw failure("attribute values for object '\(strings[Int(objectAttributes[k].object)])', which the log does not declare", objectAttributeOffsets[k], nil)
            }
            objectAttributes[k].object = o
        }
        // Events in time order, ties in file order.
        let order = (0..<eventId.count).sorted { a, b in
            eventTime[a] != eventTime[b] ? eventTime[a] < eventTime[b] : a < b
        }
        var relationStart = [Int](repeating: 0, count: eventId.count + 1)
        for r in eventObjects { relationStart[Int(r.source) + 1] += 1 }
        for i in 0..<eventId.count { relationStart[i + 1] += relationStart[i] }
        var byEvent = [ObjectCentricLog.Relation](repeating: .init(source: 0, object: 0, qualifier: 0), count: eventObjects.count)
        var fill = relationStart
        for r in eventObjects { byEvent[fill[Int(r.source)]] = r; fill[Int(r.source)] += 1 }
        var log = ObjectCentricLog(strings: strings, eventTypes: eventTypes, objectTypes: objectTypes, eventId: [], eventType: [],
                                   eventTime: [], eventAttributeStart: [0], eventAttributes: [], objectId: objectId, objectType: objectType,
                                   objectAttributes: objectAttributes.enumerated().sorted { a, b in
                                       (a.element.object, a.element.time, a.offset) < (b.element.object, b.element.time, b.offset)
                                   }.map(\.element),
                                   eventObjects: [], objectObjects: objectObjects)
        log.eventId.reserveCapacity(eventId.count)
        log.eventObjects.reserveCapacity(eventObjects.count)
        for (newIndex, old) in order.enumerated() {
            log.eventId.append(eventId[old])
            log.eventType.append(eventType[old])
            log.eventTime.append(eventTime[old])
            log.eventAttributes.append(contentsOf: eventAttributes[Int(eventAttributeStart[old])..<Int(eventAttributeStart[old + 1])])
            log.eventAttributeStart.append(Int32(log.eventAttributes.count))
            for k in relationStart[old]..<relationStart[old + 1] {
                var r = byEvent[k]
                r.source = Int32(newIndex)
                log.eventObjects.append(r)
            }
        }
        return log
    }
}
