import AmbidexCore
import AmbidexMining
import AmbidexStore
import Foundation
import Plot

/// Every delivery strategy's orders as a process, side by side, and the
/// standardization candidates across ETO and CTO orders.
enum MiningView {
    static func render(office: String, session s: SignedIn, snapshot: OfficeSnapshot) -> String {
        guard let mining = snapshot.mining else { return notYet(office: office, session: s) }
        return Layout.page(title: "Mining", office: office, active: "mining", session: s, body:
            .section(.class("card wide"), .id("strategies"),
                     .h2("Order fulfilment by delivery strategy"),
                     .p(.class("lead"), .text("The office's own orders mined as a process: each order a case, its events in their recorded sequence. "
                        + "Durations are first event to last over closed orders; open orders are counted apart, their end is not known yet. "
                        + "The front/back-office crossing is the share of hand-overs of work between a unit in customer contact on the order and one without. "
                        + "Figures of the snapshot at version \(snapshot.version), mined in \(String(format: "%.2f", mining.seconds)) s as part of it.")),
                     .table(.tr(.th("Strategy"), .th(.class("num"), "Orders"), .th(.class("num"), "Events"), .th(.class("num"), "Activities"),
                                .th(.class("num"), "Variants"), .th(.class("num"), "Median days"), .th(.class("num"), "Open"),
                                .th(.class("num"), "Front/back crossing")),
                            .forEach(mining.strategies) { m in
                                .tr(.td(.a(.href("/mining/\(m.strategy.rawValue)"), .text("\(m.strategy.code) — \(m.strategy.name)"))),
                                    UnitView.num("\(m.orders)"), UnitView.num("\(m.events)"), UnitView.num("\(m.activities.count)"),
                                    UnitView.num("\(m.variantCount)"), UnitView.num(m.durations.median.map(days) ?? "–"), UnitView.num("\(m.durations.open)"),
                                    UnitView.num(SVGChart.percent(m.crossingShare)))
                            })),
            logs(mining.logs),
            candidates(mining.candidates)
        ).render()
    }

    /// The imported logs, each its own process.
    static func logs(_ logs: [LogMining]) -> Node<HTML.BodyContext> {
        guard !logs.isEmpty else { return .empty }
        return .section(.class("card wide"), .id("logs"),
            .h2("Imported logs"),
            .p(.class("lead"), .text("Each log brought in with Import, its orders mined together whatever their strategies: the log as a process-mining tool "
                + "would show it, here beside the office's own view by strategy and front/back office.")),
            .table(.tr(.th("Log"), .th("Strategies"), .th(.class("num"), "Orders"), .th(.class("num"), "Events"), .th(.class("num"), "Variants"),
                       .th(.class("num"), "Median days"), .th(.class("num"), "Front/back crossing")),
                   .forEach(logs) { l in
                       .tr(.td(.a(.href(LogMiningView.path(l.log)), .text(l.log))), .td(.text(LogMiningView.strategies(l))), UnitView.num("\(l.mined.orders)"),
                           UnitView.num("\(l.mined.events)"), UnitView.num("\(l.mined.variantCount)"), UnitView.num(l.mined.durations.median.map(days) ?? "–"),
                           UnitView.num(SVGChart.percent(l.mined.crossingShare)))
                   }))
    }

    static func notYet(office: String, session s: SignedIn) -> String {
        Layout.page(title: "Mining", office: office, active: "mining", session: s, body:
            .section(.class("card wide"), .id("strategies"), .h2("Order fulfilment by delivery strategy"),
                     .p(.text("The orders are mined with the office's next snapshot, which is being computed. Reload in a moment.")))).render()
    }

