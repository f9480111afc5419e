import AmbidexCore
import AmbidexStore
import Foundation
import Plot

/// A retrospective's board as one person sees it: the phase and its timer, the
/// previous retrospective's action items first, the evidence and timeline of
/// exactly the scope's orders, and the board of the current phase.
enum RetrospectiveView {
    static func render(office: String, session s: SignedIn, page: RetrospectivePage, problem: String?, now: Date) -> String {
        let board = page.board, r = board.retrospective
        let me = s.account.email
        let runs = r.facilitator == me || s.account.role == .lead
        let path = "/retrospectives/\(OrderController.path(r.id.rawValue))"
        return Layout.page(title: r.title, office: office, active: "retrospectives", session: s, script: "/assets/board.js", body:
            .section(.class("card wide"), .id("phase"),
                     .attribute(named: "data-board-version", value: "\(r.boardVersion)"),
                     .attribute(named: "data-version-url", value: "/api/v1/retrospectives/\(OrderController.path(r.id.rawValue))/version"),
                     .h2(.text(r.title)),
                     .p(.class("lead"), .text("\(r.template.label) · \(r.scope.words) · facilitated by \(r.facilitator == me ? "you" : r.facilitator)"
                        + (r.revealed ? " · authors shown" : " · anonymous until the facilitator reveals authors"))),
                     .ol(.class("phases"), .forEach(Retrospective.Phase.allCases) { p in
                         .li(.class(p == r.phase ? "now" : p < r.phase ? "done" : ""), .text(p.label))
                     }),
                     .p(.text(r.phase.instruction)),
                     timer(r, now),
                     .p(.id("changed"), .class("changed"), .attribute(named: "hidden", value: "hidden"),
                        .text("Someone changed the board. "), .a(.href(path), .text("Reload"))),
                     .unwrap(problem) { .p(.class("problem"), .text($0)) },
                     runs ? controls(s, r, path) : .empty,
                     .p(.class("small"), .a(.href("\(path)/summary"), .text("Printable summary")), .text(" · "), .a(.href("\(path)/summary.csv"), .text("Summary as CSV")))),
            previous(page, s, path),
            .section(.class("card wide"), .id("board"), .h2("Board"), boardBody(page, s, path)),
            evidence(page),
            timeline(page)
        ).render()
    }

    static func timer(_ r: Retrospective, _ now: Date) -> Node<HTML.BodyContext> {
        guard let left = r.secondsLeft(at: now) else { return .empty }
        let deadline = r.phaseStarted.addingTimeInterval(Double(r.phaseMinutes) * 60)
        let text = left >= 0 ? "\(left / 60):\(String(format: "%02d", left % 60)) left" : "over by \(-left / 60):\(String(format: "%02d", -left % 60))"
        return .p(.text("Time box \(r.phaseMinutes) min: "), .span(.class("timer"), .attribute(named: "data-deadline", value: deadline.formatted(.iso8601)), .text(text)))
    }

    static func hidden(_ s: SignedIn, _ pairs: [(String, String)]) -> Node<HTML.FormContext> {
        .group([.input(.type(.hidden), .name("csrf"), .value(s.csrfToken))] + pairs.map { .input(.type(.hidden), .name($0.0), .value(Layout.escaped($0.1))) })
    }

