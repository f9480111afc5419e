import AmbidexCore
import AmbidexStore
import Foundation
import Plot

/// The cadence policy form, and the preview of the fortnight it would plan.
enum PolicyView {
    enum NumberKind { case integer, decimal }

    /// The policy's numeric settings, as the saved policy names them, in the order the form shows them.
    static let numberKinds: [(String, NumberKind)] = [
        ("etoStandUpEveryWorkingDays", .integer), ("flowMeetingEveryWorkingDays", .integer), ("flowMeetingMinimumShare", .decimal),
        ("marketReviewEveryDays", .integer), ("marketDeviationShare", .decimal), ("kickOffWithinDays", .integer),
        ("ctoCoDesignMinimumFeatures", .integer), ("coDesignSessionsPerDay", .integer), ("reviewReworkThreshold", .integer),
        ("reviewFeedbackAtMost", .decimal), ("reviewLookbackDays", .integer), ("reviewsPerDay", .integer),
        ("retrospectiveEveryDays", .integer), ("mtsRetrospectiveEveryDays", .integer), ("failingDeviationRate", .decimal),
        ("failingMinimumApplications", .integer), ("failingLookbackDays", .integer), ("crossingLookbackDays", .integer),
        ("crossRoleMinimumRoleVariation", .decimal), ("crossRoleMinimumSwitches", .integer), ("roleProfileDays", .integer),
    ]
    static let strategySets = ["flowMeetingStrategies", "marketReviewStrategies"]

    struct Preview {
        var before: [LearningActivity]
        var after: [LearningActivity]
        var units: [AmbidexCore.Unit]
    }

    /// What the form shows: each setting's text, and the strategies ticked.
    struct Values {
        var numbers: [String: String]
        var strategies: [String: Set<String>]
    }

    static func values(_ p: CadencePolicy) -> Values {
        let object = (try? JSONSerialization.jsonObject(with: JSONEncoder().encode(p))) as? [String: Any] ?? [:]
        var numbers: [String: String] = [:], strategies: [String: Set<String>] = [:]
        for (key, _) in numberKinds { if let v = object[key] { numbers[key] = "\(v)" } }
        for key in strategySets { strategies[key] = Set(object[key] as? [String] ?? []) }
        return Values(numbers: numbers, strategies: strategies)
    }

    static func values(from fields: [String: String], strategies: [String: [String]]) -> Values {
        Values(numbers: Dictionary(uniqueKeysWithValues: numberKinds.compactMap { k, _ in fields[k].map { (k, $0) } }), strategies: strategies.mapValues(Set.init))
    }

    /// "reviewsPerDay" → "Reviews per day".
    static func label(_ key: String) -> String {
        var out = ""
        for c in key { if c.isUppercase { out += " " + c.lowercased() } else { out.append(c) } }
        return out.prefix(1).uppercased() + out.dropFirst()
    }

    static func render(office: String, session: SignedIn, values: Values, preview: Preview?, problem: String?, saved: Bool) -> String {
        let numbers: Node<HTML.FormContext> = .forEach(numberKinds) { key, kind in
            .label(.text(label(key)), .input(.type(.text), .name(key), .attribute(named: "inputmode", value: kind == .integer ? "numeric" : "decimal"),
                                              .value(Layout.escaped(values.numbers[key] ?? ""))))
        }
        let sets: Node<HTML.FormContext> = .forEach(strategySets) { key in
            .group(.label(.class("block"), .text(label(key))), .forEach(DeliveryStrategy.allCases) { s in
                .label(.class("check"), .input(.type(.checkbox), .name(key + "[]"), .value(s.rawValue), .checked(values.strategies[key]?.contains(s.rawValue) ?? false)),
                       .text(" " + s.code))
            })
        }
        let buttons: Node<HTML.FormContext> = .group(
            .button(.type(.submit), .name("action"), .value("preview"), .text("Preview the next 14 days")),
            .if(session.account.role == .lead, .button(.type(.submit), .name("action"), .value("save"), .class("primary"), .text("Save the policy"))))
        return Layout.page(title: "Cadence policy", office: office, active: "schedule", session: session, body:
            .section(.class("card wide"), .id("policy"),
                     .h2("Cadence policy"),
                     .p(.class("lead"), .text("The thresholds and cadences the schedule is planned with. Preview shows how the next fortnight would change; "
                        + "a lead saves, and the schedule follows from the next snapshot on.")),
                     .if(saved, .p(.class("made"), .text("Saved. The schedule is being replanned with it."))),
                     .unwrap(problem) { .p(.class("problem"), .text($0)) },
                     .form(.method(.post), .action("/schedule/policy"), .class("lab"),
                           .input(.type(.hidden), .name("csrf"), .value(session.csrfToken)), numbers, sets, buttons)),
            .unwrap(preview) { comparison($0) })
        .render()
    }

    static func comparison(_ p: Preview) -> Node<HTML.BodyContext> {
        let kinds = LearningActivity.Kind.allCases.filter { k in p.before.contains { $0.kind == k } || p.after.contains { $0.kind == k } }
        func perUnit(_ list: [LearningActivity], _ u: UnitID) -> String { String(format: "%.1f", Double(list.filter { $0.units.contains(u) }.count) / 14) }
        let byKind: Node<HTML.BodyContext> = .table(.id("preview-kinds"), .tr(.th("Activity"), .th(.class("num"), "Now"), .th(.class("num"), "With these settings")),
            .forEach(kinds) { k in
                .tr(.td(.text(k.label)), .td(.class("num"), .text(String(p.before.filter { $0.kind == k }.count))),
                    .td(.class("num"), .text(String(p.after.filter { $0.kind == k }.count))))
            },
            .tr(.th("All"), .th(.class("num"), .text(String(p.before.count))), .th(.class("num"), .text(String(p.after.count)))))
        let byUnit: Node<HTML.BodyContext> = .table(.id("preview-units"), .tr(.th("Unit"), .th(.class("num"), "Invitations a day now"), .th(.class("num"), "With these settings")),
            .forEach(p.units) { u in .tr(.td(.text(u.name)), .td(.class("num"), .text(perUnit(p.before, u.id))), .td(.class("num"), .text(perUnit(p.after, u.id)))) })
        return .section(.class("card wide"), .id("preview"), .h2("The next 14 days"), byKind, byUnit)
    }
}
