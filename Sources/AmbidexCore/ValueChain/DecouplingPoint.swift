/// The customer order decoupling point (CODP): the first stage driven by a
/// real customer order. Make-to-stock has none: goods ship from stock, so no
/// value-adding stage waits for the customer.
public enum DecouplingPoint: Hashable, Sendable, Codable, CustomStringConvertible {
    case none
    case stage(Stage)

    public var stage: Stage? {
        if case .stage(let s) = self { return s }
        return nil
    }

    public var description: String { stage?.rawValue ?? "none" }

    /// Parses the form used in the store and on the command line ("none" or a stage name).
    public init(storageValue: String) {
        self = storageValue == "none" || storageValue.isEmpty ? .none : .stage(Stage(storageValue))
    }
    public var storageValue: String { description }
}
