import AmbidexLog

extension ObjectCentricLog {
    /// The log seen from one object type, as an import reads it: one case per
    /// object of `type` with the events related to it (once each). Unlike a
    /// mining flattening it keeps what the mapping may name: each event's own
    /// attributes, and for every other object type the event touches, an event
    /// attribute named after the type whose value is that object's id (so
    /// `unit = Resources` names the unit by the related resource object); the
    /// order object's attributes (their latest values) are the case's.
    public func cases(ofObjectType name: String) throws(ImportError) -> EventLog {
        guard let type = id(of: name), objectTypes.contains(where: { $0.name == type }) else {
            throw ImportError("no object type '\(name)' (types: \(objectTypes.map { string($0.name) }.joined(separator: ", ")))")
        }
        var perObject = [[Int32]](repeating: [], count: objectCount)
        var related = [[Int32]](repeating: [], count: eventCount)
        for r in eventObjects {
            let o = Int(r.object), e = r.source
            if objectType[o] == type {
                if perObject[o].last != e { perObject[o].append(e) }
            } else if !related[Int(e)].contains(r.object) {
                related[Int(e)].append(r.object)
            }
        }
        var latest: [Int32: [Int32: (time: Int64, value: Value)]] = [:]
        for a in objectAttributes where objectType[Int(a.object)] == type {
            if let old = latest[a.object]?[a.name], old.time > a.time { continue }
            latest[a.object, default: [:]][a.name] = (a.time, a.value)
        }

        var caseName: [Int32] = [], caseStart: [Int32] = [0], activity: [Int32] = [], time: [Int64] = []
        var events = AttributeTable(), cases = AttributeTable()
        events.start.removeAll(); cases.start.removeAll()
        events.start.append(0); cases.start.append(0)
        func attribute(_ name: Int32, _ value: Value) -> Attribute {
            switch value {
            case .string(let s): return Attribute(key: name, value: .string(s))
            case .time(let t): return Attribute(key: name, value: .date(t))
            case .integer(let i): return Attribute(key: name, value: .int(i))
            case .float(let f): return Attribute(key: name, value: .float(f))
            case .boolean(let b): return Attribute(key: name, value: .bool(b))
            }
        }
        for o in 0..<objectCount where objectType[o] == type {
            caseName.append(objectId[o])
            for (key, v) in (latest[Int32(o)] ?? [:]).sorted(by: { $0.key < $1.key }) { cases.items.append(attribute(key, v.value)) }
            cases.start.append(Int32(cases.items.count))
            for e in perObject[o].sorted(by: { eventTime[Int($0)] != eventTime[Int($1)] ? eventTime[Int($0)] < eventTime[Int($1)] : $0 < $1 }) {
                let i = Int(e)
                activity.append(eventType[i])
                time.append(eventTime[i])
                for a in eventAttributes[Int(eventAttributeStart[i])..<Int(eventAttributeStart[i + 1])] { events.items.append(attribute(a.name, a.value)) }
                for other in related[i] { events.items.append(Attribute(key: objectType[Int(other)], value: .string(objectId[Int(other)]))) }
                events.start.append(Int32(events.items.count))
            }
            caseStart.append(Int32(activity.count))
        }
        let none = [Int32](repeating: EventLog.none, count: activity.count)
        return EventLog(strings: strings, caseName: caseName, caseStart: caseStart, activity: activity, time: time, resource: none,
                        group: none, role: none, lifecycle: none, eventAttributes: events, caseAttributes: cases, logAttributes: [])
    }
}

extension ObjectCentricLog {
    /// The object type most likely to be the orders, and why: a type named as
    /// orders (a sales or customer order before a purchase order), else the
    /// type whose objects take part in most events.
    public func guessOrderType() -> (type: String, reason: String)? {
        let names = objectTypes.map { string($0.name) }
        func rank(_ n: String) -> Int? {
            let l = n.lowercased()
            if l == "order" || l == "orders" { return 0 }
            if l.contains("order") && (l.contains("sales") || l.contains("customer")) { return 1 }
            if l.contains("order") && !l.contains("item") { return 2 }
            return nil
        }
        if let best = names.compactMap({ n in rank(n).map { (n, $0) } }).min(by: { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }) {
            return (best.0, "the object type '\(best.0)' is named as orders (types: \(names.joined(separator: ", ")))")
        }
        var events = [Int32: Int]()
        for r in eventObjects { events[objectType[Int(r.object)], default: 0] += 1 }
        guard let top = events.max(by: { $0.value != $1.value ? $0.value < $1.value : string($0.key) > string($1.key) }) else { return nil }
        return (string(top.key), "no object type is named as orders; '\(string(top.key))' takes part in most events (\(top.value))")
    }
}
