/// Control of the false discovery rate across many comparisons
/// (Benjamini & Hochberg 1995).
///
/// The report tests every adopted standard on four metrics: two dozen
/// intervals, of which about one would exclude zero by chance alone at the
/// 95 % level. Benjamini–Hochberg keeps the expected share of false claims
/// among the claims made at or below `q`.
public enum FalseDiscovery {
    /// Adjusted p-values in the input's order (as R's `p.adjust(p, "BH")`):
    /// a claim is made for every test whose adjusted p-value is below `q`.
    public static func adjusted(_ p: [Double]) -> [Double] {
        let m = p.count
        guard m > 0 else { return [] }
        let order = p.indices.sorted { (p[$0], $0) < (p[$1], $1) }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 1.0
        for rank in stride(from: m, through: 1, by: -1) {
            let i = order[rank - 1]
            running = min(running, p[i] * Double(m) / Double(rank))
            adjusted[i] = min(1, running)
        }
        return adjusted
    }
}
