import AmbidexCore
@_spi(Testing) @testable import AmbidexStore
import AmbidexTestSupport
import Foundation
import Testing

/// The office a snapshot is computed from is read in one session that sees one
/// state of the store, and its rows and JSON columns decode exactly as written.
@Suite("Reading the office back", .serialized)
struct ReadSessionTests {
    @Test("a write that lands while the office is read is not half in it: the session sees the version and rows it started with",
          arguments: Backend.available)
    func isolation(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            let office = try SmallOffice.make()
            try await store.replaceAll(with: office)
            let v0 = try await store.officeVersion()
            let order = try #require(office.orders.first { $0.closed == nil })
            let event = OrderEvent(order: order.id, activity: "late extra check", stage: .deliver, unit: office.units[0].id,
                                   timestamp: order.received.adding(days: 1), customerContact: false)

            let read = try await store.readAcross {
                try await store.appendEvents([event], to: order.id)
            }
            #expect(read.before == v0)
            #expect(read.after == v0, "the version written meanwhile is not visible inside the session")
            #expect(read.office.events.count == office.events.count, "nor are the rows it wrote")
            #expect(try await store.officeVersion() == v0 + 1)
            #expect(try await store.loadOffice().events.count == office.events.count + 1)
        }
    }

    @Test("lists and maps of strings written by JSONColumn read back the same by the fast path, for every character class")
    func flatJSONRoundTrip() throws {
        // Control characters without a short escape are written as \u00xx, which the
        // fast path leaves to JSONDecoder: they come last, so every shorter list takes it.
        let hostile = ["", "plain", "quote \" inside", "back\\slash", "a/b", "tab\tnew\nline\r\u{8}\u{C}", "é ü ß", "🚀 rocket",
                       "\u{2028}", "{\"not\": \"json\"}", "[1,2]", ",", ":", "\u{1}\u{1F}"]
        for n in 0...hostile.count {
            let list = Array(hostile.prefix(n))
            var text = JSONColumn.encode(list)
            let fast = text.withUTF8 { FlatJSON(bytes: $0).strings() }
            if n < hostile.count { #expect(fast == list, "fast path on \(text)") } else { #expect(fast == nil, "\\u escapes are JSONDecoder's") }
            #expect(try JSONColumn.decode([String].self, from: text, column: "c", row: "r") == list)
            #expect(try JSONDecoder().decode([String].self, from: Data(text.utf8)) == list, "what it writes is JSON")
        }
        let map = Dictionary(uniqueKeysWithValues: hostile.dropLast().enumerated().map { ("k\($0.offset) \($0.element)", $0.element) })
        var text = JSONColumn.encode(map)
        #expect(text.withUTF8 { FlatJSON(bytes: $0).object() } == map)
        #expect(try JSONColumn.decode([String: String].self, from: text, column: "c", row: "r") == map)
    }

    @Test("other spellings of JSON fall back to JSONDecoder; malformed JSON names the column and row")
    func fallback() throws {
        #expect("[\"a\", \"b\"]".utf8.withContiguousStorageIfAvailable { FlatJSON(bytes: $0).strings() } == .some(nil))
        #expect(try JSONColumn.decode([String].self, from: "[\"a\", \"b\"]", column: "c", row: "r") == ["a", "b"])
        #expect(try JSONColumn.decode([String].self, from: "[\"\\u00e9\"]", column: "c", row: "r") == ["é"])
        #expect(try JSONColumn.decode([String: String].self, from: "{ \"k\" : \"v\" }", column: "c", row: "r") == ["k": "v"])
        #expect("{\"k\":\"a\",\"k\":\"b\"}".utf8.withContiguousStorageIfAvailable { FlatJSON(bytes: $0).object() } == .some(nil),
                "a repeated key is not the fast path's to decide")
        for bad in ["[\"a\"", "{\"k\"}", "", "[\"tab\there\"]"] {
            let error = #expect(throws: StoreError.self) { try JSONColumn.decode([String].self, from: bad, column: "units", row: "reflection R-1") }
            #expect(error?.description.contains("column units of reflection R-1 holds malformed JSON") == true, "\(bad)")
        }
    }

    @Test("a row that does not fit its record is refused with the table and column, not read as something else")
    func decoderRefuses() throws {
        struct Cells: StoreRowCells {
            let values: [Any?]
            func isNull(_ i: Int) -> Bool { values[i] == nil }
            func string(_ i: Int) throws -> String { try (values[i] as? String).orThrow("text") }
            func integer(_ i: Int) throws -> Int { try (values[i] as? Int).orThrow("integer") }
            func real(_ i: Int) throws -> Double { try (values[i] as? Double).orThrow("real") }
            func bool(_ i: Int) throws -> Bool { try (values[i] as? Bool).orThrow("bool") }
        }
        struct Row: Decodable, Equatable { var orderId: String; var seq: Int; var resource: String?; var weight: Double? }
        // Columns in another order than the record declares them: found by name all the same.
        let columns = StoreColumns(table: "things", names: ["seq", "weight", "order_id", "resource"])
        let row = try Row(from: StoreRowDecoder(cells: Cells(values: [3, nil, "O-1", "CNC"]), columns: columns))
        #expect(row == Row(orderId: "O-1", seq: 3, resource: "CNC", weight: nil))
        #expect(throws: DecodingError.self) { try Row(from: StoreRowDecoder(cells: Cells(values: [nil, nil, "O-1", nil]), columns: columns)) }
        let missing = StoreColumns(table: "things", names: ["order_id"])
        #expect(throws: DecodingError.self) { try Row(from: StoreRowDecoder(cells: Cells(values: ["O-1"]), columns: missing)) }
    }
}

private extension Optional {
    func orThrow(_ expected: String) throws -> Wrapped {
        guard let self else { throw StoreError("not \(expected)") }
        return self
    }
}
