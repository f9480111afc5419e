import AmbidexLog
import Foundation
import Testing

/// The CSV reader streams through a window of a few MB: these files are larger
/// than the window and the decoder's chunk, so rows, quoted line breaks and
/// multi-byte characters fall across every kind of chunk end.
@Suite("Reading CSV as a stream")
struct CSVStreamingTests {
    /// A generated export and what it holds, row by row.
    struct Export {
        var text = "case;activity;time;resource;note\n"
        var rows: [(case: String, activity: String, time: Int64, resource: String?, note: String?)] = []
        /// The physical line each row starts on.
        var lines: [Int] = []
    }

    /// `rows` rows of 97 interleaved cases; activities with separators, doubled
    /// quotes, line breaks and non-ASCII characters from `alphabet`.
    static func export(rows: Int, alphabet: [String]) -> Export {
        var export = Export()
        var random = SplitMix(seed: 12)
        var line = 2
        let start = Timestamp.parseISO("2024-03-01T08:00:00Z")!
        for i in 0..<rows {
            let caseName = "order-\(random.next() % 97)"
            var activity = "step \(alphabet[Int(random.next() % UInt64(alphabet.count))]) \(i % 13)"
            var field = activity
            switch random.next() % 5 {
            case 0:
                activity += "; checked"
                field = "\"\(activity)\""
            case 1:
                activity = "say \"\(activity)\""
                field = "\"say \"\"\(activity.dropFirst(5).dropLast())\"\"\""
            case 2:
                activity += "\nsecond line"
                field = "\"\(activity)\""
            default: break
            }
            let time = start + Int64(i) * 61_000_000
            let resource: String? = random.next() % 4 == 0 ? nil : "clerk \(alphabet[Int(random.next() % UInt64(alphabet.count))])"
            let note: String? = random.next() % 3 == 0 ? nil : String(repeating: "n", count: Int(random.next() % 40))
            let crlf = i % 7 == 0
            export.text += "\(caseName);\(field);\(Timestamp.iso(time));\(resource ?? "");\(note ?? "")\(crlf ? "\r\n" : "\n")"
            export.rows.append((caseName, activity, time, resource, note?.isEmpty == true ? nil : note))
            export.lines.append(line)
            line += activity.count(where: { $0 == "\n" }) + 1
        }
        return export
    }

    static let mapping = CSVMapping(caseColumn: "case", activityColumn: "activity", timestampColumn: "time",
                                    resourceColumn: "resource", attributeColumns: ["note"])

    /// The log holds exactly the export's rows: cases in order of first row, events in row order within a case.
    static func expectHolds(_ log: EventLog, _ export: Export) {
        var caseOrder: [String] = []
        var eventsOf: [String: [Int]] = [:]
        for (r, row) in export.rows.enumerated() {
            if eventsOf[row.case] == nil { caseOrder.append(row.case) }
            eventsOf[row.case, default: []].append(r)
        }
        #expect(log.caseCount == caseOrder.count)
        #expect(log.eventCount == export.rows.count)
        guard log.caseCount == caseOrder.count else { return }
        let noteKey = log.id(of: "note")
        var mismatches = 0
        for (c, name) in caseOrder.enumerated() {
            if log.string(log.caseName[c]) != name { mismatches += 1 }
            let events = Array(log.events(ofCase: c))
            guard events.count == eventsOf[name]!.count else { mismatches += 1; continue }
            for (e, r) in zip(events, eventsOf[name]!) {
                let row = export.rows[r]
                let attributes = log.eventAttributes[e]
                let note = attributes.first.flatMap { a -> String? in
                    guard a.key == noteKey, case .string(let v) = a.value else { return "?" }
                    return log.string(v)
                }
                if log.string(log.activity[e]) != row.activity || log.time[e] != row.time
                    || log.string(log.resource[e]) != row.resource || note != row.note || attributes.count > 1 {
                    mismatches += 1
                }
            }
        }
        #expect(mismatches == 0)
    }

