import AmbidexCore
import AmbidexStore
import Foundation

/// The office as the web adapter serves it: a snapshot loaded from the store,
/// with its evidence and schedule computed once, since they are whole-office
/// computations and the data changes only through imports and the demo.
actor OfficeState {
    let store: Store
    private(set) var office: LearningOffice
    private(set) var report: EvidenceReport
    private(set) var policy: CadencePolicy
    /// The last few horizons asked for, newest last: a handful of schedules,
    /// whatever sequence of queries arrives (each is milliseconds to compute).
    private var schedules: [(days: Int, activities: [LearningActivity])] = []
    static let cachedSchedules = 4

    static func load(from store: Store) async throws -> OfficeState {
        let office = try await store.loadOffice()
        let policy = try await store.setting(CadencePolicy.settingKey, as: CadencePolicy.self) ?? .default
        return OfficeState(store: store, office: office, policy: policy)
    }

    private init(store: Store, office: LearningOffice, policy: CadencePolicy) {
        self.store = store
        self.office = office
        self.policy = policy
        self.report = EvidenceReport.make(office)
    }

    func schedule(days: Int) -> [LearningActivity] {
        if let i = schedules.firstIndex(where: { $0.days == days }) {
            let hit = schedules.remove(at: i)
            schedules.append(hit)
            return hit.activities
        }
        let result = policy.schedule(office, from: office.asOf, horizonDays: days)
        schedules.append((days, result))
        if schedules.count > Self.cachedSchedules { schedules.removeFirst() }
        return result
    }

    /// How many schedules are held (tests).
    var cachedScheduleCount: Int { schedules.count }

    /// Reads the store again after something changed it.
    func reload() async throws {
        office = try await store.loadOffice()
        policy = try await store.setting(CadencePolicy.settingKey, as: CadencePolicy.self) ?? .default
        report = EvidenceReport.make(office)
        schedules = []
    }
}
