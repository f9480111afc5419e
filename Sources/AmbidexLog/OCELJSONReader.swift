/// Reads OCEL 2.0 JSON (`objectTypes`, `eventTypes`, `objects`, `events`, in
/// any order) in one streaming pass.
final class OCELJSONReader {
    let options: ReadOptions
    private let b = ObjectCentricLogBuilder()
    private var pending = PendingValues()
    private var progress: ReadProgress

    init(options: ReadOptions) {
        self.options = options
        progress = ReadProgress(options)
    }

    func read(_ input: ByteInput) throws -> ObjectCentricLog {
        let j = JSONScanner(input: input)
        guard try j.next() == .beginObject else { throw j.fail("an OCEL 2.0 JSON log is an object with objectTypes, eventTypes, objects and events") }
        var seen = Set<String>()
        while true {
            let t = try j.next()
            if t == .endObject { break }
            let key = j.text
            let first = try j.next()
            seen.insert(key)
            switch key {
            case "objectTypes": b.objectTypes = try readTypes(j, first)
            case "eventTypes": b.eventTypes = try readTypes(j, first)
            case "objects": try readArray(j, first, what: "objects") { try readObject(j) }
            case "events": try readArray(j, first, what: "events") { try readEvent(j) }
            default: try j.skipValue(first)
            }
        }
        guard try j.next() == .eof else { throw j.fail("content after the log") }
        for required in ["objectTypes", "eventTypes", "objects", "events"] where !seen.contains(required) {
            throw ParseFailure("the log has no \"\(required)\"", at: 0, path: "$")
        }
        try pending.resolve(b, naiveOffset: options.naiveTimeOffsetSeconds) { reason, offset in ParseFailure(reason, at: offset) }
        return try b.build { reason, offset, path in ParseFailure(reason, at: offset, path: path) }
    }

    private func readArray(_ j: JSONScanner, _ first: JSONScanner.Token, what: String, element: () throws -> Void) throws {
        guard first == .beginArray else { throw j.fail("\(what) must be an array") }
        while true {
            let t = try j.next()
            if t == .endArray { return }
            guard t == .beginObject else { throw j.fail("each of \(what) must be an object") }
            try element()
            progress.update(j.fraction)
        }
    }

    /// Reads the fields of an object whose `{` was just read.
    private func fields(_ j: JSONScanner, _ body: (String, JSONScanner.Token) throws -> Void) throws {
        while true {
            let t = try j.next()
            if t == .endObject { return }
            let key = j.text
            let first = try j.next()
            try body(key, first)
        }
    }

    /// A string value interned straight from the scanner's bytes (no `String` on the hot path).
    private func interned(_ j: JSONScanner, _ t: JSONScanner.Token, _ what: String) throws -> Int32 {
        guard t == .string else { throw j.fail("\(what) must be a string") }
        return b.interner.intern(j.bytes)!
    }

    private func string(_ j: JSONScanner, _ t: JSONScanner.Token, _ what: String) throws -> String {
        guard t == .string else { throw j.fail("\(what) must be a string") }
        return j.text
    }

    private func readTypes(_ j: JSONScanner, _ first: JSONScanner.Token) throws -> [ObjectCentricLog.TypeDeclaration] {
        var types: [ObjectCentricLog.TypeDeclaration] = []
        var names = Set<Int32>()
        try readArray(j, first, what: "types") {
            var name: Int32 = -1
            var attributes: [ObjectCentricLog.AttributeDeclaration] = []
            let offset = j.tokenOffset
            try fields(j) { key, t in
                switch key {
                case "name": name = b.intern(try string(j, t, "a type's name"))
                case "attributes":
                    try readArray(j, t, what: "attributes") {
                        var aName: String?, aType: String?
                        try fields(j) { k, v in
                            switch k {
                            case "name": aName = try string(j, v, "an attribute's name")
                            case "type": aType = try string(j, v, "an attribute's type")
                            default: try j.skipValue(v)
                            }
                        }
                        guard let aName, let aType else { throw j.fail("an attribute declaration needs a name and a type") }
                        guard let type = ObjectCentricLog.ValueType(rawValue: aType) else {
                            throw j.fail("unknown attribute type '\(aType)' (string, time, integer, float or boolean)")
                        }
                        attributes.append(.init(name: b.intern(aName), type: type))
                    }
                default: try j.skipValue(t)
                }
            }
            guard name >= 0 else { throw ParseFailure("a type without a name", at: offset, path: j.path) }
            guard names.insert(name).inserted else { throw ParseFailure("duplicate type '\(b.interner.strings()[Int(name)])'", at: offset, path: j.path) }
            types.append(.init(name: name, attributes: attributes))
        }
        return types
    }

