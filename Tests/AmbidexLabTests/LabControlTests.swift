import AmbidexLab
import Foundation
import Testing

@Suite("Cancelling and watching a run")
struct LabControlTests {
    @Test("a cancelled run stops within a run of the model and says it was cancelled, not refused")
    func cancel() throws {
        // About a minute of work on two cores if nothing stopped it.
        let experiment = CobcExperiment(policies: [CobcPolicy()], runs: 20_000, periods: 600, seed: 1)
        let control = LabControl(background: true)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { control.cancel() }
        do {
            _ = try experiment.run(threads: 2, control: control)
            Issue.record("the run finished although it was cancelled")
        } catch {
            #expect(error.isCancellation)
            #expect(error.description == "the run was cancelled")
        }
        #expect(control.progress < 1)
    }

    @Test("progress reaches 1, and a run on low-priority threads gives the same figures as on normal ones")
    func progressAndPriority() throws {
        let request = MarchRequest(figure: .fig3, runs: 30, seed: 5)
        let control = LabControl(background: true)
        let background = try request.run(threads: 2, control: control)
        #expect(control.progress == 1)
        #expect(background == (try request.run(threads: 1)))
        do {
            _ = try CobcExperiment(policies: [CobcPolicy()], runs: 0, periods: 5).run()
            Issue.record("an invalid experiment ran")
        } catch {
            #expect(!error.isCancellation)
        }
    }
}