    static func candidates(_ list: [StandardizationCandidate]) -> Node<HTML.BodyContext> {
        .section(.class("card wide"), .id("candidates"),
                 .h2("Standardization candidates"),
                 .p(.class("lead"), .text("Customization choices that recur together across ETO and CTO orders (frequent itemsets; none is part of a larger one "
                    + "with the same orders). Support is the orders that chose all of them; confidence is the strongest rule inside: of the orders with all the "
                    + "other choices, the share that made this one too. Each is a module or standard waiting to be proposed — so the next order need not engineer it again.")),
                 .if(list.isEmpty, .p(.text("No combination recurs often enough yet (at least 3 orders and 2% of the ETO and CTO orders)."))),
                 .if(!list.isEmpty, .table(
                    .tr(.th("Choices"), .th(.class("num"), "Orders"), .th(.class("num"), "Share"), .th(.class("num"), "Confidence"), .th("Rule"),
                        .th(.class("num"), "ETO"), .th("")),
                    .forEach(list) { c in
                        .tr(.td(.text(c.features.map(\.text).joined(separator: "; "))), UnitView.num("\(c.support)"), UnitView.num(SVGChart.percent(c.supportShare)),
                            UnitView.num(SVGChart.percent(c.confidence)), .td(.text(c.predicted.map { "→ \($0.text)" } ?? "")),
                            UnitView.num("\(c.etoOrders)"), .td(proposeLink(c.orders)))
                    })))
    }

    /// A value for a URL's query: everything but letters, digits and `-_.` percent-encoded
    /// (Plot does not escape attribute values, so nothing else may reach an href).
    static func queryValue(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? ""
    }

    /// The standards page's "propose a module" form, filled from these orders.
    static func proposeLink(_ orders: [OrderID]) -> Node<HTML.BodyContext> {
        let ids = orders.map(\.rawValue).joined(separator: " ")
        let query = queryValue(ids)
        return .a(.class("propose"), .href("/standards?orders=\(query)#propose"), .text("Propose a module"))
    }

    static func days(_ d: Double) -> String { d < 10 ? String(format: "%.1f", d) : String(format: "%.0f", d) }
}

/// One strategy's orders: the DFG with as many edges as asked for, the
/// durations, the front/back-office hand-over matrix, variants and rework.
enum StrategyMiningView {
    static func render(office: String, session s: SignedIn, snapshot: OfficeSnapshot, mined m: StrategyMining, drawing: MiningController.Drawing,
                       compared: StandardChange? = nil) -> String {
        let customized = m.strategy == .eto || m.strategy == .cto
        let candidates: Node<HTML.BodyContext> = customized ? MiningView.candidates(snapshot.mining?.candidates ?? []) : .empty
        let changes = (snapshot.mining?.standards ?? []).filter { $0.strategy == m.strategy }
        return Layout.page(title: "Mining \(m.strategy.code)", office: office, active: "mining", session: s, script: "/assets/mining.js", body:
            process(m, drawing, others: (snapshot.mining?.strategies ?? []).filter { $0.strategy != m.strategy }),
            durations(m), handover(m), variants(m, customized: customized), rework(m),
            StandardChangeView.section(changes, compared: compared, drawing: drawing), candidates
        ).render()
    }

    static func process(_ m: StrategyMining, _ drawing: MiningController.Drawing, others: [StrategyMining]) -> Node<HTML.BodyContext> {
        let svg = DFGDrawing.svg(graph(m, drawing), title: "\(m.strategy.code): \(drawing.edges) of \(m.edgeCount) directly-follows edges, by \(drawing.view.rawValue)")
        let links: Node<HTML.BodyContext> = .p(.class("lead"), .a(.href("/mining"), .text("All strategies")), .forEach(others) { o in
            .group(.text(" · "), .a(.href("/mining/\(o.strategy.rawValue)"), .text(o.strategy.code)))
        }, .text(" · "), .a(.href("/api/v1/mining/\(m.strategy.rawValue)"), .text("JSON")))
        let slider: Node<HTML.FormContext> = .label(.text("Edges "), .input(.type(.range), .name("edges"), .id("edges"), .attribute(named: "min", value: "1"),
                                                                              .attribute(named: "max", value: "\(max(m.edges.count, 1))"), .value("\(drawing.edges)")))
        let view = OrdersView.select("view", " Label", [("frequency", "frequency"), ("performance", "mean time between")], drawing.view.rawValue)
        let note = "The most frequent edges are drawn; an activity shows when an edge it is part of does. Edge labels: "
            + (drawing.view == .frequency ? "how often one activity directly followed the other." : "mean time from one activity's end to the next one's start.")
        return .section(.class("card wide"), .id("process"),
                        .h2(.text("\(m.strategy.code) — \(m.strategy.name): \(m.orders) orders, \(m.events) events")),
                        links,
                        .form(.method(.get), .action("/mining/\(m.strategy.rawValue)"), .class("inline"), .id("drawing"),
                              slider, .element(named: "output", nodes: [.attribute(named: "for", value: "edges"), .id("edges-shown"), .text("\(drawing.edges)")]), view,
                              .button(.type(.submit), .text("Draw"))),
                        .div(.class("dfg"), .raw(svg)),
                        .p(.class("note"), .text(note)))
    }

