import AmbidexCore
import AmbidexStore
import Foundation
import Plot

/// The form that starts a partner programme, with its three steps spelled out.
enum ProgrammeView {
    static func render(office: String, session s: SignedIn, snapshot: OfficeSnapshot, form f: ProgrammeController.ProgrammeForm, problem: String?) -> String {
        let chosenPartners = Set(f.partners ?? []), chosenUnits = Set(f.units ?? [])
        let steps: [PartnerProgramme.Step] = PartnerProgramme.steps
        return Layout.page(title: "Partner programme", office: office, active: "schedule", session: s, body:
            .section(.class("card wide"), .id("programme"),
                     .h2("Start a programme with a network of partners"),
                     .p(.class("lead"), .text("Three steps, some weeks apart (four unless you choose otherwise), each building on the one before (seeds 002/003). "
                        + "They join the schedule like any activity — held, skipped or moved there — and the partners see them on their page.")),
                     .ol(.forEach(steps) { st in .li(.strong(.text(st.title)), .text(" (\(st.kind.label)): \(st.purpose)")) }),
                     .unwrap(problem) { .p(.class("problem"), .text($0)) },
                     .form(.method(.post), .action("/schedule/programme"), .class("reflect"),
                           .input(.type(.hidden), .name("csrf"), .value(s.csrfToken)),
                           OrdersView.field("network", "Network", f.network, type: .text),
                           .label(.class("block"), .text("Partners (hold Ctrl to choose several)"),
                                  .select(.attribute(named: "name", value: "partners[]"), .attribute(named: "multiple", value: "multiple"), .attribute(named: "size", value: "8"),
                                          partnerOptions(snapshot.partners, chosenPartners))),
                           .p(.text("Units of the office: "), .forEach(snapshot.units) { u in
                               .label(.class("check"), .input(.type(.checkbox), .name("units[]"), .value(Layout.escaped(u.id.rawValue)), .checked(chosenUnits.contains(u.id.rawValue))),
                                      .text(u.name + " "))
                           }),
                           OrdersView.field("start", "First step on (YYYY-MM-DD)", f.start ?? snapshot.asOf.adding(days: 7).isoDay, type: .text),
                           .label(.class("block"), .text("Weeks between the steps "),
                                  .input(.type(.number), .name("weeksApart"), .value(Layout.escaped(f.weeksApart ?? String(PartnerProgramme.defaultWeeksApart))),
                                         .attribute(named: "min", value: String(PartnerProgramme.weeksApartRange.lowerBound)),
                                         .attribute(named: "max", value: String(PartnerProgramme.weeksApartRange.upperBound)))),
                           .button(.type(.submit), .class("primary"), .text("Start the programme"))))
        ).render()
    }

    static func partnerOptions(_ partners: [Partner], _ chosen: Set<String>) -> Node<HTML.SelectContext> {
        .forEach(partners) { p in
            .option(.value(Layout.escaped(p.id.rawValue)), .label(Layout.escaped("\(p.name) (\(p.kind.rawValue))")), .isSelected(chosen.contains(p.id.rawValue)))
        }
    }
}
