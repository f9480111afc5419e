import CAmbidexZlib
import Foundation

/// The decompressed bytes of a file, chunk by chunk: plain files are read
/// directly, gzip files (recognized by their magic bytes, whatever the name)
/// are inflated by the system zlib on a second thread, so inflating and
/// parsing overlap. Memory is bounded by a few chunks whatever the file size.
final class ByteInput: ByteSource {
    private let fd: Int32
    private let pipeline: InflatePipeline?
    let fileSize: Int
    private var current: InflatePipeline.Chunk?
    private var currentPosition = 0
    private var plainRead = 0
    /// Decompressed bytes handed out so far, and the most that may be.
    private var delivered = 0
    private let limit: Int?

    static let chunkSize = 1 << 20

    /// `limit`: refuse a file that holds (or inflates to) more bytes than this.
    init(path: String, limit: Int? = nil) throws {
        self.limit = limit
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ParseFailure("cannot open: \(String(cString: strerror(errno)))", at: 0) }
        var st = stat()
        fstat(fd, &st)
        guard (st.st_mode & S_IFMT) != S_IFDIR else { close(fd); throw ParseFailure("is a folder, not a file", at: 0) }
        fileSize = Int(st.st_size)
        var magic: (UInt8, UInt8) = (0, 0)
        let got = withUnsafeMutableBytes(of: &magic) { pread(fd, $0.baseAddress, 2, 0) }
        self.fd = fd
        if got == 2 && magic.0 == 0x1F && magic.1 == 0x8B {
            pipeline = InflatePipeline(fd: fd)
        } else {
            pipeline = nil
        }
    }

    deinit {
        pipeline?.stop()
        close(fd)
    }

    var isCompressed: Bool { pipeline != nil }

    /// How far through the file (compressed bytes) reading has come, 0...1.
    var fraction: Double {
        guard fileSize > 0 else { return 1 }
        return Double(pipeline?.compressedRead ?? plainRead) / Double(fileSize)
    }

    /// Copies up to `count` decompressed bytes to `dest`; 0 at the end.
    func read(into dest: UnsafeMutableRawPointer, count: Int) throws -> Int {
        let n = try readChunk(into: dest, count: count)
        delivered += n
        if let limit, delivered > limit {
            throw ParseFailure("the log holds more than \(limit / 1_000_000) MB of text\(isCompressed ? " once inflated" : ""), the most this reader takes", at: delivered)
        }
        return n
    }

    private func readChunk(into dest: UnsafeMutableRawPointer, count: Int) throws -> Int {
        guard let pipeline else {
            let n = Foundation.read(fd, dest, count)
            guard n >= 0 else { throw ParseFailure("read error: \(String(cString: strerror(errno)))", at: plainRead) }
            plainRead += n
            return n
        }
        while true {
            if let chunk = current, currentPosition < chunk.count {
                let n = min(count, chunk.count - currentPosition)
                memcpy(dest, chunk.bytes + currentPosition, n)
                currentPosition += n
                return n
            }
            if let chunk = current { pipeline.recycle(chunk); current = nil }
            guard let next = try pipeline.take() else { return 0 }
            current = next
            currentPosition = 0
        }
    }
}

/// The producer side of gzip reading: a thread that reads the compressed file
/// and inflates it into a small ring of chunks that the parser takes in order.
final class InflatePipeline: @unchecked Sendable {
    struct Chunk { let bytes: UnsafeMutablePointer<UInt8>; var count: Int }

    private let fd: Int32
    private let condition = NSCondition()
    private var ready: [Chunk] = []
    private var spare: [UnsafeMutablePointer<UInt8>] = []
    private var allocated: [UnsafeMutablePointer<UInt8>] = []
    private var finished = false
    private var stopped = false
    private var failure: ParseFailure?
    private var running = true
    private var _compressedRead = 0
    private static let ring = 4