    static func durations(_ m: StrategyMining) -> Node<HTML.BodyContext> {
        let d = m.durations
        let rows: [(String, Double?)] = [("Mean", d.mean), ("10th percentile", d.p10), ("Median", d.median), ("90th percentile", d.p90), ("Longest", d.max)]
        return .section(.class("card wide"), .id("durations"),
                        .h2("Durations"),
                        .p(.class("lead"), .text("First event to last, in days, over the \(d.closed) closed orders. \(d.open) orders are open: their end is not known yet, "
                           + "so they are left out rather than counted as short.")),
                        .table(.class("figures"), .forEach(rows) { name, v in .tr(.th(.text(name)), .td(.class("num"), .text(v.map(MiningView.days) ?? "–"))) }))
    }

    static func handover(_ m: StrategyMining) -> Node<HTML.BodyContext> {
        let lead = "Each pair of consecutive events of an order is a hand-over from the first event's unit to the second's; a unit is front office on an order "
            + "when it holds customer contact on it, back office otherwise. \(SVGChart.percent(m.crossingShare)) of the hand-overs cross between the offices "
            + "— where knowledge must pass too (see the units' knowledge flow)."
        let units: Node<HTML.BodyContext> = .details(.summary("Between units"),
            .table(.id("unit-handover"), .tr(.th("From"), .th("To"), .th(.class("num"), "Hand-overs"), .th(.class("num"), "Share")),
                   .forEach(m.unitHandover) { h in
                       .tr(.td(.text(h.source)), .td(.text(h.target)), UnitView.num("\(h.count)"), UnitView.num(SVGChart.percent(h.share)))
                   }))
        return .section(.class("card wide"), .id("handover"), .h2("Hand-over between front and back office"), .p(.class("lead"), .text(lead)),
                        officeMatrix(m.officeHandover), units)
    }

    static func variants(_ m: StrategyMining, customized: Bool) -> Node<HTML.BodyContext> {
        let lead = "Orders that went through the same activities in the same order, the most frequent first"
            + (customized ? "; a variant several one-of-a-kind orders share is a candidate for a module." : ".")
        let header: Node<HTML.TableContext> = .tr(.th(.class("num"), "Orders"), .th(.class("num"), "Median days"), .th("Activities"), .if(customized, .th("")))
        return .section(.class("card wide"), .id("variants"),
                        .h2(.text("Variants: \(m.variantCount)")), .p(.class("lead"), .text(lead)),
                        .table(header, .forEach(m.variants) { v in variantRow(v, customized: customized) }))
    }

    static func variantRow(_ v: StrategyMining.Variant, customized: Bool) -> Node<HTML.TableContext> {
        let propose: Node<HTML.TableRowContext> = customized ? .td(v.count > 1 ? MiningView.proposeLink(v.orders) : .empty) : .empty
        return .tr(UnitView.num("\(v.count)"), UnitView.num(v.medianDays.map(MiningView.days) ?? "–"),
                   .td(.class("variant"), .text(v.activities.joined(separator: " → "))), propose)
    }

    static func rework(_ m: StrategyMining) -> Node<HTML.BodyContext> {
        guard !m.rework.isEmpty else { return .section(.class("card wide"), .id("rework"), .h2("Rework"), .p(.text("No activity was repeated within an order."))) }
        return .section(.class("card wide"), .id("rework"), .h2("Rework"),
                        .table(.tr(.th("Activity"), .th(.class("num"), "Orders"), .th(.class("num"), "Repetitions")),
                               .forEach(m.rework) { r in .tr(.td(.text(r.activity)), UnitView.num("\(r.orders)"), UnitView.num("\(r.repetitions)")) }))
    }

