/// Reads XES (IEEE 1849), plain or gzipped, in one streaming pass: traces
/// become cases, events become rows of the columnar `EventLog`. The standard
/// attributes (`concept:name`, `time:timestamp`, `org:resource`, `org:group`,
/// `org:role`, `lifecycle:transition`) fill their columns; every other
/// attribute of every XES type is kept in the attribute tables.
final class XESReader {
    let options: ReadOptions
    private var builder = EventLogBuilder()

    init(options: ReadOptions) { self.options = options }

    private enum Standard { case name, time, resource, group, role, lifecycle, other }

    func read(_ input: ByteInput) throws -> EventLog {
        let x = XMLScanner(input: input)
        builder = EventLogBuilder(expectedEvents: max(1024, input.fileSize / (input.isCompressed ? 40 : 400)))
        var seenCase = [Bool]()
        var progress = ReadProgress(options)
        guard try skipToStart(x) else { throw x.fail("no root element") }
        guard x.equals(x.name, "log") else { throw x.fail("not an XES log: the root element is <\(x.string(x.name))>, not <log>") }
        if x.selfClosing { _ = try x.next(); return builder.build() }
        while true {
            let t = try x.next()
            if t == .end { break }
            guard t == .start else { continue }
            if x.equals(x.name, "trace") {
                try readTrace(x, builder, &seenCase)
                progress.update(x.fraction)
            } else if let attribute = try readAttributeIfAny(x, builder) {
                builder.logAttributes.append(attribute)
            } else if x.equals(x.name, "event") {
                throw x.fail("an event outside any trace")
            } else {
                try skipElement(x)
            }
        }
        guard try x.next() == .eof else { throw x.fail("content after the end of the log") }
        return builder.build()
    }

    private func skipToStart(_ x: XMLScanner) throws -> Bool {
        while true {
            switch try x.next() {
            case .start: return true
            case .eof: return false
            default: continue
            }
        }
    }

    /// Skips the element whose start tag was just read, with all it holds.
    private func skipElement(_ x: XMLScanner) throws {
        let depth = x.depth
        while x.depth >= depth {
            if try x.next() == .eof { return }
        }
    }

    private func readTrace(_ x: XMLScanner, _ b: EventLogBuilder, _ seenCase: inout [Bool]) throws {
        let traceOffset = x.tokenOffset
        var name: Int32 = -1
        if x.selfClosing { _ = try x.next() } else {
            while true {
                let t = try x.next()
                if t == .end { break }
                guard t == .start else { continue }
                if x.equals(x.name, "event") {
                    try readEvent(x, b)
                    continue
                }
                guard let (key, standard, offset) = try attributeHeader(x) else { try skipElement(x); continue }
                if standard == .name && !x.equals(x.name, "list") && !x.equals(x.name, "container") {
                    guard let v = x.attribute("value") else { throw x.fail("the trace's concept:name has no value") }
                    name = try intern(x, v)
                    try finishAttribute(x)
                } else {
                    b.caseAttributes.items.append(try readAttribute(x, b, key: key, offset: offset))
                }
            }
        }
        guard name >= 0 else { throw ParseFailure("a trace without concept:name (every case needs a name)", at: traceOffset) }
        if Int(name) >= seenCase.count { seenCase.append(contentsOf: repeatElement(false, count: Int(name) + 1 - seenCase.count)) }
        guard !seenCase[Int(name)] else {
            throw ParseFailure("duplicate case id '\(b.interner.strings()[Int(name)])': two traces with the same concept:name", at: traceOffset)
        }
        seenCase[Int(name)] = true
        b.endCase(name: name)
    }

    private func readEvent(_ x: XMLScanner, _ b: EventLogBuilder) throws {
        let eventOffset = x.tokenOffset
        var activity: Int32 = -1, resource: Int32 = -1, group: Int32 = -1, role: Int32 = -1, lifecycle: Int32 = -1
        var time = Int64.min
        if x.selfClosing { _ = try x.next() } else {
            while true {
                let t = try x.next()
                if t == .end { break }
                guard t == .start else { continue }
                guard let (key, standard, offset) = try attributeHeader(x) else { try skipElement(x); continue }
                let isCollection = x.equals(x.name, "list") || x.equals(x.name, "container")
                if standard == .other || isCollection {
                    b.eventAttributes.items.append(try readAttribute(x, b, key: key, offset: offset))
                    continue
                }
                guard let v = x.attribute("value") else { throw x.fail("attribute \(x.string(x.name)) without a value") }
                switch standard {
                case .time:
                    let isDate = x.equals(x.name, "date")
                    guard isDate || x.equals(x.name, "string") else {
                        throw x.fail("time:timestamp must be a date, not \(x.string(x.name))")
                    }
                    guard let parsed = Timestamp.parseISO(try x.bytes(v), naiveOffsetSeconds: options.naiveTimeOffsetSeconds) else {
                        throw ParseFailure("unknown time format '\(try x.decodedString(v))' (expected ISO 8601, e.g. 2011-04-13T14:02:31.199+02:00)", at: x.offset(of: v))
                    }
                    time = parsed
                case .name: activity = try intern(x, v)
                case .resource: resource = try intern(x, v)
                case .group: group = try intern(x, v)
                case .role: role = try intern(x, v)
                case .lifecycle: lifecycle = try intern(x, v)
                case .other: break
                }
                try finishAttribute(x)
            }
        }
        guard activity >= 0 else { throw ParseFailure("an event without concept:name", at: eventOffset) }
        guard time != Int64.min else { throw ParseFailure("an event without time:timestamp", at: eventOffset) }
        b.addEvent(activity: activity, time: time, resource: resource, group: group, role: role, lifecycle: lifecycle)
    }

