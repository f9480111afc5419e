import AmbidexCore
import AmbidexStore
import Foundation
import Plot

/// A partner's page: only what `PartnerShare` holds. The lead's preview is the
/// same page with a note on top, so what is checked is what the partner sees.
enum PartnerView {
    static func render(_ s: PartnerShare, suggestions: [PartnerSuggestion], invitations: [PartnerController.Invitation], office: String, session: SignedIn, preview: Bool,
                       notice: String? = nil, problem: String? = nil) -> String {
        return Layout.page(title: s.partner.name, office: office, active: "partner", session: session, body:
            .section(.class("card wide"), .id("shared"),
                .if(preview, .p(.class("problem"), .text("Preview: this is what \(s.partner.name) sees when signed in, and nothing more."))),
                .unwrap(notice) { .p(.class("notice"), .text($0)) },
                .unwrap(problem) { .p(.class("problem"), .text($0)) },
                .h2(.text("\(s.partner.name) — shared with you by \(office)")),
                .p(.class("lead"), .text("\(s.ordersTotal) orders (\(s.ordersTotal - s.closedOrders) open, \(s.closedOnTime) of \(s.closedOrders) closed on time) · "
                    + "\(s.reflectionsTotal) reflections you took part in · \(suggestions.count) suggestions and knowledge items from you · "
                    + "\(s.activities.count) upcoming activities you are invited to"))),
            .section(.class("card wide"), .id("orders"),
                .h2("Your orders"),
                s.orders.isEmpty ? .p(.class("muted"), .text("No orders.")) : .table(
                    .tr(.th("Order"), .th("Offering"), .th("Strategy"), .th("Received"), .th("Due"), .th("Closed"),
                        .th(.class("num"), .text("Lead time (days)")), .th("On time"), .th("Your feedback")),
                    .forEach(s.orders) { o in orderRow(o, session: session, preview: preview) }),
                .if(s.ordersTotal > s.orders.count, .p(.class("muted"), .text("The newest \(s.orders.count) of \(s.ordersTotal) orders.")))),
            .section(.class("card wide"), .id("reflections"),
                .h2("Reflections you took part in"),
                s.reflections.isEmpty ? .p(.class("muted"), .text("None yet.")) : .table(
                    .tr(.th("Date"), .th("Kind"), .th("Summary"), .th("Your orders")),
                    .forEach(s.reflections) { r in
                        .tr(.td(.text(r.date.isoDay)), .td(.text("reflection \(r.mode.label)")), .td(.text(r.summary)),
                            .td(.text(r.orders.map(\.rawValue).joined(separator: ", "))))
                    })),
            .section(.class("card wide"), .id("suggestions"),
                .h2("Your suggestions and what became of them"),
                .p(.class("lead"), .text("A suggestion enters the office's knowledge pipeline as knowledge acquired from you: it is assimilated, "
                    + "transformed into a way of working and exploited — or discarded. Standards made from it are listed with it.")),
                .if(!preview, .form(.method(.post), .action("/partner/suggestions"), .class("reflect"),
                    .input(.type(.hidden), .name("csrf"), .value(session.csrfToken)),
                    .label(.class("block"), .text("What could we do better together?"),
                           .input(.type(.text), .name("title"), .attribute(named: "maxlength", value: "200"), .attribute(named: "required", value: "required"))),
                    .button(.type(.submit), .class("primary"), .text("Suggest")))),
                suggestions.isEmpty ? .p(.class("muted"), .text("None yet.")) : .table(
                    .tr(.th("Suggestion"), .th("Now"), .th("So far"), .th("Standards made from it")),
                    .forEach(suggestions) { suggestionRow($0) })),
            .section(.class("card wide"), .id("activities"),
                .h2("Upcoming activities you are invited to"),
                .p(.class("lead"), .text("Tell the office whether you come: it sees your answer beside the activity, and you can change it until the day.")),
                invitations.isEmpty ? .p(.class("muted"), .text("None in the next \(PartnerController.horizonDays) days.")) : .table(
                    .tr(.th("Date"), .th("Activity"), .th("Your orders"), .th("Why"), .th("Your answer")),
                    .forEach(invitations) { invitationRow($0, session: session, preview: preview) }))
        ).render()
    }

