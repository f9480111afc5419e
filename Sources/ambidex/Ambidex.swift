import ArgumentParser
import Logging

/// The `ambidex` command: serves the learning office and runs its tools.
@main
struct Ambidex: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ambidex",
        abstract: "The learning office for organizations that fulfil customer orders under several delivery strategies.",
        discussion: """
            Data lives in an embedded SQLite file (--store, default \(defaultStorePathHint)) unless DATABASE_URL \
            names a PostgreSQL database.
            """,
        subcommands: [ServeCommand.self, WorkCommand.self, DemoCommand.self, AccountCommand.self, TokenCommand.self, ReportCommand.self, ScheduleCommand.self,
                      MigrateCommand.self, LabCommand.self, MineCommand.self, ImportCommand.self, ExportCommand.self],
        defaultSubcommand: nil
    )

    static func main() async {
        // Read once: a logger is made for every request, and reading the environment parses all of it
        // (a fifth of the server's time under load before).
        let level = Logger.Level(rawValue: ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "") ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

import Foundation