    /// The slider redraws when let go (the form works without it, with the button).
    static let script = """
        document.addEventListener("DOMContentLoaded", () => {
          const form = document.getElementById("drawing");
          if (!form) return;
          const edges = form.querySelector("input[name=edges]"), shown = document.getElementById("edges-shown");
          edges.addEventListener("input", () => { shown.textContent = edges.value; });
          edges.addEventListener("change", () => form.submit());
          form.querySelector("select[name=view]").addEventListener("change", () => form.submit());
        });
        """

    /// The drawing's graph: the `edges` most frequent edges and the activities they touch.
    static func graph(_ m: StrategyMining, _ drawing: MiningController.Drawing) -> DFGDrawing.Graph {
        let kept = m.edges.prefix(drawing.edges)
        var shown = Set(kept.flatMap { [$0.source, $0.target] })
        if shown.isEmpty { shown = Set(m.activities.map(\.name)) }
        let activities = m.activities.filter { shown.contains($0.name) }.map {
            DFGDrawing.Graph.Activity(name: $0.name, count: $0.count, starts: $0.starts, ends: $0.ends)
        }
        let edges = kept.map { e in
            DFGDrawing.Graph.Edge(source: e.source, target: e.target, count: e.count,
                                  label: drawing.view == .frequency ? "\(e.count)" : DFGDrawing.duration(e.meanSeconds))
        }
        return DFGDrawing.Graph(activities: activities, edges: Array(edges))
    }

    static func officeMatrix(_ cells: [StrategyMining.Handover]) -> Node<HTML.BodyContext> {
        let offices = ["front office", "back office"]
        func cell(_ from: String, _ to: String) -> Node<HTML.TableRowContext> {
            guard let c = cells.first(where: { $0.source == from && $0.target == to }) else { return .td(.class("num"), .text("–")) }
            return .td(.class("num"), .attribute(named: "data-count", value: "\(c.count)"), .text("\(c.count) (\(SVGChart.percent(c.share)))"))
        }
        return .table(.id("office-matrix"),
                      .tr(.th("From ↓ to →"), .forEach(offices) { .th(.class("num"), .text($0)) }),
                      .forEach(offices) { from in .tr(.th(.text(from)), .forEach(offices) { to in cell(from, to) }) })
    }
}

/// Before and after a standard's adoption: the orders in its scope on each side, side by side.
enum StandardChangeView {
    static func section(_ changes: [StandardChange], compared: StandardChange?, drawing: MiningController.Drawing) -> Node<HTML.BodyContext> {
        guard !changes.isEmpty else { return .empty }
        let lead = "The orders of this strategy in each adopted standard's scope, received in equal windows before and after its adoption (up to "
            + "\(StandardChange.windowDays) days each). Descriptive: the two sides differ in more than the standard — the dashboard's evidence compares "
            + "against orders outside the scope. Open one to see both processes."
        let header: Node<HTML.TableContext> = .tr(.th("Standard"), .th("Adopted"), .th(.class("num"), "Days each side"), .th(.class("num"), "Orders"),
                                                  .th(.class("num"), "Variants"), .th(.class("num"), "Median days"), .th(.class("num"), "Rework orders"),
                                                  .th(.class("num"), "Front/back crossing"), .th(""))
        return .section(.class("card wide"), .id("before-after"), .h2("Before and after a standard"), .p(.class("lead"), .text(lead)),
                        .table(header, .forEach(changes) { row($0) }),
                        .unwrap(compared) { comparison($0, drawing) })
    }

    static func pair(_ a: String, _ b: String) -> Node<HTML.TableRowContext> { .td(.class("num"), .text("\(a) → \(b)")) }