    @inline(__always)
    private func intern(_ x: XMLScanner, _ v: XMLScanner.Slice) throws -> Int32 {
        guard let id = builder.interner.intern(try x.bytes(v)) else {
            throw ParseFailure("text that is not UTF-8", at: x.offset(of: v))
        }
        return id
    }

    /// For an attribute element (string, date, …): its key id and which standard key it is.
    private func attributeHeader(_ x: XMLScanner) throws -> (Int32, Standard, Int)? {
        guard Self.isAttributeElement(x) else { return nil }
        guard let k = x.attribute("key") else { throw x.fail("<\(x.string(x.name))> without a key") }
        let standard: Standard
        if x.equals(k, "concept:name") { standard = .name }
        else if x.equals(k, "time:timestamp") { standard = .time }
        else if x.equals(k, "org:resource") { standard = .resource }
        else if x.equals(k, "lifecycle:transition") { standard = .lifecycle }
        else if x.equals(k, "org:group") { standard = .group }
        else if x.equals(k, "org:role") { standard = .role }
        else { standard = .other }
        let key: Int32 = standard == .other || x.equals(x.name, "list") || x.equals(x.name, "container") ? try intern(x, k) : -1
        return (key, standard, x.tokenOffset)
    }

    static func isAttributeElement(_ x: XMLScanner) -> Bool {
        let n = x.name
        return x.equals(n, "string") || x.equals(n, "date") || x.equals(n, "int") || x.equals(n, "float")
            || x.equals(n, "boolean") || x.equals(n, "id") || x.equals(n, "list") || x.equals(n, "container")
    }

    /// Consumes the rest of a simple attribute element; nested meta-attributes are dropped.
    private func finishAttribute(_ x: XMLScanner) throws {
        try skipElement(x)
    }

    /// Reads an attribute element (the start tag was just read) with its children.
    private func readAttribute(_ x: XMLScanner, _ b: EventLogBuilder, key: Int32, offset: Int, nested: Bool = false) throws -> Attribute {
        var key = key
        if key < 0 {
            if let k = x.attribute("key") {
                key = try intern(x, k)
            } else {
                // Real files (BPI Challenge 2012 among them) leave keys off nested meta-attributes.
                guard nested else { throw x.fail("<\(x.string(x.name))> without a key") }
                key = builder.interner.intern("")
            }
        }
        let value: AttributeValue
        let n = x.name
        if x.equals(n, "list") { value = .list }
        else if x.equals(n, "container") { value = .container }
        else {
            guard let v = x.attribute("value") else { throw x.fail("<\(x.string(n))> without a value") }
            let bytes = try x.bytes(v)
            func text() -> String { String(decoding: bytes, as: UTF8.self) }
            if x.equals(n, "string") { value = .string(try intern(x, v)) }
            else if x.equals(n, "id") { value = .id(try intern(x, v)) }
            else if x.equals(n, "date") {
                guard let t = Timestamp.parseISO(bytes, naiveOffsetSeconds: options.naiveTimeOffsetSeconds) else {
                    throw ParseFailure("unknown time format '\(text())' (expected ISO 8601)", at: x.offset(of: v))
                }
                value = .date(t)
            } else if x.equals(n, "int") {
                guard let i = Int64(text()) else { throw ParseFailure("'\(text())' is not an int", at: x.offset(of: v)) }
                value = .int(i)
            } else if x.equals(n, "float") {
                guard let d = Double(text()) else { throw ParseFailure("'\(text())' is not a float", at: x.offset(of: v)) }
                value = .float(d)
            } else {
                switch text().lowercased() {
                case "true", "1": value = .bool(true)
                case "false", "0": value = .bool(false)
                default: throw ParseFailure("'\(text())' is not a boolean", at: x.offset(of: v))
                }
            }
        }
        var children: [Attribute] = []
        if !x.selfClosing {
            while true {
                let t = try x.next()
                if t == .end { break }
                guard t == .start else { continue }
                if x.equals(x.name, "values") { continue }   // XES 2.0 wraps list items in <values>
                if Self.isAttributeElement(x) {
                    children.append(try readAttribute(x, b, key: -1, offset: x.tokenOffset, nested: true))
                } else {
                    try skipElement(x)
                }
            }
            // A <values> wrapper closes before the list does.
            if x.equals(x.name, "values") { return try closeListAfterValues(x, b, key: key, value: value, children: children) }
        } else {
            _ = try x.next()
        }
        return Attribute(key: key, value: value, children: children)
    }

    private func closeListAfterValues(_ x: XMLScanner, _ b: EventLogBuilder, key: Int32, value: AttributeValue,
                                      children: [Attribute]) throws -> Attribute {
        var children = children
        while true {
            let t = try x.next()
            if t == .end { break }
            guard t == .start else { continue }
            if Self.isAttributeElement(x) { children.append(try readAttribute(x, b, key: -1, offset: x.tokenOffset, nested: true)) } else { try skipElement(x) }
        }
        return Attribute(key: key, value: value, children: children)
    }

    private func readAttributeIfAny(_ x: XMLScanner, _ b: EventLogBuilder) throws -> Attribute? {
        guard Self.isAttributeElement(x) else { return nil }
        return try readAttribute(x, b, key: -1, offset: x.tokenOffset)
    }
}
