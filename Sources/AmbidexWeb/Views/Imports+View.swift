import AmbidexCore
import AmbidexImport
import AmbidexJobs
import AmbidexLog
import AmbidexStore
import Foundation
import Plot

/// The import pages: the list with the upload form, and one import's mapping
/// form beside its preview, its progress while it runs, and what it wrote.
enum ImportsView {
    static func index(office: String, session: SignedIn, imports: [OrderImport], problem: String?) -> String {
        Layout.page(title: "Import orders", office: office, active: "imports", session: session, body:
            .section(.class("card wide"), .id("upload"),
                     .h2("Import orders"),
                     .p(.class("lead"), .text("Bring your own orders in: an order log as XES (.xes, .xes.gz), OCEL 2.0 (.jsonocel, .xmlocel, .sqlite) or CSV. "
                        + "Ambidex suggests a mapping from the log to orders, units, customers, delivery strategies and front/back-office roles; "
                        + "you check it against a preview, then import. Importing the same log twice adds nothing; a log that grew adds what is new.")),
                     .unwrap(problem) { .p(.class("problem"), .id("problem"), .text($0)) },
                     .form(.method(.post), .action("/imports"), .enctype(.multipartData), .class("lab"),
                           .input(.type(.hidden), .name("csrf"), .value(session.csrfToken)),
                           .label(.text("Log file"), .input(.type(.file), .name("file"), .id("file"),
                                                            .attribute(named: "accept", value: ".xes,.gz,.jsonocel,.xmlocel,.sqlite,.csv"))),
                           .button(.type(.submit), .class("primary"), .text("Upload and suggest a mapping")))),
            .section(.class("card wide"), .id("imports"),
                     .h2("Imports"),
                     .if(imports.isEmpty, .p(.text("No log uploaded yet."))),
                     .if(!imports.isEmpty, .table(
                        .tr(.th("File"), .th("Uploaded"), .th("By"), .th("Status")),
                        .forEach(imports) { i in
                            .tr(.td(.a(.href("/imports/\(i.id)"), .text(i.fileName))), .td(.text(LabView.timestamp(i.created))), .td(.text(i.account)),
                                .td(.text(status(i))))
                        }))))
        .render()
    }

    static func status(_ i: OrderImport) -> String {
        switch i.status {
        case .uploaded: "uploaded, not imported"
        case .running: String(format: "importing, %.0f%%", 100 * (i.progress ?? 0))
        case .done: "imported"
        default: i.status.rawValue
        }
    }

    static func page(office: String, session: SignedIn, upload i: OrderImport, check: ImportsController.Check?, result: ImportResult?,
                     fields: [String: String]?, problem: FieldError?) -> String {
        var html = Layout.page(title: "Import \(i.fileName)", office: office, active: "imports", session: session, body:
            .section(.class("card wide"), .id("import"),
                     .h2(.text("Import of \(i.fileName)")),
                     .p(.text("\(bytes(i.size)), uploaded \(LabView.timestamp(i.created)) by \(i.account). Status: "), .strong(.id("status"), .text(status(i)))),
                     .if(i.status == .running, .raw(String(format: "<progress id=\"progress\" max=\"1\" value=\"%.3f\"></progress>", i.progress ?? 0))),
                     .unwrap(i.error) { .p(.class("problem"), .id("import-error"), .text($0)) },
                     .unwrap(result) { outcome($0) },
                     actions(i, session)),
            .if(i.status.isOpen, form(i, session: session, fields: fields, problem: problem)),
            .unwrap(check) { preview($0) })
        .render()
        // Waiting or running: the page looks again every second.
        if i.status.isPending { html = html.replacingOccurrences(of: "<head>", with: "<head><meta http-equiv=\"refresh\" content=\"1\">") }
        return html
    }

