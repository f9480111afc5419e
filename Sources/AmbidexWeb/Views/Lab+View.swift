import AmbidexLab
import AmbidexStore
import Foundation
import Plot

struct LabPage {
    var office: String
    var session: SignedIn
    var experiments: [SavedExperiment]
    var progress: [String: Double]
    /// What was submitted, shown again with the problems when it could not run.
    var fields: [String: String]
    var problems: [String]
    /// Which form was submitted ("experiments" or "march"), so its problems show above it.
    var form: String?

    func fields(of form: String) -> [String: String] { self.form == form ? fields : [:] }
    func problems(of form: String) -> [String] { self.form == form ? problems : [] }
}

struct ExperimentPage {
    var office: String
    var session: SignedIn
    var saved: SavedExperiment
    var progress: Double?
    /// Its place in the queue while it waits.
    var place: Int?
    var work: LabWork?
    var outcome: LabOutcome?
}

/// The lab's pages: typed Plot views, no JavaScript (a running experiment's
/// page refreshes itself every second until the run ends).
enum LabView {
    static func index(_ p: LabPage) -> String {
        Layout.page(title: "Lab", office: p.office, active: "lab", session: p.session, body:
            .section(.class("card wide"),
                .h2("Test a learning policy"),
                .p(.class("lead"), .text("The COBC extension of March's (1991) model: units in front and back office, a strategy mix whose customized orders bring their own customer reality, and the learning office's levers. Empty fields keep their defaults; docs/lab-cobc.md describes the model.")),
                .p(.class("muted"), .text("An experiment here may simulate up to \(LabForm.grouped(Double(LabForm.personPeriodCeiling))) person-periods (50 people × runs × periods, summed over its policies); larger ones run from the command line.")),
                problems(p.problems(of: "experiments")),
                form(p)
            ),
            .section(.class("card wide"),
                .h2("Reproduce March (1991)"),
                .p(.class("lead"), .text("The base model as published: Fig. 1 compares each cell with March's values; at 2,000 runs per cell the mean absolute error is about 0.005.")),
                problems(p.problems(of: "march")),
                marchForm(p)
            ),
            .section(.class("card wide"),
                .h2("Saved experiments"),
                .p(.class("lead"), .text("Each keeps its policies, runs, periods and seed, so anyone can run it again and get the same figures.")),
                p.experiments.isEmpty
                    ? .p(.class("muted"), .text("No experiments yet."))
                    : .table(
                        .tr(.th("Name"), .th("Policies"), .th(.class("num"), .text("Runs × periods")), .th(.class("num"), .text("Seed")),
                            .th("Status"), .th("By"), .th("Started")),
                        .forEach(p.experiments) { e in
                            let x = LabWork(saved: e.experiment)
                            return .tr(
                                .td(.a(.href("/lab/experiments/\(e.id)"), .text(e.name))),
                                .td(.text(x?.subject ?? "–")),
                                .td(.class("num"), .text(x?.size ?? "–")),
                                .td(.class("num"), .text(x.map { "\($0.seed)" } ?? "–")),
                                .td(.text(status(e, p.progress[e.id]))),
                                .td(.text(e.account)),
                                .td(.text(timestamp(e.created)))
                            )
                        })
            )
        ).render()
    }

    /// A text field showing what was submitted; Plot does not escape attribute values, so this does.
    static func textField(_ fields: [String: String], _ key: String, _ label: String, _ placeholder: String) -> Node<HTML.FormContext> {
        .label(.text(label), .input(.type(.text), .name(key), .value(Layout.escaped(fields[key] ?? "")), .placeholder(placeholder)))
    }

    static func problems(_ list: [String]) -> Node<HTML.BodyContext> {
        .if(!list.isEmpty, .ul(.class("problems"), .forEach(list) { .li(.class("problem"), .text($0)) }))
    }

