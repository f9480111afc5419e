import Foundation

/// Where the learning office keeps its data: an embedded SQLite file by
/// default (zero set-up), PostgreSQL when `DATABASE_URL` is set.
public enum StoreConfiguration: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case sqliteInMemory(name: String)
    case postgres(url: String)

    /// The default file, relative to the working directory.
    public static let defaultSQLitePath = "ambidex-data/ambidex.sqlite"

    /// `DATABASE_URL` wins; otherwise the given (or default) SQLite path.
    public static func resolve(storePath: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> StoreConfiguration {
        if let url = environment["DATABASE_URL"], !url.isEmpty { return .postgres(url: url) }
        return .sqlite(path: storePath ?? defaultSQLitePath)
    }

    public var isSQLite: Bool { if case .postgres = self { false } else { true } }

    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite file \(path)"
        case .sqliteInMemory: "in-memory SQLite"
        case .postgres(let url): "PostgreSQL at \(Self.redacted(url))"
        }
    }

    /// The URL without its password, safe for logs and error messages.
    static func redacted(_ url: String) -> String {
        guard var c = URLComponents(string: url) else { return "(unparsable URL)" }
        if c.password != nil { c.password = "***" }
        return c.string ?? "(unparsable URL)"
    }
}