    static func row(_ c: StandardChange) -> Node<HTML.TableContext> {
        func rework(_ m: StrategyMining) -> String { "\(m.rework.map(\.orders).max() ?? 0)" }
        return .tr(.td(.a(.href("/standards/\(OrderController.path(c.standard.rawValue))"), .text(c.name))), .td(.text(c.adopted.isoDay)),
                   UnitView.num("\(c.days)"), pair("\(c.before.orders)", "\(c.after.orders)"), pair("\(c.before.variantCount)", "\(c.after.variantCount)"),
                   pair(c.before.durations.median.map(MiningView.days) ?? "–", c.after.durations.median.map(MiningView.days) ?? "–"),
                   pair(rework(c.before), rework(c.after)), pair(SVGChart.percent(c.before.crossingShare), SVGChart.percent(c.after.crossingShare)),
                   .td(.a(.href("/mining/\(c.strategy.rawValue)?standard=\(OrderController.path(c.standard.rawValue))#compare"), .text("Compare"))))
    }

    static func comparison(_ c: StandardChange, _ drawing: MiningController.Drawing) -> Node<HTML.BodyContext> {
        func side(_ m: StrategyMining, _ title: String) -> Node<HTML.BodyContext> {
            let shown = MiningController.Drawing(view: drawing.view, edges: min(drawing.edges, max(m.edges.count, 1)))
            let svg = DFGDrawing.svg(StrategyMiningView.graph(m, shown), title: "\(title): \(m.orders) orders, \(shown.edges) of \(m.edgeCount) edges")
            return .div(.class("side"),
                        .h3(.text(title)), .div(.class("dfg"), .raw(svg)),
                        .table(.tr(.th(.class("num"), "Orders"), .th("Variant")),
                               .forEach(m.variants.prefix(5)) { v in .tr(UnitView.num("\(v.count)"), .td(.class("variant"), .text(v.activities.joined(separator: " → ")))) }))
        }
        return .div(.id("compare"), .h3(.text("\(c.name): \(c.days) days before and after \(c.adopted.isoDay)")),
                    .div(.class("sides"), side(c.before, "Before"), side(c.after, "After")))
    }
}

/// One imported log's orders as a process: the same figures as a strategy's page.
enum LogMiningView {
    static func path(_ log: String, _ query: String = "") -> String {
        "/mining/log?name=" + MiningView.queryValue(log) + query
    }

    static func strategies(_ l: LogMining) -> String {
        DeliveryStrategy.allCases.compactMap { s in l.strategies[s.rawValue].map { "\($0) \(s.code)" } }.joined(separator: ", ")
    }

    static func render(office: String, session s: SignedIn, log l: LogMining, drawing: MiningController.Drawing) -> String {
        let m = l.mined
        let svg = DFGDrawing.svg(StrategyMiningView.graph(m, drawing),
                                 title: "\(l.log): \(drawing.edges) of \(m.edgeCount) directly-follows edges, by \(drawing.view.rawValue)")
        let slider: Node<HTML.FormContext> = .label(.text("Edges "), .input(.type(.range), .name("edges"), .id("edges"), .attribute(named: "min", value: "1"),
                                                                              .attribute(named: "max", value: "\(max(m.edges.count, 1))"), .value("\(drawing.edges)")))
        let view = OrdersView.select("view", " Label", [("frequency", "frequency"), ("performance", "mean time between")], drawing.view.rawValue)
        let process: Node<HTML.BodyContext> = .section(.class("card wide"), .id("process"),
            .h2(.text("\(l.log): \(m.orders) orders, \(m.events) events")),
            .p(.class("lead"), .text("The orders this log brought in (\(strategies(l))), each a case, its events in their recorded sequence. "),
               .a(.href("/mining"), .text("All strategies and logs")), .text(" · "),
               .a(.href("/api/v1/mining/log?name=" + MiningView.queryValue(l.log)),
                  .text("JSON"))),
            .form(.method(.get), .action("/mining/log"), .class("inline"), .id("drawing"),
                  .input(.type(.hidden), .name("name"), .value(Layout.escaped(l.log))),
                  slider, .element(named: "output", nodes: [.attribute(named: "for", value: "edges"), .id("edges-shown"), .text("\(drawing.edges)")]), view,
                  .button(.type(.submit), .text("Draw"))),
            .div(.class("dfg"), .raw(svg)))
        return Layout.page(title: "Mining \(l.log)", office: office, active: "mining", session: s, script: "/assets/mining.js", body:
            process, StrategyMiningView.durations(m), StrategyMiningView.handover(m), StrategyMiningView.variants(m, customized: false),
            StrategyMiningView.rework(m)).render()
    }
}