    static func actions(_ i: OrderImport, _ s: SignedIn) -> Node<HTML.BodyContext> {
        .div(.class("actions"),
             .a(.href("/imports/\(i.id)/mapping.txt"), .text("Download the mapping")),
             .if(i.status.isPending, .form(.method(.post), .action("/imports/\(i.id)/cancel"), .class("inline"),
                                           .input(.type(.hidden), .name("csrf"), .value(s.csrfToken)), .button(.type(.submit), .text("Cancel")))),
             .if(!i.status.isPending, .form(.method(.post), .action("/imports/\(i.id)/delete"), .class("inline"),
                                            .input(.type(.hidden), .name("csrf"), .value(s.csrfToken)), .button(.type(.submit), .text("Delete")))))
    }

    static func outcome(_ r: ImportResult) -> Node<HTML.BodyContext> {
        let strategies = DeliveryStrategy.allCases.compactMap { s in r.strategies[s.rawValue].map { "\($0) \(s.code)" } }.joined(separator: ", ")
        return .div(.id("outcome"),
            .p(.class("made"), .text(r.version == nil
                ? "Nothing new: the store already held these \(r.logOrders) orders and their events."
                : "Imported \(r.orders) new orders\(strategies.isEmpty ? "" : " (\(strategies))"), \(r.events) events, \(r.units) new units, "
                    + count(r.partners, "new customer") + (r.extendedOrders > 0 ? "; \(r.extendedOrders) orders carried further." : "."))),
            .p(.text(String(format: "Read %.2f s, converted %.2f s, written %.2f s: %.0f events/s.", r.readSeconds, r.convertSeconds, r.writeSeconds,
                            r.eventsPerSecond))),
            .p(.text("See them on the "), .a(.href("/"), .text("dashboard")), .text(", in the "), .a(.href("/orders"), .text("orders")),
               .text(", the "), .a(.href("/schedule"), .text("schedule")), .text(" and the "), .a(.href("/mining"), .text("mining pages")),
               .text(" (the dashboard and mining follow with the next snapshot, within seconds).")))
    }

    static func form(_ i: OrderImport, session: SignedIn, fields: [String: String]?, problem: FieldError?) -> Node<HTML.BodyContext> {
        let format = LogFormat.guess(path: i.fileName)
        let csv = format == .csv
        let (values, _) = ImportForm.values(of: i.mapping)
        let (_, reasons) = ImportForm.values(of: i.suggestion)
        func value(_ f: ImportForm.Field) -> String {
            if let fields { return fields[f.key] ?? "" }
            return (values[f.key] ?? []).joined(separator: "\n")
        }
        return .section(.class("card wide"), .id("mapping"),
            .h2("Mapping"),
            .p(.class("lead"), .text("How the log becomes orders. Each field shows Ambidex's guess and why; change what is wrong and preview again. "
                + "Patterns are regular expressions matched against activity names, ignoring case.")),
            .unwrap(problem) { .p(.class("problem"), .id("problem"), .text("\(label(of: $0.field)): \($0.reason)")) },
            .form(.method(.post), .action("/imports/\(i.id)"), .class("mapping"),
                  .input(.type(.hidden), .name("csrf"), .value(session.csrfToken)),
                  .forEach(ImportForm.sections(csv: csv)) { section in
                      .element(named: "fieldset", nodes: [.element(named: "legend", text: section.title),
                                                          .forEach(section.fields.filter { $0.key != "order-type" || format?.isObjectCentric == true }) { f in field(f, value: value(f), reason: reasons[f.key], fault: problem?.field == f.key) }])
                  },
                  .div(.class("buttons"),
                       .button(.type(.submit), .name("action"), .value("preview"), .text("Preview")),
                       .button(.type(.submit), .name("action"), .value("import"), .class("primary"), .id("run"), .text("Import")))))
    }

    static func label(of key: String) -> String {
        (ImportForm.sections + [ImportForm.csvColumns]).flatMap(\.fields).first { $0.key == key }?.label ?? key
    }

