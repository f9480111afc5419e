// swift-tools-version:6.0
import PackageDescription

// The folder tree mirrors the architecture: a pure domain core that every other
// module depends on, and adapters around it. The hot paths (the simulation lab,
// later the log importers and mining) depend on the core only, never on Vapor,
// so they build fast in release and benchmark in isolation.
/// The lab is optimized even in debug builds (its tests run thousands of
/// simulations), and on x86-64 it may use POPCNT (Nehalem level, every x86-64 CPU since
/// 2009): population counts are its inner loop.
var labSettings: [SwiftSetting] {
    var flags = ["-O"]
    #if arch(x86_64)
    flags += ["-target-cpu", "nehalem"]
    #endif
    return [.unsafeFlags(flags, .when(configuration: .debug)), .unsafeFlags(Array(flags.dropFirst()), .when(configuration: .release))]
}

/// The evidence (block bootstraps over every standard and metric) runs on each
/// report and page load; like the lab, the core is optimized in debug builds too.
var coreSettings: [SwiftSetting] { [.unsafeFlags(["-O"], .when(configuration: .debug))] }
/// Log reading and mining are optimized even in debug builds (tests read real
/// logs; the pm4py comparison runs in CI). Their scanners keep state in
/// classes; run-time exclusivity checks on those fields cost a third of the
/// reading time, and the compiler still checks exclusivity statically.
var miningSettings: [SwiftSetting] {
    [.unsafeFlags(["-O", "-enforce-exclusivity=unchecked"], .when(configuration: .debug)),
     .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
}

let package = Package(
    name: "Ambidex",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ambidex", targets: ["ambidex"]),
        .library(name: "AmbidexCore", targets: ["AmbidexCore"]),
        .library(name: "AmbidexLab", targets: ["AmbidexLab"]),
        .library(name: "AmbidexLog", targets: ["AmbidexLog"]),
        .library(name: "AmbidexMining", targets: ["AmbidexMining"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.115.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.52.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
    ],
    targets: [
        // The domain: value types and pure rules. No I/O, no framework.
        .target(name: "AmbidexCore", swiftSettings: coreSettings),
        // A seeded, realistic demo company, generated in memory.
        .target(name: "AmbidexDemo", dependencies: ["AmbidexCore"]),
        // The simulation lab: March (1991) and its COBC extension.
        // Optimized even in debug builds: the lab's tests run thousands of simulations.
        .target(name: "AmbidexLab", dependencies: ["AmbidexCore"], swiftSettings: labSettings),
        // Reading order logs (XES, OCEL 2.0, CSV) into a columnar log, and mining
        // them. No Vapor, no Fluent: the system zlib and SQLite only. Optimized
        // even in debug builds: their tests read real logs and race pm4py.
        .systemLibrary(name: "CAmbidexZlib", path: "Sources/CAmbidexZlib"),
        .systemLibrary(name: "CAmbidexSQLite", path: "Sources/CAmbidexSQLite"),
        .target(name: "AmbidexLog", dependencies: ["CAmbidexZlib", "CAmbidexSQLite"], swiftSettings: miningSettings),
        .target(name: "AmbidexMining", dependencies: ["AmbidexLog"], swiftSettings: miningSettings),
        // A log's cases as the office's orders, through a mapping, and the office as one OCEL 2.0 log and back.
        // No Vapor: it benchmarks with the readers.
        .target(name: "AmbidexImport", dependencies: ["AmbidexCore", "AmbidexLog", "AmbidexMining", "CAmbidexSQLite"], swiftSettings: miningSettings),
        // The store: SQLite by default, PostgreSQL when DATABASE_URL is set.
        .target(name: "AmbidexStore", dependencies: [
            "AmbidexCore",
            .product(name: "FluentKit", package: "fluent-kit"),
            .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
            .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
        ]),
        // Long work from the store's job queue (lab runs), for `serve` and `ambidex work`. No Vapor.
        .target(name: "AmbidexJobs", dependencies: ["AmbidexCore", "AmbidexStore", "AmbidexLab", "AmbidexImport"]),
        // The web adapter: thin routes over the store, typed views.
        .target(name: "AmbidexWeb", dependencies: [
            "AmbidexCore", "AmbidexStore", "AmbidexLab", "AmbidexJobs", "AmbidexMining", "AmbidexImport", "AmbidexLog",
            .product(name: "Vapor", package: "vapor"),
            .product(name: "Plot", package: "Plot"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // The command line; the only place ArgumentParser is imported.
        .executableTarget(name: "ambidex", dependencies: [
            "AmbidexCore", "AmbidexDemo", "AmbidexLab", "AmbidexStore", "AmbidexJobs", "AmbidexWeb", "AmbidexLog", "AmbidexMining", "AmbidexImport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Benchmarks of the hot paths, built in release without Vapor.
        .executableTarget(name: "ambidex-bench", dependencies: ["AmbidexLab"], path: "Benchmarks/ambidex-bench"),
        // The evidence against generated companies whose true effects are known (BENCHMARKS.md).
        .executableTarget(name: "evidence-calibration", dependencies: ["AmbidexCore", "AmbidexDemo"], path: "Benchmarks/evidence-calibration"),
        // The mining commands alone, for fast release builds while tuning.
        .executableTarget(name: "ambidex-mine-bench", dependencies: ["AmbidexLog", "AmbidexMining"],
                          path: "Benchmarks/ambidex-mine-bench", swiftSettings: miningSettings),

        // Shared by the test targets: a store per test, on SQLite and, when
        // AMBIDEX_TEST_POSTGRES_URL is set, on PostgreSQL.
        .target(name: "AmbidexTestSupport", dependencies: ["AmbidexCore", "AmbidexStore"], path: "Tests/AmbidexTestSupport"),

        // Runs the built `ambidex` executable as a user would.
        .testTarget(name: "AmbidexCLITests", dependencies: ["ambidex", "AmbidexCore", "AmbidexLab", "AmbidexStore", "AmbidexTestSupport"]),
        .testTarget(name: "AmbidexCoreTests", dependencies: ["AmbidexCore"]),
        .testTarget(name: "AmbidexDemoTests", dependencies: ["AmbidexCore", "AmbidexDemo"]),
        .testTarget(name: "AmbidexLabTests", dependencies: ["AmbidexCore", "AmbidexLab"]),
        .testTarget(name: "AmbidexJobsTests", dependencies: ["AmbidexCore", "AmbidexDemo", "AmbidexJobs", "AmbidexLab", "AmbidexStore", "AmbidexTestSupport"]),
        .testTarget(name: "AmbidexLogTests", dependencies: ["AmbidexLog"]),
        .testTarget(name: "AmbidexImportTests", dependencies: ["AmbidexCore", "AmbidexDemo", "AmbidexLog", "AmbidexImport", "AmbidexStore", "AmbidexTestSupport"]),
        .testTarget(name: "AmbidexMiningTests", dependencies: ["AmbidexLog", "AmbidexMining"], exclude: ["pm4py_reference.py"]),
        .testTarget(name: "AmbidexStoreTests", dependencies: ["AmbidexCore", "AmbidexDemo", "AmbidexStore", "AmbidexTestSupport"]),
        .testTarget(name: "AmbidexWebTests", dependencies: [
            "AmbidexCore", "AmbidexDemo", "AmbidexStore", "AmbidexJobs", "AmbidexWeb", "AmbidexTestSupport",
            .product(name: "VaporTesting", package: "vapor"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
