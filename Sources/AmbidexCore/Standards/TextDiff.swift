/// A line-by-line difference between two texts, as a reader compares two
/// versions of a standard: the lines both keep, those removed and those added,
/// in reading order (longest common subsequence).
public enum TextDiff {
    public enum Change: String, Sendable, Hashable { case same, removed, added }

    public struct Line: Sendable, Hashable {
        public let change: Change
        public let text: String
    }

    /// Texts longer than this many lines are compared as wholes (removed, then added).
    public static let lineLimit = 3_000

    public static func lines(_ old: String, _ new: String) -> [Line] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard a.count <= lineLimit, b.count <= lineLimit else {
            return a.map { Line(change: .removed, text: $0) } + b.map { Line(change: .added, text: $0) }
        }
        let n = a.count, m = b.count
        // lengths[i][j]: the longest common subsequence of a[i...] and b[j...].
        var lengths = [[Int32]](repeating: [Int32](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var out: [Line] = []
        var i = 0, j = 0
        while i < n, j < m {
            if a[i] == b[j] {
                out.append(Line(change: .same, text: a[i])); i += 1; j += 1
            } else if lengths[i + 1][j] >= lengths[i][j + 1] {
                out.append(Line(change: .removed, text: a[i])); i += 1
            } else {
                out.append(Line(change: .added, text: b[j])); j += 1
            }
        }
        out += a[i...].map { Line(change: .removed, text: $0) }
        out += b[j...].map { Line(change: .added, text: $0) }
        return out
    }
}
