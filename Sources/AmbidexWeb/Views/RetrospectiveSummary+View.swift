import AmbidexCore
import AmbidexStore
import Foundation
import Plot

/// What a retrospective found and decided, to print or to take into a spreadsheet.
enum RetrospectiveSummaryView {
    static func render(office: String, session s: SignedIn, page: RetrospectivePage) -> String {
        let board = page.board, r = board.retrospective, me = s.account.email
        func who(_ c: RetroCard) -> String { board.author(of: c, to: me).map { " — \($0)" } ?? "" }
        return Layout.page(title: "Summary · \(r.title)", office: office, active: "retrospectives", session: s, body:
            .section(.class("card wide"), .id("summary"),
                     .h2(.text("Summary: \(r.title)")),
                     .p(.class("lead"), .text("\(r.template.label) · \(r.scope.words) · facilitated by \(r.facilitator) · started \(r.created.isoDay) · \(r.phase.label.lowercased())")),
                     RetrospectiveView.evidence(page),
                     .h3("Topics, by votes"),
                     .ol(.forEach(board.topics) { t in
                         .li(.strong(.text(t.card.text)), .text(who(t.card) + " · \(t.votes) vote\(t.votes == 1 ? "" : "s")"),
                             .if(!t.stacked.isEmpty, .ul(.forEach(t.stacked) { c in .li(.text(c.text + who(c))) })),
                             .if(!t.factors.isEmpty, .group(.p(.class("small"), .text("Contributing factors:")),
                                                           .ul(.forEach(t.factors) { f in .li(.text(f.card.text + who(f.card) + " · \(f.votes) vote\(f.votes == 1 ? "" : "s")")) }))))
                     }),
                     .h3("Action items"),
                     board.actions.isEmpty ? .p(.class("muted"), .text("None.")) :
                     .table(.tr(.th("Action item"), .th("Owner"), .th("Due"), .th("Figure to move"), .th(.class("num"), "Baseline"), .th("Status"), .th("Knowledge item")),
                            .forEach(board.rankedActions) { a, _ in
                                .tr(.td(.text(a.title)), .td(.text(a.owner.rawValue)), .td(.text(a.due.isoDay)), .td(.text(a.figure.label)),
                                    .td(.class("num"), .text(a.figure.format(a.baseline))), .td(.text(a.status.rawValue)), .td(.text(a.knowledgeItem?.rawValue ?? "")))
                            }))
        ).render()
    }

    /// One row per card and per action item. Authors stay hidden unless revealed;
    /// a cell that a spreadsheet would run as a formula is quoted as text.
    static func csv(_ page: RetrospectivePage) -> String {
        let board = page.board
        var lines = [["section", "id", "prompt", "topic", "text", "author", "votes", "owner", "due", "figure", "baseline", "status", "knowledge_item"]]
        let votes = Dictionary(grouping: board.votes, by: \.target).mapValues(\.count)
        for c in board.cards.sorted(by: { ($0.created, $0.id) < ($1.created, $1.id) }) {
            lines.append([c.kind == .reflection ? (c.parent == nil ? "topic" : "stacked") : "factor", c.id, c.prompt, c.parent ?? "", c.text,
                          board.retrospective.revealed ? c.author : "anonymous", "\(votes[c.id] ?? 0)", "", "", "", "", "", ""])
        }
        for (a, v) in board.rankedActions {
            lines.append(["action", a.id, "", "", a.title, a.createdBy, "\(v)", a.owner.rawValue, a.due.isoDay, a.figure.rawValue,
                          a.baseline.map { String($0) } ?? "", a.status.rawValue, a.knowledgeItem?.rawValue ?? ""])
        }
        return lines.map { $0.map(cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func cell(_ raw: String) -> String {
        var v = raw
        if let first = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
