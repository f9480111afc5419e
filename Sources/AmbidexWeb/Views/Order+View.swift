import AmbidexCore
import AmbidexStore
import Foundation
import Plot

/// The order page: what the order is, where it stands in the value chain, who
/// worked on it in which role, what happened, what was learned on it, the
/// lessons of similar orders, and a form to reflect on it.
enum OrderView {
    static func render(office: String, session: SignedIn, folder f: OrderFolder, lessons: [Lesson],
                       form: OrderController.ReflectionForm, problem: String?, recorded: String?, history: [WriteRecord]) -> String {
        Layout.page(title: "Order \(f.order.id)", office: office, active: "orders", session: session, body:
            facts(f),
            chain(f),
            lessonList(lessons),
            learning(f, recorded: recorded),
            reflectForm(f, form, problem: problem, session: session),
            timeline(f),
            changes(history)
        ).render()
    }

    static func facts(_ f: OrderFolder) -> Node<HTML.BodyContext> {
        let o = f.order
        let status = o.closed.map { "closed " + $0.isoDay } ?? "open"
        let rows: [(String, String)] = [
            ("Customer", f.customer.map { "\($0.name) (\($0.id))" } ?? o.customer.rawValue),
            ("Offering", o.offering),
            ("Strategy", "\(o.strategy.code) — \(o.strategy.name)"),
            ("Priority", "P\(o.priority.rawValue)"),
            ("Received", o.received.isoDay), ("Due", o.due.isoDay), ("Status", status),
        ] + outcome(o)
        let custom: Node<HTML.BodyContext> = o.customization.isEmpty ? .empty : .group(
            .h3("Customization"),
            .table(.id("customization"), .forEach(o.customization.sorted { $0.key < $1.key }) { .tr(.th(.text($0.key)), .td(.text($0.value))) }))
        return .section(.class("card"), .id("order"),
                        .h2(.text("Order \(o.id)")),
                        .table(.class("facts"), .forEach(rows) { .tr(.th(.text($0.0)), .td(.text($0.1))) }),
                        custom)
    }

    static func outcome(_ o: Order) -> [(String, String)] {
        guard let out = o.outcome else { return [] }
        return [("Lead time", String(format: "%.1f days", out.leadTimeDays)), ("On time", out.onTime ? "yes" : "no"),
                ("Rework", String(out.reworkCount)), ("Feedback", out.feedbackScore.map { String(format: "%.1f of 5", $0) } ?? "none given")]
    }

    static func chain(_ f: OrderFolder) -> Node<HTML.BodyContext> {
        let worked = Set(f.events.map(\.stage))
        let point = f.order.decouplingPoint
        let stages: Node<HTML.ListContext> = .forEach(f.chain.stages) { stage in
            let drive = f.chain.drive(of: stage, decoupledAt: point)
            let isPoint = point.stage == stage
            let label = stage.rawValue + (isPoint ? " ◆ decoupling point" : "")
            let note = (drive == .customer ? "for the customer" : "on forecast") + (worked.contains(stage) ? ", worked on" : "")
            return .li(.class("stage \(drive.rawValue)" + (isPoint ? " codp" : "")), .strong(.text(label)), .br(), .span(.class("muted"), .text(note)))
        }
        let roles: Node<HTML.BodyContext> = f.roles.isEmpty ? .p(.class("muted"), .text("No unit has recorded work on this order yet.")) :
            .table(.id("roles"), .tr(.th("Unit"), .th("Role on this order"), .th("Events")),
                   .forEach(f.roles) { r in
                       let name = f.units.first { $0.id == r.unit }?.name ?? r.unit.rawValue
                       return .tr(.td(.text(name)), .td(.class(r.role.rawValue), .text(r.role == .front ? "front office" : "back office")),
                                  .td(.class("num"), .text(String(f.events.filter { $0.unit == r.unit }.count))))
                   })
        return .section(.class("card"), .id("value-chain"),
                        .h2("Value chain"),
                        .p(.class("muted"), .text("Decoupling point: \(point.description). Stages from it on wait for this customer; a unit is front office on the order where it worked in contact with the customer.")),
                        .ol(.class("chain"), stages),
                        roles)
    }

