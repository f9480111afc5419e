import FluentPostgresDriver
import Logging
import NIOCore

/// PostgreSQL: `COPY … FROM STDIN` in the text format, one COPY per table,
/// streamed in chunks of about a megabyte, on the transaction's connection.
/// The server parses and inserts while the next chunk is encoded.
struct PostgresCopyWriter: BulkWriter {
    let connection: PostgresConnection
    /// The same connection, for plain statements.
    let sql: any SQLDatabase
    let logger: Logger
    static let chunkBytes = 1 << 20

    func begin() async throws {}
    func end() async {}

    /// Fresh statistics for what was written: until autovacuum gets to a table, the planner would plan
    /// its first queries for the rows it had before (an empty table, say).
    func finish(_ tables: [String]) async throws {
        for table in tables { try await sql.raw("ANALYZE \(ident: table)").run() }
    }

    func clear(_ tables: [String]) async throws {
        for table in tables { try await sql.delete(from: table).run() }
    }

    func write(_ table: BulkTable, progress: BulkProgress) async throws {
        let rows = table.rows()
        guard let first = rows.next() else { return }
        let columns = try bulkColumns(of: first)
        try await connection.copyFrom(table: table.name, columns: columns, logger: logger) { writer in
            let sink = CopyText(capacity: Self.chunkBytes + Self.chunkBytes / 4)
            let encoder = BulkRowEncoder(sink: sink)
            var inChunk = 0
            var next: (any Encodable)? = first
            while let row = next {
                sink.startRow()
                try row.encode(to: encoder)
                try checkRowWidth(sink.valuesInRow, columns: columns.count, table: table.name)
                sink.endRow()
                inChunk += 1
                if sink.bytes >= Self.chunkBytes {
                    try await writer.write(sink.take())
                    progress.advance(by: inChunk)
                    inChunk = 0
                }
                next = rows.next()
            }
            if inChunk > 0 {
                try await writer.write(sink.take())
                progress.advance(by: inChunk)
            }
        }
    }

    /// Rows in COPY's text format: values separated by tabs, rows ended by a
    /// newline, NULL as `\N`, and a backslash before a backslash, tab, newline
    /// or carriage return inside a value. Numbers are written in their
    /// shortest exact form, so a double comes back bit for bit.
    final class CopyText: BulkSink {
        private var buffer: ByteBuffer
        private let capacity: Int
        private(set) var valuesInRow = 0

        init(capacity: Int) {
            self.capacity = capacity
            buffer = ByteBufferAllocator().buffer(capacity: capacity)
        }

        var bytes: Int { buffer.readableBytes }

        func take() -> ByteBuffer {
            defer { buffer = ByteBufferAllocator().buffer(capacity: capacity) }
            return buffer
        }

        func startRow() { valuesInRow = 0 }
        func endRow() { buffer.writeInteger(UInt8(ascii: "\n")) }

        private func separate() {
            if valuesInRow > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            valuesInRow += 1
        }

        func text(_ value: String) {
            separate()
            var value = value
            value.withUTF8 { bytes in
                guard bytes.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else {
                    buffer.writeBytes(bytes)
                    return
                }
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                    case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                    case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                    case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                    default: buffer.writeInteger(byte)
                    }
                }
            }
        }

        func integer(_ value: Int) {
            separate()
            buffer.writeString(String(value))
        }

        func real(_ value: Double) {
            separate()
            buffer.writeString(value.description)
        }

        func bool(_ value: Bool) {
            separate()
            buffer.writeInteger(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        }

        func null() {
            separate()
            buffer.writeStaticString("\\N")
        }
    }
}
