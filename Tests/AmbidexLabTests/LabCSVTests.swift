import AmbidexLab
import Testing

@Suite("Lab results as CSV")
struct LabCSVTests {
    @Test("text cells are quoted when needed and never read as formulas")
    func fields() {
        #expect(LabCSV.field("rotation 0.3") == "rotation 0.3")
        #expect(LabCSV.field("a,b") == "\"a,b\"")
        #expect(LabCSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(LabCSV.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(LabCSV.field("-1+1") == "'-1+1")
        #expect(LabCSV.field("@SUM") == "'@SUM")
        #expect(LabCSV.field("\t=1") == "'\t=1")
        #expect(LabCSV.field("\r=1") == "\"'\r=1\"")
    }

    @Test("Fig. 1 has a row per cell with March's value and the difference; turbulence a row per cell and period")
    func march() throws {
        let fig1 = try MarchRequest(figure: .fig1, runs: 5, seed: 3).run(threads: 1)
        let rows = LabCSV.march(fig1).split(separator: "\n")
        #expect(rows.count == 28)
        let first = rows[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(first.count == 18 && first[0] == "0.1000" && first[1] == "0.1000" && first[16] == "0.8590")
        let turbulence = try MarchRequest(figure: .turbulence, runs: 3, seed: 3).run(threads: 1)
        #expect(LabCSV.march(turbulence).split(separator: "\n").count == 1 + 2 * 101)
    }

    @Test("a policy named like a formula is defused in the COBC CSV")
    func cobc() throws {
        var p = CobcPolicy()
        p.name = "=cmd|' /C calc'!A0"
        let o = try CobcExperiment(policies: [p], runs: 3, periods: 4, seed: 1).run(threads: 1)
        let rows = LabCSV.cobc(o).split(separator: "\n")
        #expect(rows.dropFirst().allSatisfy { $0.hasPrefix("'=cmd") })
        #expect(rows[0].hasPrefix("policy,period,code_knowledge,code_knowledge_sd"))
    }
}
