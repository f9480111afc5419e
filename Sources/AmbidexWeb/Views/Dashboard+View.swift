import AmbidexStore
import Plot

/// The evidence dashboard: is learning happening around the orders, and does it pay off?
enum DashboardView {
    /// `evidence` is the page's evidence sections already rendered (the server keeps them per snapshot).
    static func render(_ m: DashboardModel, session: SignedIn?, evidence: String? = nil) -> String {
        Layout.page(
            title: "Dashboard", office: m.officeName, active: "dashboard", session: session,
            body: .group(
                .section(.class("card wide"), .id("summary"),
                         .h2("\(m.officeName) — as of \(m.asOf)"),
                         .p(.class("lead"), .text(m.totals)),
                         .p(.id("freshness"), .class(m.live.behind == 0 ? "fresh" : "behind"), .text(m.freshness)),
                         latestWrites(m)),
                .raw(evidence ?? Self.evidence(m))
            )
        ).render()
    }

    /// Everything below the summary: a function of the snapshot alone.
    static func evidence(_ m: DashboardModel) -> String {
        Node<HTML.BodyContext>.group(coverage(m), ambidexterity(m), flow(m), cycle(m), standards(m), upcoming(m), partners(m)).render()
    }

    static func latestWrites(_ m: DashboardModel) -> Node<HTML.BodyContext> {
        .if(!m.live.writes.isEmpty,
            .details(.id("latest-writes"),
                .summary("Latest changes"),
                .ul(.forEach(m.live.writes) { w in .li(.text("\(w.at) · \(w.who) · \(w.summary)")) })))
    }

