import Foundation
import SQLKit

/// Writes whole tables fast on one backend, inside the transaction of its
/// caller: a bulk write either lands completely or not at all.
protocol BulkWriter {
    /// Tunes the connection for a large write (undone by `end`).
    func begin() async throws
    /// Empties the tables, children first.
    func clear(_ tables: [String]) async throws
    func write(_ table: BulkTable, progress: BulkProgress) async throws
    /// After every table is written: brings the planner's statistics up to date where the database needs telling.
    func finish(_ tables: [String]) async throws
    /// Undoes `begin`; called on success and on failure.
    func end() async
}

/// Counts rows written against the rows to write, for a progress line.
final class BulkProgress: @unchecked Sendable {
    private let total: Double
    private var done = 0
    private let report: (@Sendable (Double) -> Void)?

    init(total: Int, report: (@Sendable (Double) -> Void)?) {
        self.total = Double(max(1, total))
        self.report = report
    }

    /// Called from the one task that drives the write, never concurrently.
    func advance(by rows: Int) {
        done += rows
        report?(Double(done) / total)
    }
}

/// The columns of a row type, named as SQLKit's encoder names them for the
/// single-row writes and as `loadOffice` reads them back.
func bulkColumns(of row: any Encodable & Sendable) throws -> [String] {
    try SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).encode(AnyEncodable(row)).map(\.0)
}

/// A row that wrote a different number of values than its table has columns
/// would shift every later value into the wrong column.
func checkRowWidth(_ written: Int, columns: Int, table: String) throws {
    guard written == columns else {
        throw StoreError("a row of \(table) has \(written) values for \(columns) columns (its record's encoding skips or adds a value)")
    }
}
