import Foundation

// libFuzzer entry for the log readers, compiled into the AmbidexLog module
// by Fuzz/run.sh. AMBIDEX_FUZZ_READER picks the reader: xes, ocel-json,
// ocel-xml, ocel-sqlite or csv. A reader may refuse any input with a
// LogError; a crash, a hang or runaway memory is a bug.

private let reader = ProcessInfo.processInfo.environment["AMBIDEX_FUZZ_READER"] ?? "xes"
private let path: String = {
    let ext = ["xes": "xes", "ocel-json": "jsonocel", "ocel-xml": "xmlocel", "ocel-sqlite": "sqlite", "csv": "csv"][reader] ?? "xes"
    return "/dev/shm/ambidex-fuzz-\(getpid()).\(ext)"
}()
private let mapping = CSVMapping(caseColumn: "case", activityColumn: "activity", timestampColumn: "time", resourceColumn: "resource",
                                 attributeColumns: ["*"])
/// CSV inputs are read in every encoding: which one follows from the input's length, so each input always gets the same.
private let encodings: [CSVEncoding] = [.utf8, .utf16, .utf16LE, .utf16BE, .latin1, .windows1252]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReaders(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return 0 }
    _ = write(fd, data, size)
    close(fd)
    do {
        switch reader {
        case "ocel-json": _ = try LogReader.readOCEL(path: path, format: .ocelJSON)
        case "ocel-xml": _ = try LogReader.readOCEL(path: path, format: .ocelXML)
        case "ocel-sqlite": _ = try LogReader.readOCEL(path: path, format: .ocelSQLite)
        case "csv":
            var m = mapping
            m.encoding = encodings[size % encodings.count]
            _ = try LogReader.readCSV(path: path, mapping: m)
        default: _ = try LogReader.readXES(path: path)
        }
    } catch is LogError {
    } catch {
        fatalError("a reader threw something other than a LogError: \(error)")
    }
    return 0
}
