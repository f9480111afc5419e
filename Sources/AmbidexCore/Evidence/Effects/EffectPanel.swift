import Foundation

/// The orders of one standard's slice for one metric, sorted once into
/// cells — stratum or comparison, before or after, month relative to the
/// adoption — so that a bootstrap replicate only re-weights them (a weight
/// per calendar week) instead of copying orders.
struct EffectPanel {
    static let monthDays = 365.25 / 12

    struct Cell {
        var blocks: [Int] = []
        /// Lead time: days (sorted ascending); on time: 0/1; rework: count; feedback: score (0 when none).
        var values: [Double] = []
        /// Lead time: closed (not censored); feedback: answered.
        var events: [Bool] = []
        /// Feedback: which lateness/rework pattern the order had.
        var patterns: [Int] = []
        var orders: [OrderID] = []
        var count: Int { values.count }
        /// Calendar weeks the cell's orders fall in.
        var weeks: Int { Set(blocks).count }
        /// For the means: the cell summed per block (and per answer pattern), so a
        /// replicate weighs a few block sums instead of every order.
        var sums: [(block: Int, pattern: Int, sum: Double, count: Double)] = []

        mutating func summarize(answeredOnly: Bool) {
            var byKey: [Int: (Double, Double)] = [:]
            for i in values.indices where !answeredOnly || events[i] {
                let key = blocks[i] * 4 + patterns[i]
                byKey[key, default: (0, 0)].0 += values[i]
                byKey[key, default: (0, 0)].1 += 1
            }
            sums = byKey.keys.sorted().map { ($0 / 4, $0 % 4, byKey[$0]!.0, byKey[$0]!.1) }
        }
    }

    struct Group {
        var before = Cell(), after = Cell()
        var months: [Int: Cell] = [:]
    }

    struct Stratum {
        let strategy: DeliveryStrategy
        var treated = Group()
        var comparisons: [(strategy: DeliveryStrategy, group: Group)] = []
        /// Fixed weights of the comparison strategies (their orders on both sides).
        var comparisonWeights: [Double] = []
    }

    let metric: StandardEffect.Metric
    let adopted: Date
    var strata: [Stratum] = []
    /// Feedback only: per block, strategy and pattern, how many orders of the population there are and how many got an answer —
    /// to estimate how often each pattern is answered under a replicate's weights.
    var responses: [(block: Int, strategy: Int, pattern: Int, all: Double, answered: Double)] = []

    /// Sorts `observations` (with their bootstrap block) into cells for `metric`.
    init(metric: StandardEffect.Metric, design: EffectDesign, observations: [EffectObservation], blocks: [Int], asOf: Date,
         completeBefore: [DeliveryStrategy: Date]) {
        self.metric = metric
        adopted = design.adoptedAt
        var contributions: [(index: Int, value: Double?, event: Bool, pattern: Int)?] = []
        contributions.reserveCapacity(observations.count)
        var answers: [Int: (Double, Double)] = [:]
        for (i, o) in observations.enumerated() {
            let c = metric.contribution(of: o, asOf: asOf, completeBefore: completeBefore[o.strategy] ?? asOf)
            contributions.append(c.map { (i, $0.value, $0.event, $0.pattern) })
            if metric == .feedbackScore, let c {
                let key = (blocks[i] * 8 + o.strategy.customizationRank) * 4 + c.pattern
                answers[key, default: (0, 0)].0 += 1
                if c.event { answers[key, default: (0, 0)].1 += 1 }
            }
        }
        responses = answers.keys.sorted().map { ($0 / 32, ($0 / 4) % 8, $0 % 4, answers[$0]!.0, answers[$0]!.1) }
        for s in design.strata where s.blocker == nil {
            var stratum = Stratum(strategy: s.strategy)
            var comparisons = Dictionary(uniqueKeysWithValues: s.comparison.map { ($0, Group()) })
            for case let (i, value, event, pattern)? in contributions {
                let o = observations[i]
                guard o.received >= s.start, o.received < s.end else { continue }
                let entry = (blocks[i], value ?? 0, event, pattern, o.order)
                if o.strategy == s.strategy {
                    guard o.inUnitScope else { continue }
                    Self.add(entry, at: o.received, to: &stratum.treated, adopted: adopted)
                } else if comparisons[o.strategy] != nil {
                    Self.add(entry, at: o.received, to: &comparisons[o.strategy]!, adopted: adopted)
                }
            }
            stratum.comparisons = s.comparison.map { ($0, comparisons[$0]!) }
            stratum.comparisonWeights = stratum.comparisons.map { Double($0.group.before.count + $0.group.after.count) }
            if metric == .leadTimeDays {
                Self.sortByTime(&stratum.treated)
                for k in stratum.comparisons.indices { Self.sortByTime(&stratum.comparisons[k].group) }
            } else {
                Self.summarize(&stratum.treated, answeredOnly: metric == .feedbackScore)
                for k in stratum.comparisons.indices { Self.summarize(&stratum.comparisons[k].group, answeredOnly: metric == .feedbackScore) }
            }
            strata.append(stratum)
        }
    }

