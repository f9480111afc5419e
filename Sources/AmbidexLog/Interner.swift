/// Interns byte strings into dense ids while a log is read: every distinct
/// activity, resource, case name or attribute value is stored once. An
/// open-addressing table over raw bytes, so the hot path builds no `String`.
final class Interner {
    private var bytes: [UInt8] = []
    private var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    private var slots: [Int32]
    private var mask: Int
    /// Bytes that are not UTF-8 are refused on first sight, so every id names valid text.
    private(set) var invalidUTF8 = false

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        bytes.reserveCapacity(capacity * 16)
    }

    var count: Int { hashes.count }

    @inline(__always)
    static func hash(_ p: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(p.count)
        var i = 0
        let n = p.count
        while i + 8 <= n {
            let w = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { w |= UInt64(p[i]) << shift; shift += 8; i += 1 }
            h = (h ^ w) &* 0xC4CE_B9FE_1A85_EC53
        }
        h ^= h >> 29
        return h
    }

    /// The id of these bytes, adding them if new; nil when they are not UTF-8.
    @inline(__always)
    func intern(_ p: UnsafeRawBufferPointer) -> Int32? {
        let h = Interner.hash(p)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if hashes[Int(id)] == h {
                let start = offsets[Int(id)], end = offsets[Int(id) + 1]
                if end - start == p.count {
                    let same = bytes.withUnsafeBytes { all in
                        p.count == 0 || memcmp(all.baseAddress! + start, p.baseAddress!, p.count) == 0
                    }
                    if same { return id }
                }
            }
            slot = (slot + 1) & mask
        }
        guard Interner.isUTF8(p) else { invalidUTF8 = true; return nil }
        let id = Int32(hashes.count)
        bytes.append(contentsOf: p)
        offsets.append(bytes.count)
        hashes.append(h)
        slots[slot] = id
        if hashes.count * 2 > slots.count { grow() }
        return id
    }

    func intern(_ s: String) -> Int32 {
        var s = s
        return s.withUTF8 { intern(UnsafeRawBufferPointer($0))! }
    }

    private func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (id, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }

    static func isUTF8(_ p: UnsafeRawBufferPointer) -> Bool {
        var ascii = true
        for b in p where b >= 0x80 { ascii = false; break }
        if ascii { return true }
        return String(validating: p, as: UTF8.self) != nil
    }

    /// The strings, in id order.
    func strings() -> [String] {
        bytes.withUnsafeBytes { all in
            (0..<hashes.count).map { id in
                String(decoding: UnsafeRawBufferPointer(rebasing: all[offsets[id]..<offsets[id + 1]]), as: UTF8.self)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
