import AmbidexCore
import AmbidexStore
import Foundation
import Plot

/// The registry's list and the form that proposes a standard.
enum StandardsView {
    static func render(office: String, session s: SignedIn, list: [StandardSummary], form f: StandardsController.ProposeForm,
                       units: [AmbidexCore.Unit], problem: String?) -> String {
        Layout.page(title: "Standards", office: office, active: "standards", session: s, body:
            .section(.class("card wide"), .id("registry"),
                     .h2("Standards registry"),
                     .p(.class("lead"), .text("Every standard the office proposed, adopted or retired, with its current version and how often work deviated from it. "
                        + "Adopting, revising and retiring are a lead's, each recorded with who and when.")),
                     list.isEmpty ? .p(.class("muted"), .text("No standard yet.")) :
                     .table(.tr(.th("Standard"), .th("Kind"), .th("Scope"), .th("Status"), .th(.class("num"), "Version"), .th(.class("num"), "Applied"),
                                .th(.class("num"), "Deviated (of checked)")),
                            .forEach(list) { x in
                                let st = x.standard
                                return .tr(.td(.a(.href("/standards/\(OrderController.path(st.id))"), .text(st.name))), .td(.text(st.kind.label)),
                                           .td(.text(scope(st))), .td(.span(.class("tag status-\(st.status.rawValue)"), .text(st.status.rawValue))),
                                           .td(.class("num"), .text("\(st.version)")), .td(.class("num"), .text("\(x.applications)")),
                                           .td(.class("num"), .text(x.checked == 0 ? "–" : "\(x.deviations) of \(x.checked)")))
                            })),
            .section(.class("card wide"), .id("propose"),
                     .h2("Propose a standard"),
                     .p(.class("lead"), .text("From a knowledge item (its page on the knowledge board links here), or as a module from a set of ETO orders: "
                        + "list them and press Prefill — the customization choices most of them share become the module's first text.")),
                     .unwrap(problem) { .p(.class("problem"), .text($0)) },
                     .form(.method(.get), .action("/standards"), .class("filters"),
                           OrdersView.field("orders", "Orders (ids, separated by spaces)", f.orders, type: .text),
                           .button(.type(.submit), .text("Prefill from these orders"))),
                     proposeForm(s, f, units))
        ).render()
    }

    static func scope(_ st: Standard) -> String {
        st.scope.strategies.sorted { $0.rawValue < $1.rawValue }.map(\.code).joined(separator: ", ")
            + (st.scope.units.isEmpty ? "" : " · " + st.scope.units.map(\.rawValue).sorted().joined(separator: ", "))
    }

    static func proposeForm(_ s: SignedIn, _ f: StandardsController.ProposeForm, _ units: [AmbidexCore.Unit]) -> Node<HTML.BodyContext> {
        let kinds = Standard.Kind.allCases.map { ($0.rawValue, $0.label) }
        let chosen = Set(f.strategies ?? []), chosenUnits = Set(f.units ?? [])
        return .form(.method(.post), .action("/standards"), .class("reflect"), .id("propose-form"),
                     .input(.type(.hidden), .name("csrf"), .value(s.csrfToken)),
                     OrdersView.field("name", "Name", f.name, type: .text),
                     OrdersView.select("kind", "Kind", kinds, f.kind),
                     .p(.text("For strategies: "), .forEach(DeliveryStrategy.allCases) { st in
                         .label(.class("check"), .input(.type(.checkbox), .name("strategies[]"), .value(st.rawValue), .checked(chosen.contains(st.rawValue))), .text(st.code + " "))
                     }),
                     .p(.text("Units (none: all): "), .forEach(units) { u in
                         .label(.class("check"), .input(.type(.checkbox), .name("units[]"), .value(Layout.escaped(u.id.rawValue)), .checked(chosenUnits.contains(u.id.rawValue))),
                                .text(u.name + " "))
                     }),
                     OrdersView.field("provenance", "Made from knowledge items (ids)", f.provenance, type: .text),
                     .label(.class("block"), .text("What it says"), .textarea(.name("text"), .attribute(named: "rows", value: "6"), .text(f.text ?? ""))),
                     OrdersView.field("note", "Note on this first version", f.note, type: .text),
                     .button(.type(.submit), .class("primary"), .text("Propose")))
    }
}

