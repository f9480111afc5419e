/// The logic a piece of learning follows (Ellström; Engström & Wikner).
public enum LearningLogic: String, CaseIterable, Sendable, Codable, Hashable {
    /// Exploration: bottom-up, questioning, experimenting.
    case developmental
    /// Exploitation: top-down, standards, refinement.
    case executional
}

/// The level of action of a task or a reflection (Ellström 2006).
public enum ActionLevel: String, CaseIterable, Sendable, Codable, Hashable {
    case routine, rule, reflection
}

/// How an intervention came about.
public enum Trigger: String, CaseIterable, Sendable, Codable, Hashable {
    /// On a cadence (a daily stand-up).
    case recurrent
    /// On an event (a deviation, a failed standard, a surprise).
    case sporadic
    /// Decided ahead (an improvement initiative, a new product generation).
    case planned
}

/// Knowledge is explorative when it widens what the organization can do,
/// exploitative when it refines what it already does.
public enum Orientation: String, CaseIterable, Sendable, Codable, Hashable {
    case explorative, exploitative
}
