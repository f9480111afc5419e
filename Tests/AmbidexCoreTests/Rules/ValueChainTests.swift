@testable import AmbidexCore
import Foundation
import Testing

@Suite("Value chain, decoupling points and strategies")
struct ValueChainTests {
    let chain = ValueChain.standard

    @Test("stages from the decoupling point on are customer-driven, those before it speculation-driven")
    func drive() {
        #expect(chain.drive(of: .design, decoupledAt: .stage(.fabricate)) == .speculation)
        #expect(chain.drive(of: .source, decoupledAt: .stage(.fabricate)) == .speculation)
        #expect(chain.drive(of: .fabricate, decoupledAt: .stage(.fabricate)) == .customer)
        #expect(chain.drive(of: .deliver, decoupledAt: .stage(.fabricate)) == .customer)
        #expect(chain.customerDrivenStages(decoupledAt: .stage(.design)) == chain.stages)
        #expect(chain.customerDrivenStages(decoupledAt: .none).isEmpty)
        #expect(chain.drive(of: "paint", decoupledAt: .stage(.design)) == .speculation) // unknown stage
    }

    @Test("a chain needs stages, each named once")
    func validation() {
        #expect(throws: DomainError.self) { try ValueChain(stages: []) }
        #expect(throws: DomainError.self) { try ValueChain(stages: [.design, .design]) }
        #expect(throws: Never.self) { try ValueChain(stages: [.design, "test", .deliver]) }
    }

    @Test("the default strategy table is DOMAIN.md §1")
    func defaults() {
        let t = StrategyTable.standard
        #expect(t[.mts].decouplingPoint == .none && t[.mts].scope == .nothing)
        #expect(t[.ato].decouplingPoint == .stage(.assemble) && t[.ato].scope == .predefinedModules)
        #expect(t[.mto].decouplingPoint == .stage(.fabricate) && t[.mto].scope == .nothing)
        #expect(t[.cto].decouplingPoint == .stage(.fabricate) && t[.cto].scope == .predefinedScalesAndItems)
        #expect(t[.eto].decouplingPoint == .stage(.design) && t[.eto].scope == .anything)
        // MTO shows the two axes differ: customer-driven production, zero customization.
        #expect(t.drive(of: .fabricate, under: .mto) == .customer)
    }

    @Test("engineering is back office on MTS and front office on ETO by default")
    func defaultRoles() {
        let t = StrategyTable.standard
        #expect(t.defaultRole(of: .engineering, under: .mts) == .back)
        #expect(t.defaultRole(of: .engineering, under: .eto) == .front)
        #expect(t.defaultRole(of: .sales, under: .mts) == .front)
        #expect(t.defaultRole(of: .production, under: .eto) == .back)
    }

    @Test("the office can edit a profile, but not point it outside its value chain")
    func editing() throws {
        var t = StrategyTable.standard
        var cto = t[.cto]
        cto.decouplingPoint = .stage(.assemble)
        try t.update(cto)
        #expect(t[.cto].decouplingPoint == .stage(.assemble))
        cto.decouplingPoint = .stage("paint")
        #expect(throws: DomainError.self) { try t.update(cto) }
        #expect(throws: DomainError.self) { try StrategyTable(chain: .standard, validating: [cto]) }
        let all = DeliveryStrategy.allCases.map { StrategyTable.standard[$0] }
        #expect(throws: Never.self) { try StrategyTable(chain: .standard, validating: all) }
    }

    @Test("strategies are ordered from standardized to customized, with codes and names")
    func strategies() {
        #expect(DeliveryStrategy.allCases.sorted() == [.mts, .ato, .mto, .cto, .eto])
        #expect(DeliveryStrategy(code: "ETO") == .eto)
        #expect(DeliveryStrategy(code: "xyz") == nil)
        #expect(DeliveryStrategy.allCases.filter(\.isCustomized) == [.cto, .eto])
        #expect(DeliveryStrategy.cto.name == "configure-to-order")
    }

    @Test("decoupling points round-trip through storage")
    func storage() {
        for p in [DecouplingPoint.none, .stage(.design), .stage("custom")] {
            #expect(DecouplingPoint(storageValue: p.storageValue) == p)
        }
    }

    @Test("the strategy table survives JSON")
    func codable() throws {
        let data = try JSONEncoder().encode(StrategyTable.standard)
        #expect(try JSONDecoder().decode(StrategyTable.self, from: data) == .standard)
    }
}
