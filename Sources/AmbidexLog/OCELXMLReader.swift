/// Reads OCEL 2.0 XML in one streaming pass, into the same model as the JSON
/// and SQLite encodings.
final class OCELXMLReader {
    let options: ReadOptions
    private let b = ObjectCentricLogBuilder()
    private var pending = PendingValues()
    private var progress: ReadProgress

    init(options: ReadOptions) {
        self.options = options
        progress = ReadProgress(options)
    }

    func read(_ input: ByteInput) throws -> ObjectCentricLog {
        let x = XMLScanner(input: input)
        var t = try x.next()
        while t == .text { t = try x.next() }
        guard t == .start, x.equals(x.name, "log") else {
            throw x.fail("not an OCEL 2.0 XML log: the root element is not <log>")
        }
        try children(x) {
            if x.equals(x.name, "object-types") { b.objectTypes = try readTypes(x, "object-type") }
            else if x.equals(x.name, "event-types") { b.eventTypes = try readTypes(x, "event-type") }
            else if x.equals(x.name, "objects") {
                try children(x) { try expect(x, "object"); try readObject(x); progress.update(x.fraction) }
            } else if x.equals(x.name, "events") {
                try children(x) { try expect(x, "event"); try readEvent(x); progress.update(x.fraction) }
            }
            else { try skip(x) }
        }
        guard try x.next() == .eof else { throw x.fail("content after the log") }
        try pending.resolve(b, naiveOffset: options.naiveTimeOffsetSeconds) { reason, offset in ParseFailure(reason, at: offset) }
        return try b.build { reason, offset, path in ParseFailure(reason, at: offset, path: path) }
    }

    private func expect(_ x: XMLScanner, _ name: StaticString) throws {
        guard x.equals(x.name, name) else { throw x.fail("expected <\(name)>, found <\(x.string(x.name))>") }
    }

    /// Calls `body` at each child element's start tag until the current element ends.
    private func children(_ x: XMLScanner, _ body: () throws -> Void) throws {
        while true {
            switch try x.next() {
            case .end: return
            case .start: try body()
            case .text: continue
            case .eof: throw x.fail("unexpected end of file")
            }
        }
    }

    private func skip(_ x: XMLScanner) throws {
        let depth = x.depth
        while x.depth >= depth { if try x.next() == .eof { return } }
    }

    private func required(_ x: XMLScanner, _ name: StaticString) throws -> String {
        guard let v = x.attribute(name) else { throw x.fail("<\(x.string(x.name))> without \(name)") }
        return try x.decodedString(v)
    }

    private func time(_ x: XMLScanner) throws -> Int64 {
        let s = try required(x, "time")
        guard let t = Timestamp.parseISO(s, naiveOffsetSeconds: options.naiveTimeOffsetSeconds) else {
            throw x.fail("unknown time format '\(s)' (expected ISO 8601)")
        }
        return t
    }

    /// The text of the element whose start tag was just read.
    private func text(_ x: XMLScanner) throws -> String {
        var s = ""
        while true {
            switch try x.next() {
            case .end: return s
            case .text: s += try x.decodedString(x.text)
            case .start: throw x.fail("an attribute value holds an element")
            case .eof: throw x.fail("unexpected end of file")
            }
        }
    }

    private func readTypes(_ x: XMLScanner, _ element: StaticString) throws -> [ObjectCentricLog.TypeDeclaration] {
        var types: [ObjectCentricLog.TypeDeclaration] = []
        var names = Set<Int32>()
        try children(x) {
            try expect(x, element)
            let offset = x.tokenOffset
            let name = b.intern(try required(x, "name"))
            guard names.insert(name).inserted else { throw ParseFailure("duplicate type '\(b.interner.strings()[Int(name)])'", at: offset) }
            var attributes: [ObjectCentricLog.AttributeDeclaration] = []
            try children(x) {
                guard x.equals(x.name, "attributes") else { return try skip(x) }
                try children(x) {
                    try expect(x, "attribute")
                    let aName = try required(x, "name"), aType = try required(x, "type")
                    guard let type = ObjectCentricLog.ValueType(rawValue: aType) else {
                        throw x.fail("unknown attribute type '\(aType)' (string, time, integer, float or boolean)")
                    }
                    attributes.append(.init(name: b.intern(aName), type: type))
                    try skip(x)
                }
            }
            types.append(.init(name: name, attributes: attributes))
        }
        return types
    }

    private func relationships(_ x: XMLScanner, _ add: (Int32, Int32, Int) -> Void) throws {
        try children(x) {
            try expect(x, "relationship")
            let offset = x.tokenOffset
            let object = b.intern(try required(x, "object-id"))
            let qualifier = b.intern(try x.attribute("qualifier").map { try x.decodedString($0) } ?? "")
            add(object, qualifier, offset)
            try skip(x)
        }
    }

    private func readObject(_ x: XMLScanner) throws {
        let offset = x.tokenOffset
        let id = b.intern(try required(x, "id"))
        let type = b.intern(try required(x, "type"))
        b.objectId.append(id)
        b.objectType.append(type)
        b.objectOffsets.append(offset)
        try children(x) {
            if x.equals(x.name, "attributes") {
                try children(x) {
                    try expect(x, "attribute")
                    let at = x.tokenOffset
                    let name = b.intern(try required(x, "name"))
                    let t = try time(x)
                    let value = try text(x)
                    pending.objectValues.append((b.objectAttributes.count, type, value))
                    b.objectAttributes.append(.init(object: id, name: name, time: t, value: .string(-1)))
                    b.objectAttributeOffsets.append(at)
                }
            } else if x.equals(x.name, "objects") {
                try relationships(x) { target, qualifier, at in
                    b.objectObjects.append(.init(source: id, object: target, qualifier: qualifier))
                    b.objectObjectOffsets.append(at)
                }
            } else {
                try skip(x)
            }
        }
    }

    private func readEvent(_ x: XMLScanner) throws {
        let offset = x.tokenOffset
        let index = Int32(b.eventId.count)
        let id = b.intern(try required(x, "id"))
        let type = b.intern(try required(x, "type"))
        let t = try time(x)
        b.eventId.append(id)
        b.eventType.append(type)
        b.eventTime.append(t)
        b.eventOffsets.append(offset)
        try children(x) {
            if x.equals(x.name, "attributes") {
                try children(x) {
                    try expect(x, "attribute")
                    let at = x.tokenOffset
                    let name = b.intern(try required(x, "name"))
                    let value = try text(x)
                    pending.eventValues.append((b.eventAttributes.count, type, value, at))
                    b.eventAttributes.append(.init(name: name, value: .string(-1)))
                }
            } else if x.equals(x.name, "objects") {
                try relationships(x) { target, qualifier, at in
                    b.eventObjects.append(.init(source: index, object: target, qualifier: qualifier))
                    b.eventObjectOffsets.append(at)
                }
            } else {
                try skip(x)
            }
        }
        b.eventAttributeStart.append(Int32(b.eventAttributes.count))
    }
}
