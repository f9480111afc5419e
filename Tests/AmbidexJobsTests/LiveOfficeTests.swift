import AmbidexCore
import AmbidexDemo
import AmbidexJobs
import AmbidexStore
import AmbidexTestSupport
import Foundation
import Testing

/// The live office: after any sequence of writes, the snapshot every server
/// shows equals the whole-office computation on what the store then holds.
@Suite("The office snapshot follows the writes", .serialized)
struct LiveOfficeTests {
    static func encoded(_ value: some Encodable) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.dateEncodingStrategy = .secondsSince1970
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    /// Where two JSON documents differ, or nil when they are equal up to
    /// floating-point rounding (sums taken in another order differ in the
    /// last bits between two computations of the same office).
    static func difference(_ a: String, _ b: String) -> String? {
        func walk(_ x: Any, _ y: Any, _ path: String) -> String? {
            switch (x, y) {
            case let (x as [String: Any], y as [String: Any]):
                guard Set(x.keys) == Set(y.keys) else { return "\(path): keys \(x.keys.sorted()) vs \(y.keys.sorted())" }
                for k in x.keys.sorted() { if let d = walk(x[k]!, y[k]!, path + "." + k) { return d } }
                return nil
            case let (x as [Any], y as [Any]):
                guard x.count == y.count else { return "\(path): \(x.count) vs \(y.count) elements" }
                for (i, (u, v)) in zip(x, y).enumerated() { if let d = walk(u, v, "\(path)[\(i)]") { return d } }
                return nil
            case let (x as NSNumber, y as NSNumber):
                let (u, v) = (x.doubleValue, y.doubleValue)
                return abs(u - v) <= 1e-9 * max(1, abs(u), abs(v)) ? nil : "\(path): \(u) vs \(v)"
            default:
                return "\(x)" == "\(y)" ? nil : "\(path): \(x) vs \(y)"
            }
        }
        guard let x = try? JSONSerialization.jsonObject(with: Data(a.utf8)), let y = try? JSONSerialization.jsonObject(with: Data(b.utf8)) else {
            return "not JSON"
        }
        return walk(x, y, "$")
    }

    /// Random but valid writes of every kind the workbench makes, on open orders of the demo company.
    struct Writer {
        var rng: SeededGenerator
        var serial = 0
        let store: Store

        mutating func next() async throws -> String {
            serial += 1
            let office = try await store.loadOffice()
            let asOf = office.asOf
            let open = office.orders.filter { $0.isOpen(at: asOf) }
            let units = office.units.map(\.id)
            switch rng.next() % 5 {
            case 0 where !open.isEmpty:
                let o = open[Int(rng.next() % UInt64(open.count))]
                try await store.recordReflection(try Reflection(
                    id: ReflectionID(rawValue: "R-live-\(serial)"), mode: .inAction, trigger: .sporadic, actionLevel: .rule, logic: .developmental,
                    date: asOf, summary: "live \(serial)", units: [units[Int(rng.next() % UInt64(units.count))]], orders: [o.id]))
                return "reflection"
            case 1 where !open.isEmpty:
                let o = open[Int(rng.next() % UInt64(open.count))]
                try await store.closeOrder(o.id, at: asOf.adding(days: 0.5), reworkCount: Int(rng.next() % 3), feedbackScore: Double(rng.next() % 5 + 1))
                return "close"
            case 2 where !open.isEmpty:
                let o = open[Int(rng.next() % UInt64(open.count))]
                try await store.appendEvents([OrderEvent(order: o.id, activity: "step \(serial)", stage: .fabricate,
                                                         unit: units[Int(rng.next() % UInt64(units.count))], timestamp: asOf, customerContact: false)],
                                             to: o.id)
                return "events"
            case 3:
                let unit = office.units[Int(rng.next() % UInt64(office.units.count))]
                try await store.addKnowledgeItem(KnowledgeItem(
                    id: KnowledgeItemID(rawValue: "K-live-\(serial)"), title: "idea \(serial)", orientation: .explorative,
                    origin: .reflection(office.reflections.last!.id), originUnit: unit.id, originRole: .front, originStrategy: .eto, acquired: asOf))
                return "knowledge"
            default:
                let planned = CadencePolicy.default.schedule(office, from: asOf, horizonDays: 14).filter { $0.status == .scheduled }
                guard let a = planned.first else { return "none" }
                try await store.holdActivity(a, at: a.date, note: "held \(serial)")
                return "activity"
            }
        }
    }

