import AmbidexCore
import AmbidexDemo
import AmbidexStore
import AmbidexTestSupport
import Foundation
import Testing

/// The order list: every filter, newest first, paged by cursor; paging
/// through a filter gives exactly the orders the filter admits, each once.
@Suite("The order list", .serialized)
struct OrderListTests {
    @Test("paging through each filter yields exactly the orders it admits, newest received first, each once", arguments: Backend.available)
    func filtersAndPaging(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            let office = DemoCompany.generate(seed: 7, orders: 400)
            try await store.replaceAll(with: office)
            let units = Dictionary(grouping: office.events, by: \.order).mapValues { Set($0.map(\.unit)) }
            let open = try #require(office.orders.first { $0.closed == nil })
            let mid = office.orders[office.orders.count / 2].received
            let filters: [OrderFilter] = [
                OrderFilter(),
                OrderFilter(strategy: .eto),
                OrderFilter(status: .open),
                OrderFilter(status: .closed, priority: Priority(rawValue: 2)),
                OrderFilter(partner: open.customer),
                OrderFilter(unit: office.units[1].id),
                OrderFilter(strategy: .cto, unit: office.units[0].id, from: mid.addingTimeInterval(-90 * 86_400), to: mid),
                OrderFilter(partner: "P-nobody"),
            ]
            for filter in filters {
                let expected = office.orders.filter { filter.admits($0, units: units[$0.id] ?? []) }
                    .sorted { ($0.received, $0.id.rawValue) > ($1.received, $1.id.rawValue) }.map(\.id)
                var seen: [OrderID] = []
                var cursor: OrderCursor?
                var pages = 0
                repeat {
                    let page = try await store.orders(filter, after: cursor, limit: 37)
                    #expect(page.orders.count <= 37)
                    seen += page.orders.map(\.id)
                    // The cursor survives its trip through a URL.
                    cursor = try page.next.map { try #require(OrderCursor(token: $0.token)) }
                    pages += 1
                } while cursor != nil && pages < 100
                #expect(seen == expected, "\(filter)")
                #expect(pages == max(1, (expected.count + 36) / 37), "\(filter): no empty last page")
            }
            #expect(office.orders.contains { $0.strategy == .eto } && office.orders.contains { $0.closed == nil })
        }
    }

    @Test("a cursor that was not made by a page is refused, not guessed")
    func cursorTokens() {
        for bad in ["", "!!!", "bm90IGEgY3Vyc29y", String(repeating: "A", count: 1_000), "aW5mfE8tMQ"] {
            #expect(OrderCursor(token: bad) == nil, "\(bad)")
        }
    }
}