    static func form(_ p: LabPage) -> Node<HTML.BodyContext> {
        let d = CobcPolicy()
        let fields = p.fields(of: "experiments")
        func field(_ key: String, _ label: String, _ placeholder: String) -> Node<HTML.FormContext> { textField(fields, key, label, placeholder) }
        return .form(.method(.post), .action("/lab/experiments"), .class("lab"),
            .input(.type(.hidden), .name("csrf"), .value(p.session.csrfToken)),
            field("name", "Name", "e.g. rotation under turbulence"),
            .label(.text("Start from"),
                .select(.attribute(named: "name", value: "preset"),
                    .option(.value("cobc"), .label("the default COBC organization")),
                    .option(.value("march"), .label("March (1991): one back-office unit, MTS only"), .isSelected(fields["preset"] == "march")))),
            .label(.text("Scenario (compares policies)"),
                .select(.attribute(named: "name", value: "scenario"),
                    .option(.value(""), .label("none: one policy")),
                    .forEach(CobcScenario.allCases) { s in
                        .option(.value(s.rawValue), .label(s.title), .isSelected(fields["scenario"] == s.rawValue))
                    })),
            .label(.text("…or vary one key"),
                .select(.attribute(named: "name", value: "varyKey"),
                    .option(.value(""), .label("none")),
                    .forEach(LabForm.variedKeys) { key in .option(.value(key), .label(key), .isSelected(fields["varyKey"] == key)) })),
            field("varyValues", "over the values", "e.g. 0,0.1,0.3"),
            field("socialisation", "Socialisation to standards (p1)", "\(d.socialisation)"),
            field("codification", "Codification into standards (p2)", "\(d.codification)"),
            field("turnover", "Turnover (p3)", "\(d.turnover)"),
            field("turbulence", "Turbulence of customer needs (p4)", "\(d.turbulence)"),
            field("reflectionInAction", "Reflection in action", "\(d.reflectionInAction)"),
            field("reflectionEvery", "Reflection on action every … periods", "\(d.reflectionEvery)"),
            .label(.text("Who joins a reflection on action"),
                .select(.attribute(named: "name", value: "reflectionJoins"),
                    .forEach(CobcPolicy.Joins.allCases) { j in
                        .option(.value(j.rawValue), .label(j.rawValue), .isSelected((fields["reflectionJoins"] ?? d.reflectionJoins.rawValue) == j.rawValue))
                    })),
            field("peerLearning", "Peer learning", "\(d.peerLearning)"),
            field("rotation", "Rotation between units", "\(d.rotation)"),
            field("mix", "Strategy mix", "mts:0.35,ato:0.2,mto:0.15,cto:0.18,eto:0.12"),
            field("runs", "Runs per policy (≤ \(LabForm.limits.runs))", "200"),
            field("periods", "Periods (≤ \(LabForm.limits.periods))", "100"),
            field("seed", "Seed", "1991"),
            .button(.type(.submit), .class("primary"), .text("Run"))
        )
    }

    static let charted: [CobcMeasure] = [.codeKnowledge, .individualKnowledge, .diversity, .servedFromCode, .fit(.mts), .fit(.eto)]

    static func experiment(_ p: ExperimentPage) -> String {
        let e = p.saved
        let pending = e.status.isPending
        var html = Layout.page(title: e.name, office: p.office, active: "lab", session: p.session, body:
            .section(.class("card wide"),
                .h2(.text(e.name)),
                .p(.class("lead"), .text("\(status(e, p.progress, place: p.place)) · started \(timestamp(e.created)) by \(e.account)"
                    + (e.seconds.map { String(format: " · ran %.1f s", $0) } ?? ""))),
                .if(e.status == .running, .raw(String(format: "<progress max=\"1\" value=\"%.3f\"></progress>", p.progress ?? 0))),
                .unwrap(e.error) { .p(.class("problem"), .text($0)) },
                .if(pending && LabController.mayManage(e, p.session), .form(.method(.post), .action("/lab/experiments/\(e.id)/cancel"), .class("inline"),
                    .input(.type(.hidden), .name("csrf"), .value(p.session.csrfToken)),
                    .button(.type(.submit), .class("primary"), .text("Cancel this run")))),
                .if(!pending, .form(.method(.post), .action("/lab/experiments/\(e.id)/rerun"), .class("inline"),
                    .input(.type(.hidden), .name("csrf"), .value(p.session.csrfToken)),
                    .button(.type(.submit), .class("primary"), .text("Run again with the same parameters and seed")))),
                .if(!pending && LabController.mayManage(e, p.session), .form(.method(.post), .action("/lab/experiments/\(e.id)/delete"), .class("inline"),
                    .input(.type(.hidden), .name("csrf"), .value(p.session.csrfToken)),
                    .button(.type(.submit), .class("link"), .text("Delete this experiment")))),
                about(p.work)
            ),
            .unwrap(p.outcome) { outcome in
                switch outcome {
                case .cobc(let o):
                    .group(
                        .section(.class("card wide"), .h2("Summary"), summary(o)),
                        .forEach(charted) { m in .section(.class("card"), .raw(o.chart(m).svg())) }
                    )
                case .march(let r): marchOutcome(r)
                }
            },
            .unwrap(p.work) { x in
                .section(.class("card wide"), .h2("Parameters"),
                         .if(e.outcome != nil, .p(.a(.href("/lab/experiments/\(e.id)/outcome.csv"), .text("Outcome as CSV")), .text(" · "),
                                                     .a(.href("/lab/experiments/\(e.id)/outcome.json"), .text("as JSON")))),
                         .pre(.text(x.pretty)))
            }
        ).render()
        if pending {
            html = html.replacingOccurrences(of: "<head>", with: "<head><meta http-equiv=\"refresh\" content=\"1\">")
        }
        return html
    }

