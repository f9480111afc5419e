import AmbidexCore
import AmbidexStore
import Foundation
import Plot

/// The knowledge board: a column per absorption stage, each item with where it
/// came from, who uses it for which strategy, how long it has waited, and only
/// the moves the pipeline allows.
enum KnowledgeView {
    static func isStuck(_ k: KnowledgeItem, asOf: Date) -> Bool {
        guard let days = k.stage.stuckAfterDays, let since = k.history.last?.date else { return false }
        return asOf.timeIntervalSince(since) > Double(days) * 86_400
    }

    static func render(office: String, session: SignedIn, board: KnowledgeBoard, query q: KnowledgeController.BoardQuery, problem: String?) -> String {
        var parts = URLComponents()
        parts.queryItems = [("strategy", q.strategy.nonEmpty), ("orientation", q.orientation.nonEmpty), ("stuck", q.stuck.nonEmpty)]
            .compactMap { k, v in v.map { URLQueryItem(name: k, value: $0) } }
        let back = parts.percentEncodedQuery ?? ""
        return Layout.page(title: "Knowledge", office: office, active: "knowledge", session: session, body:
            .section(.class("card wide"), .id("knowledge"),
                     .h2("Knowledge pipeline"),
                     .p(.class("lead"), .text("Each item by its absorption stage as of \(board.asOf.isoDay): where it came from, who uses it, and only the moves the pipeline allows. "
                        + "An item is stuck after \(AbsorptionStage.allCases.compactMap { s in s.stuckAfterDays.map { "\($0) days \(s.rawValue)" } }.joined(separator: ", ")).")),
                     filters(q),
                     .unwrap(problem) { .p(.class("problem"), .text($0)) },
                     .div(.class("board"), .forEach(board.columns) { column($0, board.asOf, session, back) }))
        ).render()
    }

    static func filters(_ q: KnowledgeController.BoardQuery) -> Node<HTML.BodyContext> {
        let strategies: [(String, String)] = [("", "any")] + DeliveryStrategy.allCases.map { ($0.rawValue, $0.code) }
        let orientations: [(String, String)] = [("", "any"), ("explorative", "explorative"), ("exploitative", "exploitative")]
        let stuck: [(String, String)] = [("", "all"), ("true", "stuck only")]
        let choices: Node<HTML.FormContext> = .group(
            OrdersView.select("strategy", "From strategy", strategies, q.strategy),
            OrdersView.select("orientation", "Orientation", orientations, q.orientation),
            OrdersView.select("stuck", "Show", stuck, q.stuck))
        return .form(.method(.get), .action("/knowledge"), .class("filters"), choices, .button(.type(.submit), .class("primary"), .text("Show")))
    }

    static func column(_ c: KnowledgeBoard.Column, _ asOf: Date, _ session: SignedIn, _ back: String) -> Node<HTML.BodyContext> {
        let head: Node<HTML.BodyContext> = .h3(.text(c.stage.rawValue.prefix(1).uppercased() + c.stage.rawValue.dropFirst()), .text(" "),
                                               .span(.class("muted"), .text("\(c.count)" + (c.stuck > 0 ? " · \(c.stuck) stuck" : ""))))
        let more: Node<HTML.BodyContext> = c.count > c.items.count ? .p(.class("muted small"), .text("and \(c.count - c.items.count) more")) : .empty
        return .div(.class("column stage-\(c.stage.rawValue)"), .id("stage-\(c.stage.rawValue)"), head,
                    .forEach(c.items) { item($0.item, $0.orders, asOf, session, back) }, more)
    }

    static func item(_ k: KnowledgeItem, _ orders: [OrderID], _ asOf: Date, _ session: SignedIn, _ back: String) -> Node<HTML.BodyContext> {
        let since = k.history.last?.date ?? k.acquiredAt
        let days = max(0, Int(asOf.timeIntervalSince(since) / 86_400))
        let stuck = isStuck(k, asOf: asOf)
        let origin: Node<HTML.BodyContext> = {
            switch k.origin {
            case .reflection(let r): return .group(.text("from reflection \(r)"), orderLinks(orders))
            case .orders: return .group(.text("from orders"), orderLinks(orders))
            case .partner(let p): return .text("from partner \(p)")
            case .failingStandard(let s): return .text("from failing standard \(s)")
            }
        }()
        let uses: Node<HTML.BodyContext> = k.uses.isEmpty ? .empty : .p(.class("small"), .text("Used by " + k.uses.map {
            "\($0.unit) (\($0.role.rawValue) office\($0.strategy.map { ", \($0.code)" } ?? ""))"
        }.joined(separator: "; ")))
        let moves: Node<HTML.BodyContext> = .forEach(k.stage.next.sorted()) { stage in
            .form(.method(.post), .action("/knowledge/\(OrderController.path(k.id.rawValue))/advance"), .class("inline move"),
                  .input(.type(.hidden), .name("csrf"), .value(session.csrfToken)),
                  .input(.type(.hidden), .name("stage"), .value(stage.rawValue)),
                  .input(.type(.hidden), .name("back"), .value(Layout.escaped(back))),
                  .button(.type(.submit), .class(stage == .discarded ? "link" : ""), .text(stage == .discarded ? "discard" : "→ \(stage.rawValue)")))
        }
        // Transformed knowledge is ready to be codified for the standardized strategies.
        let propose: Node<HTML.BodyContext> = k.stage == .transformed || k.stage == .exploited
            ? .a(.class("propose small"), .href("/standards?from=\(OrderController.path(k.id.rawValue))#propose"), .text(" propose a standard")) : .empty
        let strategyNote = k.originStrategy.map { " · \($0.code)" } ?? ""
        return .div(.class("kitem" + (stuck ? " stuck" : "")), .id("item-" + Layout.escaped(k.id.rawValue)),
                    .p(.strong(.text(k.title)), .br(), .span(.class("muted small"),
                       .text("\(k.id) · \(k.orientation.rawValue) · \(k.originUnit) (\(k.originRole.rawValue) office)\(strategyNote) · \(days) days here"
                             + (stuck ? " · stuck" : "")))),
                    .p(.class("small"), origin), uses, .div(.class("moves"), moves, propose))
    }

    static func orderLinks(_ orders: [OrderID]) -> Node<HTML.BodyContext> {
        .group(.text(": "), .forEach(orders.prefix(4)) { id in .group(.a(.href("/orders/" + OrderController.path(id)), .text(id.rawValue)), .text(" ")) },
               .text(orders.count > 4 ? "and \(orders.count - 4) more" : ""))
    }
}
