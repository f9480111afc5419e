import Foundation

/// Small descriptive statistics used by the evidence functions.
public enum Statistics {
    /// Linear-interpolation quantile of sorted values (type 7, as R and numpy).
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let h = Double(sorted.count - 1) * min(max(q, 0), 1)
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The sample standard deviation (n − 1); nil for fewer than two values.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard values.count > 1, let m = mean(values) else { return nil }
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
    }

    /// A share that is 0, not NaN, when there is nothing to share out; the
    /// counts next to it tell the two apart.
    static func share(_ part: Int, of whole: Int) -> Double {
        whole == 0 ? 0 : Double(part) / Double(whole)
    }

    /// The standard normal distribution function Φ.
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Two-sided p-value of an estimate against zero, given its standard error
    /// (normal approximation). A zero standard error gives 1 for a zero
    /// estimate and 0 otherwise: the data leave no doubt either way.
    public static func twoSidedP(estimate: Double, standardError se: Double) -> Double {
        guard se > 0 else { return estimate == 0 ? 1 : 0 }
        return min(1, 2 * (1 - normalCDF(abs(estimate) / se)))
    }

    /// Weighted least-squares line y = a + b·x. Nil with fewer than two
    /// distinct x values carrying weight.
    public static func line(x: [Double], y: [Double], weights w: [Double]) -> (intercept: Double, slope: Double)? {
        var sw = 0.0, sx = 0.0, sy = 0.0
        for i in x.indices where w[i] > 0 { sw += w[i]; sx += w[i] * x[i]; sy += w[i] * y[i] }
        guard sw > 0 else { return nil }
        let mx = sx / sw, my = sy / sw
        var sxx = 0.0, sxy = 0.0
        for i in x.indices where w[i] > 0 {
            sxx += w[i] * (x[i] - mx) * (x[i] - mx)
            sxy += w[i] * (x[i] - mx) * (y[i] - my)
        }
        guard sxx > 1e-12 * max(1, sw) else { return nil }
        let b = sxy / sxx
        return (my - b * mx, b)
    }
}
