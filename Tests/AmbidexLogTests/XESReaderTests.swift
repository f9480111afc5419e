import AmbidexLog
import Foundation
import Testing

@Suite("Reading XES")
struct XESReaderTests {
    @Test("a small XES log reads into columns, with times in UTC and every attribute type")
    func smallLog() throws {
        let path = try TemporaryFile.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <log xes.version="1.0">
              <string key="creator" value="test"/>
              <trace>
                <string key="concept:name" value="case &amp; 1"/>
                <int key="priority" value="3"/>
                <event>
                  <string key="concept:name" value="register"/>
                  <date key="time:timestamp" value="2020-01-01T10:00:00.500+02:00"/>
                  <string key="org:resource" value="Ann"/>
                  <string key="lifecycle:transition" value="complete"/>
                  <float key="cost" value="12.5"/>
                  <boolean key="urgent" value="true"/>
                  <id key="ref" value="a-1"/>
                  <list key="parts"><values><string key="p" value="x"/><int key="q" value="2"/></values></list>
                  <container key="box"><string key="inner" value="y"/></container>
                </event>
                <event>
                  <string key="concept:name" value="check"/>
                  <date key="time:timestamp" value="2020-01-01T09:00:00Z"/>
                </event>
              </trace>
            </log>
            """, suffix: ".xes")
        let log = try LogReader.readXES(path: path)
        #expect(log.caseCount == 1)
        #expect(log.eventCount == 2)
        #expect(log.string(log.caseName[0]) == "case & 1")
        #expect(log.string(log.activity[0]) == "register")
        #expect(log.time[0] == Timestamp.parseISO("2020-01-01T08:00:00.5Z"))
        #expect(log.string(log.resource[0]) == "Ann")
        #expect(log.resource[1] == EventLog.none)
        #expect(log.string(log.lifecycle[0]) == "complete")
        let attributes = Array(log.eventAttributes[0])
        #expect(attributes.count == 5)
        #expect(attributes.contains { $0.value == .float(12.5) })
        #expect(attributes.contains { $0.value == .bool(true) })
        let list = attributes.first { $0.value == .list }
        #expect(list?.children.count == 2)
        #expect(log.caseAttributes[0].first?.value == .int(3))
        #expect(log.logAttributes.count == 1)
    }

    @Test("a log of more text than the reader takes is refused, a gzip file once inflated")
    func textLimit() throws {
        let text = "<log>" + (0..<200).map { "<trace><string key=\"concept:name\" value=\"c\($0)\"/></trace>" }.joined() + "</log>"
        let path = try TemporaryFile.write(text, suffix: ".xes")
        var options = ReadOptions()
        options.maxBytes = 1_000
        #expect { try LogReader.readXES(path: path, options: options) } throws: { "\($0)".contains("more than") && "\($0)".contains(path) }
        options.maxBytes = 1_000_000
        #expect(try LogReader.readXES(path: path, options: options).caseCount == 200)
        guard SharedLogs.available else { return }
        options.maxBytes = 2_000_000 // receipt.xes.gz is 211 kB, and several MB once inflated
        #expect { try LogReader.readXES(path: SharedLogs.path("receipt.xes.gz"), options: options) } throws: { "\($0)".contains("once inflated") }
    }

    @Test("gzip, plain and the same text give the same log")
    func gzipEqualsPlain() throws {
        guard SharedLogs.available else { return }
        let gz = try LogReader.readXES(path: SharedLogs.path("receipt.xes.gz"))
        let plain = try TemporaryFile.gunzip(SharedLogs.path("receipt.xes.gz"))
        #expect(try LogReader.readXES(path: plain) == gz)
        #expect(gz.caseCount == 1434)
        #expect(gz.eventCount == 8577)
    }

    @Test("the shared logs read with the sizes their README gives")
    func sharedLogs() throws {
        guard SharedLogs.available else { return }
        let running = try LogReader.readXES(path: SharedLogs.path("running-example.xes"))
        #expect((running.caseCount, running.eventCount) == (6, 42))
        let production = try LogReader.readXES(path: SharedLogs.path("production.xes.gz"))
        #expect((production.caseCount, production.eventCount) == (225, 9906))
        // -05:00 offsets become UTC: the first event is 2012-01-29T23:24:00-05:00.
        #expect(production.time[0] == Timestamp.parseISO("2012-01-30T04:24:00Z"))
        let toy = try LogReader.readXES(path: SharedLogs.path("orders_toy.xes.gz"))
        #expect(toy.caseCount == 17)
        // time:timestamp stored as a string ("2019/11/03 01:11:19.000"), read as naive UTC.
        #expect(toy.time[0] == Timestamp.parseISO("2019-11-03T01:11:19Z"))
    }
}