    private func relationships(_ j: JSONScanner, _ t: JSONScanner.Token, source: Int32, into add: (Int32, Int32, Int) -> Void) throws {
        try readArray(j, t, what: "relationships") {
            var object: Int32 = -1, qualifier: Int32?
            let offset = j.tokenOffset
            try fields(j) { k, v in
                switch k {
                case "objectId": object = try interned(j, v, "objectId")
                case "qualifier": qualifier = try interned(j, v, "qualifier")
                default: try j.skipValue(v)
                }
            }
            guard object >= 0 else { throw ParseFailure("a relationship without objectId", at: offset, path: j.path) }
            add(object, qualifier ?? b.intern(""), offset)
        }
    }

    /// A JSON value as text: strings as they are, numbers and booleans as written.
    private func scalar(_ j: JSONScanner, _ t: JSONScanner.Token, _ what: String) throws -> String? {
        switch t {
        case .string, .number: return j.text
        case .bool(let v): return v ? "true" : "false"
        case .null: return nil
        default: throw j.fail("\(what) must be a string, number or boolean")
        }
    }

    private func readObject(_ j: JSONScanner) throws {
        var id: Int32 = -1, type: Int32 = -1
        let offset = j.tokenOffset
        let index = Int32(b.objectId.count)
        var relations: [(Int32, Int32, Int)] = []
        var attributes: [(Int32, Int64, String, Int)] = []
        try fields(j) { key, t in
            switch key {
            case "id": id = try interned(j, t, "an object's id")
            case "type": type = try interned(j, t, "an object's type")
            case "attributes":
                try readArray(j, t, what: "attributes") {
                    var name: Int32 = -1, time: Int64?, text: String?
                    let at = j.tokenOffset
                    try fields(j) { k, v in
                        switch k {
                        case "name": name = b.intern(try string(j, v, "an attribute's name"))
                        case "time":
                            let s = try string(j, v, "an attribute's time")
                            guard let parsed = Timestamp.parseISO(s, naiveOffsetSeconds: options.naiveTimeOffsetSeconds) else {
                                throw j.fail("unknown time format '\(s)' (expected ISO 8601)")
                            }
                            time = parsed
                        case "value": text = try scalar(j, v, "an attribute's value")
                        default: try j.skipValue(v)
                        }
                    }
                    guard name >= 0, let time else { throw ParseFailure("an object attribute needs a name and a time", at: at, path: j.path) }
                    if let text { attributes.append((name, time, text, at)) }
                }
            case "relationships": try relationships(j, t, source: index) { relations.append(($0, $1, $2)) }
            default: try j.skipValue(t)
            }
        }
        guard id >= 0 else { throw ParseFailure("an object without an id", at: offset, path: j.path) }
        guard type >= 0 else { throw ParseFailure("an object without a type", at: offset, path: j.path) }
        b.objectId.append(id)
        b.objectType.append(type)
        b.objectOffsets.append(offset)
        for (target, qualifier, at) in relations {
            b.objectObjects.append(.init(source: id, object: target, qualifier: qualifier))
            b.objectObjectOffsets.append(at)
        }
        for (name, time, text, at) in attributes {
            pending.objectValues.append((b.objectAttributes.count, type, text))
            b.objectAttributes.append(.init(object: id, name: name, time: time, value: .string(-1)))
            b.objectAttributeOffsets.append(at)
        }
    }

