import AmbidexCore
import AmbidexLab
import Foundation

/// The lab page's form, turned into an experiment with the same rules as the
/// command line (`CobcPolicy.set`), so a bad field is refused with its name.
struct LabForm: Sendable {
    /// Policy keys the form offers, in the order shown.
    static let policyKeys = ["socialisation", "codification", "turnover", "turbulence", "reflectionInAction", "reflectionEvery",
                             "reflectionJoins", "peerLearning", "rotation", "mix"]
    /// The keys one experiment may vary: the form's own, but the mix (its values hold commas).
    static let variedKeys = policyKeys.filter { $0 != "mix" }
    static let limits = (runs: 5_000, periods: 1_000)
    /// What one web experiment may cost: people × runs × periods, summed over its
    /// policies. About 10 s of both cores here; the command line has no such ceiling.
    static let personPeriodCeiling = 100_000_000
    /// No field of these forms needs more; a longer one is refused before it is read.
    static let fieldBytes = 1_000
    static let nameLimit = TextLimit("the name", characters: 120, bytes: 480)

    var fields: [String: String]

    /// The experiment, or the reasons it cannot run (one per bad field).
    func experiment() -> Result<(CobcExperiment, name: String), LabFormErrors> {
        var problems = oversized()
        guard problems.isEmpty else { return .failure(LabFormErrors(messages: problems)) }
        var base = CobcPolicy()
        switch fields["preset"] ?? "" {
        case "", "cobc": break
        case "march": base = .march(p1: 0.5, p2: 0.5)
        case let other: problems.append("'\(other)' is not a starting point (cobc or march)")
        }
        for key in Self.policyKeys {
            guard let value = fields[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { continue }
            do throws(LabError) { try base.set(key, to: value) } catch { problems.append(error.description) }
        }
        let runs = number("runs", default: 200, max: Self.limits.runs, &problems)
        let periods = number("periods", default: 100, max: Self.limits.periods, &problems)
        let seed = seed(&problems)
        var policies = [base]
        let scenarioText = fields["scenario"] ?? ""
        if !scenarioText.isEmpty {
            if let s = CobcScenario(rawValue: scenarioText) { policies = s.policies(base: base) } else { problems.append("'\(scenarioText)' is not a scenario") }
        }
        let varyKey = fields["varyKey"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let varyValues = fields["varyValues"]?.trimmingCharacters(in: .whitespaces) ?? ""
        if !varyKey.isEmpty || !varyValues.isEmpty {
            if !scenarioText.isEmpty { problems.append("choose a scenario or a varied key, not both") }
            let values = varyValues.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if varyKey.isEmpty || values.isEmpty { problems.append("to vary a key, give the key and values separated by commas") }
            if !varyKey.isEmpty, !Self.variedKeys.contains(varyKey) {
                problems.append("'\(varyKey)' cannot be varied here; the keys are \(Self.variedKeys.joined(separator: ", "))")
                return .failure(LabFormErrors(messages: problems))
            }
            policies = values.map { v in
                var p = base
                do throws(LabError) { try p.set(varyKey, to: v) } catch { problems.append(error.description) }
                p.name = "\(varyKey)=\(v)"
                return p
            }
        }
        let name = name(&problems)
        let experiment = CobcExperiment(policies: policies.isEmpty ? [base] : policies, runs: runs, periods: periods, seed: seed)
        do throws(LabError) { try experiment.validate() } catch {
            if !problems.contains(error.description) { problems.append(error.description) }
        }
        let cost = experiment.personPeriods
        if problems.isEmpty, cost > Double(Self.personPeriodCeiling) {
            problems.append("this experiment would simulate \(Self.grouped(cost)) person-periods (people × runs × periods, summed over its "
                + "\(experiment.policies.count) polic\(experiment.policies.count == 1 ? "y" : "ies")); the web lab's ceiling is "
                + "\(Self.grouped(Double(Self.personPeriodCeiling))): use fewer runs, periods or policies, or the command line")
        }
        guard problems.isEmpty else { return .failure(LabFormErrors(messages: problems)) }
        let fallback = scenarioText.isEmpty ? (varyKey.isEmpty ? "policy" : "vary \(varyKey)") : scenarioText
        return .success((experiment, name.isEmpty ? fallback : name))
    }
}

extension LabForm {
    /// The form that reproduces one of March's figures: the figure, runs per cell and seed.
    func march() -> Result<(MarchRequest, name: String), LabFormErrors> {
        var problems = oversized()
        guard problems.isEmpty else { return .failure(LabFormErrors(messages: problems)) }
        let figureText = fields["figure"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let figure = MarchExperiment(rawValue: figureText)
        if figure == nil {
            problems.append(figureText.isEmpty ? "choose one of March's figures"
                : "'\(figureText)' is not one of March's figures (\(MarchExperiment.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let runs = number("runs", label: "runs per cell", default: 500, max: Self.limits.runs, &problems)
        let seed = seed(&problems)
        let name = name(&problems)
        guard problems.isEmpty, let figure else { return .failure(LabFormErrors(messages: problems)) }
        return .success((MarchRequest(figure: figure, runs: runs, seed: seed), name.isEmpty ? "March (1991) \(figure.rawValue)" : name))
    }
}

/// The fields both forms share, read with the same rules and messages.
extension LabForm {
    func number(_ key: String, label: String? = nil, default d: Int, max: Int, _ problems: inout [String]) -> Int {
        guard let text = fields[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return d }
        guard let v = Int(text), (1...max).contains(v) else {
            problems.append("\(label ?? key) must be a whole number from 1 to \(max), not '\(text)'")
            return d
        }
        return v
    }

    func seed(_ problems: inout [String]) -> UInt64 {
        guard let text = fields["seed"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return 1991 }
        guard let s = UInt64(text) else { problems.append("seed must be a whole number ≥ 0, not '\(text)'"); return 1991 }
        return s
    }

    func name(_ problems: inout [String]) -> String {
        do throws(DomainError) { return try Self.nameLimit.check(fields["name"] ?? "") } catch {
            problems.append(error.description)
            return ""
        }
    }

    /// Fields too long to be anything the form asks for.
    func oversized() -> [String] {
        fields.keys.sorted().compactMap { key in
            let bytes = fields[key]!.utf8.count
            return bytes > Self.fieldBytes ? "the field '\(key.prefix(40))' is too long: \(bytes) bytes, at most \(Self.fieldBytes)" : nil
        }
    }

    /// 1,234,567: big numbers a reader can take in.
    static func grouped(_ value: Double) -> String {
        let f = NumberFormatter()
        f.numberStyle = .decimal
        f.locale = Locale(identifier: "en_US")
        f.maximumFractionDigits = 0
        return f.string(from: NSNumber(value: value.rounded())) ?? "\(Int(value))"
    }
}

extension LabForm {
    static func cobc(_ form: LabForm) -> Result<(LabWork, name: String), LabFormErrors> {
        form.experiment().map { (LabWork.cobc($0.0), $0.name) }
    }

    static func marchWork(_ form: LabForm) -> Result<(LabWork, name: String), LabFormErrors> {
        form.march().map { (LabWork.march($0.0), $0.name) }
    }
}

struct LabFormErrors: Error {
    var messages: [String]
}
