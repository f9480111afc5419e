/// xoshiro256** — the lab's generator: a few cycles a draw, 256 bits of
/// state, and seeded per run from (seed, cell, run) so that results do not
/// depend on how many threads share the work.
@usableFromInline
struct Xoshiro: Sendable {
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    @inlinable
    init(seed: UInt64) {
        var z = seed
        func splitmix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var r = x
            r = (r ^ (r >> 30)) &* 0xBF58_476D_1CE4_E5B9
            r = (r ^ (r >> 27)) &* 0x94D0_49BB_1331_11EB
            return r ^ (r >> 31)
        }
        s0 = splitmix(&z); s1 = splitmix(&z); s2 = splitmix(&z); s3 = splitmix(&z)
    }

    /// The seed of run `run` of cell `cell` in an experiment seeded with `seed`.
    @inlinable
    static func runSeed(_ seed: UInt64, cell: Int, run: Int) -> UInt64 {
        var x = seed ^ (UInt64(truncatingIfNeeded: cell) &* 0xD6E8_FEB8_6659_FD93)
        x ^= UInt64(truncatingIfNeeded: run) &* 0xA076_1D64_78BD_642F
        x = (x ^ (x >> 32)) &* 0xE703_7ED1_A0B4_28DB
        return x ^ (x >> 29)
    }

    @inlinable @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Each set bit of `candidates` kept with probability `threshold`/2⁶⁴: one draw per candidate, lowest first.
    @inlinable @inline(__always)
    mutating func select(_ candidates: UInt64, threshold: UInt64) -> UInt64 {
        var rest = candidates, chosen: UInt64 = 0
        while rest != 0 {
            let bit = rest & (0 &- rest)
            rest &= rest - 1
            if next() < threshold { chosen |= bit }
        }
        return chosen
    }

    /// A value in 0..<3, for a uniform belief in {−1, 0, +1}.
    @inlinable @inline(__always)
    mutating func three() -> Int { Int(((next() >> 32) &* 3) >> 32) }
}

/// A probability as a 64-bit threshold: `rng.next() < threshold` happens with
/// that probability, with no floating point in the inner loop.
@inlinable
func threshold(_ p: Double) -> UInt64 {
    if p <= 0 { return 0 }
    if p >= 1 { return .max }
    return UInt64(p * 18_446_744_073_709_551_616.0)
}