    static func orderRow(_ o: Order, session: SignedIn, preview: Bool) -> Node<HTML.TableContext> {
        let lead = o.outcome.map { String(format: "%.1f", $0.leadTimeDays) } ?? "–", onTime = o.outcome.map { $0.onTime ? "yes" : "no" } ?? "–"
        let rated = o.outcome?.feedbackScore.map { String(format: "%.0f of 5", $0) }
        let feedback: Node<HTML.TableRowContext>
        if o.outcome == nil || preview {
            feedback = .td(.text(rated ?? "–"))
        } else {
            let scores = (1...5).reversed().map { ("\($0)", "\($0)") }
            feedback = .td(.form(.method(.post), .action("/partner/orders/\(OrderController.path(o.id))/feedback"), .class("inline feedback"),
                                 .input(.type(.hidden), .name("csrf"), .value(session.csrfToken)),
                                 OrdersView.select("score", rated.map { "Rated \($0)" } ?? "Score", scores, nil),
                                 .input(.type(.text), .name("comment"), .attribute(named: "maxlength", value: "2000"), .attribute(named: "placeholder", value: "why (optional)")),
                                 .button(.type(.submit), .text(rated == nil ? "Rate" : "Rate again"))))
        }
        return .tr(.td(.text(o.id.rawValue)), .td(.text(o.offering)), .td(.text(o.strategy.name)), .td(.text(o.received.isoDay)), .td(.text(o.due.isoDay)),
                   .td(.text(o.closed?.isoDay ?? "open")), .td(.class("num"), .text(lead)), .td(.text(onTime)), feedback)
    }

    static func invitationRow(_ i: PartnerController.Invitation, session: SignedIn, preview: Bool) -> Node<HTML.TableContext> {
        let a = i.activity
        let given = i.answer.map { "You \($0.answer == .accepted ? "come" : "do not come")\($0.movedSince(a))" + ($0.note.map { ": \($0)" } ?? "") }
        let answer: Node<HTML.TableRowContext>
        if preview || a.status != .scheduled {
            answer = .td(.text(a.status != .scheduled ? "\(a.status.rawValue)" + (given.map { " · \($0)" } ?? "") : given ?? "no answer yet"))
        } else {
            let choices = InvitationAnswer.Answer.allCases.map { ($0.rawValue, $0 == .accepted ? "We come" : "We cannot come") }
            answer = .td(.unwrap(given) { .p(.class("small"), .strong(.text($0))) },
                         .form(.method(.post), .action("/partner/activities/\(OrderController.path(a.id.rawValue))/answer"), .class("inline answer"),
                               .input(.type(.hidden), .name("csrf"), .value(session.csrfToken)),
                               OrdersView.select("answer", given == nil ? "Answer" : "Change", choices, i.answer?.answer.rawValue),
                               .input(.type(.text), .name("note"), .attribute(named: "maxlength", value: "500"), .attribute(named: "placeholder", value: "note (optional)")),
                               .button(.type(.submit), .text(given == nil ? "Answer" : "Change the answer"))))
        }
        return .tr(.td(.text(a.date.isoDay)), .td(.text(a.kind.label)), .td(.text(a.orders.map(\.rawValue).joined(separator: ", "))), .td(.text(a.reason)), answer)
    }

    static func suggestionRow(_ x: PartnerSuggestion) -> Node<HTML.TableContext> {
        let steps = x.item.history.map { "\($0.stage.rawValue) \($0.date.isoDay)" }.joined(separator: " → ")
        let made = x.standards.map { "\($0.name) (\($0.status.rawValue))" }.joined(separator: "; ")
        return .tr(.td(.text(x.item.title)), .td(.span(.class("tag"), .text(x.item.stage.rawValue))), .td(.text(steps)), .td(.text(made.isEmpty ? "–" : made)))
    }
}
