import AmbidexCore
import AmbidexStore
import Foundation
import Plot

/// A partner's page: only what `PartnerShare` holds. The lead's preview is the
/// same page with a note on top, so what is checked is what the partner sees.
enum PartnerView {
    static func render(_ s: PartnerShare, office: String, session: SignedIn, preview: Bool) -> String {
        return Layout.page(title: s.partner.name, office: office, active: "partner", session: session, body:
            .section(.class("card wide"), .id("shared"),
                .if(preview, .p(.class("problem"), .text("Preview: this is what \(s.partner.name) sees when signed in, and nothing more."))),
                .h2(.text("\(s.partner.name) — shared with you by \(office)")),
                .p(.class("lead"), .text("\(s.ordersTotal) orders (\(s.ordersTotal - s.closedOrders) open, \(s.closedOnTime) of \(s.closedOrders) closed on time) · "
                    + "\(s.reflectionsTotal) reflections you took part in · \(s.knowledgeItems.count) knowledge items from you · "
                    + "\(s.activities.count) upcoming activities you are invited to"))),
            .section(.class("card wide"), .id("orders"),
                .h2("Your orders"),
                s.orders.isEmpty ? .p(.class("muted"), .text("No orders.")) : .table(
                    .tr(.th("Order"), .th("Offering"), .th("Strategy"), .th("Received"), .th("Due"), .th("Closed"),
                        .th(.class("num"), .text("Lead time (days)")), .th("On time")),
                    .forEach(s.orders) { o in
                        .tr(.td(.text(o.id.rawValue)), .td(.text(o.offering)), .td(.text(o.strategy.name)),
                            .td(.text(o.received.isoDay)), .td(.text(o.due.isoDay)), .td(.text(o.closed?.isoDay ?? "open")),
                            .td(.class("num"), .text(o.outcome.map { String(format: "%.1f", $0.leadTimeDays) } ?? "–")),
                            .td(.text(o.outcome.map { $0.onTime ? "yes" : "no" } ?? "–")))
                    }),
                .if(s.ordersTotal > s.orders.count, .p(.class("muted"), .text("The newest \(s.orders.count) of \(s.ordersTotal) orders.")))),
            .section(.class("card wide"), .id("reflections"),
                .h2("Reflections you took part in"),
                s.reflections.isEmpty ? .p(.class("muted"), .text("None yet.")) : .table(
                    .tr(.th("Date"), .th("Kind"), .th("Summary"), .th("Your orders")),
                    .forEach(s.reflections) { r in
                        .tr(.td(.text(r.date.isoDay)), .td(.text("reflection \(r.mode.label)")), .td(.text(r.summary)),
                            .td(.text(r.orders.map(\.rawValue).joined(separator: ", "))))
                    })),
            .section(.class("card wide"), .id("knowledge"),
                .h2("Knowledge that came from you"),
                s.knowledgeItems.isEmpty ? .p(.class("muted"), .text("None yet.")) : .table(
                    .tr(.th("Knowledge item"), .th("Stage"), .th("Acquired")),
                    .forEach(s.knowledgeItems) { k in
                        .tr(.td(.text(k.title)), .td(.text(k.stage.rawValue)), .td(.text(k.acquiredAt.isoDay)))
                    })),
            .section(.class("card wide"), .id("activities"),
                .h2("Upcoming activities you are invited to"),
                s.activities.isEmpty ? .p(.class("muted"), .text("None in the next \(PartnerController.horizonDays) days.")) : .table(
                    .tr(.th("Date"), .th("Activity"), .th("Your orders"), .th("Why")),
                    .forEach(s.activities) { a in
                        .tr(.td(.text(a.date.isoDay)), .td(.text(a.kind.label)), .td(.text(a.orders.map(\.rawValue).joined(separator: ", "))),
                            .td(.text(a.reason)))
                    }))
        ).render()
    }
}
