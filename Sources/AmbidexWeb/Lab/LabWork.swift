import AmbidexLab

/// What the lab can run in the background: an experiment with COBC policies,
/// or one of March's (1991) figures. Both are saved as their own JSON, so a
/// saved experiment is read back by trying the narrower shape first.
enum LabWork: Sendable {
    case cobc(CobcExperiment)
    case march(MarchRequest)

    /// A saved experiment's parameters; nil when they no longer decode.
    init?(saved text: String) {
        // A March request has a "figure" a COBC experiment never has, so it is tried first.
        if let m = LabJSON.decode(MarchRequest.self, text) { self = .march(m) }
        else if let x = LabJSON.decode(CobcExperiment.self, text) { self = .cobc(x) }
        else { return nil }
    }

    var encoded: String {
        switch self {
        case .cobc(let x): LabJSON.encode(x)
        case .march(let m): LabJSON.encode(m)
        }
    }

    /// Runs to the end (or until cancelled) and gives the outcome as the JSON that is saved and served.
    func run(threads: Int, control: LabControl) throws(LabError) -> String {
        switch self {
        case .cobc(let x): LabJSON.encode(try x.run(threads: threads, control: control))
        case .march(let m): LabJSON.encode(try m.run(threads: threads, control: control))
        }
    }

    func outcome(_ text: String) -> LabOutcome? {
        switch self {
        case .cobc: LabJSON.decode(CobcOutcome.self, text).map(LabOutcome.cobc)
        case .march: LabJSON.decode(MarchFigureResult.self, text).map(LabOutcome.march)
        }
    }

    /// One line for the saved list: what was compared.
    var subject: String {
        switch self {
        case .cobc(let x): x.policies.map(\.name).joined(separator: " · ")
        case .march(let m): m.figure.title
        }
    }

    var size: String {
        switch self {
        case .cobc(let x): "\(x.runs) × \(x.periods)"
        case .march(let m): "\(m.runs) per cell × " + (m.figure.cells().periods.map { "\($0)" } ?? "equilibrium")
        }
    }

    var seed: UInt64 {
        switch self {
        case .cobc(let x): x.seed
        case .march(let m): m.seed
        }
    }
}

enum LabOutcome: Sendable {
    case cobc(CobcOutcome)
    case march(MarchFigureResult)
}
