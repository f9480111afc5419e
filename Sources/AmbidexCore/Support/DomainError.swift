/// A rule of the domain was broken. The message says which and why, in words a
/// user of the learning office understands.
public enum DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalid(String)
    case illegalTransition(String)
    case unknown(String)

    public var description: String {
        switch self {
        case .invalid(let m), .illegalTransition(let m), .unknown(let m): m
        }
    }
}
