@testable import AmbidexCore
import Foundation
import Testing

@Suite("Monitoring a standard after adoption (CUSUM by delivery week)")
struct MonitoringTests {
    typealias F = EvidenceFixtures

    /// Six MTS orders a day with a rework rate of 0.2 (seeded), from day 0;
    /// the standard is adopted on day 30 and, from `onset`, doubles the
    /// rework rate on its orders.
    func office(onset: Double? = nil, days: Double = 500) -> LearningOffice {
        var b = OfficeBuilder()
        var rng = SeededGenerator(seed: 11)
        var n = 0
        var day = 0.0
        while day < days {
            for k in 0..<6 {
                n += 1
                let received = day + Double(k) / 6
                let rate = onset.map { received >= $0 ? 0.6 : 0.2 } ?? 0.2
                let rework = rng.chance(rate) ? (rng.chance(0.3) ? 2 : 1) : 0
                b.order("O-\(n)", .mts, received: received, due: received + 5, closed: received + 3 + rng.unit(), rework: rework,
                        feedback: rng.chance(0.5) ? 4 : nil)
            }
            day += 1
        }
        b.office.standards = [F.standard("S-pack", strategies: [.mts], adopted: 30)]
        return b.office
    }

    func charts(_ o: LearningOffice, asOf: Double = 500, changes: [OfficeChange]? = nil) -> [MonitoringChart] {
        let s = o.standards[0]
        let slice = EffectObservation.monitoringSlice(o, standard: s, asOf: F.d(asOf), unitsByOrder: [:])
        return Monitoring.charts(s, observations: slice, asOf: F.d(asOf), changes: changes ?? OfficeChange.calendar(o.standards, asOf: F.d(asOf)))
    }

    @Test("a standard that keeps working raises no signal for the worse")
    func quiet() {
        let all = charts(office())
        #expect(all.map(\.metric) == StandardEffect.Metric.allCases)
        #expect(all.allSatisfy { $0.firstWorse == nil })
        let rework = all[2]
        #expect(rework.segments.count == 1 && rework.segments[0].reason.hasPrefix("adoption"))
        #expect(rework.points.contains { $0.baseline } && rework.points.contains { !$0.baseline })
    }

    @Test("a harm that starts later is flagged within weeks of its onset, and the signal is a change for other standards")
    func harm() throws {
        let o = office(onset: 300)
        let rework = charts(o)[2]
        let signal = try #require(rework.firstWorse)
        #expect(signal.date > F.d(300) && signal.date < F.d(300 + 28), "\(signal.date.isoDay)")
        let effects = StandardEffect.measure(o, asOf: F.d(500))
        #expect(effects[0].firstWorseSignal?.metric == .reworkCount)
        #expect(StandardEffect.signalChanges(o.standards[0], charts: effects[0].monitoring).contains { $0.date == signal.date })
        let item = try #require(Monitoring.explorationItem(for: o.standards[0], signal: signal, metric: .reworkCount, unit: "U-log"))
        #expect(item.origin == .failingStandard("S-pack") && item.orientation == .explorative && item.acquiredAt == signal.date)
    }

    @Test("another standard adopted for the same orders starts a new baseline: a deliberate change is not a signal")
    func knownChange() {
        var o = office(onset: 300)
        o.standards.append(F.standard("S-new", strategies: [.mts], adopted: 290))
        let rework = charts(o)[2]
        #expect(rework.segments.count == 2)
        #expect(rework.segments[1].reason.contains("adoption of S-new"))
        // The new baseline takes in the higher rework as the new level: no signal for the worse.
        #expect(rework.firstWorse == nil)
    }

    @Test("before the baseline is complete, the chart says so instead of signalling")
    func tooEarly() {
        let rework = charts(office(days: 100), asOf: 100)[2]
        #expect(rework.points.isEmpty)
        #expect(rework.note?.contains("not complete yet") == true)
    }
}

@Suite("Signals shared by standards on the same orders")
struct SharedSignalTests {
    @Test("two standards on the same strategy flagged at about the same time name each other; one on other orders does not")
    func shared() {
        var o = MonitoringTests().office(onset: 300)
        o.standards.append(EvidenceFixtures.standard("S-label", strategies: [.mts], adopted: 40))
        o.standards.append(EvidenceFixtures.standard("S-cto", strategies: [.cto], adopted: 40))
        let effects = StandardEffect.measure(o, asOf: OfficeBuilder.d(500))
        let shared = StandardEffect.sharedSignals(effects)
        #expect(shared["S-pack"] == ["S-label"] && shared["S-label"] == ["S-pack"])
        #expect(shared["S-cto"] == nil)
    }
}
