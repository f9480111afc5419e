import AmbidexLog
import Foundation
import Testing

@Suite("Reading CSV with a column mapping")
struct CSVReaderTests {
    @Test("a semicolon export with a BOM, quotes, CRLF, its own time format and interleaved cases")
    func realExport() throws {
        let text = "\u{FEFF}Auftrag;Schritt;Zeit;Benutzer;Werk\r\n"
            + "A-1;\"Anlegen; prüfen\";03.11.2019 01:11;Müller;W1\r\n"
            + "A-2;Anlegen;03.11.2019 02:00;;W2\r\n"
            + "A-1;\"Versand \"\"express\"\"\";04.11.2019 09:30;Schulz;W1\r\n"
        let path = try TemporaryFile.write(text, suffix: ".csv")
        let mapping = try CSVMapping.parse("""
            # the ERP's order export
            case = Auftrag
            activity = Schritt
            timestamp = Zeit
            timestamp-format = %d.%m.%Y %H:%M
            resource = Benutzer
            attributes = Werk
            """)
        let log = try LogReader.readCSV(path: path, mapping: mapping)
        #expect(log.caseCount == 2)
        #expect(log.string(log.caseName[0]) == "A-1")
        #expect(log.events(ofCase: 0).map { log.string(log.activity[$0])! } == ["Anlegen; prüfen", "Versand \"express\""])
        #expect(log.time[0] == Timestamp.parseISO("2019-11-03T01:11:00Z"))
        #expect(log.resource[2] == EventLog.none)
        #expect(log.eventAttributes[0].count == 1)
    }

    @Test("windows-1252 text is decoded when the mapping names the encoding")
    func windows1252() throws {
        var data = Data("case,activity,time\n1,".utf8)
        data.append(contentsOf: [0x50, 0xFC, 0x66, 0x65, 0x6E])   // "Püfen" with ü as 0xFC
        data.append(contentsOf: Array(",2022-01-01T00:00:00Z\n".utf8))
        let path = try TemporaryFile.write(data, suffix: ".csv")
        let mapping = CSVMapping(caseColumn: "case", activityColumn: "activity", timestampColumn: "time", encoding: .windows1252)
        let log = try LogReader.readCSV(path: path, mapping: mapping)
        #expect(log.string(log.activity[0]) == "Püfen")
    }

    @Test("a mapping file with an unknown key or no case column is refused with its line")
    func badMappings() {
        #expect(throws: CSVMappingError.self) { try CSVMapping.parse("case = a\nactivty = b\ntimestamp = c") }
        #expect(throws: CSVMappingError.self) { try CSVMapping.parse("activity = b\ntimestamp = c") }
        #expect(throws: CSVMappingError.self) { try CSVMapping.parse("case = a\nactivity = b\ntimestamp = c\ntimestamp-format = %Q") }
    }

    @Test("time formats: ISO 8601 with offsets, strftime-like patterns, unix seconds")
    func timeFormats() throws {
        #expect(Timestamp.parseISO("2011-04-13T14:02:31.199+02:00") == Timestamp.parseISO("2011-04-13T12:02:31.199Z"))
        #expect(Timestamp.parseISO("2020-02-30T00:00:00Z") == nil)
        #expect(Timestamp.parseISO("2022-01-09 15:00:00", naiveOffsetSeconds: 3600) == Timestamp.parseISO("2022-01-09T14:00:00Z"))
        #expect(try TimeFormat("%m/%d/%Y %I:%M %p").parse("11/03/2019 01:05 PM") == Timestamp.parseISO("2019-11-03T13:05:00Z"))
        #expect(try TimeFormat("%d %b %Y").parse("3 Nov 2019") == Timestamp.parseISO("2019-11-03T00:00:00Z"))
        #expect(try TimeFormat("%d.%m.%Y").parse("31.02.2019") == nil)
        #expect(try TimeFormat("%d %b %Y").parse("03 Nov 2019") == Timestamp.parseISO("2019-11-03T00:00:00Z"))
        #expect(try TimeFormat("unix").parse("1572743479") == Timestamp.parseISO("2019-11-03T01:11:19Z"))
        #expect(Timestamp.iso(Timestamp.parseISO("2019-11-03T01:11:19.5Z")!) == "2019-11-03T01:11:19.500Z")
    }
}