    private func readEvent(_ j: JSONScanner) throws {
        var id: Int32 = -1, type: Int32 = -1, time: Int64?
        let offset = j.tokenOffset
        let index = Int32(b.eventId.count)
        var attributes: [(Int32, String, Int)] = []
        try fields(j) { key, t in
            switch key {
            case "id": id = try interned(j, t, "an event's id")
            case "type": type = try interned(j, t, "an event's type")
            case "time":
                let s = try string(j, t, "an event's time")
                guard let parsed = Timestamp.parseISO(s, naiveOffsetSeconds: options.naiveTimeOffsetSeconds) else {
                    throw j.fail("unknown time format '\(s)' (expected ISO 8601)")
                }
                time = parsed
            case "attributes":
                try readArray(j, t, what: "attributes") {
                    var name: Int32 = -1, text: String?
                    let at = j.tokenOffset
                    try fields(j) { k, v in
                        switch k {
                        case "name": name = b.intern(try string(j, v, "an attribute's name"))
                        case "value": text = try scalar(j, v, "an attribute's value")
                        default: try j.skipValue(v)
                        }
                    }
                    guard name >= 0 else { throw ParseFailure("an event attribute without a name", at: at, path: j.path) }
                    if let text { attributes.append((name, text, at)) }
                }
            case "relationships":
                try relationships(j, t, source: index) { target, qualifier, at in
                    b.eventObjects.append(.init(source: index, object: target, qualifier: qualifier))
                    b.eventObjectOffsets.append(at)
                }
            default: try j.skipValue(t)
            }
        }
        guard id >= 0 else { throw ParseFailure("an event without an id", at: offset, path: j.path) }
        guard type >= 0 else { throw ParseFailure("an event without a type", at: offset, path: j.path) }
        guard let time else { throw ParseFailure("an event without a time", at: offset, path: j.path) }
        b.eventId.append(id)
        b.eventType.append(type)
        b.eventTime.append(time)
        b.eventOffsets.append(offset)
        for (name, text, at) in attributes {
            pending.eventValues.append((b.eventAttributes.count, type, text, at))
            b.eventAttributes.append(.init(name: name, value: .string(-1)))
        }
        b.eventAttributeStart.append(Int32(b.eventAttributes.count))
    }
}

/// Attribute values read as text before the declarations that type them are
/// known (a JSON log may list its types after its events).
struct PendingValues {
    var eventValues: [(index: Int, type: Int32, text: String, offset: Int)] = []
    var objectValues: [(index: Int, type: Int32, text: String)] = []

    func resolve(_ b: ObjectCentricLogBuilder, naiveOffset: Int, failure: (String, Int) -> Error) throws {
        let strings = b.interner.strings()
        for (index, type, text, offset) in eventValues {
            let name = b.eventAttributes[index].name
            b.eventAttributes[index].value = try typed(b, text, type: type, name: name, in: b.eventTypes, naiveOffset: naiveOffset) {
                failure("event attribute '\(strings[Int(name)])': \($0)", offset)
            }
        }
        for (index, type, text) in objectValues {
            let name = b.objectAttributes[index].name
            b.objectAttributes[index].value = try typed(b, text, type: type, name: name, in: b.objectTypes, naiveOffset: naiveOffset) {
                failure("object attribute '\(strings[Int(name)])': \($0)", b.objectAttributeOffsets[index])
            }
        }
        try checkTypes(b, strings: strings, failure: failure)
    }

    /// Every event and object has a declared type.
    func checkTypes(_ b: ObjectCentricLogBuilder, strings: [String], failure: (String, Int) -> Error) throws {
        let eventTypes = Set(b.eventTypes.map(\.name)), objectTypes = Set(b.objectTypes.map(\.name))
        for (i, t) in b.eventType.enumerated() where !eventTypes.contains(t) {
            throw failure("event '\(strings[Int(b.eventId[i])])' has type '\(strings[Int(t)])', which the log does not declare", b.eventOffsets[i])
        }
        for (i, t) in b.objectType.enumerated() where !objectTypes.contains(t) {
            throw failure("object '\(strings[Int(b.objectId[i])])' has type '\(strings[Int(t)])', which the log does not declare", b.objectOffsets[i])
        }
    }

    private func typed(_ b: ObjectCentricLogBuilder, _ text: String, type: Int32, name: Int32,
                       in declarations: [ObjectCentricLog.TypeDeclaration], naiveOffset: Int,
                       failure: (String) -> Error) throws -> ObjectCentricLog.Value {
        let declared = b.declaration(of: type, in: declarations)?.attributes.first { $0.name == name }?.type ?? .string
        guard let v = b.value(text, type: declared, naiveOffset: naiveOffset) else {
            throw failure("'\(text)' is not a valid \(declared.rawValue)")
        }
        return v
    }
}