    static func month(of date: Date, adopted: Date) -> Int {
        Int((date.timeIntervalSince(adopted) / 86_400 / monthDays).rounded(.down))
    }

    private static func add(_ e: (block: Int, value: Double, event: Bool, pattern: Int, order: OrderID), at date: Date, to group: inout Group, adopted: Date) {
        func put(_ cell: inout Cell) {
            cell.blocks.append(e.block)
            cell.values.append(e.value)
            cell.events.append(e.event)
            cell.patterns.append(e.pattern)
            cell.orders.append(e.order)
        }
        if date < adopted { put(&group.before) } else { put(&group.after) }
        put(&group.months[month(of: date, adopted: adopted), default: Cell()])
    }

    private static func summarize(_ group: inout Group, answeredOnly: Bool) {
        group.before.summarize(answeredOnly: answeredOnly)
        group.after.summarize(answeredOnly: answeredOnly)
        for k in group.months.keys { group.months[k]!.summarize(answeredOnly: answeredOnly) }
    }

    private static func sortByTime(_ group: inout Group) {
        func sort(_ c: inout Cell) {
            let order = KaplanMeier.sorted(times: c.values, events: c.events)
            c = Cell(blocks: order.map { c.blocks[$0] }, values: order.map { c.values[$0] },
                     events: order.map { c.events[$0] }, patterns: order.map { c.patterns[$0] }, orders: order.map { c.orders[$0] })
        }
        sort(&group.before)
        sort(&group.after)
        for k in group.months.keys { sort(&group.months[k]!) }
    }

    // MARK: statistics of a cell under a replicate's week weights

    /// How often each strategy × pattern was answered, under the weights.
    func responseRates(_ w: [Double]) -> [[Double]] {
        var answered = [[Double]](repeating: [0, 0, 0, 0], count: DeliveryStrategy.allCases.count)
        var all = answered
        for r in responses {
            let weight = w[r.block]
            all[r.strategy][r.pattern] += weight * r.all
            answered[r.strategy][r.pattern] += weight * r.answered
        }
        for s in all.indices { for p in 0..<4 { answered[s][p] = all[s][p] > 0 ? answered[s][p] / all[s][p] : 0 } }
        return answered
    }

    /// The cell's statistic under week weights `w`; nil when it has none
    /// (no weight, or a median that the censoring leaves unreached).
    func statistic(_ c: Cell, strategy: DeliveryStrategy, _ w: [Double], rates: [[Double]]) -> Double? {
        switch metric {
        case .leadTimeDays:
            return KaplanMeier.quantile(0.5, times: c.values, events: c.events, blocks: c.blocks, blockWeights: w)
        case .onTimeRate, .reworkCount:
            var sum = 0.0, weight = 0.0
            for e in c.sums {
                sum += w[e.block] * e.sum
                weight += w[e.block] * e.count
            }
            return weight > 0 ? sum / weight : nil
        case .feedbackScore:
            // Hájek inverse-probability weighting of the answers (Horvitz & Thompson 1952).
            let r = rates[strategy.customizationRank]
            var sum = 0.0, weight = 0.0
            for e in c.sums {
                let p = r[e.pattern]
                guard p > 0 else { continue }
                sum += w[e.block] * e.sum / p
                weight += w[e.block] * e.count / p
            }
            return weight > 0 ? sum / weight : nil
        }
    }

    /// Share of the cell's orders whose customer answered (feedback only).
    static func answered(_ c: Cell) -> Double? { c.count == 0 ? nil : Double(c.events.filter { $0 }.count) / Double(c.count) }
}
