import AmbidexLog

extension OfficeExport {
    /// A flat event table: one row per event and related object (an event
    /// with three objects is three rows; one without any is one row with the
    /// object columns empty), columns `event id, activity, time, object id,
    /// object type, qualifier`. Fields are quoted where they hold a comma, a
    /// quote or a line break (RFC 4180).
    public func csv() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(events.count * 90)
        out.append(contentsOf: Array(Self.csvHeader.utf8))
        out.append(UInt8(ascii: "\n"))
        let typeOf = Dictionary(objects.map { ($0.id, $0.type) }, uniquingKeysWith: { a, _ in a })
        func field(_ s: String) {
            if s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
                out.append(UInt8(ascii: "\""))
                for c in s.utf8 {
                    if c == UInt8(ascii: "\"") { out.append(c) }
                    out.append(c)
                }
                out.append(UInt8(ascii: "\""))
            } else {
                out.append(contentsOf: s.utf8)
            }
        }
        func row(_ e: Event, _ r: Relationship?) {
            field(e.id); out.append(UInt8(ascii: ","))
            field(e.type); out.append(UInt8(ascii: ","))
            out.appendISO(e.time); out.append(UInt8(ascii: ","))
            if let r {
                field(r.objectId); out.append(UInt8(ascii: ","))
                field(typeOf[r.objectId] ?? ""); out.append(UInt8(ascii: ","))
                field(r.qualifier)
            } else {
                out.append(contentsOf: Array(",,".utf8))
            }
            out.append(UInt8(ascii: "\n"))
        }
        for e in events {
            if e.relationships.isEmpty { row(e, nil) }
            for r in e.relationships { row(e, r) }
        }
        return out
    }

    public static let csvHeader = "event id,activity,time,object id,object type,qualifier"

    /// Rows the CSV holds besides its header.
    public var csvRowCount: Int { events.reduce(0) { $0 + max(1, $1.relationships.count) } }
}