    static func field(_ f: ImportForm.Field, value: String, reason: String?, fault: Bool) -> Node<HTML.FormContext> {
        let input: Node<HTML.LabelContext>
        switch f.kind {
        case .rules:
            input = .textarea(.name(f.key), .id("field-\(f.key)"), .attribute(named: "rows", value: "3"), .text(value))
        case .strategy:
            input = .element(named: "select", nodes: [.attribute(named: "name", value: f.key), .attribute(named: "id", value: "field-\(f.key)")]
                + DeliveryStrategy.allCases.map { s in
                    .element(named: "option", nodes: [.attribute(named: "value", value: s.rawValue),
                                                      s.rawValue == value.lowercased() ? .attribute(named: "selected", value: "selected") : .empty,
                                                      .text("\(s.code) — \(s.rawValue)")])
                })
        case .line, .columns:
            input = .input(.type(.text), .name(f.key), .id("field-\(f.key)"), .value(Layout.escaped(value)))
        }
        return .label(.class(fault ? "fault" : ""), .text(f.label), input,
                      .small(.text([reason.map { "Guessed: \($0)" }, f.hint.isEmpty ? nil : f.hint].compactMap { $0 }.joined(separator: " — "))))
    }

    static func preview(_ c: ImportsController.Check) -> Node<HTML.BodyContext> {
        let p = c.preview
        return .section(.class("card wide"), .id("preview"),
            .h2("Preview"),
            .p(.id("preview-summary"), .text("\(count(p.orders, "order")) with \(count(p.events, "event")), \(count(p.units.count, "unit")), \(count(p.partners, "customer"))"
                + (p.first.map { " received \($0.isoDay)" } ?? "") + (p.last.map { " to \($0.isoDay)" } ?? "") + "."
                + (p.emptyCases > 0 ? " \(p.emptyCases) cases left out (no event of the kept lifecycle)." : ""))),
            .p(.id("preview-store"), .text("Into the store as it is now: \(c.newOrders) new orders, \(c.extendedOrders) carried further, "
                + "\(c.unchangedOrders) already there; \(c.newEvents) new events, \(c.newUnits) new units, \(c.newPartners) new customers.")),
            .h3("Orders per delivery strategy"),
            .table(.id("preview-strategies"), .tr(.th("Strategy"), .th("Orders"), .th("Still open")),
                   .forEach(p.strategies) { s in .tr(.td(.text(s.strategy.code)), .td(.text("\(s.orders)")), .td(.text("\(s.openOrders)"))) }),
            .h3("Units and their roles"),
            .table(.id("preview-units"), .tr(.th("Unit"), .th("Events"), .th("Orders as front office"), .th("Orders as back office")),
                   .forEach(p.units.prefix(50)) { u in
                       .tr(.td(.text(u.unit)), .td(.text("\(u.events)")), .td(.text("\(u.frontOffice)")), .td(.text("\(u.backOffice)")))
                   }),
            .h3("Events per stage"),
            .p(.text(p.stages.map { "\($0.stage.rawValue) \($0.events)" }.joined(separator: " · "))),
            .h3("The first orders"),
            .table(.id("preview-orders"), .tr(.th("Order"), .th("Strategy"), .th("Customer"), .th("Received"), .th("Closed"), .th("Events"), .th("Units")),
                   .forEach(p.sample) { o in
                       .tr(.td(.text(o.id.rawValue)), .td(.text(o.strategy.code)), .td(.text(o.customer)), .td(.text(o.received.isoDay)),
                           .td(.text(o.closed.map(\.isoDay) ?? "open")), .td(.text("\(o.events)")), .td(.text(o.units.joined(separator: ", "))))
                   }))
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    static func bytes(_ n: Int64) -> String {
        n >= 1 << 20 ? String(format: "%.1f MB", Double(n) / 1e6) : n >= 1 << 10 ? String(format: "%.0f kB", Double(n) / 1e3) : "\(n) bytes"
    }
}
