import AmbidexCore
import AmbidexDemo
import Foundation
import Testing

@Suite("What is shared with a partner")
struct PartnerShareTests {
    static let office = DemoCompany.generate(orders: 1_200)

    @Test("every partner gets only its own orders, reflections it joined, knowledge from it and activities it is invited to")
    func onlyTheirOwn() throws {
        let office = Self.office
        let upcoming = CadencePolicy.default.schedule(office, from: office.asOf, horizonDays: 30)
        var ordersSeen = 0, reflectionsSeen = 0, activitiesSeen = 0
        for partner in office.partners {
            let share = try #require(PartnerShare(office: office, partner: partner.id, upcoming: upcoming))
            let own = Set(share.orders.map(\.id))
            #expect(share.orders.allSatisfy { $0.customer == partner.id })
            #expect(share.reflections.allSatisfy { $0.partners.contains(partner.id) && $0.orders.allSatisfy(own.contains) })
            #expect(share.knowledgeItems.allSatisfy { $0.origin == .partner(partner.id) })
            #expect(share.activities.allSatisfy { $0.partners == [partner.id] && $0.orders.allSatisfy(own.contains) })
            #expect(share.orders.map(\.received) == share.orders.map(\.received).sorted(by: >))
            ordersSeen += share.orders.count
            reflectionsSeen += share.reflections.count
            activitiesSeen += share.activities.count
        }
        // Nothing is lost either: every order belongs to exactly one partner's page.
        #expect(ordersSeen == office.orders.count)
        // The demo invites partners to reflections and activities, so the checks above are not vacuous.
        #expect(reflectionsSeen > 0 && activitiesSeen > 0)
        #expect(PartnerShare(office: office, partner: "P-nobody", upcoming: upcoming) == nil)
    }

    @Test("a reflection shared by two customers shows each only its own orders")
    func sharedReflection() throws {
        var office = Self.office
        let customers = office.partners.filter { $0.kind == .customer }.prefix(2).map(\.id)
        let a = try #require(office.orders.first { $0.customer == customers[0] }), b = try #require(office.orders.first { $0.customer == customers[1] })
        let joint = try Reflection(id: "R-joint", mode: .onAction, trigger: .planned, actionLevel: .reflection, logic: .developmental,
                                   date: office.asOf, summary: "Joint review", units: [], partners: Set(customers), orders: [a.id, b.id])
        office.reflections.append(joint)
        let shareA = try #require(PartnerShare(office: office, partner: customers[0], upcoming: []))
        #expect(shareA.reflections.first { $0.id == "R-joint" }?.orders == [a.id])
        let shareB = try #require(PartnerShare(office: office, partner: customers[1], upcoming: []))
        #expect(shareB.reflections.first { $0.id == "R-joint" }?.orders == [b.id])
    }
}