/// One standard: versions with their differences, provenance, scope, the
/// orders of each version, deviations (each can open an exploration item),
/// the before/after effect, and its history.
enum StandardView {
    static func render(office: String, session s: SignedIn, page p: StandardPage, snapshot: OfficeSnapshot, problem: String?) -> String {
        let st = p.standard
        let path = "/standards/\(OrderController.path(st.id))"
        let lead = s.account.role == .lead
        let effect = snapshot.report.standardEffects.first { $0.standard == st.id }
        return Layout.page(title: st.name, office: office, active: "standards", session: s, body:
            .section(.class("card wide"), .id("standard"),
                     .h2(.text(st.name), .text(" "), .span(.class("tag status-\(st.status.rawValue)"), .text(st.status.rawValue))),
                     .p(.class("lead"), .text("\(st.kind.label) · for \(StandardsView.scope(st)) · proposed \(st.proposedAt.isoDay)"
                        + (st.adoptedAt.map { " · adopted \($0.isoDay)" } ?? "") + (st.retiredAt.map { " · retired \($0.isoDay)" } ?? "")
                        + (st.retirementReason.map { ": \($0)" } ?? ""))),
                     .unwrap(problem) { .p(.class("problem"), .text($0)) },
                     .if(!p.provenance.isEmpty, .p(.text("Made from: "), .forEach(p.provenance) { k, orders in
                         .group(.a(.href("/knowledge#item-\(Layout.escaped(k.id.rawValue))"), .text("\(k.id) \(k.title)")),
                                .text(orders.isEmpty ? "; " : " (orders "), .forEach(orders.prefix(5)) { o in .group(.a(.href("/orders/\(OrderController.path(o))"), .text(o.rawValue)), .text(" ")) },
                                .text(orders.isEmpty ? "" : ") "))
                     })),
                     lead ? controls(s, st, path) : .p(.class("muted small"), .text("A lead adopts, revises and retires standards."))),
            .section(.class("card wide"), .id("versions"),
                     .h2("Versions"),
                     .forEach(st.versions.reversed()) { v in version(v, st, p) }),
            .section(.class("card"), .id("applications"),
                     .h2("Orders that applied it"),
                     .table(.tr(.th("Version"), .th(.class("num"), "Applied"), .th(.class("num"), "Checked"), .th(.class("num"), "Deviated")),
                            .forEach(p.uses) { u in .tr(.td(.text("\(u.version)")), .td(.class("num"), .text("\(u.applications)")), .td(.class("num"), .text("\(u.checked)")),
                                                       .td(.class("num"), .text("\(u.deviations)"))) }),
                     .p(.class("small"), .text("Latest: "), .forEach(p.latest.prefix(20)) { a, v in
                         .group(.a(.href("/orders/\(OrderController.path(a.order))"), .text(a.order.rawValue)), .text(" (v\(v)\(a.deviated ? ", deviated" : "")) "))
                     })),
            .section(.class("card"), .id("deviations"),
                     .h2("Deviations"),
                     p.deviations.isEmpty ? .p(.class("muted"), .text("No deviation recorded.")) :
                     .table(.tr(.th("Order"), .th("Day"), .th("Version"), .th("By"), .th("Note"), .th("")),
                            .forEach(p.deviations) { d in
                                .tr(.td(.a(.href("/orders/\(OrderController.path(d.application.order))"), .text(d.application.order.rawValue))), .td(.text(d.application.date.isoDay)),
                                    .td(.text("\(d.version)")), .td(.text(d.application.appliedBy?.rawValue ?? "–")), .td(.text(d.application.note ?? "")),
                                    .td(.form(.method(.post), .action("\(path)/explore"), .class("inline"),
                                              .input(.type(.hidden), .name("csrf"), .value(s.csrfToken)),
                                              .input(.type(.hidden), .name("order"), .value(Layout.escaped(d.application.order.rawValue))),
                                              .if(d.application.appliedBy == nil, .input(.type(.hidden), .name("unit"), .value("U-eng"))),
                                              .button(.type(.submit), .text("Explore why")))))
                            }),
                     .div(.id("explorations"), .if(!p.explorations.isEmpty, .group(.h3("Exploration opened from it"),
                         .ul(.forEach(p.explorations) { k in .li(.a(.href("/knowledge#item-\(Layout.escaped(k.id.rawValue))"), .text("\(k.id) \(k.title)")), .text(" · \(k.stage.rawValue)")) }))))),
            .unwrap(effect) { e in
                .section(.class("card wide"), .id("effect"), .h2("Before and after"),
                         DashboardView.standard(DashboardModel.standardRow(e, explorations: snapshot.explorations)))
            },
            .section(.class("card wide"), .id("history"),
                     .h2("History"),
                     .ul(.forEach(p.history) { w in .li(.text("\(w.at.isoDay) · \(w.account ?? "command line") · \(w.summary)")) }))
        ).render()
    }

    static func version(_ v: Standard.Version, _ st: Standard, _ p: StandardPage) -> Node<HTML.BodyContext> {
        let previous = st.versions.first { $0.number == v.number - 1 }
        let diff: Node<HTML.BodyContext>
        if let old = previous?.text, let new = v.text, old != new {
            diff = .div(.class("diff"), .forEach(TextDiff.lines(old, new)) { l in
                .div(.class("diff-\(l.change.rawValue)"), .text((l.change == .added ? "+ " : l.change == .removed ? "− " : "  ") + l.text))
            })
        } else if let text = v.text {
            diff = .div(.class("diff"), .text(previous == nil ? text : "(the text did not change)"))
        } else { diff = .empty }
        return .div(.class("version"), .id("version-\(v.number)"),
                    .h3(.text("Version \(v.number) · \(v.date.isoDay)"), .span(.class("muted small"), .text(" · \(v.note)"))), diff)
    }

    static func controls(_ s: SignedIn, _ st: Standard, _ path: String) -> Node<HTML.BodyContext> {
        func form(_ action: String, _ fields: Node<HTML.FormContext>, _ label: String) -> Node<HTML.BodyContext> {
            .form(.method(.post), .action("\(path)/\(action)"), .class("act act-\(action)"), .input(.type(.hidden), .name("csrf"), .value(s.csrfToken)),
                  fields, .button(.type(.submit), .id("\(action)-standard"), .text(label)))
        }
        let current = st.versions.last?.text ?? ""
        return .div(.class("actions"),
                    .if(st.status == .proposed, form("adopt", .input(.type(.date), .name("date")), "Adopt")),
                    .if(st.status != .retired, .group(
                        form("revise", .group(.input(.type(.text), .name("note"), .placeholder("what changes")),
                                              .textarea(.name("text"), .attribute(named: "rows", value: "4"), .text(current))), "New version"),
                        form("retire", .input(.type(.text), .name("reason"), .placeholder("why it is retired")), st.status == .proposed ? "Reject" : "Retire"))))
    }
}
