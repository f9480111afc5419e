import AmbidexLab
import AmbidexStore
import Foundation

/// The lab's background runs: at most `capacity` at once, each saved to the
/// store when it starts and again when it ends, with progress kept here
/// while it runs.
public actor LabRuns {
    let store: Store
    let capacity: Int
    let threads: Int
    private var progress: [String: Double] = [:]

    init(store: Store, capacity: Int = 2, threads: Int = MarchRunner.defaultThreads) {
        self.store = store
        self.capacity = capacity
        self.threads = threads
    }

    var running: Int { progress.count }

    func progress(of id: String) -> Double? { progress[id] }

    private func report(_ id: String, _ value: Double) { if progress[id] != nil { progress[id] = value } }

    /// Saves the experiment as running and starts it; false when the lab is full.
    func start(_ work: LabWork, name: String, account: String) async throws -> String? {
        guard progress.count < capacity else { return nil }
        // 64 random bits: saving replaces by id, so ids must not collide.
        let id = "X-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        var saved = SavedExperiment(id: id, name: name, account: account, created: Date(), experiment: work.encoded)
        progress[id] = 0
        do { try await store.saveExperiment(saved) } catch { progress[id] = nil; throw error }
        let threads = self.threads
        Task.detached(priority: .utility) { [self] in
            let started = Date()
            let result = Result { () throws(LabError) -> String in
                try work.run(threads: threads, progress: { value in Task { await self.report(id, value) } })
            }
            saved.seconds = Date().timeIntervalSince(started)
            switch result {
            case .success(let outcome):
                saved.status = .done
                saved.outcome = outcome
            case .failure(let error):
                saved.status = .failed
                saved.error = error.description
            }
            try? await self.store.saveExperiment(saved)
            await self.finish(id)
        }
        return id
    }

    private func finish(_ id: String) { progress[id] = nil }

    /// Waits until nothing runs (tests, and a clean shutdown).
    public func drain() async {
        while !progress.isEmpty { try? await Task.sleep(for: .milliseconds(20)) }
    }
}

enum LabJSON {
    static func encode(_ value: some Encodable) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: (try? e.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
