@testable import AmbidexLab
import Foundation
import Testing

/// Same rules, same distribution as the executable reference `march1991.py`
/// from ../shared/reference: per Fig. 1 cell, |z| < 3.5 between the two.
@Suite("March model against the Python reference")
struct MarchReferenceTests {
    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/reference/march1991.py")
    }

    static var available: Bool {
        guard FileManager.default.fileExists(atPath: script.path) else { return false }
        return (try? python(["-c", "import numpy"]).status) == 0
    }

    static func python(_ args: [String]) throws -> (status: Int32, out: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("every Fig. 1 cell has the reference's distribution", .enabled(if: available, "../shared/reference/march1991.py or numpy is not available"))
    func sameDistribution() throws {
        let runs = 400
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("march-ref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Self.python([Self.script.path, "--reps", "\(runs)", "--exps", "fig1", "--seed", "7", "--out", dir.path])
        #expect(result.status == 0)
        let csv = try String(contentsOf: dir.appendingPathComponent("march1991_table.csv"), encoding: .utf8)
        let lines = csv.split(whereSeparator: \.isNewline).map { $0.split(separator: ",").map(String.init) }
        let header = lines[0]
        func col(_ name: String) -> Int { header.firstIndex(of: name)! }
        let ours = try MarchRunner.run(MarchExperiment.fig1.cells().cells, runs: runs, periods: nil, seed: 77)
        var worst = 0.0
        for row in lines.dropFirst() {
            let p1 = Double(row[col("p1")])!, p2 = Double(row[col("p2")])!
            let mean = Double(row[col("code_score_mean")])!, sd = Double(row[col("code_score_std")])!
            let cell = try #require(ours.first { abs($0.p1 - p1) < 1e-9 && abs($0.p2 - p2) < 1e-9 })
            let z = (cell.codeScore - mean) / (cell.codeScoreSD * cell.codeScoreSD / Double(runs) + sd * sd / Double(runs)).squareRoot()
            worst = max(worst, abs(z))
        }
        #expect(lines.count == 28)
        #expect(worst < 3.5, "worst |z| \(worst)")
    }
}