    static func utf16(_ text: String, bigEndian: Bool, mark: Bool) -> Data {
        var data = Data()
        data.reserveCapacity(text.utf16.count * 2 + 2)
        for u in (mark ? [0xFEFF] : []) + Array(text.utf16) {
            data.append(contentsOf: bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)])
        }
        return data
    }

    /// Latin-1 or windows-1252 bytes (the alphabets used here hold only characters these have).
    static func singleByte(_ text: String) -> Data {
        Data(text.unicodeScalars.map { $0 == "€" ? 0x80 : UInt8($0.value) })
    }

    @Test("UTF-8 with and without a byte-order mark, several window lengths long")
    func utf8() throws {
        let export = Self.export(rows: 60_000, alphabet: ["a", "ü", "€", "😀", "漢"])
        #expect(export.text.utf8.count > 4 << 20)
        for data in [Data(export.text.utf8), Data([0xEF, 0xBB, 0xBF]) + Data(export.text.utf8)] {
            let log = try LogReader.readCSV(path: try TemporaryFile.write(data, suffix: ".csv"), mapping: Self.mapping)
            Self.expectHolds(log, export)
        }
    }

    @Test("UTF-16 in both byte orders, with a mark, named in the mapping, or found from the header; surrogate pairs across chunks")
    func utf16() throws {
        let export = Self.export(rows: 20_000, alphabet: ["a", "ü", "😀", "𝄞"])
        var cases: [(Data, CSVEncoding)] = []
        for bigEndian in [false, true] {
            cases.append((Self.utf16(export.text, bigEndian: bigEndian, mark: true), .utf8))
            cases.append((Self.utf16(export.text, bigEndian: bigEndian, mark: false), .utf16))
            cases.append((Self.utf16(export.text, bigEndian: bigEndian, mark: false), bigEndian ? .utf16BE : .utf16LE))
        }
        for (data, encoding) in cases {
            var mapping = Self.mapping
            mapping.encoding = encoding
            let log = try LogReader.readCSV(path: try TemporaryFile.write(data, suffix: ".csv"), mapping: mapping)
            Self.expectHolds(log, export)
        }
    }

    @Test("latin1 and windows-1252 are widened to UTF-8 byte by byte")
    func singleByteEncodings() throws {
        let latin = Self.export(rows: 20_000, alphabet: ["a", "ü", "ß", "é"])
        var mapping = Self.mapping
        mapping.encoding = .latin1
        Self.expectHolds(try LogReader.readCSV(path: try TemporaryFile.write(Self.singleByte(latin.text), suffix: ".csv"), mapping: mapping), latin)
        let windows = Self.export(rows: 20_000, alphabet: ["a", "ü", "€"])
        mapping.encoding = .windows1252
        Self.expectHolds(try LogReader.readCSV(path: try TemporaryFile.write(Self.singleByte(windows.text), suffix: ".csv"), mapping: mapping), windows)
    }

    @Test("an error deep in the file names its physical line, counting line breaks inside quoted fields")
    func errorLine() throws {
        var export = Self.export(rows: 30_000, alphabet: ["a", "ü"])
        let bad = 25_000
        let time = Timestamp.iso(export.rows[bad].time)
        let range = export.text.range(of: time)!
        export.text.replaceSubrange(range, with: "half past nine")
        do {
            _ = try LogReader.readCSV(path: try TemporaryFile.write(export.text, suffix: ".csv"), mapping: Self.mapping)
            Issue.record("a bad time was accepted")
        } catch let error as LogError {
            #expect(error.location.line == export.lines[bad])
            #expect(error.location.column == 3)
            #expect(error.reason.contains("half past nine"))
        }
    }

    @Test("a field longer than the first window grows the window")
    func longField() throws {
        let long = String(repeating: "x", count: 5 << 20)
        let text = "case,activity,time\nc1,\"\(long)\",2024-01-01T00:00:00Z\nc1,short,2024-01-01T00:01:00Z\n"
        let log = try LogReader.readCSV(path: try TemporaryFile.write(text, suffix: ".csv"),
                                        mapping: CSVMapping(caseColumn: "case", activityColumn: "activity", timestampColumn: "time"))
        #expect(log.eventCount == 2)
        #expect(log.string(log.activity[0])?.count == 5 << 20)
        #expect(log.string(log.activity[1]) == "short")
    }

    @Test("broken UTF-16 is refused with the reason: an odd last byte, an unpaired surrogate")
    func brokenUTF16() throws {
        let good = Self.utf16("case,activity,time\nc1,a,2024-01-01T00:00:00Z\n", bigEndian: false, mark: true)
        let mapping = CSVMapping(caseColumn: "case", activityColumn: "activity", timestampColumn: "time")
        let odd = try TemporaryFile.write(good + Data([0x41]), suffix: ".csv")
        #expect { try LogReader.readCSV(path: odd, mapping: mapping) } throws: { error in
            (error as? LogError)?.reason.contains("ends inside a UTF-16 character") == true
        }
        var unpaired = good
        unpaired.append(contentsOf: [0x63, 0x00, 0x32, 0x00, 0x2C, 0x00, 0x00, 0xDC, 0x2C, 0x00])   // "c2," then a lone low surrogate
        let path = try TemporaryFile.write(unpaired, suffix: ".csv")
        #expect { try LogReader.readCSV(path: path, mapping: mapping) } throws: { error in
            (error as? LogError)?.reason.contains("unpaired surrogate") == true
        }
    }
}

/// A small seeded generator, so the generated exports are the same every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
