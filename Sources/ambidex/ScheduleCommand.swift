import AmbidexCore
import AmbidexLab
import AmbidexStore
import ArgumentParser
import Foundation

struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "List the learning activities the cadence policy schedules next, each with why this and why now.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "How many days ahead to schedule.") var days = 14
    @Option(help: "Only activities for this strategy (mts, ato, mto, cto, eto).") var strategy: String?
    @Option(help: "Show at most this many activities (0 = all).") var limit = 60
    @Flag(help: "Print JSON instead of text.") var json = false

    func validate() throws {
        guard (1...366).contains(days) else { throw ValidationError("--days must be between 1 and 366") }
        if let strategy, DeliveryStrategy(code: strategy) == nil {
            throw ValidationError("--strategy must be one of mts, ato, mto, cto, eto, not '\(strategy)'")
        }
    }

    func run() async throws {
        let store = try await storeOptions.open()
        let snapshot: OfficeSnapshot
        do { snapshot = try await ReportCommand.current(store) } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
        let from = snapshot.asOf
        var activities = snapshot.schedule(days: days)
        if let code = strategy, let s = DeliveryStrategy(code: code) { activities = activities.filter { $0.strategy == s } }
        let total = activities.count
        let byKind = Dictionary(grouping: activities, by: \.kind)
        if limit > 0 { activities = Array(activities.prefix(limit)) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(activities), as: UTF8.self))
            return
        }
        let names = Dictionary(snapshot.units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        print("\(total) learning activities in the \(days) days from \(ReportText.day(from))"
              + (total > activities.count ? " (showing \(activities.count))" : "") + "\n")
        print(ReportText.table(["activity", "count"], byKind.sorted { $0.value.count > $1.value.count }.map { [$0.key.label, "\($0.value.count)"] }))
        for a in activities {
            let units = a.units.map { names[$0] ?? $0.rawValue }.sorted().joined(separator: ", ")
            print("\(ReportText.day(a.date))  \(a.kind.label)  [\(a.strategy?.code ?? "all")]  \(units)")
            print("    why: \(a.reason)")
        }
    }
}
