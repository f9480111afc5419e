import Foundation

/// A store failure, worded for the person at the terminal: what, where, why.
public struct StoreError: Error, CustomStringConvertible, LocalizedError, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
    public var errorDescription: String? { description }
}