    @Test("equal to the whole-office computation after random writes, every snapshot", arguments: Backend.available)
    func equalAfterRandomWrites(_ backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            try await store.replaceAll(with: DemoCompany.generate(orders: 500))
            var settings = SnapshotRefresher.Settings()
            settings.background = false
            let refresher = SnapshotRefresher(store: store, id: "test", settings: settings)
            var writer = Writer(rng: SeededGenerator(seed: 7), store: store)
            var kinds: [String] = []
            for round in 0..<4 {
                for _ in 0..<(round + 1) { kinds.append(try await writer.next()) }
                try await refresher.settle()
                let snapshot = try #require(try await store.latestSnapshot())
                let office = try await store.loadOffice()
                #expect(snapshot.version == (try await store.officeVersion()))
                let stored = try Self.encoded(snapshot.report), pure = try Self.encoded(EvidenceReport.make(office))
                #expect(Self.difference(stored, pure) == nil, "round \(round)")
                for days in [1, 14, 30, 90] {
                    #expect(snapshot.schedule(days: days) == CadencePolicy.default.schedule(office, from: office.asOf, horizonDays: days))
                }
                #expect(snapshot.totals.reflections == office.reflections.count && snapshot.totals.orders == office.orders.count)
            }
            #expect(Set(kinds).count >= 3, "\(kinds)")
            await refresher.stop()
        }
    }

    @Test("one process computes at a time; the others see the lease and wait; a dead holder's lease runs out")
    func lease() async throws {
        try await withFreshStore(.sqlite) { store in
            let t0 = Date()
            #expect(try await store.takeRefreshLease(worker: "a", for: 30, now: t0))
            #expect(try await !store.takeRefreshLease(worker: "b", for: 30, now: t0.addingTimeInterval(1)))
            #expect(try await store.takeRefreshLease(worker: "a", for: 30, now: t0.addingTimeInterval(2)))
            #expect(try await store.takeRefreshLease(worker: "b", for: 30, now: t0.addingTimeInterval(40)))
            try await store.releaseRefreshLease(worker: "a")
            #expect(try await !store.takeRefreshLease(worker: "c", for: 30, now: t0.addingTimeInterval(41)))
            try await store.releaseRefreshLease(worker: "b")
            #expect(try await store.takeRefreshLease(worker: "c", for: 30, now: t0.addingTimeInterval(42)))
        }
    }

    @Test("a snapshot keeps everything the pages read: the schedule of any horizon is the prefix of the longest, shares are capped with totals")
    func snapshotShape() throws {
        let office = DemoCompany.generate(orders: 1_200)
        let s = OfficeSnapshot.make(office, policy: .default, version: 3)
        for days in [1, 7, 14, 60, 200, 366] {
            #expect(s.schedule(days: days) == CadencePolicy.default.schedule(office, from: office.asOf, horizonDays: days), "\(days) days")
        }
        for p in office.partners {
            let full = try #require(PartnerShare(office: office, partner: p.id, upcoming: CadencePolicy.default.schedule(office, from: office.asOf, horizonDays: 30)))
            let shown = try #require(s.share(of: p.id, days: 30))
            #expect(shown.ordersTotal == full.orders.count && shown.orders == Array(full.orders.prefix(OfficeSnapshot.partnerListLimit)))
            #expect(shown.activities == full.activities)
        }
        let decoded = try JSONDecoder().decode(OfficeSnapshot.self, from: JSONEncoder().encode(s))
        #expect(decoded.schedule == s.schedule && decoded.shares == s.shares && decoded.totals == s.totals && decoded.units == s.units)
        #expect(decoded.explorations == s.explorations && decoded.partners == s.partners && decoded.ordersByPartner == s.ordersByPartner)
        #expect(Self.difference(try Self.encoded(decoded.report), try Self.encoded(s.report)) == nil)
    }
}
