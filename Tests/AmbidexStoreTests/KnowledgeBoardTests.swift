import AmbidexCore
import AmbidexDemo
@_spi(Testing) import AmbidexStore
import AmbidexTestSupport
import Foundation
import Testing

/// The knowledge board read through the stage index equals the pipeline
/// computed from the office in memory, for every filter; a move shows at once.
@Suite("The knowledge board", .serialized)
struct KnowledgeBoardTests {
    static func stuck(_ k: KnowledgeItem, _ asOf: Date) -> Bool {
        guard let days = k.stage.stuckAfterDays else { return false }
        return k.history.last!.date < asOf.adding(days: -Double(days))
    }

    @Test("counts, stuck counts and the first items of each stage match the office in memory, for each filter", arguments: Backend.available)
    func matchesMemory(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            let office = DemoCompany.generate(seed: 3, orders: 500)
            try await store.replaceAll(with: office)
            let asOf = office.asOf
            for filter in [KnowledgeFilter(), KnowledgeFilter(strategy: .eto), KnowledgeFilter(orientation: .explorative),
                           KnowledgeFilter(stuck: true), KnowledgeFilter(strategy: .cto, orientation: .exploitative, stuck: true)] {
                let admitted = office.knowledgeItems.filter { k in
                    (filter.strategy == nil || k.originStrategy == filter.strategy) && (filter.orientation == nil || k.orientation == filter.orientation)
                        && (!filter.stuck || Self.stuck(k, asOf))
                }
                let board = try await store.knowledgeBoard(filter, asOf: asOf, perStage: 7)
                #expect(board.columns.map(\.stage) == AbsorptionStage.allCases)
                for column in board.columns {
                    let here = admitted.filter { $0.stage == column.stage }
                    #expect(column.count == here.count, "\(filter) \(column.stage)")
                    #expect(column.stuck == here.filter { Self.stuck($0, asOf) }.count, "\(filter) \(column.stage)")
                    let expected = here.sorted {
                        let (a, b) = ($0.history.last!.date, $1.history.last!.date)
                        return a != b ? (column.stage.isTerminal ? a > b : a < b) : $0.id < $1.id
                    }.prefix(7).map(\.id)
                    #expect(column.items.map(\.item.id) == Array(expected), "\(filter) \(column.stage)")
                }
            }
            #expect(office.knowledgeItems.contains { Self.stuck($0, asOf) }, "the demo has stuck items to flag")
        }
    }

    @Test("a move shows on the board at once; the migration's derivation of each item's stage equals the write paths'", arguments: Backend.available)
    func moves(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            let office = DemoCompany.generate(seed: 5, orders: 300)
            try await store.replaceAll(with: office)
            let item = try #require(office.knowledgeItems.first { $0.stage == .acquired })
            try await store.advanceKnowledge(item.id, to: .assimilated, at: office.asOf)
            let board = try await store.knowledgeBoard(KnowledgeFilter(), asOf: office.asOf, perStage: 10_000)
            let column = { (s: AbsorptionStage) in board.columns.first { $0.stage == s }!.items.map(\.item.id) }
            #expect(column(.assimilated).contains(item.id) && !column(.acquired).contains(item.id))
            try await store.rederiveKnowledgeStages()
            let again = try await store.knowledgeBoard(KnowledgeFilter(), asOf: office.asOf, perStage: 10_000)
            #expect(again.columns.map { $0.items.map(\.item.id) } == board.columns.map { $0.items.map(\.item.id) })
            #expect(again.columns.map(\.count) == board.columns.map(\.count))
        }
    }
}