    static func about(_ work: LabWork?) -> Node<HTML.BodyContext> {
        switch work {
        case .cobc(let x):
            .group(
                .p(.text("\(x.policies.count) \(x.policies.count == 1 ? "policy" : "policies"), \(x.runs) runs × \(x.periods) periods each, seed \(x.seed); summaries average the last \(x.window) periods.")),
                .p(.class("muted"), .text("Re-run from the command line: save the policies below as files and run ambidex lab cobc --policy FILE … --runs \(x.runs) --periods \(x.periods) --seed \(x.seed)."))
            )
        case .march(let m):
            .group(
                .p(.text("\(m.figure.title): \(m.figure.cells().cells.count) cells, \(m.runs) runs each, seed \(m.seed).")),
                .p(.class("muted"), .text("Re-run from the command line: ambidex lab march --fig \(m.figure.rawValue) --runs \(m.runs) --seed \(m.seed)"))
            )
        case nil:
            .p(.class("problem"), .text("The saved parameters of this experiment can no longer be read."))
        }
    }

    static func summary(_ o: CobcOutcome) -> Node<HTML.BodyContext> {
        .table(
            .tr(.th("Measure"), .forEach(o.results) { .th(.class("num"), .text($0.policy.name)) }),
            .forEach(o.measures) { m in
                .tr(.td(.text(m.description)), .forEach(o.results) { r in
                    let s = r.summary(m)
                    let d = r.difference(m)
                    var text = s.mean.isNaN ? "–" : String(format: "%.3f ± %.3f", s.mean, 1.96 * s.standardError)
                    if let d, !d.mean.isNaN { text += String(format: " (Δ %+.3f%@)", d.mean, d.low > 0 || d.high < 0 ? "*" : "") }
                    return .td(.class("num"), .text(text))
                })
            }
        )
    }

    static func status(_ e: SavedExperiment, _ progress: Double?, place: Int? = nil) -> String {
        switch e.status {
        case .queued: place.map { "waiting, \($0 == 1 ? "next" : "number \($0)") in the queue" } ?? "waiting"
        case .running: String(format: "running, %.0f%%", 100 * (progress ?? 0))
        case .done: "done"
        case .failed: "failed"
        case .cancelled: "cancelled"
        case .interrupted: "interrupted"
        }
    }

    static func timestamp(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return f.string(from: d)
    }
}

enum LoginView {
    static func render(office: String, next: String, problem: String?) -> String {
        Layout.page(title: "Sign in", office: office, active: "login", body:
            .section(.class("card"),
                .h2("Sign in"),
                .p(.class("lead"), .text("The learning office needs an account: leads and members see the office and its lab, partners see what is shared with them.")),
                .unwrap(problem) { .p(.class("problem"), .text($0)) },
                .form(.method(.post), .action("/login"), .class("login"),
                    .input(.type(.hidden), .name("next"), .value(Layout.escaped(next))),
                    .label(.text("Email"), .input(.type(.email), .name("email"), .required(true), .attribute(named: "autocomplete", value: "username"))),
                    .label(.text("Password"), .input(.type(.password), .name("password"), .required(true), .attribute(named: "autocomplete", value: "current-password"))),
                    .button(.type(.submit), .class("primary"), .text("Sign in")))
            )
        ).render()
    }
}

extension LabWork {
    var pretty: String {
        switch self {
        case .cobc(let x): LabJSON.pretty(x)
        case .march(let m): LabJSON.pretty(m)
        }
    }
}

extension LabJSON {
    static func pretty(_ value: some Encodable) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? e.encode(value)) ?? Data(), as: UTF8.self)
    }
}