    init(fd: Int32) {
        self.fd = fd
        for _ in 0..<InflatePipeline.ring {
            let b = UnsafeMutablePointer<UInt8>.allocate(capacity: ByteInput.chunkSize)
            allocated.append(b)
            spare.append(b)
        }
        let thread = Thread { [self] in produce() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit { for b in allocated { b.deallocate() } }

    var compressedRead: Int { condition.lock(); defer { condition.unlock() }; return _compressedRead }

    func take() throws -> Chunk? {
        condition.lock(); defer { condition.unlock() }
        while ready.isEmpty && !finished && failure == nil { condition.wait() }
        if !ready.isEmpty { return ready.removeFirst() }
        if let failure { throw failure }
        return nil
    }

    func recycle(_ chunk: Chunk) {
        condition.lock()
        spare.append(chunk.bytes)
        condition.signal()
        condition.unlock()
    }

    /// Ends the producer and waits for it, so its buffers can be freed.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    private func spareBuffer() -> UnsafeMutablePointer<UInt8>? {
        condition.lock(); defer { condition.unlock() }
        while spare.isEmpty && !stopped { condition.wait() }
        return stopped ? nil : spare.removeLast()
    }

    private func publish(_ chunk: Chunk?, failure: ParseFailure? = nil, finished: Bool = false) {
        condition.lock()
        if let chunk, chunk.count > 0 { ready.append(chunk) } else if let chunk { spare.append(chunk.bytes) }
        if let failure { self.failure = failure }
        if finished { self.finished = true }
        condition.broadcast()
        condition.unlock()
    }

    private func produce() {
        defer {
            condition.lock(); running = false; condition.broadcast(); condition.unlock()
        }
        let inSize = 1 << 18
        let input = UnsafeMutablePointer<UInt8>.allocate(capacity: inSize)
        defer { input.deallocate() }
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            publish(nil, failure: ParseFailure("zlib could not start", at: 0)); return
        }
        defer { inflateEnd(&stream) }
        var consumed = 0       // compressed bytes handed to zlib
        var produced = 0       // decompressed bytes so far
        var atEOF = false
        var memberEnded = false
        guard var out = spareBuffer() else { return }
        var outCount = 0
        while true {
            if stream.avail_in == 0 && !atEOF {
                let n = read(fd, input, inSize)
                if n < 0 { publish(Chunk(bytes: out, count: outCount), failure: ParseFailure("read error: \(String(cString: strerror(errno)))", at: produced)); return }
                if n == 0 { atEOF = true } else {
                    stream.next_in = input
                    stream.avail_in = UInt32(n)
                    condition.lock(); _compressedRead += n; condition.unlock()
                }
            }
            if stream.avail_in == 0 && atEOF {
                if memberEnded {
                    publish(Chunk(bytes: out, count: outCount), finished: true)
                } else {
                    publish(Chunk(bytes: out, count: outCount), failure: ParseFailure(
                        "truncated gzip: the compressed data ends at byte \(consumed) of the file before the end of its stream", at: produced + outCount))
                }
                return
            }
            if memberEnded {
                // Concatenated gzip members continue the same text.
                inflateReset(&stream)
                memberEnded = false
            }
            stream.next_out = out + outCount
            stream.avail_out = UInt32(ByteInput.chunkSize - outCount)
            let before = stream.avail_in
            let status = inflate(&stream, Z_NO_FLUSH)
            consumed += Int(before - stream.avail_in)
            outCount = ByteInput.chunkSize - Int(stream.avail_out)
            switch status {
            case Z_OK, Z_BUF_ERROR: break
            case Z_STREAM_END: memberEnded = true
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                publish(Chunk(bytes: out, count: outCount), failure: ParseFailure(
                    "corrupt gzip data near compressed byte \(consumed): \(reason)", at: produced + outCount))
                return
            }
            if outCount == ByteInput.chunkSize {
                produced += outCount
                publish(Chunk(bytes: out, count: outCount))
                guard let next = spareBuffer() else { return }
                out = next
                outCount = 0
            }
        }
    }
}
