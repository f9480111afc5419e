import AmbidexCore
import AmbidexDemo
import AmbidexStore
import AmbidexTestSupport
import Foundation
import Testing

@Suite("Store round trip", .serialized)
struct StoreRoundTripTests {
    @Test("an office written and read back is the same office", arguments: Backend.available)
    func roundTrip(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            // setup
            let office = try SmallOffice.make()
            // MUT
            try await store.replaceAll(with: office)
            let loaded = try await store.loadOffice()
            // validate
            #expect(loaded.name == office.name)
            #expect(loaded.table == office.table)
            #expect(loaded.units == office.units.sorted { $0.id < $1.id })
            #expect(loaded.partners == office.partners.sorted { $0.id < $1.id })
            #expect(loaded.orders == office.orders)
            #expect(loaded.events == office.events)
            #expect(loaded.reflections == office.reflections)
            #expect(loaded.knowledgeItems == office.knowledgeItems)
            #expect(loaded.standards == office.standards)
            #expect(loaded.activities == office.activities)
            let counts = try await store.counts()
            #expect(counts == StoreCounts(units: 3, partners: 2, orders: 3, events: 3, reflections: 2,
                                          knowledgeItems: 1, standards: 1, activities: 1))
        }
    }

    @Test("what the evidence tells apart survives the store: automatic and checked applications, who applied them, gate reviews of a phase",
          arguments: Backend.available)
    func evidenceColumns(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            // setup
            let office = DemoCompany.generate(orders: 400)
            #expect(office.standards.flatMap(\.applications).contains { $0.automatic })
            #expect(office.standards.flatMap(\.applications).contains { $0.appliedBy != nil })
            #expect(office.reflections.contains { $0.phase != nil })
            // MUT
            try await store.replaceAll(with: office)
            let loaded = try await store.loadOffice()
            // validate (dates with fractions of a second come back within a microsecond; what matters here is the rest)
            func applications(_ o: LearningOffice) -> [String] {
                o.standards.sorted { $0.id < $1.id }.flatMap { s in
                    s.applications.map { "\(s.id) \($0.order) \($0.deviated) \($0.automatic) \($0.appliedBy?.rawValue ?? "-") \($0.note ?? "-")" }
                }
            }
            #expect(applications(loaded) == applications(office))
            #expect(loaded.reflections.map { "\($0.id) \($0.phase?.rawValue ?? "-")" } == office.reflections.map { "\($0.id) \($0.phase?.rawValue ?? "-")" })
        }
    }

    @Test("replacing is atomic: an invalid office changes nothing", arguments: Backend.available)
    func atomicReplace(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            try await store.replaceAll(with: try SmallOffice.make())
            var broken = try SmallOffice.make()
            broken.events.append(OrderEvent(order: "O-404", activity: "ghost", stage: .design, unit: "U-eng",
                                            timestamp: SmallOffice.day0, customerContact: false))
            await #expect(throws: DomainError.self) { try await store.replaceAll(with: broken) }
            #expect(try await store.counts().events == 3)
        }
    }

    @Test("a write that fails inside the database rolls back every table, the version and the log, and names the table in one line",
          arguments: Backend.available)
    func rollbackOnDatabaseFailure(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            try await store.replaceAll(with: try SmallOffice.make())
            let version = try await store.officeVersion()
            // Two units with one id pass the domain checks but break the primary key in the middle of the write.
            var clash = try SmallOffice.make()
            clash.units.append(Unit(id: "U-eng", name: "Engineering again", function: .engineering))
            let error = await #expect(throws: StoreError.self) { try await store.replaceAll(with: clash) }
            let message = error?.description ?? ""
            #expect(message.hasPrefix("writing the units rows to "), "\(message)")
            #expect(message.contains("U-eng") || message.contains("UNIQUE"), "\(message)")
            #expect(message.hasSuffix("nothing was written, the store is as it was") && !message.contains("\n"), "\(message)")
            let after = try await store.loadOffice()
            #expect(after.units.count == 3)
            #expect(after.orders.count == 3)
            #expect(try await store.officeVersion() == version)
            #expect(try await store.writes(after: 0).map(\.kind) == ["office.replace"])
        }
    }

    @Test("a company larger than one statement or one COPY chunk of every table round-trips, and replacing it logs each write",
          arguments: Backend.available)
    func bulkRoundTrip(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            // setup: 3,000 orders give tables of tens of thousands of rows, beyond a statement's binds
            let office = DemoCompany.generate(orders: 3_000)
            try await store.replaceAll(with: try SmallOffice.make())
            // MUT
            try await store.replaceAll(with: office)
            let loaded = try await store.loadOffice()
            // validate
            // (dates come back within a microsecond, so they are compared to the millisecond)
            func events(_ o: LearningOffice) -> [String] {
                o.events.map { "\($0.order) \($0.activity) \($0.stage) \($0.unit) \($0.resource ?? "-") \($0.customerContact) \(Int(($0.timestamp.timeIntervalSince1970 * 1000).rounded()))" }.sorted()
            }
            #expect(loaded.orders.map(\.id).sorted() == office.orders.map(\.id).sorted())
            #expect(events(loaded) == events(office))
            #expect(loaded.reflections.count == office.reflections.count)
            #expect(loaded.activities.count == office.activities.count)
            #expect(loaded.knowledgeItems.count == office.knowledgeItems.count)
            #expect(loaded.standards.count == office.standards.count)
            #expect(try await store.officeVersion() == 2)
            #expect(try await store.writes(after: 0).map(\.summary).last?.contains("3000 orders") == true)
        }
    }

    @Test("settings are saved and read back as typed values", arguments: Backend.available)
    func settings(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            #expect(try await store.setting("test.value", as: [Int].self) == nil)
            try await store.saveSetting("test.value", [1, 2, 3])
            try await store.saveSetting("test.value", [4])
            #expect(try await store.setting("test.value", as: [Int].self) == [4])
        }
    }

    @Test("migrations revert cleanly and apply again", arguments: Backend.available)
    func migrationsRevert(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            try await store.replaceAll(with: try SmallOffice.make())
            try await store.revertAll()
            await #expect(throws: (any Error).self) { _ = try await store.counts() }
            try await store.migrate()
            #expect(try await store.counts().isEmpty)
        }
    }
}
