import AmbidexCore
import AmbidexDemo
@testable import AmbidexImport
import AmbidexLog
import AmbidexTestSupport
import Foundation
import Testing

/// The two OCEL encodings the export writes, by the file name our reader takes.
enum ExportEncoding: String, CaseIterable, CustomStringConvertible {
    case json = "jsonocel", sqlite
    var description: String { rawValue }

    /// Writes `log` into `dir` and returns the file.
    func write(_ log: OfficeExport, in dir: URL, name: String = "office") throws -> String {
        let path = dir.appendingPathComponent("\(name).\(rawValue)").path
        switch self {
        case .json: try Data(log.json()).write(to: URL(fileURLWithPath: path))
        case .sqlite: try log.writeSQLite(to: path)
        }
        return path
    }
}

func temporaryFolder() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ambidex-export-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

@Suite("Office export")
struct OfficeExportTests {
    static let demo = DemoCompany.generate(orders: 400)

    @Test("the demo company, exported as OCEL 2.0 and read back with our reader, restores to the same office (to the microsecond)",
          arguments: ExportEncoding.allCases)
    func demoRoundTrip(_ encoding: ExportEncoding) throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // setup
        let office = Self.demo
        #expect(!office.reflections.isEmpty && !office.knowledgeItems.isEmpty && !office.standards.isEmpty && !office.activities.isEmpty)
        let log = OfficeExport.make(office)
        let path = try encoding.write(log, in: dir)
        // MUT
        let read = try LogReader.readOCEL(path: path)
        #expect(OfficeRestore.isExport(read))
        let restored = try OfficeRestore.office(from: read, file: path)
        // validate
        #expect(read.eventCount == log.events.count && read.objectCount == log.objects.count)
        #expect(read.eventObjects.count == log.relationCount && read.objectObjects.count == log.objects.reduce(0) { $0 + $1.relationships.count })
        let differences = try OfficeParts(restored, sorted: false).differences(from: OfficeParts(office, sorted: false))
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    @Test("objects and events carry the domain's types: orders, units, partners, standards, knowledge items; order events, reflections, knowledge steps, standards' events, learning activities")
    func types() throws {
        let office = Self.demo
        let log = OfficeExport.make(office)
        let objects = Dictionary(uniqueKeysWithValues: log.objectCounts.map { ($0.type, $0.count) })
        #expect(objects == ["office": 1, "order": office.orders.count, "unit": office.units.count, "partner": office.partners.count,
                            "standard": office.standards.count, "knowledge item": office.knowledgeItems.count])
        let events = Dictionary(uniqueKeysWithValues: log.eventCounts.map { ($0.type, $0.count) })
        #expect(events["reflection in action", default: 0] + events["reflection on action", default: 0] == office.reflections.count)
        #expect(events["knowledge acquired"] == office.knowledgeItems.count)
        #expect(events["standard proposed"] == office.standards.count)
        #expect(events["standard version"] == office.standards.reduce(0) { $0 + $1.versions.count })
        #expect(events["standard applied", default: 0] == office.standards.reduce(0) { $0 + $1.applications.count })
        #expect(log.events.count == office.events.count + office.reflections.count + office.activities.count
            + office.knowledgeItems.reduce(0) { $0 + $1.history.count + $1.uses.count }
            + office.standards.reduce(0) { $0 + 1 + $1.versions.count + ($1.adoptedAt == nil ? 0 : 1) + ($1.retiredAt == nil ? 0 : 1) + $1.applications.count })
        // Every order event names its order and its unit, and says the unit's front/back-office role.
        let first = try #require(log.events.first { $0.id == "event:1" })
        #expect(first.relationships.map(\.qualifier) == ["order", "unit"])
        #expect(first.attributes.contains { $0.name == "office role" })
        let order = try #require(log.objects.first { $0.type == "order" })
        #expect(order.relationships.map(\.qualifier) == ["customer"])
        #expect(Set(order.attributes.map(\.name)).isSuperset(of: ["offering", "strategy", "received", "due", "priority"]))
    }

    @Test("names with quotes, line breaks, markup and unicode survive both encodings; an order activity named like a standard's event stays an order event",
          arguments: ExportEncoding.allCases)
    func hostileStrings(_ encoding: ExportEncoding) throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let office = try HostileOffice.make()
        let path = try encoding.write(OfficeExport.make(office), in: dir)
        let restored = try OfficeRestore.office(from: try LogReader.readOCEL(path: path), file: path)
        let differences = try OfficeParts(restored, sorted: false).differences(from: OfficeParts(office, sorted: false))
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        #expect(restored.units.map(\.name).contains(HostileOffice.strings[2]))
        if encoding == .json {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(!text.contains("</script>"), "the JSON never holds a closing script tag as such")
        }
    }

    @Test("times are written as the reader's ISO 8601: to the millisecond, or to the microsecond when it has one")
    func times() {
        var samples: [Int64] = [0, 1, 999, 1_000, 1_704_067_200_000_000, 1_704_067_200_123_000, 1_704_067_200_123_456, 253_402_300_799_999_999, 4_102_444_800_000_001]
        var g = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { samples.append(Int64.random(in: 0...4_102_444_800_000_000, using: &g)) }
        for t in samples {
            var bytes: [UInt8] = []
            bytes.appendISO(t)
            #expect(String(decoding: bytes, as: UTF8.self) == Timestamp.iso(t))
        }
    }

    @Test("the CSV has its header and one row per event and related object")
    func csv() throws {
        let office = try HostileOffice.make()
        let log = OfficeExport.make(office)
        let text = String(decoding: log.csv(), as: UTF8.self)
        #expect(text.hasPrefix("event id,activity,time,object id,object type,qualifier\n"))
        // Rows counted as a CSV reader does: line breaks inside quotes do not end a row.
        var rows = 0, quoted = false
        for c in text.utf8 {
            if c == UInt8(ascii: "\"") { quoted.toggle() } else if c == UInt8(ascii: "\n") && !quoted { rows += 1 }
        }
        #expect(rows - 1 == log.csvRowCount)
        #expect(log.csvRowCount == log.events.reduce(0) { $0 + max(1, $1.relationships.count) })
        #expect(text.contains("\"two\nlines\r\nand a\ttab\""), "a field with line breaks is quoted")
        let demo = OfficeExport.make(Self.demo)
        let demoText = String(decoding: demo.csv(), as: UTF8.self)
        #expect(demoText.split(separator: "\n", omittingEmptySubsequences: false).count - 2 == demo.csvRowCount)
    }

    @Test("a log that is not an Ambidex export is not taken for one; a broken export is refused naming the file, the object or event and the reason",
          arguments: ExportEncoding.allCases)
    func refusals(_ encoding: ExportEncoding) throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var plain = OfficeExport.make(try SmallOffice.make())
        plain.objects.removeAll { $0.type == "office" }
        #expect(!OfficeRestore.isExport(try LogReader.readOCEL(path: try encoding.write(plain, in: dir, name: "plain"))))

        var badOrder = OfficeExport.make(try SmallOffice.make())
        let o = try #require(badOrder.objects.firstIndex { $0.id == "order:O-1" })
        let s = try #require(badOrder.objects[o].attributes.firstIndex { $0.name == "strategy" })
        badOrder.objects[o].attributes[s].value = .string("bespoke")
        let path = try encoding.write(badOrder, in: dir, name: "bad-order")
        let error = #expect(throws: OfficeRestoreError.self) { try OfficeRestore.office(from: try LogReader.readOCEL(path: path), file: path) }
        #expect(error?.description == "\(path): object 'order:O-1': 'strategy' is 'bespoke', which Ambidex does not know")

        var orphan = OfficeExport.make(try SmallOffice.make())
        let e = try #require(orphan.events.firstIndex { $0.id == "event:2" })
        orphan.events[e].relationships.removeAll { $0.qualifier == "order" }
        let orphanPath = try encoding.write(orphan, in: dir, name: "orphan")
        let orphanError = #expect(throws: OfficeRestoreError.self) { try OfficeRestore.office(from: try LogReader.readOCEL(path: orphanPath), file: orphanPath) }
        #expect(orphanError?.description == "\(orphanPath): event 'event:2': it is related to 0 objects of type 'order' as 'order', not one")

        var early = OfficeExport.make(try SmallOffice.make())
        let r = try #require(early.events.firstIndex { $0.id == "reflection:R-2" })
        early.events[r].time = 0
        let earlyPath = try encoding.write(early, in: dir, name: "early")
        let earlyError = #expect(throws: OfficeRestoreError.self) { try OfficeRestore.office(from: try LogReader.readOCEL(path: earlyPath), file: earlyPath) }
        #expect(earlyError?.description.hasPrefix("\(earlyPath): event 'reflection:R-2': ") == true, "\(earlyError?.description ?? "")")
    }
}
