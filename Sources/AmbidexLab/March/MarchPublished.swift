/// March's published values, digitised from the 1991 figures (±0.003).
public enum MarchPublished {
    public static let p1Grid = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    public static let p2Grid = [0.1, 0.5, 0.9]

    /// Fig. 1: equilibrium code knowledge (score), M = 30, N = 50; p2 → values at p1 = .1 … .9.
    public static let fig1: [Double: [Double]] = [
        0.9: [0.979, 0.952, 0.913, 0.889, 0.854, 0.803, 0.768, 0.742, 0.749],
        0.5: [0.957, 0.921, 0.874, 0.836, 0.796, 0.777, 0.779, 0.751, 0.744],
        0.1: [0.859, 0.815, 0.802, 0.786, 0.799, 0.815, 0.804, 0.801, 0.792],
    ]

    public static func fig1(p1: Double, p2: Double) -> Double? {
        guard let row = fig1[p2], let j = p1Grid.firstIndex(where: { abs($0 - p1) < 1e-9 }) else { return nil }
        return row[j]
    }

    /// Fig. 3: period-20 knowledge by fraction of fast (p1 = .9) learners, p2 = .5.
    public static let fig3Fractions = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    public static let fig3Code: [Double] = [0.770, 0.770, 0.782, 0.775, 0.774, 0.781, 0.752, 0.749, 0.745, 0.744, 0.730]
    public static let fig3Fast: [Double?] = [nil, 0.756, 0.760, 0.758, 0.760, 0.770, 0.744, 0.743, 0.737, 0.729, 0.730]
    public static let fig3Average: [Double] = [0.480, 0.538, 0.561, 0.587, 0.613, 0.652, 0.653, 0.669, 0.694, 0.704, 0.730]
    public static let fig3Slow: [Double?] = [0.480, 0.512, 0.511, 0.516, 0.516, 0.533, 0.519, 0.515, 0.524, 0.526, nil]
}
