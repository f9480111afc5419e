import AmbidexLab
import ArgumentParser
import Foundation

struct CobcLabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cobc",
        abstract: "Test learning-office policies in the COBC extension of March's model (docs/lab-cobc.md).",
        discussion: """
        Give policies as JSON files (keys missing from a file keep their defaults; print the defaults with
        --print-policy), or a built-in scenario. Every policy is run with the same seeds, so the differences
        from the first policy are paired.

          ambidex lab cobc --print-policy > policy.json
          ambidex lab cobc --policy policy.json --vary rotation=0,0.1,0.3
          ambidex lab cobc --scenario joins --runs 400 --format svg --measure individual_knowledge > joins.svg
        """)

    @Option(name: .customLong("policy"), help: "A policy file (JSON); repeat to compare policies.") var policyFiles: [String] = []
    @Option(help: "A built-in comparison: \(CobcScenario.allCases.map(\.rawValue).joined(separator: ", ")).") var scenario: String?
    @Option(name: .customLong("set"), help: "Override a key of every policy, e.g. --set turbulence=0.02.") var overrides: [String] = []
    @Option(help: "Run the first policy once per value of one key, e.g. --vary peerLearning=0,0.1,0.3.") var vary: String?
    @Option(help: "Runs per policy.") var runs = 200
    @Option(help: "Periods per run.") var periods = 100
    @Option(help: "Periods at the end averaged into the summary (default: the last fifth).") var window: Int?
    @Option(help: "Seed; the same seed gives the same figures on any number of threads.") var seed: UInt64 = 1991
    @Option(help: "Worker threads (default: all cores).") var threads = MarchRunner.defaultThreads
    @Option(help: "Output: table, csv (one row per policy and period), json or svg.") var format: OutputFormat = .table
    @Option(help: "The measure plotted by --format svg: \(CobcMeasure.allCases.map(\.key).joined(separator: ", ")).")
    var measure = "code_knowledge"
    @Flag(help: "Print the default policy as JSON and exit.") var printPolicy = false

    func run() async throws {
        if printPolicy {
            print(MarchOutput.json(CobcPolicy()))
            return
        }
        guard let plotted = CobcMeasure(key: measure) else {
            throw ValidationError("--measure must be one of \(CobcMeasure.allCases.map(\.key).joined(separator: ", ")), not '\(measure)'")
        }
        guard (1...256).contains(threads) else { throw ValidationError("--threads must be between 1 and 256") }
        let experiment = try CobcExperiment(policies: policies(), runs: runs, periods: periods, seed: seed, window: window)
        let progress = ProgressLine("simulating")
        let started = Date()
        let outcome: CobcOutcome
        do {
            outcome = try experiment.run(threads: threads, progress: { progress.update($0) })
        } catch {
            throw CommandError(error.description)
        }
        progress.finish("\(experiment.policies.count * runs) runs of \(periods) periods in \(elapsed(since: started)) on \(threads) threads")
        switch format {
        case .svg: print(outcome.chart(plotted).svg())
        case .json: print(MarchOutput.json(outcome))
        case .csv: print(LabCSV.cobc(outcome), terminator: "")
        case .table: print(CobcOutput.table(outcome, title: scenario.flatMap(CobcScenario.init(rawValue:))?.title), terminator: "")
        }
    }

    /// The policies to run: files, else a scenario, else the default; then overrides and the varied key.
    func policies() throws -> [CobcPolicy] {
        var list: [CobcPolicy]
        if let scenario {
            guard policyFiles.count <= 1 else { throw ValidationError("--scenario builds on at most one --policy file") }
            guard let s = CobcScenario(rawValue: scenario) else {
                throw ValidationError("--scenario must be one of \(CobcScenario.allCases.map(\.rawValue).joined(separator: ", ")), not '\(scenario)'")
            }
            list = s.policies(base: try policyFiles.first.map(Self.load) ?? CobcPolicy())
        } else if !policyFiles.isEmpty {
            list = try policyFiles.map(Self.load)
        } else {
            list = [CobcPolicy()]
        }
        for assignment in overrides {
            let (key, value) = try Self.split(assignment, option: "--set")
            for i in list.indices {
                do { try list[i].set(key, to: value) } catch { throw CommandError("--set \(assignment): \(error.description)") }
            }
        }
        if let vary {
            let (key, values) = try Self.split(vary, option: "--vary")
            let base = list[0]
            list = try values.split(separator: ",").map { v -> CobcPolicy in
                var p = base
                do { try p.set(key, to: String(v)) } catch { throw CommandError("--vary \(vary): \(error)") }
                p.name = "\(key)=\(v)"
                return p
            }
            guard !list.isEmpty else { throw ValidationError("--vary needs values, e.g. --vary rotation=0,0.1") }
        }
        return list
    }

    static func split(_ assignment: String, option: String) throws -> (String, String) {
        guard let eq = assignment.firstIndex(of: "=") else { throw ValidationError("\(option) is written key=value, not '\(assignment)'") }
        return (String(assignment[..<eq]), String(assignment[assignment.index(after: eq)...]))
    }

    /// A policy file, with errors that say which file, where and why.
    static func load(_ path: String) throws -> CobcPolicy {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("\(path): cannot read the policy file (missing, unreadable or a folder)")
        }
        do {
            var policy = try JSONDecoder().decode(CobcPolicy.self, from: data)
            if policy.name == CobcPolicy().name { policy.name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }
            try policy.validate()
            return policy
        } catch let error as LabError {
            throw CommandError("\(path): \(error.description)")
        } catch let error as DecodingError {
            throw CommandError("\(path): \(CobcOutput.explain(error, in: data))")
        }
    }
}