    static func button(_ s: SignedIn, _ action: String, _ label: String, _ pairs: [(String, String)], _ path: String) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action("\(path)/\(action)"), .class("inline"), hidden(s, pairs), .button(.type(.submit), .text(label)))
    }

    static func controls(_ s: SignedIn, _ r: Retrospective, _ path: String) -> Node<HTML.BodyContext> {
        guard let next = r.phase.next else { return .empty }
        return .div(
            .form(.method(.post), .action("\(path)/advance"), .class("inline"), hidden(s, []),
                  .label(.text("Time box (min) "), .input(.type(.number), .name("minutes"), .value("\(r.template.minutes(next))"),
                                                          .attribute(named: "min", value: "0"), .attribute(named: "max", value: "240"))),
                  .text(" "), .button(.type(.submit), .class("primary"), .id("advance"), .text(next == .closed ? "Close the retrospective" : "Next: \(next.label)"))),
            .text(" "),
            .if(!r.revealed, button(s, "reveal", "Reveal authors", [], path)))
    }

    // MARK: previous retrospective

    static func previous(_ page: RetrospectivePage, _ s: SignedIn, _ path: String) -> Node<HTML.BodyContext> {
        guard let prev = page.previous, !prev.actions.isEmpty else { return .empty }
        let items = prev.actions.sorted { ($0.status != .open ? 1 : 0, $0.due) < ($1.status != .open ? 1 : 0, $1.due) }
        return .section(.class("card wide"), .id("previous"),
                        .h2("First: the action items of the previous retrospective"),
                        .p(.class("lead"), .text("From "), .a(.href("/retrospectives/\(OrderController.path(prev.retrospective.id.rawValue))"), .text(prev.retrospective.title)),
                           .text(" (\(prev.retrospective.created.isoDay)). Before: the figure over that retrospective's orders when the item was decided; after: the same figure over this one's orders.")),
                        .table(.tr(.th("Action item"), .th("Owner"), .th("Due"), .th("Status"), .th("Figure"), .th(.class("num"), "Before"), .th(.class("num"), "After"), .th("")),
                               .forEach(items) { a in
                                   let after = page.evidence.value(a.figure)
                                   return .tr(.id("action-\(a.id)"), .td(.text(a.title)), .td(.text(a.owner.rawValue)), .td(.text(a.due.isoDay)), .td(.text(a.status.rawValue)),
                                              .td(.text(a.figure.label)), .td(.class("num"), .text(a.figure.format(a.baseline))),
                                              .td(.class("num " + verdict(a, after)), .text(a.figure.format(after))),
                                              .td(.if(a.status == .open, .group(button(s, "finish", "Done", [("action", a.id), ("status", "done")], path),
                                                                                 .text(" "), button(s, "finish", "Drop", [("action", a.id), ("status", "dropped")], path)))))
                               }))
    }

    static func verdict(_ a: ActionItem, _ after: Double?) -> String {
        guard let b = a.baseline, let after, b != after else { return "" }
        return (after > b) == a.figure.higherIsBetter ? "good" : "bad"
    }

    // MARK: evidence and timeline

    static func evidence(_ page: RetrospectivePage) -> Node<HTML.BodyContext> {
        let e = page.evidence
        func share(_ x: ScopeEvidence.Share) -> String {
            guard let v = x.value, let i = x.interval else { return "–" }
            return String(format: "%.0f %% (95 %% interval %.0f–%.0f %%) of %d", v * 100, i.low * 100, i.high * 100, x.of)
        }
        let cut = page.scopeTotal > page.orders.count ? " (the \(page.orders.count) most recently closed of \(page.scopeTotal))" : ""
        return .section(.class("card"), .id("evidence"),
                        .h2("Evidence of these orders"),
                        .p(.class("lead"), .text("\(e.orders) order\(e.orders == 1 ? "" : "s")\(cut), \(e.closed) closed.")),
                        .table(
                            .tr(.th("Lead time (days)"), .td(.class("num"), .text(e.leadTimeDays.map { String(format: "median %.1f (quartiles %.1f–%.1f)", $0.median, $0.p25, $0.p75) } ?? "–"))),
                            .tr(.th("On time"), .td(.class("num"), .text(share(e.onTime)))),
                            .tr(.th("Rework loops per order"), .td(.class("num"), .text(e.reworkPerOrder.map { String(format: "%.2f", $0) } ?? "–"))),
                            .tr(.th("Orders reworked"), .td(.class("num"), .text(share(e.reworked)))),
                            .tr(.th("Customer feedback (1–5)"), .td(.class("num"), .text(e.feedback.map { String(format: "%.2f from %d answers", $0, e.feedbackAnswered) } ?? "no answers"))),
                            .tr(.th("Deviations from standards"), .td(.class("num"), .text(share(e.deviations))))),
                        .p(.class("muted small"), .text("Customers answer more often after a late or reworked order, so the feedback mean leans low. Orders: "),
                           .forEach(page.orders.prefix(40)) { o in .group(.a(.href("/orders/\(OrderController.path(o.id))"), .text(o.id.rawValue)), .text(" ")) },
                           .if(page.orders.count > 40, .text("…"))),
                        // One-of-a-kind orders that keep choosing alike are a module waiting to be standardized.
                        .if(page.orders.contains { $0.strategy == .eto }, .p(.a(.id("propose-module"),
                            .href("/standards?orders=" + page.orders.filter { $0.strategy == .eto }.prefix(50).map { OrderController.path($0.id) }.joined(separator: "+") + "#propose"),
                            .text("Propose a module from these ETO orders")))))
    }

    static func timeline(_ page: RetrospectivePage) -> Node<HTML.BodyContext> {
        let t = page.timeline
        let shown = t.buckets.filter { $0.events > 0 || $0.received > 0 || $0.closedLate + $0.closedOnTime > 0 }
        let widest = max(1, shown.map { $0.closedOnTime + $0.closedLate }.max() ?? 1)
        return .section(.class("card"), .id("timeline"),
                        .h2("What happened on them"),
                        .p(.class("lead"), .text("Built from the orders' events, per \(t.days == 1 ? "day" : "week"): orders in, closed on time and late, rework and customer contact.")),
                        .if(shown.isEmpty, .p(.class("muted"), .text("No events."))),
                        .table(.tr(.th(t.days == 1 ? "Day" : "Week of"), .th(.class("num"), "In"), .th("Closed (on time | late)"), .th(.class("num"), "Rework"), .th(.class("num"), "Contact"), .th(.class("num"), "Events")),
                               .forEach(shown.suffix(40)) { b in
                                   .tr(.td(.text(b.start.isoDay)), .td(.class("num"), .text("\(b.received)")),
                                       .td(.span(.class("bar"), .attribute(named: "style", value: "width:\(b.closedOnTime * 120 / widest)px")),
                                           .span(.class("bar late"), .attribute(named: "style", value: "width:\(b.closedLate * 120 / widest)px")),
                                           .text(" \(b.closedOnTime) | \(b.closedLate)")),
                                       .td(.class("num"), .text("\(b.rework)")), .td(.class("num"), .text("\(b.customerContacts)")), .td(.class("num"), .text("\(b.events)")))
                               }),
                        .if(!t.moments.isEmpty, .details(.summary(.text("\(t.moments.count) moments to talk about (late deliveries, rework)")),
                            .ul(.forEach(t.moments) { m in
                                .li(.text("\(m.date.isoDay) "), .a(.href("/orders/\(OrderController.path(m.order))"), .text(m.order.rawValue)), .text(": \(m.what)"))
                            }))))
    }

    // MARK: the board

    static func boardBody(_ page: RetrospectivePage, _ s: SignedIn, _ path: String) -> Node<HTML.BodyContext> {
        let board = page.board, r = board.retrospective, me = s.account.email
        switch r.phase {
        case .reflect, .group:
            return .div(.class("retro"), .forEach(r.template.prompts) { p in promptColumn(p, board, s, path) })
        case .vote:
            return .group(.p(.text("You have \(board.votesLeft(me, in: .vote)) of \(RetrospectiveBoard.votesPerPerson) votes left.")),
                          .div(.forEach(board.topics) { topic($0, board, s, path, voting: true) }))
        case .rootCauses:
            return .group(.p(.text("You have \(board.votesLeft(me, in: .rootCauses)) of \(RetrospectiveBoard.votesPerPerson) votes left for contributing factors.")),
                          .div(.class("retro"), .forEach(board.causeTopics) { causeColumn($0, board, s, path, open: true) }))
        case .decide, .closed:
            return .group(.div(.class("retro"), .forEach(board.causeTopics) { causeColumn($0, board, s, path, open: false) }),
                          actions(page, s, path))
        }
    }

    static func author(_ c: RetroCard, _ board: RetrospectiveBoard, _ me: String) -> Node<HTML.BodyContext> {
        guard let a = board.author(of: c, to: me) else { return .empty }
        return .span(.class("muted small"), .text(" — " + (a == me ? "you" : a)))
    }

    static func card(_ c: RetroCard, _ board: RetrospectiveBoard, _ s: SignedIn, _ path: String, stacked: Bool) -> Node<HTML.BodyContext> {
        let me = s.account.email, r = board.retrospective
        let others = board.topics.filter { $0.card.id != c.id && $0.card.id != c.parent }
        let stackForm: Node<HTML.BodyContext> = r.phase == .group ? (stacked
            ? button(s, "stack", "Unstack", [("card", c.id)], path)
            : (others.isEmpty ? .empty : .form(.method(.post), .action("\(path)/stack"), .class("inline"), hidden(s, [("card", c.id)]),
                                               .select(.attribute(named: "name", value: "onto"), .forEach(others) { t in
                                                   .option(.value(Layout.escaped(t.card.id)), .label(Layout.escaped(String(t.card.text.prefix(40)))))
                                               }),
                                               .button(.type(.submit), .text("Stack on"))))) : .empty
        let mine = c.author == me
        let removable = mine && (r.phase == .reflect || r.phase == .group)
        return .div(.class("card-note" + (stacked ? " stacked" : "") + (mine ? " mine" : "")), .id("card-\(c.id)"),
                    .text(c.text), author(c, board, me),
                    .div(.class("small"), stackForm, .if(removable, button(s, "remove", "Take back", [("card", c.id)], path))))
    }

    static func promptColumn(_ p: RetrospectiveTemplate.Prompt, _ board: RetrospectiveBoard, _ s: SignedIn, _ path: String) -> Node<HTML.BodyContext> {
        let me = s.account.email
        let cards = board.cards.filter { $0.kind == .reflection && $0.prompt == p.id }
        let visible = cards.filter { board.shows($0, to: me) }
        let hiddenCount = cards.count - visible.count
        let tops = visible.filter { $0.parent == nil }
        let stacked = Dictionary(grouping: visible.filter { $0.parent != nil }, by: { $0.parent! })
        return .div(.class("column"), .id("prompt-\(p.id)"),
                    .h3(.text(p.question)),
                    .forEach(tops) { c in .group(card(c, board, s, path, stacked: false), .forEach(stacked[c.id] ?? []) { card($0, board, s, path, stacked: true) }) },
                    .forEach(visible.filter { c in c.parent != nil && !tops.contains { $0.id == c.parent } }) { card($0, board, s, path, stacked: true) },
                    .if(hiddenCount > 0, .p(.class("muted small"), .text("\(hiddenCount) card\(hiddenCount == 1 ? "" : "s") by others, shown when grouping starts"))),
                    .form(.method(.post), .action("\(path)/cards"), .class("reflect"), hidden(s, [("prompt", p.id), ("kind", "reflection")]),
                          .textarea(.name("text"), .attribute(named: "rows", value: "2"), .attribute(named: "maxlength", value: "1000"),
                                    .attribute(named: "aria-label", value: Layout.escaped(p.question))),
                          .button(.type(.submit), .text("Add card"))))
    }

    static func topic(_ t: RetrospectiveBoard.Topic, _ board: RetrospectiveBoard, _ s: SignedIn, _ path: String, voting: Bool) -> Node<HTML.BodyContext> {
        let me = s.account.email
        let mine = board.votes.contains { $0.target == t.card.id && $0.voter == me }
        let prompt = board.retrospective.template.prompts.first { $0.id == t.card.prompt }?.question ?? t.card.prompt
        return .div(.class("card-note"), .id("item-\(t.card.id)"),
                    .span(.class("kind"), .text(prompt)), .br(),
                    .strong(.text(t.card.text)), author(t.card, board, me),
                    .forEach(t.stacked) { c in .div(.class("small"), .text("+ " + c.text), author(c, board, me)) },
                    .div(.class("small"), .text("\(t.votes) vote\(t.votes == 1 ? "" : "s") "),
                         .if(voting, mine ? button(s, "unvote", "Take vote back", [("target", t.card.id)], path)
                                          : button(s, "vote", "Vote", [("target", t.card.id)], path))))
    }

    static func causeColumn(_ t: RetrospectiveBoard.Topic, _ board: RetrospectiveBoard, _ s: SignedIn, _ path: String, open: Bool) -> Node<HTML.BodyContext> {
        let me = s.account.email
        return .div(.class("column"), .id("item-\(t.card.id)"),
                    .h3(.text(t.card.text), .span(.class("muted small"), .text(" · \(t.votes) vote\(t.votes == 1 ? "" : "s")")), author(t.card, board, me)),
                    .forEach(t.stacked) { c in .p(.class("small"), .text("+ " + c.text), author(c, board, me)) },
                    .forEach(t.factors) { f in
                        let mine = board.votes.contains { $0.target == f.card.id && $0.voter == me }
                        return .div(.class("card-note"), .id("item-\(f.card.id)"), .text(f.card.text), author(f.card, board, me),
                                    .div(.class("small"), .text("\(f.votes) vote\(f.votes == 1 ? "" : "s") "),
                                         .if(open, .group(mine ? button(s, "unvote", "Take vote back", [("target", f.card.id)], path)
                                                               : button(s, "vote", "Vote", [("target", f.card.id)], path),
                                                          .if(f.card.author == me, button(s, "remove", "Take back", [("card", f.card.id)], path))))))
                    },
                    .if(open, .form(.method(.post), .action("\(path)/cards"), .class("reflect"), hidden(s, [("kind", "factor"), ("parent", t.card.id)]),
                                    .textarea(.name("text"), .attribute(named: "rows", value: "2"), .attribute(named: "maxlength", value: "1000"),
                                              .attribute(named: "aria-label", value: "contributing factor")),
                                    .button(.type(.submit), .text("Add contributing factor")))))
    }

    static func actions(_ page: RetrospectivePage, _ s: SignedIn, _ path: String) -> Node<HTML.BodyContext> {
        let board = page.board, r = board.retrospective, me = s.account.email
        let ranked = board.rankedActions
        let voting = r.phase == .decide && board.actions.count > RetrospectiveBoard.actionVoteThreshold
        let owners: [(String, String)] = page.units.map { (Layout.escaped($0.id.rawValue), Layout.escaped($0.name)) }
        let figures: [(String, String)] = RetroFigure.allCases.map { ($0.rawValue, $0.label) }
        let due = (page.orders.compactMap(\.closed).max() ?? r.created).adding(days: 28).isoDay
        return .div(.id("actions"),
                    .h3("Action items"),
                    .if(voting, .p(.text("More than \(RetrospectiveBoard.actionVoteThreshold) action items: vote for the ones to do first. You have \(board.votesLeft(me, in: .decide)) votes left."))),
                    ranked.isEmpty ? .p(.class("muted"), .text("None yet.")) :
                    .table(.tr(.th("Action item"), .th("Owner"), .th("Due"), .th("Figure to move"), .th(.class("num"), "Now"), .th("Status"), .th(.class("num"), "Votes"), .th("")),
                           .forEach(ranked) { a, votes in
                               let mine = board.votes.contains { $0.target == a.id && $0.voter == me }
                               return .tr(.id("action-\(a.id)"), .td(.text(a.title), .unwrap(a.knowledgeItem) { k in .span(.class("muted small"), .text(" · opened knowledge item \(k)")) }),
                                          .td(.text(a.owner.rawValue)), .td(.text(a.due.isoDay)), .td(.text(a.figure.label)),
                                          .td(.class("num"), .text(a.figure.format(a.baseline))), .td(.text(a.status.rawValue)), .td(.class("num"), .text("\(votes)")),
                                          .td(.if(voting, mine ? button(s, "unvote", "Take vote back", [("target", a.id)], path) : button(s, "vote", "Vote", [("target", a.id)], path)),
                                              .if(a.status == .open, .group(.text(" "), button(s, "finish", "Done", [("action", a.id), ("status", "done")], path),
                                                                             .text(" "), button(s, "finish", "Drop", [("action", a.id), ("status", "dropped")], path)))))
                           }),
                    .if(r.phase == .decide, .form(.method(.post), .action("\(path)/actions"), .class("lab"), .id("new-action"), hidden(s, []),
                        OrdersView.field("title", "Action item", nil, type: .text),
                        OrdersView.select("owner", "Owner unit", owners, nil),
                        OrdersView.field("due", "Due", due, type: .date),
                        OrdersView.select("figure", "Figure expected to move", figures, RetroFigure.onTime.rawValue),
                        OrdersView.field("knowledgeTitle", "Also open a knowledge item titled (optional)", nil, type: .text),
                        .button(.type(.submit), .class("primary"), .text("Add action item")))))
    }

    /// Polls the board's version and reloads the page when someone else changed
    /// it (unless the person is typing: then it says so); counts the timer down.
    static let script = """
    document.addEventListener('DOMContentLoaded', function () {
      var section = document.querySelector('[data-board-version]');
      if (!section) return;
      var url = section.getAttribute('data-version-url'), version = section.getAttribute('data-board-version');
      var notice = document.getElementById('changed');
      function typing() {
        var fields = document.querySelectorAll('textarea, input[type=text]');
        for (var i = 0; i < fields.length; i++) if (fields[i].value) return true;
        var a = document.activeElement;
        return !!a && /^(TEXTAREA|INPUT|SELECT)$/.test(a.tagName);
      }
      function poll() {
        fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (j) {
            if (!j || String(j.version) === version) return;
            if (typing()) { if (notice) notice.hidden = false; } else { location.reload(); }
          })
          .catch(function () {});
      }
      setInterval(poll, 2000);
      var timer = document.querySelector('[data-deadline]');
      function tick() {
        if (!timer) return;
        var left = Math.round((Date.parse(timer.getAttribute('data-deadline')) - Date.now()) / 1000);
        var a = Math.abs(left), text = Math.floor(a / 60) + ':' + (a % 60 < 10 ? '0' : '') + (a % 60);
        timer.textContent = left >= 0 ? text + ' left' : 'over by ' + text;
      }
      setInterval(tick, 1000);
    });
    """
}
