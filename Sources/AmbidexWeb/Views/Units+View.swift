import AmbidexCore
import AmbidexStore
import Foundation
import Plot

/// Every unit on one page: its ambidexterity, how its role varied lately and
/// how much knowledge went out of it and came in.
enum UnitsView {
    static func render(office: String, session s: SignedIn, snapshot: OfficeSnapshot) -> String {
        let rows = Array(zip(snapshot.units, snapshot.unitLearning))
        let latest = snapshot.unitPeriods.last?.label ?? "–"
        return Layout.page(title: "Units", office: office, active: "units", session: s, body:
            .section(.class("card wide"), .id("units"),
                     .h2("Units"),
                     .p(.class("lead"), .text("Each unit's exploration X and exploitation Y over every order it worked on, judged against the mode its strategies call for; "
                        + "its role variation in the latest quarter (\(latest)): 0 when it held one office role on all its concurrent orders, 1 at half front, half back office; "
                        + "and the uses of knowledge that left it for other units and that it took from them. Open a unit for its quarters.")),
                     .table(.tr(.th("Unit"), .th("Function"), .th(.class("num"), "Orders"), .th(.class("num"), "X"), .th(.class("num"), "Y"),
                                .th(.class("num"), "Balance"), .th(.class("num"), "Combined"), .th("Judgement"),
                                .th(.class("num"), "Role variation"), .th(.class("num"), "Switch rate"),
                                .th(.class("num"), "Knowledge out"), .th(.class("num"), "Knowledge in")),
                            .forEach(rows) { unit, l in row(unit, l) }))
        ).render()
    }

    static func row(_ unit: AmbidexCore.Unit, _ l: UnitLearning) -> Node<HTML.TableContext> {
        let a = l.overall, r = l.roles.last ?? nil
        let orders = a.map { "\($0.orders)" } ?? "–", x = a.map { SVGChart.percent($0.exploration) } ?? "–", y = a.map { SVGChart.percent($0.exploitation) } ?? "–"
        let balance = a.map { DashboardView.two($0.balance) } ?? "–", combined = a.map { DashboardView.two($0.combined) } ?? "–"
        let variation = r.map { DashboardView.two($0.roleVariation) } ?? "–", switches = r.map { SVGChart.percent($0.switchRate) } ?? "–"
        let link: Node<HTML.TableRowContext> = .td(.a(.href("/units/\(OrderController.path(unit.id))"), .text(unit.name)))
        return .tr(link, .td(.text(unit.function.rawValue)), UnitView.num(orders), UnitView.num(x), UnitView.num(y), UnitView.num(balance), UnitView.num(combined),
                   .td(.text(a?.judgement.label ?? "too few orders")), UnitView.num(variation), UnitView.num(switches),
                   UnitView.num("\(l.flow.usedByOthers)"), UnitView.num("\(l.flow.usedFromOthers)"))
    }
}

/// One unit: its quarters side by side.
enum UnitView {
    static let colors = (x: "#d9622b", y: "#2b6cb0", balance: "#2f855a", combined: "#6b46c1", variation: "#b7791f", switches: "#4a5568")

