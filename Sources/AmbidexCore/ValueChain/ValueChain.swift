/// The ordered stages of an organization's value chain.
public struct ValueChain: Hashable, Sendable, Codable {
    public let stages: [Stage]

    public static let standard = ValueChain(unchecked: [.design, .source, .fabricate, .assemble, .deliver])

    public init(stages: [Stage]) throws(DomainError) {
        guard !stages.isEmpty else { throw .invalid("a value chain needs at least one stage") }
        guard Set(stages).count == stages.count else { throw .invalid("a value chain names each stage once") }
        self.stages = stages
    }

    init(unchecked stages: [Stage]) { self.stages = stages }

    public func position(of stage: Stage) -> Int? { stages.firstIndex(of: stage) }

    /// Whether `stage` is driven by speculation or by the customer for an order
    /// decoupled at `point`: everything from the decoupling point on waits for
    /// the customer, everything before it runs on forecasts.
    public func drive(of stage: Stage, decoupledAt point: DecouplingPoint) -> Drive {
        guard case .stage(let codp) = point,
              let codpIndex = position(of: codp),
              let stageIndex = position(of: stage) else { return .speculation }
        return stageIndex >= codpIndex ? .customer : .speculation
    }

    /// The stages the customer waits for under `point`.
    public func customerDrivenStages(decoupledAt point: DecouplingPoint) -> [Stage] {
        stages.filter { drive(of: $0, decoupledAt: point) == .customer }
    }
}
