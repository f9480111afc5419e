import AmbidexCore
import AmbidexStore
import Foundation
import Plot

/// The retrospectives of the office, newest first, and the form that starts one.
enum RetrospectivesView {
    static func render(office: String, session: SignedIn, list: [RetrospectiveSummary], form f: RetrospectiveController.StartForm,
                       units: [AmbidexCore.Unit], partners: [Partner], problem: String?) -> String {
        Layout.page(title: "Retrospectives", office: office, active: "retrospectives", session: session, body:
            .section(.class("card wide"), .id("start"),
                     .h2("Start a retrospective"),
                     .p(.class("lead"), .text("Look back across orders with the people who worked on them: pick the orders by strategy, unit, customer and the period they closed in "
                        + "(or start from an after-action review or retrospective on the schedule). You facilitate: you move the phases and reveal who wrote what.")),
                     .unwrap(problem) { .p(.class("problem"), .text($0)) },
                     startForm(session, f, units, partners)),
            .section(.class("card wide"), .id("list"),
                     .h2("Retrospectives"),
                     list.isEmpty ? .p(.class("muted"), .text("None yet.")) : table(list))
        ).render()
    }

    static func startForm(_ s: SignedIn, _ f: RetrospectiveController.StartForm, _ units: [AmbidexCore.Unit], _ partners: [Partner]) -> Node<HTML.BodyContext> {
        let strategies: [(String, String)] = [("", "any")] + DeliveryStrategy.allCases.map { ($0.rawValue, $0.code) }
        let unitChoices: [(String, String)] = [("", "any")] + units.map { (Layout.escaped($0.id.rawValue), Layout.escaped($0.name)) }
        let partnerChoices: [(String, String)] = [("", "any")] + partners.filter { $0.kind == .customer }.map { (Layout.escaped($0.id.rawValue), Layout.escaped($0.name)) }
        let templates: [(String, String)] = [("", "fitting the strategy")] + RetrospectiveTemplate.allCases.map { ($0.rawValue, $0.label) }
        let orders = f.orders ?? []
        return .form(.method(.post), .action("/retrospectives"), .class("lab"),
                     .input(.type(.hidden), .name("csrf"), .value(s.csrfToken)),
                     .unwrap(f.activity) { .input(.type(.hidden), .name("activity"), .value(Layout.escaped($0))) },
                     .forEach(orders) { .input(.type(.hidden), .name("orders[]"), .value(Layout.escaped($0))) },
                     OrdersView.field("title", "Title", f.title, type: .text),
                     OrdersView.select("template", "Template", templates, f.template),
                     OrdersView.select("strategy", "Strategy", strategies, f.strategy),
                     OrdersView.select("unit", "Unit", unitChoices, f.unit.map(Layout.escaped)),
                     OrdersView.select("partner", "Customer", partnerChoices, f.partner.map(Layout.escaped)),
                     .if(orders.isEmpty, .group(OrdersView.field("from", "Closed from", f.from, type: .date), OrdersView.field("to", "to", f.to, type: .date)),
                         else: .p(.class("muted small"), .text("\(orders.count) order\(orders.count == 1 ? "" : "s") of the scheduled activity"))),
                     .button(.type(.submit), .class("primary"), .text("Start")))
    }

    static func table(_ list: [RetrospectiveSummary]) -> Node<HTML.BodyContext> {
        .table(.tr(.th("Retrospective"), .th("Scope"), .th("Template"), .th("Facilitator"), .th("Started"), .th("Phase"), .th(.class("num"), "Cards"), .th(.class("num"), "Action items")),
               .forEach(list) { x in
                   let r = x.retrospective
                   return .tr(.td(.a(.href("/retrospectives/\(OrderController.path(r.id.rawValue))"), .text(r.title))), .td(.text(r.scope.words)),
                              .td(.text(r.template.label)), .td(.text(r.facilitator)), .td(.text(r.created.isoDay)), .td(.text(r.phase.label)),
                              .td(.class("num"), .text("\(x.cards)")), .td(.class("num"), .text("\(x.openActions) open of \(x.actions)")))
               })
    }
}
