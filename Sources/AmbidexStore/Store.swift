import AmbidexCore
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// The learning office's database. One type with intent-named reads and
/// writes, so no SQL leaks into the CLI or the web routes.
public final class Store: Sendable {
    public let configuration: StoreConfiguration
    let databases: Databases
    let logger: Logger
    let eventLoopGroup: any EventLoopGroup
    let referenceCache = ReferenceCache()

    /// Opens the store and checks that it answers, so a wrong URL, an
    /// unwritable path or a corrupt file fails here with one clear message
    /// rather than somewhere later.
    public static func open(_ configuration: StoreConfiguration, logger: Logger = Logger(label: "ambidex.store")) async throws -> Store {
        // SQLite takes one writer at a time, and its driver opens a connection per event
        // loop with no busy timeout: one loop, so one connection that queues every query.
        // The loop is the store's own, so another store's large read (in tests) decodes on
        // its own loop. A query waits for the connection rather than failing while a long
        // write holds it.
        let group: any EventLoopGroup = configuration.isSQLite ? MultiThreadedEventLoopGroup(numberOfThreads: 1) : MultiThreadedEventLoopGroup.singleton
        let threads = NIOThreadPool.singleton
        let databases = Databases(threadPool: threads, on: group)
        switch configuration {
        case .sqlite(let path):
            try prepareSQLiteFile(at: path)
            databases.use(.sqlite(SQLiteConfiguration(storage: .file(path: path)), connectionPoolTimeout: .seconds(120), sqlLogLevel: nil),
                          as: .sqlite)
        case .sqliteInMemory(let name):
            databases.use(.sqlite(SQLiteConfiguration(storage: .memory(identifier: name)), connectionPoolTimeout: .seconds(120), sqlLogLevel: nil),
                          as: .sqlite)
        case .postgres(let url):
            let config: SQLPostgresConfiguration
            do { config = try SQLPostgresConfiguration(url: url) }
            catch { throw StoreError("DATABASE_URL is not a PostgreSQL URL (\(StoreConfiguration.redacted(url))): expected postgres://user:password@host:port/database") }
            // Writers queue on the office's version row while holding a connection: a burst of
            // writes on a busy machine must wait its turn, not fail after a few seconds.
            databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: 3, connectionPoolTimeout: .seconds(30),
                                    encodingContext: .default, decodingContext: .default, sqlLogLevel: .trace), as: .psql)
        }
        let store = Store(configuration: configuration, databases: databases, group: group, logger: logger)
        do {
            try await store.probe()
        } catch {
            await store.shutdown()
            throw store.explain(error)
        }
        return store
    }

    private init(configuration: StoreConfiguration, databases: Databases, group: any EventLoopGroup, logger: Logger) {
        self.configuration = configuration
        self.databases = databases
        self.eventLoopGroup = group
        self.logger = logger
    }

    /// Throws once the store is shut down (a worker that outlived it, say), rather than crashing.
    var database: any Database {
        get throws {
            guard let db = databases.database(logger: logger, on: eventLoopGroup.any()) else { throw StoreError("the store is closed") }
            return db
        }
    }
    var sql: any SQLDatabase { get throws { try database as! any SQLDatabase } }

    public var isPostgres: Bool { if case .postgres = configuration { true } else { false } }

    public func shutdown() async {
        await databases.shutdownAsync()
        if configuration.isSQLite {
            // A query still running on the shared thread pool when the store closes (a
            // snapshot refresh or a request that outlived its server's stop: workers wait
            // at most 5 s for them) completes onto this store's own loop. Stopped at once,
            // the loop would drop that completion (a crash in debug builds); kept a while,
            // the late answer lands and is discarded. No new query starts: the store is closed.
            let group = eventLoopGroup
            Task.detached {
                try? await Task.sleep(for: .seconds(15))
                try? await group.shutdownGracefully()
            }
        }
    }

    /// Brings the schema up to date; safe to run on every start.
    public func migrate() async throws {
        let migrator = Migrator(databases: databases, migrations: .ambidex, logger: logger, on: eventLoopGroup.any(),
                                migrationLogLevel: .debug)
        do {
            try await migrator.setupIfNeeded().get()
            try await migrator.prepareBatch().get()
        } catch {
            throw explain(error)
        }
    }

    /// Undoes every migration (the `revert` of each, newest first).
    public func revertAll() async throws {
        let migrator = Migrator(databases: databases, migrations: .ambidex, logger: logger, on: eventLoopGroup.any(),
                                migrationLogLevel: .debug)
        try await migrator.setupIfNeeded().get()
        try await migrator.revertAllBatches().get()
    }

    private func probe() async throws {
        switch configuration {
        case .postgres: try await sql.raw("SELECT 1").run()
        case .sqlite:
            try await sql.raw("SELECT count(*) FROM sqlite_master").run()
            // Readers (`ambidex report` beside a running server) do not wait for the writer, and a
            // writer from another process waits its turn for a while instead of failing at once.
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await sql.raw("PRAGMA busy_timeout = 10000").run()
        case .sqliteInMemory: try await sql.raw("SELECT count(*) FROM sqlite_master").run()
        }
    }

    /// The store answers (for a health check).
    public func ping() async throws {
        do { try await sql.raw("SELECT 1").run() } catch { throw explain(error) }
    }

    /// Turns driver errors into one line that says where and why.
    func explain(_ error: any Error) -> StoreError {
        if let e = error as? StoreError { return e }
        let text = String(reflecting: error)
        switch configuration {
        case .sqlite(let path):
            if text.contains("not a database") || text.contains("malformed") || text.contains("NOTADB") || text.contains("CORRUPT") {
                return StoreError("\(path) is not a usable Ambidex store: SQLite says the file is not a database or is corrupt. Move it away or pass another --store path.")
            }
            if text.contains("readonly") || text.contains("READONLY") || text.contains("unable to open") || text.contains("CANTOPEN") {
                return StoreError("cannot write the store at \(path): permission denied or the folder is missing.")
            }
            return StoreError("the store at \(path) failed: \(Self.firstLine(of: error))")
        case .sqliteInMemory:
            return StoreError("the in-memory store failed: \(Self.firstLine(of: error))")
        case .postgres(let url):
            let where_ = StoreConfiguration.redacted(url)
            if text.contains("connect") || text.contains("Connection refused") || text.contains("timeout") || text.contains("connectTimeout") {
                return StoreError("cannot reach PostgreSQL at \(where_) (from DATABASE_URL): is the server running and the URL right?")
            }
            if text.contains("password") || text.contains("authentication") || text.contains("28P01") || text.contains("28000") {
                return StoreError("PostgreSQL at \(where_) refused the login (from DATABASE_URL): check the user and password.")
            }
            if text.contains("3D000") || text.contains("does not exist") {
                return StoreError("PostgreSQL at \(where_): the database named in DATABASE_URL does not exist.")
            }
            return StoreError("PostgreSQL at \(where_) failed: \(Self.firstLine(of: error))")
        }
    }

    static func firstLine(of error: any Error) -> String {
        String(String(describing: error).split(separator: "\n").first ?? "unknown error")
    }

    /// SQLite creates files lazily and reports a missing or read-only folder
    /// only on first use, with a terse code: check up front and say it plainly.
    private static func prepareSQLiteFile(at path: String) throws {
        let fm = FileManager.default
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !fm.fileExists(atPath: folder) {
            do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            catch { throw StoreError("cannot create the store folder \(folder): \(error.localizedDescription)") }
        }
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw StoreError("the store path \(path) is a folder, not a file") }
            guard fm.isWritableFile(atPath: path) else { throw StoreError("cannot write the store at \(path): permission denied") }
        } else if !fm.isWritableFile(atPath: folder.isEmpty ? "." : folder) {
            throw StoreError("cannot create the store at \(path): the folder \(folder.isEmpty ? "." : folder) is not writable")
        }
    }
}