    static func lessonList(_ lessons: [Lesson]) -> Node<HTML.BodyContext> {
        let body: Node<HTML.BodyContext> = lessons.isEmpty
            ? .p(.class("muted"), .text("No lessons yet: no similar past order has knowledge, standards or reflections attached, and no reflection mentions this order's choices."))
            : .ol(.forEach(lessons) { lesson($0) })
        return .section(.class("card"), .id("lessons"),
                        .h2("Lessons from similar orders"),
                        .p(.class("muted"), .text("Knowledge items, standards and reflections from past orders like this one (customization, offering, strategy, customer) and reflections whose text mentions its choices, best match first.")),
                        body)
    }

    static func lesson(_ l: Lesson) -> Node<HTML.ListContext> {
        let head: Node<HTML.BodyContext> = .group(
            .span(.class("kind"), .text(l.subject.kind + " " + l.subject.id)), .text(" "),
            .strong(.text(l.title)), .text(" "),
            .span(.class("muted"), .text("(\(l.status); match \(Int((l.score * 100).rounded())) %)")))
        let why: Node<HTML.BodyContext> = .ul(.class("why"), .forEach(l.reasons) { .li(.text($0)) })
        let orders: Node<HTML.BodyContext> = l.orders.isEmpty ? .empty :
            .p(.class("muted"), .text("Orders: "), .forEach(l.orders.prefix(5)) { id in
                .group(.a(.href("/orders/" + OrderController.path(id)), .text(id.rawValue)), .text(" ")) })
        return .li(.class("lesson"), head, why, orders)
    }

    static func learning(_ f: OrderFolder, recorded: String?) -> Node<HTML.BodyContext> {
        let reflections: Node<HTML.BodyContext> = f.reflections.isEmpty ? .p(.class("muted"), .text("No reflection on this order yet.")) :
            .ul(.forEach(f.reflections) { r in
                .li(.id("reflection-" + Layout.escaped(r.id.rawValue)), .class(r.id.rawValue == recorded ? "recorded" : ""),
                    .span(.class("muted"), .text("\(r.date.isoDay) · \(r.mode.label) · \(r.logic.rawValue) · \(r.units.map(\.rawValue).sorted().joined(separator: ", ")) ")),
                    .text(r.summary))
            })
        let knowledge: Node<HTML.BodyContext> = f.knowledge.isEmpty ? .empty : .group(
            .h3("Knowledge from this order"),
            .ul(.id("order-knowledge"), .forEach(f.knowledge) { k in .li(.text("\(k.id) \(k.title) "), .span(.class("muted"), .text("(\(k.stage.rawValue))"))) }))
        let standards: Node<HTML.BodyContext> = f.applications.isEmpty ? .empty : .group(
            .h3("Standards applied"),
            .table(.id("applications"), .tr(.th("Standard"), .th("Date"), .th("How"), .th("Note")),
                   .forEach(f.applications) { a in
                       let how = a.application.automatic ? "automatically (in scope)" : (a.application.deviated ? "deviated" : "applied as written")
                       return .tr(.td(.text("\(a.name) (\(a.standard), \(a.status.rawValue))")), .td(.text(a.application.date.isoDay)),
                                  .td(.class(a.application.deviated ? "bad" : ""), .text(how)), .td(.text(a.application.note ?? "")))
                   }))
        let note: Node<HTML.BodyContext> = .unwrap(recorded) { .p(.class("made"), .text("Reflection \($0) recorded.")) }
        return .section(.class("card"), .id("reflections"), .h2("Reflections on this order"), note, reflections, knowledge, standards)
    }

