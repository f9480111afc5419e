import AmbidexCore
import Foundation

/// Checks the evidence against the truth it should recover, over generated
/// companies whose standards have random dates and random true effects
/// (`DemoScenario.random`): do the 95 % intervals cover the true effect, are
/// "clearly better/worse" claims rare for standards that do nothing, and
/// does monitoring flag a failing standard soon after its onset?
public enum DemoCalibration {
    /// One standard × metric with an estimate, and the truth over the same orders.
    public struct Case: Sendable, Hashable {
        public let office: Int
        public let standard: StandardID
        public let metric: StandardEffect.Metric
        public let methods: [StandardEffect.Method]
        public let truth: Double
        public let estimate: Estimate
        /// Whether the standard truly did nothing at all.
        public let noEffect: Bool
        /// Whether the report claims clearly better or worse (after the false-discovery control).
        public let claimed: Bool
        public var covered: Bool { estimate.contains(truth) }
    }

    /// The failing standard of one company: when its harm began and when monitoring first flagged it for the worse.
    public struct Detection: Sendable, Hashable {
        public let office: Int
        public let onset: Date
        /// The first signal for the worse on or after the onset.
        public let signal: Date?
        /// Signals for the worse before the onset (false alarms).
        public let earlierSignals: Int
        public var delayDays: Double? { signal.map { $0.timeIntervalSince(onset) / 86_400 } }
    }

    public struct Result: Sendable {
        public let offices: Int
        public let cases: [Case]
        /// Standard × metric pairs the report could not estimate.
        public let cannotTell: Int
        public let detections: [Detection]
        /// Signals for the worse on standards with no effect whose orders no failing standard touches, and the chart-years monitored on them.
        public let falseAlarms: Int
        public let chartYears: Double
        public let falseAlarmsByMetric: [StandardEffect.Metric: Int]

        public var coverage: Double { Double(cases.filter(\.covered).count) / Double(max(1, cases.count)) }
        public var nullCases: [Case] { cases.filter(\.noEffect) }
        public var falseClaimRate: Double { Double(nullCases.filter(\.claimed).count) / Double(max(1, nullCases.count)) }
        /// Share of companies whose failing standard was flagged within `days` of the onset.
        public func detected(within days: Double) -> Double {
            Double(detections.filter { ($0.delayDays ?? .infinity) <= days }.count) / Double(max(1, detections.count))
        }
        public func coverage(of metric: StandardEffect.Metric) -> Double {
            let c = cases.filter { $0.metric == metric }
            return Double(c.filter(\.covered).count) / Double(max(1, c.count))
        }
    }

    /// Generates `offices` companies (scenario and seed `seed + i`), computes
    /// their evidence as the report does, and compares it with the truth.
    /// Runs on `threads` threads; the result is the same for any number.
    public static func run(offices: Int, seed: UInt64 = 2026, orders: Int = 5_200, options: EvidenceReport.Options = .init(),
                           threads: Int = 2, progress: (@Sendable (Int) -> Void)? = nil) -> Result {
        let box = Box(count: offices)
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { _ in
            while true {
                let i = next.take()
                guard i < offices else { return }
                let r = check(office: i, scenario: .random(seed: seed &+ UInt64(i)), seed: seed &+ UInt64(i), orders: orders, options: options)
                box.put(i, r)
                progress?(i)
            }
        }
        let all = box.results.compactMap { $0 }
        return Result(offices: offices, cases: all.flatMap(\.cases), cannotTell: all.reduce(0) { $0 + $1.cannotTell },
                      detections: all.compactMap(\.detection), falseAlarms: all.reduce(0) { $0 + $1.falseAlarms },
                      chartYears: all.reduce(0) { $0 + $1.chartYears },
                      falseAlarmsByMetric: all.reduce(into: [:]) { acc, r in for (m, n) in r.falseAlarmsByMetric { acc[m, default: 0] += n } })
    }

    public struct OfficeCheck: Sendable {
        public let cases: [Case]
        public let cannotTell: Int
        public let detection: Detection?
        public let falseAlarms: Int
        public let chartYears: Double
        public let falseAlarmsByMetric: [StandardEffect.Metric: Int]
        public let effects: [StandardEffect]
    }

    /// One company: its evidence against its truth.
    public static func check(office i: Int, scenario: DemoScenario, seed: UInt64, orders: Int,
                             options: EvidenceReport.Options = .init()) -> OfficeCheck {
        let (office, truth) = DemoCompany.generate(scenario: scenario, seed: seed, orders: orders)
        let asOf = office.asOf
        let index = office.index()
        let effects = StandardEffect.measure(office, asOf: asOf, settings: options.effectSettings, monitoring: options.monitoringSettings,
                                             falseDiscoveryRate: options.falseDiscoveryRate, index: index)
        var cases: [Case] = [], cannotTell = 0, falseAlarms = 0, chartYears = 0.0
        var byMetric: [StandardEffect.Metric: Int] = [:]
        var detection: Detection?
        let harmed = Set(scenario.standards.filter { if case .harm = $0.effect { true } else { false } }.flatMap(\.strategies))
        for e in effects {
            guard let standard = office.standards.first(where: { $0.id == e.standard }) else { continue }
            let slice = EffectObservation.slice(office, design: e.design, scopeUnits: standard.scope.units, asOf: asOf,
                                                unitsByOrder: index.unitsByOrder)
            for m in e.metrics {
                guard let estimate = m.estimate else { cannotTell += 1; continue }
                let after = StandardEffect.treatedAfter(m.metric, design: e.design, observations: slice, asOf: asOf)
                let strata = m.strata.filter { $0.estimate != nil }.map { (orders: after[$0.strategy] ?? [], weight: Double($0.ordersAfter)) }
                guard let t = truth.effect(of: e.standard, on: m.metric, strata: strata) else { continue }
                cases.append(Case(office: i, standard: e.standard, metric: m.metric, methods: m.strata.map(\.method), truth: t,
                                  estimate: estimate, noEffect: truth.hasNoEffect(e.standard),
                                  claimed: m.adjustedVerdict == .better || m.adjustedVerdict == .worse))
            }
            let worse = e.monitoring.flatMap { $0.signals.filter { $0.side == .worse }.map(\.date) }
            if case .harm(let onsetDay, _, _, _, _, _)? = scenario.plan(e.standard)?.effect {
                let onset = DemoCompany.defaultStart.adding(days: onsetDay)
                detection = Detection(office: i, onset: onset, signal: worse.filter { $0 >= onset }.min(),
                                      earlierSignals: worse.filter { $0 < onset }.count)
            } else if truth.hasNoEffect(e.standard), !harmed.contains(where: e.strategies.contains) {
                // A standard that does nothing, on orders no failing standard touches: any signal is a false alarm.
                falseAlarms += worse.count
                for c in e.monitoring { byMetric[c.metric, default: 0] += c.signals.filter { $0.side == .worse }.count }
                for c in e.monitoring {
                    if let first = c.points.first(where: { !$0.baseline })?.week, let last = c.points.last?.week {
                        chartYears += max(0, last.timeIntervalSince(first)) / 86_400 / 365.25
                    }
                }
            }
        }
        return OfficeCheck(cases: cases, cannotTell: cannotTell, detection: detection, falseAlarms: falseAlarms,
                           chartYears: chartYears, falseAlarmsByMetric: byMetric, effects: effects)
    }

    private final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var results: [OfficeCheck?]
        init(count: Int) { results = [OfficeCheck?](repeating: nil, count: count) }
        func put(_ i: Int, _ r: OfficeCheck) { lock.lock(); results[i] = r; lock.unlock() }
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func take() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value - 1 }
    }
}
