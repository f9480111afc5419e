import AmbidexCore
import AmbidexStore
import ArgumentParser
import Foundation

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the evidence: coverage, ambidexterity, knowledge flow, cycle time, the effect of standards and their monitoring.")

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print JSON instead of text.") var json = false
    @Option(help: "Bootstrap resamples (whole calendar weeks) for the intervals.") var resamples = 400

    func validate() throws {
        guard (100...100_000).contains(resamples) else { throw ValidationError("--resamples must be between 100 and 100000") }
    }

    func run() async throws {
        let store = try await storeOptions.open()
        let office: LearningOffice
        do { office = try await store.loadOffice() } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
        guard !office.orders.isEmpty else {
            throw CommandError("the store holds no orders yet (\(storeOptions.configuration)); run `ambidex demo` or import a log first")
        }
        var options = EvidenceReport.Options()
        options.bootstrapResamples = resamples
        let report = EvidenceReport.make(office, options: options)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(ReportText.render(report, office: office))
        }
    }
}