    static func render(office: String, session s: SignedIn, snapshot: OfficeSnapshot, unit: AmbidexCore.Unit, learning l: UnitLearning) -> String {
        let names = Dictionary(snapshot.units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let labels = snapshot.unitPeriods.map(\.label)
        let path = OrderController.path(unit.id)
        let q = l.byQuarter
        let xy: [SVGChart.QuarterSeries] = [
            .init(name: "exploration X", color: colors.x, values: q.map { $0?.exploration }),
            .init(name: "exploitation Y", color: colors.y, values: q.map { $0?.exploitation }),
            .init(name: "balance", color: colors.balance, dashed: true, values: q.map { $0?.balance }),
            .init(name: "combined", color: colors.combined, dashed: true, values: q.map { $0?.combined }),
        ]
        let xyChart = SVGChart.quarters(labels, xy, title: "\(unit.name): exploration and exploitation")
        let roles: [SVGChart.QuarterSeries] = [
            .init(name: "role variation", color: colors.variation, values: l.roles.map { $0?.roleVariation }),
            .init(name: "switch rate", color: colors.switches, dashed: true, values: l.roles.map { $0?.switchRate }),
        ]
        let roleChart = SVGChart.quarters(labels, roles, title: "\(unit.name): role variation")
        let overall: String? = l.overall.map { a in
            "Over every order it worked on (\(a.orders)): exploration X \(SVGChart.percent(a.exploration)), exploitation Y \(SVGChart.percent(a.exploitation)), "
                + "share of exploration \(a.explorationShare.map(SVGChart.percent) ?? "–") against \(SVGChart.percent(a.targetExplorationShare)) called for: \(a.judgement.label)."
        }
        let minimum = snapshot.report.options.minimumOrdersPerUnit
        return Layout.page(title: unit.name, office: office, active: "units", session: s, body:
            .section(.class("card wide"), .id("unit"),
                     .h2(.text(unit.name)),
                     .p(.class("lead"), .text("\(unit.function.rawValue.capitalized) unit. "),
                        .a(.href("/orders?unit=\(path)"), .text("Its orders")), .text(" · "),
                        .a(.href("/schedule?unit=\(path)"), .text("its schedule")), .text(" · "),
                        .a(.href("/units"), .text("all units"))),
                     .unwrap(overall) { .p(.text($0)) }),
            .section(.class("card wide"), .id("ambidexterity"),
                     .h2("Ambidexterity by quarter"),
                     .p(.class("lead"), .text("X and Y over the orders the unit worked on in each quarter (learning about them counts when it came later); balance 1 − |X − Y| and combined X·Y "
                        + "as in Cao et al. (2009). A gap in a line is a quarter with fewer than \(minimum) orders.")),
                     .div(.class("narrow"), .raw(xyChart)),
                     legend([("exploration X", colors.x), ("exploitation Y", colors.y), ("balance", colors.balance), ("combined", colors.combined)]),
                     .table(.id("quarters"),
                            .tr(.th("Quarter"), .th(.class("num"), "Orders"), .th(.class("num"), "X"), .th(.class("num"), "Y"), .th(.class("num"), "Share X"),
                                .th(.class("num"), "Target"), .th("Judgement"), .th(.class("num"), "Balance"), .th(.class("num"), "Combined")),
                            .forEach(Array(zip(labels, l.byQuarter))) { label, a in quarterRow(label, a) }),
                     .if(!l.byStrategy.isEmpty, .details(.summary("Per strategy, over every order"),
                         .table(.id("by-strategy"),
                                .tr(.th("Strategy"), .th(.class("num"), "Orders"), .th(.class("num"), "X"), .th(.class("num"), "Y"), .th(.class("num"), "Share X"),
                                    .th(.class("num"), "Target"), .th("Judgement")),
                                .forEach(l.byStrategy) { a in strategyRow(a) })))),
            .section(.class("card wide"), .id("roles"),
                     .h2("Role switching and priority variation"),
                     .p(.class("lead"), .text("On its concurrent orders a unit can be front office (facing the customer: fit, responsiveness) on some and back office (efficiency, scale) on others. "
                        + "Role variation is 1 − |2·front share − 1|; the switch rate counts changes of role between consecutive orders; the urgency spread is the orders' priority spread. "
                        + "Counterparts held the other role on the same orders: who a cross-role session brings in.")),
                     .div(.class("narrow"), .raw(roleChart)),
                     legend([("role variation", colors.variation), ("switch rate", colors.switches)]),
                     .table(.id("role-quarters"),
                            .tr(.th("Quarter"), .th(.class("num"), "Orders"), .th(.class("num"), "Front office"), .th(.class("num"), "Switches"),
                                .th(.class("num"), "Switch rate"), .th(.class("num"), "Role variation"), .th(.class("num"), "Urgency spread"), .th("Counterparts")),
                            .forEach(Array(zip(labels, l.roles))) { label, r in roleRow(label, r, names) })),
            .section(.class("card wide"), .id("flow"),
                     .h2("Knowledge flow in and out"),
                     .p(.class("lead"), .text("Every recorded use of a knowledge item: out of this unit when another unit used an item that arose here, into it when it used one that arose elsewhere; "
                        + "across offices when the user's role differs from the role the item arose in (front to back office or back to front).")),
                     .table(.class("figures"),
                            .tr(.th("Knowledge items acquired from its work"), .td(.class("num"), .text("\(l.flow.acquired)"))),
                            .tr(.th("Uses of its own items by itself"), .td(.class("num"), .text("\(l.flow.usedWithin)"))),
                            .tr(.th("Out: uses of its items by other units"), .td(.class("num"), .text("\(l.flow.usedByOthers)"))),
                            .tr(.th("… of which across offices"), .td(.class("num"), .text("\(l.flow.usedByOthersAcrossOffices)"))),
                            .tr(.th("In: its uses of other units' items"), .td(.class("num"), .text("\(l.flow.usedFromOthers)"))),
                            .tr(.th("… of which across offices"), .td(.class("num"), .text("\(l.flow.usedFromOthersAcrossOffices)"))),
                            .tr(.th("Reflections it joined"), .td(.class("num"), .text("\(l.flow.reflections)"))),
                            .tr(.th("… that brought front and back office together"), .td(.class("num"), .text("\(l.flow.reflectionsBetweenOffices)")))),
                     counterparts("Who used its knowledge", l.flow.users, names, id: "users"),
                     counterparts("Whose knowledge it used", l.flow.sources, names, id: "sources"))
        ).render()
    }

    static func num(_ text: String) -> Node<HTML.TableRowContext> { .td(.class("num"), .text(text)) }

    static func quarterRow(_ label: String, _ a: UnitAmbidexterity?) -> Node<HTML.TableContext> {
        let orders = a.map { "\($0.orders)" } ?? "–", x = a.map { SVGChart.percent($0.exploration) } ?? "–", y = a.map { SVGChart.percent($0.exploitation) } ?? "–"
        let share = a?.explorationShare.map(SVGChart.percent) ?? "–", target = a.map { SVGChart.percent($0.targetExplorationShare) } ?? "–"
        let judged = a.map { $0.judgement == .inMode ? "good" : $0.judgement == .noLearning ? "" : "bad" } ?? ""
        let balance = a.map { DashboardView.two($0.balance) } ?? "–", combined = a.map { DashboardView.two($0.combined) } ?? "–"
        return .tr(.td(.text(label)), num(orders), num(x), num(y), num(share), num(target), .td(.class(judged), .text(a?.judgement.label ?? "too few orders")),
                   num(balance), num(combined))
    }

    static func strategyRow(_ a: UnitAmbidexterity) -> Node<HTML.TableContext> {
        let share = a.explorationShare.map(SVGChart.percent) ?? "–"
        return .tr(.td(.text(a.strategy?.code ?? "all")), num("\(a.orders)"), num(SVGChart.percent(a.exploration)), num(SVGChart.percent(a.exploitation)),
                   num(share), num(SVGChart.percent(a.targetExplorationShare)), .td(.text(a.judgement.label)))
    }

    static func roleRow(_ label: String, _ r: UnitRoleProfile?, _ names: [UnitID: String]) -> Node<HTML.TableContext> {
        let orders = r.map { "\($0.orders)" } ?? "–", front = r.map { SVGChart.percent($0.frontShare) } ?? "–", switches = r.map { "\($0.switches)" } ?? "–"
        let rate = r.map { SVGChart.percent($0.switchRate) } ?? "–", variation = r.map { DashboardView.two($0.roleVariation) } ?? "–"
        let spread = r.map { DashboardView.two($0.urgencySpread) } ?? "–"
        let counterparts: [(Int, UnitID)] = Array((r?.counterparts ?? []).prefix(3).enumerated())
        let cell: Node<HTML.TableRowContext> = .td(.forEach(counterparts) { i, c in
            .group(.text(i == 0 ? "" : ", "), .a(.href("/units/\(OrderController.path(c))"), .text(names[c] ?? c.rawValue)))
        })
        return .tr(.td(.text(label)), num(orders), num(front), num(switches), num(rate), num(variation), num(spread), cell)
    }

    static func legend(_ entries: [(String, String)]) -> Node<HTML.BodyContext> {
        .p(.class("legend"), .forEach(entries) { name, color in
            .span(.class("key"), .span(.class("swatch"), .attribute(named: "style", value: "background:\(color)")), .text(" \(name) "))
        })
    }

    static func counterparts(_ title: String, _ list: [UnitKnowledgeFlow.Counterpart], _ names: [UnitID: String], id: String) -> Node<HTML.BodyContext> {
        .div(.id(id), .h3(.text(title)),
             list.isEmpty ? .p(.class("muted"), .text("No unit yet.")) :
             .ul(.forEach(list) { c in .li(.a(.href("/units/\(OrderController.path(c.unit))"), .text(names[c.unit] ?? c.unit.rawValue)), .text(": \(c.uses) use\(c.uses == 1 ? "" : "s")")) }))
    }
}
