import AmbidexCore
import AmbidexStore
import Foundation
import Plot

enum OrdersView {
    static func render(office: String, session: SignedIn, query: OrdersController.OrderQuery, orders: [Order], next: String?, problem: String?) -> String {
        Layout.page(title: "Orders", office: office, active: "orders", session: session, body:
            .section(.class("card wide"),
                .h2("Orders"),
                filters(query),
                .unwrap(problem) { .p(.class("problem"), .text($0)) },
                table(orders),
                .unwrap(next) { .p(.a(.id("next-page"), .href(Layout.escaped($0)), .text("Next page →"))) }
            )
        ).render()
    }

    static func filters(_ q: OrdersController.OrderQuery) -> Node<HTML.BodyContext> {
        let strategies: [(String, String)] = [("", "any")] + DeliveryStrategy.allCases.map { ($0.rawValue, $0.rawValue.uppercased() + " " + $0.name) }
        let statuses: [(String, String)] = [("", "any"), ("open", "open"), ("closed", "closed")]
        let priorities: [(String, String)] = [("", "any")] + Priority.range.map { (String($0), "P" + String($0)) }
        let choices: Node<HTML.FormContext> = .group(
            select("strategy", "Strategy", strategies, q.strategy),
            select("status", "Status", statuses, q.status),
            select("priority", "Priority", priorities, q.priority))
        let fields: Node<HTML.FormContext> = .group(
            field("partner", "Partner id", q.partner, type: .text),
            field("unit", "Unit id", q.unit, type: .text),
            field("from", "Received from", q.from, type: .date),
            field("to", "to", q.to, type: .date))
        return .form(.method(.get), .action("/orders"), .class("filters"), choices, fields,
                     .button(.type(.submit), .class("primary"), .text("Show")))
    }

    static func select(_ name: String, _ label: String, _ options: [(String, String)], _ chosen: String?) -> Node<HTML.FormContext> {
        let chosen = chosen ?? ""
        let list: Node<HTML.SelectContext> = .forEach(options) { option in
            .option(.value(option.0), .label(option.1), .isSelected(option.0 == chosen))
        }
        return .label(.text(label + " "), .select(.attribute(named: "name", value: name), list))
    }

    static func field(_ name: String, _ label: String, _ value: String?, type: HTMLInputType) -> Node<HTML.FormContext> {
        .label(.text(label + " "), .input(.type(type), .name(name), .value(Layout.escaped(value ?? ""))))
    }

    static func table(_ orders: [Order]) -> Node<HTML.BodyContext> {
        guard !orders.isEmpty else { return .p(.class("muted"), .text("No orders match.")) }
        let head: Node<HTML.TableContext> = .tr(.th("Order"), .th("Customer"), .th("Offering"), .th("Strategy"), .th("Priority"), .th("Received"),
                                                .th("Due"), .th("Closed"), .th("Lead time"), .th("On time"))
        return .table(.id("orders"), head, .forEach(orders) { row($0) })
    }

    static func row(_ o: Order) -> Node<HTML.TableContext> {
        let lead = o.outcome.map { String(format: "%.1f d", $0.leadTimeDays) } ?? ""
        let onTime = o.outcome.map { $0.onTime ? "yes" : "no" } ?? ""
        let first: Node<HTML.TableRowContext> = .group(
            .td(.a(.href("/orders/" + OrderController.path(o.id)), .text(o.id.rawValue))), .td(.text(o.customer.rawValue)), .td(.text(o.offering)), .td(.text(o.strategy.rawValue.uppercased())),
            .td(.text("P" + String(o.priority.rawValue))))
        let second: Node<HTML.TableRowContext> = .group(
            .td(.text(o.received.isoDay)), .td(.text(o.due.isoDay)), .td(.text(o.closed?.isoDay ?? "open")),
            .td(.class("num"), .text(lead)), .td(.text(onTime)))
        return .tr(first, second)
    }
}