// Test support: each PostgreSQL test gets a database of its own, created and
// dropped through a connection to the server's maintenance database.
extension Store {
    /// The names of a table's indexes, the primary key's too.
    @_spi(Testing) public func indexNames(of table: String) async throws -> [String] {
        let query = isPostgres ? "SELECT indexname AS name FROM pg_indexes WHERE tablename = \(bind: table) ORDER BY indexname"
                               : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = \(bind: table) ORDER BY name" as SQLQueryString
        return try await sql.raw(query).all(decodingColumn: "name", as: String.self)
    }

    @_spi(Testing) public func createDatabase(named name: String) async throws {
        try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
    }

    @_spi(Testing) public func dropDatabase(named name: String) async throws {
        try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension Store {
    /// On SQLite, one long-running process (`serve` or `ambidex work`) at a time:
    /// several servers share a PostgreSQL database, never a SQLite file. The lock
    /// is the operating system's, so it ends with the process however it ends.
    /// Short commands (`report`, `demo`, …) may still use the file beside it.
    public func claimSQLiteServer() throws {
        guard case .sqlite(let path) = configuration else { return }
        let lockPath = path + ".server-lock"
        let fd = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError("cannot create \(lockPath) beside the store") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw StoreError("another Ambidex server (serve or work) is using the SQLite store at \(path); SQLite is one process: "
                + "stop that one, or use PostgreSQL (DATABASE_URL) to run several servers")
        }
        // Kept open on purpose for the life of the process.
        Self.heldLocks.append(fd)
    }

    nonisolated(unsafe) private static var heldLocks: [Int32] = []
}
