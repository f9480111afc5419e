import Foundation

/// Where the streaming scanners get their bytes: a file (plain or gzip) or the
/// UTF-8 transcoding of a CSV export.
protocol ByteSource: AnyObject {
    /// Copies up to `count` bytes to `dest`; 0 at the end.
    func read(into dest: UnsafeMutableRawPointer, count: Int) throws -> Int
    /// How far through the file reading has come, 0...1.
    var fraction: Double { get }
}

/// The bytes a streaming scanner (XML, JSON, CSV) is looking at: a window that
/// slides over the stream. A token must fit in the window; the window grows to
/// hold a long one, up to `maxToken` bytes, so memory stays bounded whatever
/// the file's size.
struct ScanWindow: ~Copyable {
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Valid bytes are `bytes[0..<end]`.
    private(set) var end = 0
    /// The stream offset of `bytes[0]`.
    private(set) var base = 0
    private(set) var atEOF = false
    let maxToken: Int

    init(maxToken: Int) {
        self.maxToken = maxToken
        capacity = ByteInput.chunkSize * 2
        bytes = .allocate(capacity: capacity)
    }

    deinit { bytes.deallocate() }

    /// Drops the bytes before `keep` (the caller moves its indices back by
    /// `keep`, always) and reads more; false at the end of the stream. `tooLong`
    /// is the error when one token would outgrow `maxToken`.
    mutating func refill(from source: some ByteSource, keeping keep: Int, tooLong: () -> ParseFailure) throws -> Bool {
        if keep > 0 {
            let live = end - keep
            if live > 0 { memmove(bytes, bytes + keep, live) }
            base += keep
            end = live
        }
        if atEOF { return false }
        if end == capacity {
            guard capacity < maxToken else { throw tooLong() }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            memcpy(bigger, bytes, end)
            bytes.deallocate()
            bytes = bigger
            capacity *= 2
        }
        let n = try source.read(into: bytes + end, count: capacity - end)
        if n == 0 { atEOF = true; return false }
        end += n
        return true
    }
}

/// A growable byte string reused token after token (decoded entities, JSON
/// strings): no allocation once it has grown to the longest token.
struct ByteBuffer: ~Copyable {
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 256) {
        self.capacity = capacity
        bytes = .allocate(capacity: capacity)
    }

    deinit { bytes.deallocate() }

    var contents: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: bytes, count: count) }

    mutating func removeAll() { count = 0 }

    @inline(__always) mutating func append(_ c: UInt8) {
        if count == capacity { grow(to: count + 1) }
        bytes[count] = c
        count += 1
    }

    @inline(__always) mutating func append(_ source: UnsafePointer<UInt8>, count n: Int) {
        if count + n > capacity { grow(to: count + n) }
        (bytes + count).update(from: source, count: n)
        count += n
    }

    private mutating func grow(to needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        bigger.update(from: bytes, count: count)
        bytes.deallocate()
        bytes = bigger
        capacity = size
    }
}
