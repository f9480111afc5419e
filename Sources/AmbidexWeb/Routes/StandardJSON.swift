import AmbidexCore
import AmbidexStore
import Foundation

/// A standard as the registry's JSON shows it.
struct StandardJSON: Encodable {
    struct Summary: Encodable {
        var id: String, name: String, kind: String, status: String, strategies: [String], units: [String], version: Int
        var applications: Int, checked: Int, deviations: Int
        init(_ x: StandardSummary) {
            let s = x.standard
            id = s.id.rawValue; name = s.name; kind = s.kind.rawValue; status = s.status.rawValue
            strategies = s.scope.strategies.map(\.rawValue).sorted(); units = s.scope.units.map(\.rawValue).sorted(); version = s.version
            applications = x.applications; checked = x.checked; deviations = x.deviations
        }
    }
    struct Version: Encodable { var number: Int, date: String, note: String, text: String?, diff: [[String: String]]?, applications: Int, checked: Int, deviations: Int }
    struct Application: Encodable { var order: String, date: String, version: Int, deviated: Bool, automatic: Bool, appliedBy: String?, note: String? }
    struct Effect: Encodable { var metric: String, estimate: Double?, lower: Double?, upper: Double?, adjustedP: Double?, claim: String }
    struct Change: Encodable { var at: String, account: String?, kind: String, summary: String }

    var id: String, name: String, kind: String, status: String, strategies: [String], units: [String]
    var proposed: String, adopted: String?, retired: String?, retirementReason: String?
    var provenance: [String], versions: [Version], latest: [Application], deviations: [Application], explorations: [String]
    var effects: [Effect]?, history: [Change]

    init(_ p: StandardPage, effect: StandardEffect?) {
        let s = p.standard
        id = s.id.rawValue; name = s.name; kind = s.kind.rawValue; status = s.status.rawValue
        strategies = s.scope.strategies.map(\.rawValue).sorted(); units = s.scope.units.map(\.rawValue).sorted()
        proposed = s.proposedAt.formatted(.iso8601); adopted = s.adoptedAt?.formatted(.iso8601); retired = s.retiredAt?.formatted(.iso8601)
        retirementReason = s.retirementReason
        provenance = s.provenance.map(\.rawValue)
        let uses = Dictionary(uniqueKeysWithValues: p.uses.map { ($0.version, $0) })
        versions = s.versions.map { v in
            let before = s.versions.first { $0.number == v.number - 1 }?.text
            let diff = before.flatMap { old in v.text.map { TextDiff.lines(old, $0).map { ["change": $0.change.rawValue, "text": $0.text] } } }
            let u = uses[v.number]
            return Version(number: v.number, date: v.date.formatted(.iso8601), note: v.note, text: v.text, diff: diff,
                           applications: u?.applications ?? 0, checked: u?.checked ?? 0, deviations: u?.deviations ?? 0)
        }
        func app(_ a: Standard.Application, _ v: Int) -> Application {
            Application(order: a.order.rawValue, date: a.date.formatted(.iso8601), version: v, deviated: a.deviated, automatic: a.automatic,
                        appliedBy: a.appliedBy?.rawValue, note: a.note)
        }
        latest = p.latest.map { app($0.application, $0.version) }
        deviations = p.deviations.map { app($0.application, $0.version) }
        explorations = p.explorations.map(\.id.rawValue)
        effects = effect?.metrics.map { m in
            Effect(metric: m.metric.rawValue, estimate: m.estimate?.value, lower: m.estimate?.lower, upper: m.estimate?.upper, adjustedP: m.adjustedP,
                   claim: m.adjustedVerdict.label)
        }
        history = p.history.map { Change(at: $0.at.formatted(.iso8601), account: $0.account, kind: $0.kind, summary: $0.summary) }
    }
}
