/// Summary of durations in seconds, as pm4py's performance DFG aggregates
/// them: mean, median, min, max, sum and the sample standard deviation
/// (n − 1; nil for a single value, where pandas gives NaN).
public struct DurationStatistics: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    public var median: Double
    public var min: Double
    public var max: Double
    public var sum: Double
    public var stdev: Double?

    public init(_ values: [Double]) {
        precondition(!values.isEmpty)
        let sorted = values.sorted()
        count = sorted.count
        // Compensated summation, as pandas' group-by sum and mean use.
        var s = 0.0, c = 0.0
        for v in values {
            let y = v - c
            let t = s + y
            c = (t - s) - y
            s = t
        }
        sum = s
        mean = s / Double(count)
        median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
        min = sorted[0]
        max = sorted[count - 1]
        if count > 1 {
            // Welford, as pandas' group-by var.
            var m = 0.0, m2 = 0.0
            for (i, v) in values.enumerated() {
                let delta = v - m
                m += delta / Double(i + 1)
                m2 += delta * (v - m)
            }
            stdev = (m2 / Double(count - 1)).squareRoot()
        } else {
            stdev = nil
        }
    }
}