enum CobcOutput {
    static func table(_ o: CobcOutcome, title: String?) -> String {
        let e = o.experiment
        var out = (title ?? "COBC lab") + "\n"
        out += "\(e.runs) runs × \(e.periods) periods per policy, seed \(e.seed); figures are means over the last \(e.window) periods "
            + "with 95% intervals; Δ is paired against \"\(o.results[0].policy.name)\" (* where the interval excludes 0).\n\n"
        let nameWidth = max(8, o.results.map(\.policy.name.count).max() ?? 8)
        for m in o.measures {
            out += m.description + "\n"
            for r in o.results {
                let s = r.summary(m)
                let pad = String(repeating: " ", count: max(0, nameWidth - r.policy.name.count))
                var line = "  \(r.policy.name)\(pad)  "
                line += s.mean.isNaN ? "   –" : String(format: "%.4f [%.4f, %.4f]", s.mean, s.low, s.high)
                if let d = r.difference(m), !d.mean.isNaN {
                    let significant = d.low > 0 || d.high < 0
                    line += String(format: "   Δ %+.4f [%+.4f, %+.4f]%@", d.mean, d.low, d.high, significant ? " *" : "")
                }
                out += line + "\n"
            }
            out += "\n"
        }
        return out
    }

    /// Where JSONSerialization stopped, as " (line 3, column 2)": the decoder does not say.
    static func syntaxLocation(_ data: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data)
            return ""
        } catch {
            guard let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String,
                  let number = text.split(separator: " ").last.flatMap({ Int($0.trimmingCharacters(in: .punctuationCharacters)) }) else { return "" }
            let before = data.prefix(number)
            let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
            let column = number - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
            return " (line \(line), column \(column))"
        }
    }

    /// A decoding error as "at mix.eto: expected a number".
    static func explain(_ error: DecodingError, in data: Data) -> String {
        func at(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "" : "at " + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") + ": "
        }
        switch error {
        case .typeMismatch(let type, let c): return at(c.codingPath) + "expected \(type == Double.self ? "a number" : type == Int.self ? "a whole number" : "\(type)")"
        case .valueNotFound(_, let c): return at(c.codingPath) + "a value is missing"
        case .keyNotFound(let key, let c): return at(c.codingPath) + "'\(key.stringValue)' is missing"
        case .dataCorrupted(let c):
            return c.codingPath.isEmpty ? "not valid JSON" + syntaxLocation(data) : at(c.codingPath) + c.debugDescription
        @unknown default: return "\(error)"
        }
    }
}