    static func reflectForm(_ f: OrderFolder, _ form: OrderController.ReflectionForm, problem: String?, session: SignedIn) -> Node<HTML.BodyContext> {
        let chosen = Set(form.units ?? [])
        let worked = Set(f.roles.map(\.unit))
        let units = f.units.sorted { (worked.contains($0.id) ? 0 : 1, $0.id) < (worked.contains($1.id) ? 0 : 1, $1.id) }
        let unitBoxes: Node<HTML.FormContext> = .forEach(units) { u in
            .label(.class("check"), .input(.type(.checkbox), .name("units[]"), .value(Layout.escaped(u.id.rawValue)), .checked(chosen.contains(u.id.rawValue))),
                   .text(" \(u.name)" + (worked.contains(u.id) ? "" : " (no work on it)")))
        }
        let partnerBox: Node<HTML.FormContext> = .label(.class("check"),
            .input(.type(.checkbox), .name("partners[]"), .value(Layout.escaped(f.order.customer.rawValue)), .checked((form.partners ?? []).contains(f.order.customer.rawValue))),
            .text(" the customer, \(f.customer?.name ?? f.order.customer.rawValue)"))
        let modes: [(String, String)] = (f.order.closed == nil ? [(Reflection.Mode.inAction.rawValue, "in action (the order is running)")] : [])
            + [(Reflection.Mode.onAction.rawValue, "on action (looking back)")]
        let choices: Node<HTML.FormContext> = .group(
            OrdersView.select("mode", "Mode", modes, form.mode),
            OrdersView.select("actionLevel", "Action level", ActionLevel.allCases.map { ($0.rawValue, $0.rawValue) }, form.actionLevel),
            OrdersView.select("logic", "Logic", LearningLogic.allCases.map { ($0.rawValue, $0.rawValue) }, form.logic),
            OrdersView.select("trigger", "Trigger", Trigger.allCases.map { ($0.rawValue, $0.rawValue) }, form.trigger))
        let texts: Node<HTML.FormContext> = .group(
            .label(.class("block"), .text("What happened"), .textarea(.name("summary"), .attribute(named: "rows", value: "3"), .attribute(named: "maxlength", value: "2000"), .text(form.summary ?? ""))),
            .label(.class("block"), .text("What we try"), .textarea(.name("tryNext"), .attribute(named: "rows", value: "2"), .attribute(named: "maxlength", value: "2000"), .text(form.tryNext ?? ""))))
        let knowledge: Node<HTML.FormContext> = .label(.class("block"), .text("Open a knowledge item titled (optional)"),
            .input(.type(.text), .name("knowledgeTitle"), .attribute(named: "maxlength", value: "200"), .value(Layout.escaped(form.knowledgeTitle ?? ""))))
        return .section(.class("card"), .id("reflect"),
            .h2("Reflect on this order"),
            .unwrap(problem) { .p(.class("problem"), .text($0)) },
            .form(.method(.post), .action("/orders/\(OrderController.path(f.order.id))/reflections"), .class("reflect"),
                  .input(.type(.hidden), .name("csrf"), .value(session.csrfToken)),
                  texts, .label(.class("block"), .text("Who took part")), unitBoxes, partnerBox, choices, knowledge,
                  .button(.type(.submit), .class("primary"), .text("Record reflection"))))
    }

    /// Every change written about the order, its reflections and its knowledge: who, when, what.
    static func changes(_ history: [WriteRecord]) -> Node<HTML.BodyContext> {
        let body: Node<HTML.BodyContext> = history.isEmpty
            ? .p(.class("muted"), .text("No change recorded through Ambidex yet (the order came in with the office's data)."))
            : .table(.id("history"), .tr(.th("When"), .th("Who"), .th("What")), .forEach(history) { c in
                .tr(.td(.text(c.at.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false)))),
                    .td(.text(c.account ?? "command line or import")), .td(.text(c.summary)))
            })
        return .section(.class("card wide"), .id("changes"), .h2("History"), body)
    }

    static func timeline(_ f: OrderFolder) -> Node<HTML.BodyContext> {
        let names = Dictionary(uniqueKeysWithValues: f.units.map { ($0.id, $0.name) })
        let body: Node<HTML.BodyContext> = f.events.isEmpty ? .p(.class("muted"), .text("No events recorded.")) :
            .table(.id("timeline"), .tr(.th("When"), .th("Activity"), .th("Stage"), .th("Unit"), .th("Contact"), .th("Resource")),
                   .forEach(f.events) { e in
                       let first: Node<HTML.TableRowContext> = .group(.td(.text(e.timestamp.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false)))),
                                                                     .td(.text(e.activity)), .td(.text(e.stage.rawValue)))
                       let second: Node<HTML.TableRowContext> = .group(.td(.text(names[e.unit] ?? e.unit.rawValue)),
                                                                      .td(.class(e.customerContact ? "front" : ""), .text(e.customerContact ? "with customer" : "")),
                                                                      .td(.text(e.resource ?? "")))
                       return .tr(first, second)
                   })
        return .section(.class("card wide"), .id("events"), .h2("What happened: the event timeline"), body)
    }
}