    static func coverage(_ m: DashboardModel) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("coverage"),
            .h2("Learning for and from orders, by strategy"),
            .p(.class("lead"), .text("Share of orders with reflection in action while open (for), and share of closed orders a review addressed specifically (from); "
                                     + "orders reached only by a retrospective over many orders are shown apart.")),
            .raw(SVGChart.groupedBars(
                m.coverage.map { .init(label: "\($0.strategy) \($0.strategyName)", values: [$0.learningFor, $0.learningFrom, $0.retrospectiveOnly]) },
                series: [("learning for (in action)", "#d9622b"), ("learning from (specific review)", "#2b6cb0"), ("retrospective only", "#9aa3b2")],
                title: "Coverage of learning for and from orders by strategy")),
            .table(
                .tr(.th("Strategy"), .th(.class("num"), .text("Orders")), .th(.class("num"), .text("For")),
                    .th(.class("num"), .text("Closed")), .th(.class("num"), .text("From")), .th(.class("num"), .text("Retro only")),
                    .th(.class("num"), .text("Open, gate-reviewed"))),
                .forEach(m.coverage) { row in
                    .tr(.td(.text("\(row.strategy) \(row.strategyName)")), .td(.class("num"), .text("\(row.orders)")),
                        .td(.class("num"), .text(SVGChart.percent(row.learningFor))), .td(.class("num"), .text("\(row.closed)")),
                        .td(.class("num"), .text(SVGChart.percent(row.learningFrom))), .td(.class("num"), .text(SVGChart.percent(row.retrospectiveOnly))),
                        .td(.class("num"), .text("\(row.openWithPhaseReview)")))
                }
            ),
            .p(.class("muted small"), .text("Rule: " + m.coverageRule)),
            .h3("Intensity"),
            .table(.id("intensity"),
                .tr(.th("Strategy"), .th(.class("num"), .text("In action / order")), .th(.class("num"), .text("Reviews / closed")),
                    .th(.class("num"), .text("Participants")), .th(.class("num"), .text("Days to review")), .th(.class("num"), .text("Process sessions / 30 d"))),
                .forEach(m.coverage) { row in
                    .tr(.td(.text(row.strategy)), .td(.class("num"), .text(two(row.inActionPerOrder))), .td(.class("num"), .text(two(row.reviewsPerClosedOrder))),
                        .td(.class("num"), .text(String(format: "%.1f", row.participants))), .td(.class("num"), .text(days(row.daysToReview))),
                        .td(.class("num"), .text(String(format: "%.1f", row.processSessionsPer30Days))))
                }
            ))
    }

    static func ambidexterity(_ m: DashboardModel) -> Node<HTML.BodyContext> {
        .section(.class("card wide"), .id("ambidexterity"),
            .h2("Ambidexterity per unit, in the mode its work calls for"),
            .p(.class("lead"), .text("Exploration X: share of the unit's orders touched by developmental learning (reflection-based executional reflection counts half); "
                                     + "exploitation Y: share touched by executional learning or a standard the unit applied (automatic applications do not count). "
                                     + "Customized work (ETO, CTO) calls for an explorative mode, standardized work (MTS, ATO, MTO) for an exploitative one: "
                                     + "the gap is the unit's share of exploration, X/(X+Y), minus the share its strategies call for. Balance 1 − |X − Y| and combined X·Y as in Cao et al. (2009).")),
            .div(.class("narrow"), .raw(SVGChart.unitSquare(m.units.map { ($0.unit, $0.exploration, $0.exploitation) },
                                                            xLabel: "exploration X", yLabel: "exploitation Y", title: "Exploration and exploitation per unit"))),
            .table(
                unitHeader(strategy: false),
                .forEach(m.units) { unitCells($0, strategy: false) }
            ),
            .details(.summary("Per unit and strategy"),
                .table(.id("ambidexterity-by-strategy"),
                    unitHeader(strategy: true),
                    .forEach(m.unitsByStrategy) { unitCells($0, strategy: true) }
                )))
    }

    static func unitHeader(strategy: Bool) -> Node<HTML.TableContext> {
        .tr(.th("Unit"), .if(strategy, .th("Strategy")), .th(.class("num"), .text("Orders")), .th(.class("num"), .text("X")), .th(.class("num"), .text("Y")),
            .th(.class("num"), .text("Share X")), .th(.class("num"), .text("Target")), .th(.class("num"), .text("Gap")), .th("Judgement"),
            .th(.class("num"), .text("Balance")), .th(.class("num"), .text("Combined")))
    }

    static func unitCells(_ u: DashboardModel.UnitRow, strategy: Bool) -> Node<HTML.TableContext> {
        .tr(.td(.text(u.unit)), .if(strategy, .td(.text(u.strategy))), .td(.class("num"), .text("\(u.orders)")),
            .td(.class("num"), .text(SVGChart.percent(u.exploration))), .td(.class("num"), .text(SVGChart.percent(u.exploitation))),
            .td(.class("num"), .text(u.share.map(SVGChart.percent) ?? "–")), .td(.class("num"), .text(SVGChart.percent(u.target))),
            .td(.class(u.inMode == nil ? "num" : u.inMode! ? "num good" : "num bad"), .text(u.gap.map { String(format: "%+.0f pts", $0 * 100) } ?? "–")),
            .td(.text(u.judgement)), .td(.class("num"), .text(two(u.balance))), .td(.class("num"), .text(two(u.combined))))
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
        return .section(.class("card wide"), .id("cycle-time"),
            .h2("From acquisition to exploitation"),
            .p(.class("lead"), .text("A survival time: items still under way count as censored, a discarded item can never be exploited (a competing risk, "
                                     + "Aalen–Johansen). Shares exploited by 90, 180 and 365 days, and days among the items that get exploited, with 95% intervals.")),
            .div(.class("narrow"), .raw(c.chart)),
            .table(
                .tr(.th("Items"), .th(.class("num"), .text("n")), .th(.class("num"), .text("Exploited")), .th(.class("num"), .text("Discarded")),
                    .th(.class("num"), .text("Under way")), .th(.class("num"), .text("By 90 d")), .th(.class("num"), .text("By 180 d")),
                    .th(.class("num"), .text("By 365 d")), .th(.class("num"), .text("p25")), .th(.class("num"), .text("Median")), .th(.class("num"), .text("p75"))),
                .forEach(c.rows) { r in
                    .tr(.td(.text(r.name)), .td(.class("num"), .text("\(r.items)")), .td(.class("num"), .text("\(r.exploited)")),
                        .td(.class("num"), .text("\(r.discarded)")), .td(.class("num"), .text("\(r.underWay)")),
                        .forEach(r.horizons + r.quartiles) { .td(.class("num"), .text($0)) })
                }
            ),
            .p(.class("muted small"), .text("Days until half of all items are exploited: \(c.halfOfAll). \(c.stuck) items still under way after more than \(c.stuckAfterDays) days.")))
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
