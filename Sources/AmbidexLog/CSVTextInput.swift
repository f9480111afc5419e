import Foundation

/// A CSV export's text as UTF-8, chunk by chunk, whatever its encoding, so the
/// tokenizer sees one encoding and memory stays one chunk of raw bytes. A
/// byte-order mark (UTF-8 or UTF-16) wins over the mapping's encoding; latin1
/// and windows-1252 are widened byte by byte; UTF-16 is decoded with its
/// surrogate pairs, also across chunk ends.
final class CSVTextInput: ByteSource {
    enum Decoding: Equatable { case utf8, latin1, windows1252, utf16(bigEndian: Bool) }

    private let input: ByteInput
    private(set) var decoding: Decoding
    /// Raw bytes read but not yet decoded: `raw.bytes[rawStart..<raw.end]`.
    private var raw = ScanWindow(maxToken: ByteInput.chunkSize * 2)
    private var rawStart = 0
    @inline(__always) private var rawEnd: Int { raw.end }
    /// A decoded character that did not fit the caller's space: `spill[spillStart..<spillEnd]`.
    private var spill: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
    private var spillStart = 0
    private var spillEnd = 0

    init(_ input: ByteInput, encoding: CSVEncoding) throws {
        self.input = input
        decoding = .utf8
        while rawEnd < 4, try fillRaw() {}
        let b = UnsafeBufferPointer(start: raw.bytes, count: rawEnd)
        if b.starts(with: [0xEF, 0xBB, 0xBF]) {
            rawStart = 3
        } else if b.starts(with: [0xFF, 0xFE]) {
            decoding = .utf16(bigEndian: false); rawStart = 2
        } else if b.starts(with: [0xFE, 0xFF]) {
            decoding = .utf16(bigEndian: true); rawStart = 2
        } else {
            switch encoding {
            case .utf8: decoding = .utf8
            case .latin1: decoding = .latin1
            case .windows1252: decoding = .windows1252
            case .utf16BE: decoding = .utf16(bigEndian: true)
            case .utf16LE: decoding = .utf16(bigEndian: false)
            case .utf16:
                // No mark: a header in ASCII has a zero byte first in big-endian, second in little-endian.
                decoding = .utf16(bigEndian: !(rawEnd >= 2 && b[0] != 0 && b[1] == 0))
            }
        }
    }

    var fraction: Double { input.fraction }

    /// Reads more raw bytes behind the undecoded ones (never more than a
    /// character's few, so the window does not grow); false at the end of the file.
    private func fillRaw() throws -> Bool {
        let offset = raw.base + rawStart
        let more = try raw.refill(from: input, keeping: rawStart) { ParseFailure("a character longer than the read window", at: offset) }
        rawStart = 0
        return more
    }

    func read(into dest: UnsafeMutableRawPointer, count: Int) throws -> Int {
        let out = dest.assumingMemoryBound(to: UInt8.self)
        if decoding == .utf8 {
            if rawStart < rawEnd {
                let n = min(count, rawEnd - rawStart)
                memcpy(out, raw.bytes + rawStart, n)
                rawStart += n
                return n
            }
            return try input.read(into: dest, count: count)
        }
        if spillStart < spillEnd || count < 4 {
            // Too little space for a whole character: decode one aside and hand it out byte by byte.
            if spillStart == spillEnd {
                let n = try withUnsafeMutableBytes(of: &spill) { try fill($0.baseAddress!.assumingMemoryBound(to: UInt8.self), count: 4) }
                if n == 0 { return 0 }
                spillStart = 0
                spillEnd = n
            }
            let n = min(count, spillEnd - spillStart)
            withUnsafeBytes(of: &spill) { _ = memcpy(out, $0.baseAddress! + spillStart, n) }
            spillStart += n
            return n
        }
        return try fill(out, count: count)
    }

    /// Decodes into `out`, reading raw bytes as needed; 0 only at the end.
    private func fill(_ out: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        while true {
            let written = try decode(into: out, count: count)
            if written > 0 { return written }
            if try !fillRaw() {
                guard rawStart == rawEnd else {
                    throw ParseFailure("the file ends inside a UTF-16 character (an odd byte or half a surrogate pair)", at: raw.base + rawStart)
                }
                return 0
            }
        }
    }

    /// Decodes what the raw bytes hold completely, into at most `count` bytes.
    private func decode(into out: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        var w = 0
        let bytes = raw.bytes
        switch decoding {
        case .utf8:
            return 0
        case .latin1, .windows1252:
            let table = decoding == .windows1252
            while rawStart < rawEnd && w + 3 <= count {
                let c = bytes[rawStart]
                var scalar = UInt32(c)
                if table && (0x80...0x9F).contains(c) {
                    scalar = CSVTextInput.windows1252[Int(c) - 0x80]
                    guard scalar != 0 else {
                        throw ParseFailure(String(format: "the file is not windows-1252: byte 0x%02X has no character in it", c), at: raw.base + rawStart)
                    }
                }
                w += CSVTextInput.encode(scalar, into: out + w)
                rawStart += 1
            }
        case .utf16(let bigEndian):
            func unit(_ i: Int) -> UInt32 {
                bigEndian ? UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1]) : UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i])
            }
            while rawEnd - rawStart >= 2 && w + 4 <= count {
                let u = unit(rawStart)
                var scalar = u
                var width = 2
                if (0xD800..<0xDC00).contains(u) {
                    guard rawEnd - rawStart >= 4 else { break }
                    let low = unit(rawStart + 2)
                    guard (0xDC00..<0xE000).contains(low) else {
                        throw ParseFailure("the file is not valid UTF-16: an unpaired surrogate", at: raw.base + rawStart)
                    }
                    scalar = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
                    width = 4
                } else if (0xDC00..<0xE000).contains(u) {
                    throw ParseFailure("the file is not valid UTF-16: an unpaired surrogate", at: raw.base + rawStart)
                }
                w += CSVTextInput.encode(scalar, into: out + w)
                rawStart += width
            }
        }
        return w
    }

    /// UTF-8 of a scalar; the number of bytes written (at most 4).
    @inline(__always)
    private static func encode(_ s: UInt32, into p: UnsafeMutablePointer<UInt8>) -> Int {
        if s < 0x80 { p[0] = UInt8(s); return 1 }
        if s < 0x800 { p[0] = UInt8(0xC0 | s >> 6); p[1] = UInt8(0x80 | s & 0x3F); return 2 }
        if s < 0x10000 {
            p[0] = UInt8(0xE0 | s >> 12); p[1] = UInt8(0x80 | s >> 6 & 0x3F); p[2] = UInt8(0x80 | s & 0x3F); return 3
        }
        p[0] = UInt8(0xF0 | s >> 18); p[1] = UInt8(0x80 | s >> 12 & 0x3F); p[2] = UInt8(0x80 | s >> 6 & 0x3F); p[3] = UInt8(0x80 | s & 0x3F)
        return 4
    }

    /// Windows-1252's characters for bytes 0x80–0x9F (0: no character); every other byte is latin1.
    private static let windows1252: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]
}
