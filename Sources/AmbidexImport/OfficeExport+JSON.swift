import AmbidexLog
import Foundation

extension OfficeExport {
    /// The OCEL 2.0 JSON encoding (objectTypes, eventTypes, objects, events;
    /// attributes with their values, relationships with their qualifiers), as
    /// pm4py's `read_ocel2_json` and Ambidex's own reader take it. Numbers and
    /// booleans are JSON values; times ISO 8601 strings in UTC.
    public func json() -> [UInt8] {
        var w = JSONBytes()
        w.reserve(objects.count * 300 + events.count * 250)
        w.raw("{\"objectTypes\":[")
        types(objectTypes, &w)
        w.raw("],\"eventTypes\":[")
        types(eventTypes, &w)
        w.raw("],\"objects\":[")
        for (i, o) in objects.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("\n{\"id\":"); w.string(o.id)
            w.raw(",\"type\":"); w.string(o.type)
            w.raw(",\"attributes\":[")
            for (k, a) in o.attributes.enumerated() {
                if k > 0 { w.raw(",") }
                w.raw("{\"name\":"); w.string(a.name)
                w.raw(",\"time\":"); w.time(a.time ?? 0)
                w.raw(",\"value\":"); w.value(a.value)
                w.raw("}")
            }
            w.raw("],\"relationships\":[")
            relationships(o.relationships, &w)
            w.raw("]}")
        }
        w.raw("],\"events\":[")
        for (i, e) in events.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("\n{\"id\":"); w.string(e.id)
            w.raw(",\"type\":"); w.string(e.type)
            w.raw(",\"time\":"); w.time(e.time)
            w.raw(",\"attributes\":[")
            for (k, a) in e.attributes.enumerated() {
                if k > 0 { w.raw(",") }
                w.raw("{\"name\":"); w.string(a.name)
                w.raw(",\"value\":"); w.value(a.value)
                w.raw("}")
            }
            w.raw("],\"relationships\":[")
            relationships(e.relationships, &w)
            w.raw("]}")
        }
        w.raw("\n]}\n")
        return w.bytes
    }

    private func types(_ declarations: [TypeDeclaration], _ w: inout JSONBytes) {
        for (i, t) in declarations.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("\n{\"name\":"); w.string(t.name)
            w.raw(",\"attributes\":[")
            for (k, a) in t.attributes.enumerated() {
                if k > 0 { w.raw(",") }
                w.raw("{\"name\":"); w.string(a.name)
                w.raw(",\"type\":"); w.string(a.type.rawValue)
                w.raw("}")
            }
            w.raw("]}")
        }
    }

    private func relationships(_ relations: [Relationship], _ w: inout JSONBytes) {
        for (k, r) in relations.enumerated() {
            if k > 0 { w.raw(",") }
            w.raw("{\"objectId\":"); w.string(r.objectId)
            w.raw(",\"qualifier\":"); w.string(r.qualifier)
            w.raw("}")
        }
    }
}

/// JSON written straight into bytes: the export's hot loop.
struct JSONBytes {
    var bytes: [UInt8] = []

    mutating func reserve(_ n: Int) { bytes.reserveCapacity(n) }

    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func value(_ v: OfficeExport.Value) {
        switch v {
        case .string(let s): string(s)
        case .time(let t): time(t)
        case .integer, .float, .boolean: bytes.append(contentsOf: v.text.utf8)
        }
    }

    mutating func time(_ micros: Int64) {
        bytes.append(UInt8(ascii: "\""))
        bytes.appendISO(micros)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A JSON string: quotes, backslashes and control characters escaped,
    /// and "</" written as "<\/" so the file is safe inside an HTML page too.
    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var previous: UInt8 = 0
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(c)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(c)
            case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case UInt8(ascii: "/") where previous == UInt8(ascii: "<"): bytes.append(UInt8(ascii: "\\")); bytes.append(c)
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(c >> 4)]); bytes.append(hex[Int(c & 15)])
            default: bytes.append(c)
            }
            previous = c
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension Array where Element == UInt8 {
    /// Appends `Timestamp.iso(micros)` without making a string: the export writes one per event.
    mutating func appendISO(_ micros: Int64) {
        let c = Timestamp.components(micros)
        func digits(_ v: Int, _ n: Int) {
            var divisor = 1
            for _ in 1..<n { divisor *= 10 }
            var v = v
            if v >= divisor * 10 { append(contentsOf: Array(String(v).utf8)); return }
            while divisor > 0 {
                append(UInt8(ascii: "0") + UInt8(v / divisor))
                v %= divisor
                divisor /= 10
            }
        }
        if c.year < 0 { append(contentsOf: Array(Timestamp.iso(micros).utf8)); return }
        digits(c.year, 4); append(UInt8(ascii: "-")); digits(c.month, 2); append(UInt8(ascii: "-")); digits(c.day, 2)
        append(UInt8(ascii: "T")); digits(c.hour, 2); append(UInt8(ascii: ":")); digits(c.minute, 2); append(UInt8(ascii: ":")); digits(c.second, 2)
        append(UInt8(ascii: "."))
        if c.micro % 1000 != 0 { digits(c.micro, 6) } else { digits(c.micro / 1000, 3) }
        append(UInt8(ascii: "Z"))
    }
}
