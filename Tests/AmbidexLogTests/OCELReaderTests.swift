import AmbidexLog
import Foundation
import Testing

@Suite("Reading OCEL 2.0")
struct OCELReaderTests {
    /// The shared example stores `+00:00` times in JSON and naive local times one
    /// hour later in XML and SQLite: read with a naive offset of +01:00, the
    /// three encodings give the same log.
    @Test("JSON, XML and SQLite read to the same model, given the naive times' offset")
    func threeEncodingsAgree() throws {
        guard SharedLogs.available else { return }
        let json = try LogReader.readOCEL(path: SharedLogs.path("ocel20_example.jsonocel"))
        let plusOne = ReadOptions(naiveTimeOffsetSeconds: 3600)
        let xml = try LogReader.readOCEL(path: SharedLogs.path("ocel20_example.xmlocel"), options: plusOne)
        let sqlite = try LogReader.readOCEL(path: SharedLogs.path("ocel20_example.sqlite"), options: plusOne)
        #expect((json.eventCount, json.objectCount) == (13, 9))
        let canonical = Canonical(json)
        #expect(Canonical(xml) == canonical)
        #expect(Canonical(sqlite) == canonical)
        // Read as UTC (the default), the naive files are one hour later.
        let naive = try LogReader.readOCEL(path: SharedLogs.path("ocel20_example.xmlocel"))
        #expect(zip(naive.eventTime, json.eventTime).allSatisfy { $0 - $1 == 3_600_000_000 })
    }

    @Test("a REAL column of an OCEL SQLite log reads back exactly, not to SQLite's 15 digits",
          .enabled(if: SharedLogs.available && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs the shared logs and python3"))
    func exactReals() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("reals-\(UUID().uuidString).sqlite").path
        try FileManager.default.copyItem(atPath: SharedLogs.path("ocel20_example.sqlite"), toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments = ["-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('ALTER TABLE object_Invoice ADD COLUMN amount REAL'); "
            + "c.execute('UPDATE object_Invoice SET amount = 0.1 + 0.2'); c.commit()", copy]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        let log = try LogReader.readOCEL(path: copy)
        let amounts = log.objectAttributes.filter { log.string($0.name) == "amount" }.map(\.value)
        #expect(!amounts.isEmpty && amounts.allSatisfy { $0 == .float(0.1 + 0.2) }, "\(amounts.prefix(3))")
    }

    @Test("an event linked to one object under two qualifiers keeps both relations")
    func qualifiedDuplicates() throws {
        let path = try TemporaryFile.write("""
            {"objectTypes": [{"name": "Order", "attributes": []}], "eventTypes": [{"name": "pack", "attributes": []}],
             "objects": [{"id": "o1", "type": "Order"}],
             "events": [{"id": "e1", "type": "pack", "time": "2022-01-01T10:00:00Z",
                         "relationships": [{"objectId": "o1", "qualifier": "packed"}, {"objectId": "o1", "qualifier": "checked"}]}]}
            """, suffix: ".jsonocel")
        let log = try LogReader.readOCEL(path: path)
        #expect(log.eventObjects.count == 2)
        #expect(Set(log.eventObjects.map { log.string($0.qualifier) }) == ["packed", "checked"])
    }
}

/// An OCEL log as sets of strings, independent of file order and string ids.
struct Canonical: Equatable {
    var events: Set<String> = []
    var objects: Set<String> = []
    var relations: [String: Int] = [:]
    var types: Set<String> = []

    init(_ log: ObjectCentricLog) {
        func v(_ value: ObjectCentricLog.Value) -> String {
            switch value {
            case .string(let s): return "s:" + log.string(s)
            case .time(let t): return "t:\(t)"
            case .integer(let i): return "i:\(i)"
            case .float(let d): return "f:\(d)"
            case .boolean(let b): return "b:\(b)"
            }
        }
        for e in 0..<log.eventCount {
            let attributes = log.eventAttributes[Int(log.eventAttributeStart[e])..<Int(log.eventAttributeStart[e + 1])]
                .map { log.string($0.name) + "=" + v($0.value) }.sorted().joined(separator: ";")
            events.insert("\(log.string(log.eventId[e]))|\(log.string(log.eventType[e]))|\(log.eventTime[e])|\(attributes)")
        }
        for o in 0..<log.objectCount {
            let attributes = log.objectAttributes.filter { $0.object == Int32(o) }
                .map { "\(log.string($0.name))@\($0.time)=\(v($0.value))" }.sorted().joined(separator: ";")
            objects.insert("\(log.string(log.objectId[o]))|\(log.string(log.objectType[o]))|\(attributes)")
        }
        for r in log.eventObjects {
            relations["e2o \(log.string(log.eventId[Int(r.source)]))→\(log.string(log.objectId[Int(r.object)])) \(log.string(r.qualifier))", default: 0] += 1
        }
        for r in log.objectObjects {
            relations["o2o \(log.string(log.objectId[Int(r.source)]))→\(log.string(log.objectId[Int(r.object)])) \(log.string(r.qualifier))", default: 0] += 1
        }
        for t in log.eventTypes { types.insert("event \(log.string(t.name)): " + t.attributes.map { "\(log.string($0.name)) \($0.type)" }.sorted().joined(separator: ",")) }
        for t in log.objectTypes { types.insert("object \(log.string(t.name)): " + t.attributes.map { "\(log.string($0.name)) \($0.type)" }.sorted().joined(separator: ",")) }
    }
}
