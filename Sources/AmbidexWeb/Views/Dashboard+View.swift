import AmbidexStore
import Plot

/// The evidence dashboard: is learning happening around the orders, and does it pay off?
enum DashboardView {
    static func render(_ m: DashboardModel, session: SignedIn?) -> String {
        Layout.page(
            title: "Dashboard", office: m.officeName, active: "dashboard", session: session,
            body: .group(
                .section(.class("card wide"), .id("summary"),
                         .h2("\(m.officeName) — as of \(m.asOf)"),
                         .p(.class("lead"), .text(m.totals))),
                coverage(m),
                ambidexterity(m),
                flow(m),
                cycle(m),
                standards(m),
                upcoming(m),
                partners(m)
            )
        ).render()
    }

    static func coverage(_ m: DashboardModel) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("coverage"),
            .h2("Learning for and from orders, by strategy"),
            .p(.class("lead"), .text("Share of orders with reflection in action while open (for), and share of closed orders reflected on afterwards (from).")),
            .raw(SVGChart.groupedBars(
                m.coverage.map { .init(label: "\($0.strategy) \($0.strategyName)", values: [$0.learningFor, $0.learningFrom]) },
                series: [("learning for (in action)", "#d9622b"), ("learning from (on action)", "#2b6cb0")],
                title: "Coverage of learning for and from orders by strategy")),
            .table(
                .tr(.th("Strategy"), .th(.class("num"), .text("Orders")), .th(.class("num"), .text("For")),
                    .th(.class("num"), .text("Closed")), .th(.class("num"), .text("From"))),
                .forEach(m.coverage) { row in
                    .tr(.td(.text("\(row.strategy) \(row.strategyName)")), .td(.class("num"), .text("\(row.orders)")),
                        .td(.class("num"), .text(SVGChart.percent(row.learningFor))), .td(.class("num"), .text("\(row.closed)")),
                        .td(.class("num"), .text(SVGChart.percent(row.learningFrom))))
                }
            ))
    }

    static func ambidexterity(_ m: DashboardModel) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("ambidexterity"),
            .h2("Ambidexterity per unit"),
            .p(.class("lead"), .text("Exploration X: share of the unit's orders touched by developmental learning; exploitation Y: share touched by executional learning. Balance 1 − |X − Y|, combined X·Y (He & Wong 2004).")),
            .raw(SVGChart.unitSquare(m.units.map { ($0.unit, $0.exploration, $0.exploitation) },
                                     xLabel: "exploration X", yLabel: "exploitation Y", title: "Exploration and exploitation per unit")),
            .table(
                .tr(.th("Unit"), .th(.class("num"), .text("Orders")), .th(.class("num"), .text("X")), .th(.class("num"), .text("Y")),
                    .th(.class("num"), .text("Balance")), .th(.class("num"), .text("Combined"))),
                .forEach(m.units) { u in
                    .tr(.td(.text(u.unit)), .td(.class("num"), .text("\(u.orders)")),
                        .td(.class("num"), .text(SVGChart.percent(u.exploration))), .td(.class("num"), .text(SVGChart.percent(u.exploitation))),
                        .td(.class("num"), .text(two(u.balance))), .td(.class("num"), .text(two(u.combined))))
                }
            ))
    }

    static func flow(_ m: DashboardModel) -> Node<HTML.BodyContext> {
        let f = m.flow
        let total = max(1, f.withinFront + f.withinBack + f.frontToBack + f.backToFront)
        return .section(.class("card"), .id("flow"),
            .h2("Knowledge flow between front and back office"),
            .p(.class("lead"), .text("Uses of knowledge items, by the office role where the item arose and where it was used.")),
            .raw(SVGChart.groupedBars([
                .init(label: "within front office", values: [Double(f.withinFront) / Double(total)]),
                .init(label: "within back office", values: [Double(f.withinBack) / Double(total)]),
                .init(label: "front → back", values: [Double(f.frontToBack) / Double(total)]),
                .init(label: "back → front", values: [Double(f.backToFront) / Double(total)]),
            ], series: [("share of uses", "#6b46c1")], title: "Knowledge flow")),
            .table(
                .tr(.th("Flow"), .th(.class("num"), .text("Uses"))),
                .tr(.td("within front office"), .td(.class("num"), .text("\(f.withinFront)"))),
                .tr(.td("within back office"), .td(.class("num"), .text("\(f.withinBack)"))),
                .tr(.td("front → back office"), .td(.class("num"), .text("\(f.frontToBack)"))),
                .tr(.td("back → front office"), .td(.class("num"), .text("\(f.backToFront)"))),
                .tr(.td("reflections joining both roles"), .td(.class("num"), .text("\(f.betweenSessions)"))),
                .tr(.td("reflections within one role"), .td(.class("num"), .text("\(f.singleRoleSessions)")))
            ),
            .if(!f.standardization.isEmpty,
                .p(.class("lead"), .text("Between strategies (origin → use): " +
                    f.standardization.map { "\($0.from) → \($0.to): \($0.count)" }.joined(separator: " · "))))
        )
    }

    static func cycle(_ m: DashboardModel) -> Node<HTML.BodyContext> {
        let c = m.cycleTime
        return .section(.class("card"), .id("cycle-time"),
            .h2("From acquisition to exploitation"),
            .p(.class("lead"), .text("Days a knowledge item took from being acquired to being exploited.")),
            .table(
                .tr(.td("exploited items"), .td(.class("num"), .text("\(c.exploited)"))),
                .tr(.td("median days"), .td(.class("num"), .text(days(c.medianDays)))),
                .tr(.td("middle half (p25–p75)"), .td(.class("num"), .text("\(days(c.p25Days)) – \(days(c.p75Days))"))),
                .tr(.td("items stuck in the pipeline"), .td(.class("num"), .text("\(c.stuck)")))
            ))
    }

    static func standards(_ m: DashboardModel) -> Node<HTML.BodyContext> {
        .section(.class("card wide"), .id("standards"),
            .h2("Effect of adopted standards"),
            .p(.class("lead"), .text("Orders in each standard's scope closed before vs after adoption; 95% bootstrap interval of the difference.")),
            .if(m.standards.isEmpty, .p(.class("muted"), .text("No adopted standard has enough orders on both sides yet."))),
            .forEach(m.standards) { s in
                .div(.class("standard"),
                    .h3(.text("\(s.name) "), .span(.class("tag"), .text(s.kind)), .span(.class("muted"), .text(" · \(s.scope) · adopted \(s.adopted)"))),
                    .table(
                        .tr(.th("Metric"), .th(.class("num"), .text("Before")), .th(.class("num"), .text("After")),
                            .th(.class("num"), .text("Difference")), .th(.class("num"), .text("95% interval")), .th(.class("num"), .text("n before / after"))),
                        .forEach(s.effects) { e in
                            .tr(.td(.text(e.metric)), .td(.class("num"), .text(e.before)), .td(.class("num"), .text(e.after)),
                                .td(.class(e.better == nil ? "num" : e.better! ? "num good" : "num bad"), .text(e.difference)),
                                .td(.class("num"), .text(e.interval)), .td(.class("num"), .text(e.counts)))
                        }
                    ))
            })
    }

    static func upcoming(_ m: DashboardModel) -> Node<HTML.BodyContext> {
        .section(.class("card wide"), .id("upcoming"),
            .h2("Upcoming learning activities — next \(m.upcomingHorizonDays) days"),
            .p(.class("lead"), .text("Generated by the cadence policy from the open orders, the units and the knowledge pipeline. Each says why this, why now.")),
            .table(
                .tr(.th("Date"), .th("Activity"), .th("Strategy"), .th("Units"), .th("Why")),
                .forEach(m.upcoming) { a in
                    .tr(.td(.text(a.date)), .td(.text(a.kind)), .td(.text(a.strategy)), .td(.text(a.units)), .td(.text(a.reason)))
                }
            ))
    }

    static func partners(_ m: DashboardModel) -> Node<HTML.BodyContext> {
        .section(.class("card wide"), .id("partners"),
            .h2("Partners — what each of them sees"),
            .p(.class("lead"), .text("A partner account sees only its own orders, the reflections it joined, the knowledge that came from it and the activities it is invited to. Open a partner to see exactly that page.")),
            m.partners.isEmpty ? .p(.class("muted"), .text("No partners yet.")) : .table(
                .tr(.th("Partner"), .th("Kind"), .th(.class("num"), .text("Orders"))),
                .forEach(m.partners) { p in
                    .tr(.td(.a(.href("/partners/" + (p.id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", "\"", "'", "<", ">"])) ?? "")), .text(p.name))),
                        .td(.text(p.kind)), .td(.class("num"), .text("\(p.orders)")))
                }
            ))
    }

    static func two(_ v: Double) -> String { String(format: "%.2f", v) }
    static func days(_ v: Double?) -> String { v.map { String(format: "%.0f", $0) } ?? "–" }
}

import Foundation
