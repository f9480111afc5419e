@testable import AmbidexCore
import Foundation
import Testing

@Suite("The evidence report")
struct EvidenceReportTests {
    typealias F = EvidenceFixtures

    /// Ten CTO orders over two quarters, with events, reflections, a used
    /// knowledge item and an adopted standard: every part has something to say.
    func office() -> LearningOffice {
        var b = OfficeBuilder()
        for i in 0..<10 {
            let day = Double(i * 15)
            b.order("O-\(i)", .cto, received: day, closed: day + 10)
            b.event("O-\(i)", "U-eng", at: day + 1, contact: true)
            b.event("O-\(i)", "U-prod", at: day + 2, contact: false)
            b.reflection("R-\(i)", .inAction, at: day + 3, orders: ["O-\(i)"], units: ["U-eng", "U-prod"],
                         logic: i.isMultiple(of: 2) ? .developmental : .executional)
        }
        b.office.knowledgeItems = [F.item("K-1", role: .front, strategy: .eto, uses: [("U-prod", .back, .cto, 20)], exploitedAfter: 30)]
        var s = F.standard("S-1", strategies: [.cto], adopted: 70)
        F.apply(&s, to: "O-5", in: b.office, at: 76)
        b.office.standards = [s]
        return b.office
    }

    @Test("gathers every part, as each function computes it on its own")
    func parts() {
        let o = office(), asOf = F.d(200)
        var options = EvidenceReport.Options()
        options.minimumOrdersPerUnit = 2
        options.minimumOrdersPerSide = 3
        options.recentPeriods = 2
        let r = EvidenceReport.make(office: o, asOf: asOf, options: options)
        #expect(r.office == "Test office" && r.asOf == asOf && r.options == options)
        #expect(r.orders == 10 && r.openOrders == 0)
        #expect(r.coverage == Coverage.byStrategy(o, asOf: asOf))
        #expect(r.ambidexterity == Ambidexterity.overall(o, asOf: asOf, minimumOrders: 2))
        #expect(r.periods.map(\.label) == ["2025-Q2", "2025-Q3"])
        #expect(r.ambidexterityByPeriod == Ambidexterity.perUnit(o, periods: r.periods, asOf: asOf, minimumOrders: 2))
        #expect(r.knowledgeFlow == KnowledgeFlow.measure(o, asOf: asOf))
        #expect(r.ambidexterityByStrategy == Ambidexterity.byStrategy(o, asOf: asOf, minimumOrders: 2))
        #expect(r.cycleTime == CycleTime.measure(o, asOf: asOf))
        #expect(r.standardEffects == StandardEffect.measure(o, asOf: asOf, settings: options.effectSettings, monitoring: options.monitoringSettings))
        #expect(options.effectSettings.minimumOrdersPerSide == 3)
        let lead = r.standardEffects.first?.metric(.leadTimeDays)?.strata.first
        #expect(lead.map { ($0.ordersBefore, $0.ordersAfter) } ?? (0, 0) == (5, 5))
        #expect(r.coverageRule == Coverage.specificRule(maxOrders: 3))
    }

    @Test("without an as-of date, the office's last recorded moment is used")
    func defaultAsOf() {
        let o = office()
        let r = EvidenceReport.make(o)
        #expect(r.asOf == o.asOf)
        #expect(r.asOf == F.d(145))
    }

    @Test("the JSON carries the derived figures (shares, balance, combined, difference, verdict) and decodes back")
    func json() throws {
        let r = EvidenceReport.make(office: office(), asOf: F.d(200))
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(r)
        let text = String(decoding: data, as: UTF8.self)
        for key in ["\"learningFor\"", "\"learningFrom\"", "\"retrospectiveOnly\"", "\"intensity\"", "\"balance\"", "\"combined\"",
                    "\"gap\"", "\"judgement\"", "\"verdict\"", "\"adjustedVerdict\"", "\"eventStudy\"", "\"monitoring\"", "\"design\"",
                    "\"between\"", "\"quartilesAmongExploited\"", "\"periods\"", "\"coverageRule\""] {
            #expect(text.contains(key), "missing \(key)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let back = try decoder.decode(EvidenceReport.self, from: data)
        #expect(back.coverage == r.coverage && back.ambidexterity == r.ambidexterity && back.standardEffects == r.standardEffects)
        #expect(back.cycleTime == r.cycleTime)
    }

    @Test("options decode with defaults for missing keys, so saved settings survive new options")
    func options() throws {
        let decoded = try JSONDecoder().decode(EvidenceReport.Options.self, from: Data(#"{"recentPeriods": 2, "cusumThreshold": 6}"#.utf8))
        var expected = EvidenceReport.Options()
        expected.recentPeriods = 2
        expected.cusumThreshold = 6
        #expect(decoded == expected)
        #expect(try JSONDecoder().decode(EvidenceReport.Options.self, from: Data("{}".utf8)) == EvidenceReport.Options())
    }

    @Test("an empty office gives an empty report, not a crash")
    func empty() {
        let r = EvidenceReport.make(office: OfficeBuilder().office, asOf: F.d(0))
        #expect(r.orders == 0 && r.openOrders == 0)
        #expect(r.coverage.count == 5)
        #expect(r.ambidexterity.isEmpty && r.ambidexterityByPeriod.isEmpty)
        #expect(r.standardEffects.isEmpty)
        #expect(r.cycleTime.all.exploited == 0)
    }
}
