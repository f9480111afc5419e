import Foundation

/// The office's order fulfilment mined per delivery strategy: what the mining
/// page and its JSON show. Whole-office figures like the evidence, so they are
/// computed with the office snapshot (by the mining module, which the core
/// does not depend on) and kept in it; a page reads them, it does not mine.
public struct OfficeMining: Codable, Sendable, Equatable {
    /// The strategies that have orders, in the strategies' order.
    public var strategies: [StrategyMining]
    /// Recurring combinations of customization features across ETO and CTO orders.
    public var candidates: [StandardizationCandidate]
    /// Each adopted standard's orders before and after its adoption, per strategy in its scope.
    public var standards: [StandardChange]
    /// Each imported log's orders mined together, whatever their strategies, by the log's name.
    public var logs: [LogMining]
    /// How long mining took, in seconds (a part of the snapshot's computation).
    public var seconds: Double

    public init(strategies: [StrategyMining], candidates: [StandardizationCandidate], standards: [StandardChange] = [], logs: [LogMining] = [],
                seconds: Double = 0) {
        self.strategies = strategies
        self.candidates = candidates
        self.standards = standards
        self.logs = logs
        self.seconds = seconds
    }

    public func log(named name: String) -> LogMining? { logs.first { $0.log == name } }

    public subscript(strategy: DeliveryStrategy) -> StrategyMining? { strategies.first { $0.strategy == strategy } }
}

/// The orders an imported log brought in, mined as one process: the view of
/// the log a process-mining tool would give, beside the office's own per strategy.
public struct LogMining: Codable, Sendable, Equatable {
    /// The log's file name, as the import recorded it.
    public var log: String
    /// Its orders per delivery strategy (the strategies' codes in lower case).
    public var strategies: [String: Int]
    /// Mined like a strategy's orders; `mined.strategy` is the log's most frequent one.
    public var mined: StrategyMining

    public init(log: String, strategies: [String: Int], mined: StrategyMining) {
        self.log = log
        self.strategies = strategies
        self.mined = mined
    }

    /// At most this many logs are mined with the snapshot (the most recent names first is not known: by name).
    public static let limit = 50
}

/// The orders of one strategy in a standard's scope, received in equal windows
/// before and after its adoption, each side mined alike. Descriptive: the two
/// sides differ in more than the standard (the evidence compares against
/// orders outside the scope); this shows what changed in the process.
public struct StandardChange: Codable, Sendable, Equatable {
    /// The longest window on each side.
    public static let windowDays = 365

    public var standard: StandardID
    public var name: String
    public var adopted: Date
    /// Each side's length: from adoption to the office's date (at most `windowDays`), and as long before.
    public var days: Int
    public var strategy: DeliveryStrategy
    public var before: StrategyMining
    public var after: StrategyMining

    public init(standard: StandardID, name: String, adopted: Date, days: Int, strategy: DeliveryStrategy, before: StrategyMining, after: StrategyMining) {
        self.standard = standard
        self.name = name
        self.adopted = adopted
        self.days = days
        self.strategy = strategy
        self.before = before
        self.after = after
    }
}

/// One delivery strategy's orders as a process: each order a case, its events
/// in their recorded sequence.
public struct StrategyMining: Codable, Sendable, Equatable {
    /// How many edges, variants and unit hand-overs a snapshot keeps, most frequent first.
    public static let edgeLimit = 150, variantLimit = 25, unitHandoverLimit = 20, ordersPerVariant = 100

    public struct Activity: Codable, Sendable, Equatable {
        public var name: String
        public var count: Int
        /// Orders that began / ended with it.
        public var starts: Int
        public var ends: Int
        public init(name: String, count: Int, starts: Int, ends: Int) {
            self.name = name
            self.count = count
            self.starts = starts
            self.ends = ends
        }
    }

    /// a → b directly followed; the time from a's end to b's start.
    public struct Edge: Codable, Sendable, Equatable {
        public var source: String
        public var target: String
        public var count: Int
        public var meanSeconds: Double
        public var medianSeconds: Double
        public init(source: String, target: String, count: Int, meanSeconds: Double, medianSeconds: Double) {
            self.source = source
            self.target = target
            self.count = count
            self.meanSeconds = meanSeconds
            self.medianSeconds = medianSeconds
        }
    }

    public struct Variant: Codable, Sendable, Equatable {
        public var activities: [String]
        public var count: Int
        /// Over the variant's closed orders, first event to last; nil when none is closed.
        public var medianDays: Double?
        /// The first `ordersPerVariant` orders that follow it (for "propose a module").
        public var orders: [OrderID]
        public init(activities: [String], count: Int, medianDays: Double?, orders: [OrderID]) {
            self.activities = activities
            self.count = count
            self.medianDays = medianDays
            self.orders = orders
        }
    }

    /// Work passed from one event's resource to the next event's, within an order.
    public struct Handover: Codable, Sendable, Equatable {
        public var source: String
        public var target: String
        public var count: Int
        public var share: Double
        public init(source: String, target: String, count: Int, share: Double) {
            self.source = source
            self.target = target
            self.count = count
            self.share = share
        }
    }

    /// Durations of the closed orders, first event to last, in days. Open orders
    /// are counted apart: their durations are not known yet (censored).
    public struct Durations: Codable, Sendable, Equatable {
        public var closed: Int
        public var open: Int
        public var mean: Double?
        public var p10: Double?
        public var median: Double?
        public var p90: Double?
        public var max: Double?
        public init(closed: Int, open: Int, mean: Double?, p10: Double?, median: Double?, p90: Double?, max: Double?) {
            self.closed = closed
            self.open = open
            self.mean = mean
            self.p10 = p10
            self.median = median
            self.p90 = p90
            self.max = max
        }
    }

    public struct Rework: Codable, Sendable, Equatable {
        public var activity: String
        public var orders: Int
        public var repetitions: Int
        public init(activity: String, orders: Int, repetitions: Int) {
            self.activity = activity
            self.orders = orders
            self.repetitions = repetitions
        }
    }

    public var strategy: DeliveryStrategy
    public var orders: Int
    public var events: Int
    public var activities: [Activity]
    /// Most frequent first, at most `edgeLimit`; `edgeCount` says how many there are.
    public var edges: [Edge]
    public var edgeCount: Int
    public var variants: [Variant]
    public var variantCount: Int
    public var durations: Durations
    /// Between front and back office (each unit's role on the order).
    public var officeHandover: [Handover]
    /// Between units, most frequent first.
    public var unitHandover: [Handover]
    public var rework: [Rework]

    public init(strategy: DeliveryStrategy, orders: Int, events: Int, activities: [Activity], edges: [Edge], edgeCount: Int,
                variants: [Variant], variantCount: Int, durations: Durations, officeHandover: [Handover], unitHandover: [Handover], rework: [Rework]) {
        self.strategy = strategy
        self.orders = orders
        self.events = events
        self.activities = activities
        self.edges = edges
        self.edgeCount = edgeCount
        self.variants = variants
        self.variantCount = variantCount
        self.durations = durations
        self.officeHandover = officeHandover
        self.unitHandover = unitHandover
        self.rework = rework
    }

    /// The share of hand-overs that cross between front and back office.
    public var crossingShare: Double {
        officeHandover.filter { $0.source != $0.target }.map(\.share).reduce(0, +)
    }
}
