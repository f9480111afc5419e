import AmbidexCore
import AmbidexImport
import AmbidexLog
import AmbidexStore
import AmbidexTestSupport
import Foundation
import Testing

@Suite("Office export restored into a store", .serialized)
struct OfficeRestoreStoreTests {
    @Test("an export restores into an empty store as the same office; a store that holds an office refuses it and stays as it was",
          arguments: Backend.available)
    func restore(_ backend: Backend) async throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let office = try HostileOffice.make()
        let path = try ExportEncoding.sqlite.write(OfficeExport.make(office), in: dir)
        let restored = try OfficeRestore.office(from: try LogReader.readOCEL(path: path), file: path)
        try await withFreshStore(backend) { store in
            // MUT
            try await store.restore(restored)
            // validate
            let loaded = try await store.loadOffice()
            let differences = try OfficeParts(loaded, sorted: true).differences(from: OfficeParts(office, sorted: true))
            #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
            let version = try await store.officeVersion()
            let counts = try await store.counts()
            let error = await #expect(throws: StoreError.self) { try await store.restore(restored) }
            #expect(error?.description.contains("only into an empty store") == true && error?.description.contains("already holds 3 orders") == true,
                    "\(error?.description ?? "")")
            #expect(try await store.officeVersion() == version)
            #expect(try await store.counts() == counts)
            #expect(try await store.writes(after: 0).map(\.kind) == ["office.restore"])
        }
    }
}
