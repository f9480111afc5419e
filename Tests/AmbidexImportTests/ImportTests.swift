import AmbidexCore
import AmbidexImport
import AmbidexLog
@_spi(Testing) import AmbidexStore
import AmbidexTestSupport
import Foundation
import Testing

enum SharedLogs {
    static let folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .appendingPathComponent("../shared/data/eventlogs").standardizedFileURL
    static var available: Bool { FileManager.default.fileExists(atPath: path("running-example.xes")) }
    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    static let skipNote = "../shared/data/eventlogs is absent: the real-log import tests need it"
}

/// A small log written here, so the rules are tested without outside files.
enum ToyLog {
    static let xes = """
        <?xml version="1.0" encoding="UTF-8"?>
        <log xes.version="1.0">
          <trace><string key="concept:name" value="A1"/><string key="customer" value="Acme Works"/><string key="Material" value="steel"/>
            <event><string key="concept:name" value="Order received"/><string key="org:group" value="Sales"/><date key="time:timestamp" value="2024-03-01T08:00:00Z"/></event>
            <event><string key="concept:name" value="Design drawing"/><string key="org:group" value="Engineering"/><date key="time:timestamp" value="2024-03-02T08:00:00Z"/></event>
            <event><string key="concept:name" value="Machining"/><string key="org:group" value="Plant"/><date key="time:timestamp" value="2024-03-04T08:00:00Z"/></event>
            <event><string key="concept:name" value="Machining"/><string key="org:group" value="Plant"/><date key="time:timestamp" value="2024-03-05T08:00:00Z"/></event>
            <event><string key="concept:name" value="Ship"/><string key="org:group" value="Logistics"/><date key="time:timestamp" value="2024-03-06T08:00:00Z"/></event>
          </trace>
          <trace><string key="concept:name" value="A2"/><string key="customer" value="Bolt &amp; Co"/><string key="Material" value="brass"/>
            <event><string key="concept:name" value="Order received"/><string key="org:group" value="Sales"/><date key="time:timestamp" value="2024-03-03T08:00:00Z"/></event>
            <event><string key="concept:name" value="Machining"/><string key="org:group" value="Plant"/><date key="time:timestamp" value="2024-03-04T09:00:00Z"/></event>
          </trace>
        </log>
        """
    static let mapping = """
        # the toy's mapping
        order-prefix = T-
        unit = group
        partner = customer
        strategy = mto
        strategy-rule = eto: design
        stage-rule = design: design
        stage-rule = deliver: ship|received
        stage-default = fabricate
        contact = received|ship
        features = Material
        due-days = 4
        closed-by = ship
        """

    static func read() throws -> EventLog {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ambidex-toy-\(UUID().uuidString).xes").path
        try xes.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try LogReader.readXES(path: path)
    }
}

@Suite("Import: mapping files")
struct ImportMappingTests {
    @Test("a mapping file reads back as it was written, rules in order")
    func roundTrip() throws {
        let m = try ImportMapping.parse(ToyLog.mapping, file: "toy.mapping")
        #expect(m.orderPrefix == "T-" && m.unitAttribute == "group" && m.partnerAttribute == "customer")
        #expect(m.strategyRules.map(\.value) == [.eto])
        #expect(m.stageRules.map(\.value) == [.design, .deliver])
        #expect(m.dueDays == 4 && m.closedBy == "ship" && m.features == ["Material"])
        #expect(try ImportMapping.parse(m.text) == m)
    }

    @Test("every mistake names the file, the line and the reason", arguments: [
        ("unit = group\nbogus = 1", "m.txt:2: unknown key 'bogus'"),
        ("strategy = xyz", "m.txt:1: 'xyz' is no delivery strategy"),
        ("strategy-rule = eto design", "m.txt:1: a rule is 'value: pattern'"),
        ("stage-rule = design: (unclosed", "m.txt:1: '(unclosed' is not a pattern"),
        ("due-days = soon", "m.txt:1: due-days is a number of days"),
        ("\n\njust words", "m.txt:3: expected 'key = value'"),
        ("strategy-rule = : design", "m.txt:1: a rule needs a value and a pattern"),
    ])
    func errors(text: String, message: String) {
        do {
            _ = try ImportMapping.parse(text, file: "m.txt")
            Issue.record("'\(text)' was accepted")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test("a CSV log's column lines stand in the same file and are left to the CSV reader")
    func csvKeys() throws {
        let text = "case = Order\nactivity = Step\ntimestamp = At\nunit = Department\n"
        #expect(try ImportMapping.parse(text).unitAttribute == "Department")
        #expect(ImportMapping.csvValues(text) == ["case": "Order", "activity": "Step", "timestamp": "At"])
    }
}

@Suite("Import: a log becomes orders")
struct LogConversionTests {
    @Test("strategies, stages, units, roles, customization, rework and open orders follow the mapping")
    func toy() throws {
        let m = try ImportMapping.parse(ToyLog.mapping)
        let c = try m.convert(try ToyLog.read(), source: "toy.xes")
        let b = c.batch
        #expect(b.orders.map(\.id.rawValue) == ["T-A1", "T-A2"])
        let a1 = b.orders[0], a2 = b.orders[1]
        #expect(a1.strategy == .eto && a2.strategy == .mto)
        #expect(a1.decouplingPoint == StrategyTable.standard[.eto].decouplingPoint)
        #expect(a1.customization == ["Material": "steel"] && a2.customization.isEmpty, "MTO orders cannot be customized")
        #expect(a1.outcome?.reworkCount == 1, "Machining twice")
        #expect(a1.outcome?.onTime == false, "5 days against 4 due")
        #expect(a2.closed == nil && c.openOrders == 1, "A2 never shipped")
        #expect(Set(b.partners.map(\.name)) == ["Acme Works", "Bolt & Co"])
        #expect(a1.customer == b.partners.first { $0.name == "Acme Works" }!.id)
        #expect(Set(b.units.map(\.name)) == ["Sales", "Engineering", "Plant", "Logistics"])
        #expect(b.units.first { $0.name == "Sales" }?.function == .sales)
        #expect(b.units.first { $0.name == "Plant" }?.function == .production)
        let events = b.events.filter { $0.order == a1.id }
        #expect(events.map(\.stage) == [.deliver, .design, .fabricate, .fabricate, .deliver])
        #expect(events.map(\.customerContact) == [true, false, false, false, true])
        // Roles follow from the events, as for the demo: Sales and Logistics face the customer, the plant does not.
        let roles = RoleAssignment(table: .standard, events: b.events)
        let unit = { (name: String) in b.units.first { $0.name == name }! }
        #expect(roles.role(of: unit("Sales"), on: a1) == .front)
        #expect(roles.role(of: unit("Plant"), on: a1) == .back)
        #expect(roles.role(of: unit("Engineering"), on: a2) == nil)
        try b.validate()
    }

    @Test("a case named twice is refused, naming it and where")
    func duplicateCase() throws {
        let twice = ToyLog.xes.replacingOccurrences(of: "value=\"A2\"", with: "value=\"A1\"")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ambidex-dup-\(UUID().uuidString).xes").path
        try twice.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect { try ImportMapping().convert(try LogReader.readXES(path: path), source: "dup.xes") } throws: {
            "\($0)".contains("'A1'") && "\($0)".contains("line 10")
        }
    }

    @Test("the suggested mapping explains itself and imports the production log as a job shop's orders")
    func production() throws {
        guard SharedLogs.available else { print(SharedLogs.skipNote); return }
        let log = try LogReader.readXES(path: SharedLogs.path("production.xes.gz"))
        let s = ImportMapping.suggest(for: log, source: "production.xes.gz")
        #expect(s.mapping.lifecycle == "complete", "start and complete events: one per step")
        #expect(s.text.contains("# keep-lifecycle: "), "each guess is explained")
        #expect(s.mapping.unitRules.contains { $0.value == "Quality" }, "org:resource has 48 values: units come from the activities")
        let reread = try ImportMapping.parse(s.text)
        #expect(reread.text == s.mapping.text, "the printed suggestion is a mapping file that reads back")
        let c = try reread.convert(log, source: "production.xes.gz")
        #expect(c.batch.orders.count == 225 && c.emptyCases == 0)
        #expect(c.events * 2 == log.eventCount, "complete events only: half of 9,906")
        let quality = c.batch.units.first { $0.name == "Quality" }
        #expect(quality?.function == .quality)
        #expect(c.batch.events.contains { $0.activity == "Final Inspection Q.C." && $0.unit == quality?.id })
        try c.batch.validate()
    }

    @Test("an OCEL 2.0 log's order objects are the orders; a related object type can name the unit")
    func ocel() throws {
        guard SharedLogs.available else { print(SharedLogs.skipNote); return }
        let ocel = try LogReader.readOCEL(path: SharedLogs.path("ocel20_example.jsonocel"))
        #expect(ocel.guessOrderType()?.type == "Purchase Order")
        let cases = try ocel.cases(ofObjectType: "Purchase Order")
        var m = ImportMapping()
        m.unitAttribute = "Purchase Requisition"
        let c = try m.convert(cases, source: "ocel20_example.jsonocel")
        #expect(c.batch.orders.count == cases.caseCount && !c.batch.orders.isEmpty)
        #expect(throws: ImportError.self) { try ocel.cases(ofObjectType: "Nope") }
    }
}

@Suite("Import: into the store")
struct StoreImportTests {
    @Test("atomic and idempotent: the same log twice adds nothing, a grown log adds only what is new", arguments: Backend.available)
    func idempotent(backend: Backend) async throws {
        let m = try ImportMapping.parse(ToyLog.mapping)
        let full = try m.convert(try ToyLog.read(), source: "toy.xes").batch
        try await withFreshStore(backend) { store in
            // The log as it stood a day earlier: A1 not yet shipped, still open.
            var earlier = full
            earlier.events.removeAll { $0.order.rawValue == "T-A1" && $0.activity == "Ship" }
            earlier.orders[0] = try Order(id: full.orders[0].id, customer: full.orders[0].customer, offering: full.orders[0].offering,
                                          strategy: .eto, decouplingPoint: full.orders[0].decouplingPoint,
                                          customization: full.orders[0].customization, received: full.orders[0].received, due: full.orders[0].due)
            let first = try await store.importOrders(earlier, source: "toy.xes")
            #expect(first.orders == 2 && first.events == 6 && first.units == 4 && first.partners == 2)
            let v1 = try await store.officeVersion()
            let again = try await store.importOrders(earlier, source: "toy.xes")
            #expect(again.isEmpty && again.orders == 0)
            #expect(try await store.officeVersion() == v1, "nothing new: no write")
            let grown = try await store.importOrders(full, source: "toy.xes")
            #expect(grown.orders == 0 && grown.extendedOrders == 1 && grown.events == 1)
            let office = try await store.loadOffice()
            #expect(office.events.filter { $0.order.rawValue == "T-A1" }.count == 5)
            #expect(office.orders.first { $0.id.rawValue == "T-A1" }?.closed != nil, "shipped: now closed")
            #expect(try await store.counts().orders == 2)
        }
    }

    @Test("a batch that breaks a rule leaves the store as it was", arguments: Backend.available)
    func atomic(backend: Backend) async throws {
        let m = try ImportMapping.parse(ToyLog.mapping)
        var batch = try m.convert(try ToyLog.read(), source: "toy.xes").batch
        try await withFreshStore(backend) { store in
            _ = try await store.importOrders(batch, source: "toy.xes")
            let before = try await store.counts(), version = try await store.officeVersion()
            // A new order whose customer is nobody: the whole batch is refused.
            var o = batch.orders[1]
            o = try Order(id: OrderID("T-A3"), customer: PartnerID("C-nobody"), offering: o.offering, strategy: o.strategy,
                          decouplingPoint: o.decouplingPoint, received: o.received, due: o.due)
            batch.orders.append(o)
            batch.partners.append(Partner(id: PartnerID("C-new"), name: "New", kind: .customer))
            await #expect { try await store.importOrders(batch, source: "bad.xes") } throws: { "\($0)".contains("C-nobody") }
            #expect(try await store.counts() == before)
            #expect(try await store.officeVersion() == version)
        }
    }

    @Test("imported units join the store's units of the same name", arguments: Backend.available)
    func sameNamedUnits(backend: Backend) async throws {
        let m = try ImportMapping.parse(ToyLog.mapping)
        let batch = try m.convert(try ToyLog.read(), source: "toy.xes").batch
        try await withFreshStore(backend) { store in
            try await store.replaceAll(with: try SmallOffice.make())
            let units = try await store.loadOffice().units
            let before = units.count
            let summary = try await store.importOrders(batch, source: "toy.xes")
            let after = try await store.loadOffice()
            let known = Set(units.map { $0.name.lowercased() })
            let expectedNew = Set(batch.units.map { $0.name.lowercased() }).subtracting(known).count
            #expect(summary.units == expectedNew && after.units.count == before + expectedNew)
            let ids = Set(after.units.map(\.id))
            #expect(after.events.allSatisfy { ids.contains($0.unit) })
        }
    }
}


@Suite("Import: the store's orders as a log")
struct OfficeLogTests {
    @Test("the events of the orders in scope, each order's in sequence; resources as units, front/back office or people", arguments: Backend.available)
    func scoped(backend: Backend) async throws {
        let m = try ImportMapping.parse(ToyLog.mapping)
        let batch = try m.convert(try ToyLog.read(), source: "toy.xes").batch
        try await withFreshStore(backend) { store in
            _ = try await store.importOrders(batch, source: "toy.xes")
            let names = try await store.unitNames()
            #expect(Set(names.values) == ["Sales", "Engineering", "Plant", "Logistics"])

            var eto = OrderFilter()
            eto.strategy = .eto
            let events = try await store.events(of: eto)
            #expect(events.map(\.activity) == ["Order received", "Design drawing", "Machining", "Machining", "Ship"])
            let log = OfficeLog.make(events, unitNames: names, actor: .office)
            #expect(log.caseCount == 1 && log.eventCount == 5)
            // Sales and Logistics hold the customer contact on T-A1: front office; the rest back office.
            #expect((0..<log.eventCount).map { log.string(log.resource[$0]) } == ["front office", "back office", "back office", "back office", "front office"])
            let byUnit = OfficeLog.make(events, unitNames: names, actor: .unit)
            #expect((0..<byUnit.eventCount).map { byUnit.string(byUnit.resource[$0]) } == ["Sales", "Engineering", "Plant", "Plant", "Logistics"])

            var plant = OrderFilter()
            plant.unit = names.first { $0.value == "Plant" }?.key
            #expect(Set(try await store.events(of: plant).map(\.order.rawValue)) == ["T-A1", "T-A2"])
            var engineering = OrderFilter()
            engineering.unit = names.first { $0.value == "Engineering" }?.key
            #expect(Set(try await store.events(of: engineering).map(\.order.rawValue)) == ["T-A1"])
            var later = OrderFilter()
            later.from = ISO8601DateFormatter().date(from: "2024-03-02T00:00:00Z")
            #expect(try await store.events(of: later).map(\.order.rawValue) == ["T-A2", "T-A2"])
            var mts = OrderFilter()
            mts.strategy = .mts
            #expect(try await store.events(of: mts).isEmpty)
        }
    }
}

@Suite("Import: the office mined per strategy")
struct OfficeMiningTests {
    @Test("variants, durations of closed orders only, edges and the front/back-office hand-over of a small office, events given out of order")
    func small() throws {
        let t0 = Date(timeIntervalSince1970: 1_700_000_000), day = 86_400.0
        func order(_ id: String, _ strategy: DeliveryStrategy, closedAfter days: Double?) throws -> Order {
            try Order(id: OrderID(id), customer: PartnerID("C-1"), offering: "pump", strategy: strategy,
                      decouplingPoint: StrategyTable.standard[strategy].decouplingPoint, received: t0, due: t0 + 30 * day,
                      closed: days.map { t0 + $0 * day })
        }
        let sales = UnitID("U-sales"), plant = UnitID("U-plant")
        func event(_ o: String, _ a: String, _ unit: UnitID, _ d: Double) -> OrderEvent {
            OrderEvent(order: OrderID(o), activity: a, stage: .fabricate, unit: unit, timestamp: t0 + d * day, customerContact: unit == sales)
        }
        var events = [
            event("E1", "Quote", sales, 0), event("E1", "Build", plant, 1), event("E1", "Ship", sales, 2),
            event("E2", "Quote", sales, 0), event("E2", "Build", plant, 2), event("E2", "Ship", sales, 4),
            event("E3", "Quote", sales, 0), event("E3", "Ship", sales, 1),
            event("M1", "Build", plant, 0),
        ]
        events.swapAt(0, 7)  // the office's events need not come grouped by order
        events.swapAt(2, 5)
        let office = LearningOffice(
            name: "small", units: [AmbidexCore.Unit(id: sales, name: "Sales", function: .sales), AmbidexCore.Unit(id: plant, name: "Plant", function: .production)],
            partners: [Partner(id: PartnerID("C-1"), name: "One", kind: .customer)],
            orders: [try order("E1", .mto, closedAfter: 2), try order("E2", .mto, closedAfter: 4), try order("E3", .mto, closedAfter: nil),
                     try order("M1", .mts, closedAfter: 0)],
            events: events)
        let mining = OfficeMining.make(office)
        #expect(mining.strategies.map(\.strategy) == [.mts, .mto])
        let m = try #require(mining[.mto])
        #expect(m.orders == 3 && m.events == 8)
        #expect(m.variants.map(\.count) == [2, 1] && m.variants[0].activities == ["Quote", "Build", "Ship"] && m.variantCount == 2)
        #expect(Set(m.variants[0].orders.map(\.rawValue)) == ["E1", "E2"] && m.variants[0].medianDays == 3)
        #expect(m.variants[1].medianDays == nil, "E3 is open: its duration is not known")
        #expect(m.durations.closed == 2 && m.durations.open == 1 && m.durations.median == 3 && m.durations.mean == 3 && m.durations.max == 4)
        let edges = Dictionary(uniqueKeysWithValues: m.edges.map { ("\($0.source)>\($0.target)", $0) })
        #expect(edges["Quote>Build"]?.count == 2 && edges["Build>Ship"]?.count == 2 && edges["Quote>Ship"]?.count == 1 && m.edgeCount == 3)
        #expect(edges["Quote>Build"]?.meanSeconds == 1.5 * day && edges["Quote>Build"]?.medianSeconds == 1.5 * day)
        #expect(m.activities.first { $0.name == "Quote" }.map { ($0.count, $0.starts, $0.ends) } ?? (0, 0, 0) == (3, 3, 0))
        // Sales is in contact with the customer: front office; the plant back office.
        let cells = Dictionary(uniqueKeysWithValues: m.officeHandover.map { ("\($0.source)>\($0.target)", $0.count) })
        #expect(cells == ["front office>back office": 2, "back office>front office": 2, "front office>front office": 1])
        #expect(abs(m.crossingShare - 0.8) < 1e-12)
        #expect(Set(m.unitHandover.map { "\($0.source)>\($0.target)" }) == ["Sales>Plant", "Plant>Sales", "Sales>Sales"])
        #expect(mining[.eto] == nil && mining.candidates.isEmpty)
        #expect(mining.logs.isEmpty, "no order came from a log")

        // Two imported logs: each log's orders mined together, whatever their strategies; orders of no log left out.
        let byLog = OfficeMining.make(office, sources: [OrderID("E1"): "b.xes", OrderID("M1"): "b.xes", OrderID("E2"): "a.csv", OrderID("X9"): "gone.xes"])
        #expect(byLog.logs.map(\.log) == ["a.csv", "b.xes"], "by name; a source whose order is gone names no log")
        let b = try #require(byLog.log(named: "b.xes"))
        #expect(b.strategies == ["mto": 1, "mts": 1] && b.mined.orders == 2 && b.mined.events == 4)
        #expect(b.mined.strategy == .mto, "on a tie the more customized strategy names the log's process")
        #expect(Set(b.mined.variants.map(\.activities)) == [["Quote", "Build", "Ship"], ["Build"]])
        #expect(byLog.log(named: "a.csv")?.mined.durations.median == 4)
        #expect(byLog.strategies == mining.strategies, "the strategies' figures do not change")
    }
}

extension OfficeMiningTests {
    @Test("before and after a standard: the orders of its strategies and units in equal windows on each side of its adoption")
    func beforeAndAfter() throws {
        let t0 = Date(timeIntervalSince1970: 1_700_000_000), day = 86_400.0
        let sales = UnitID("U-sales"), plant = UnitID("U-plant")
        func order(_ id: String, received: Double) throws -> Order {
            try Order(id: OrderID(id), customer: PartnerID("C-1"), offering: "pump", strategy: .mto,
                      decouplingPoint: StrategyTable.standard[.mto].decouplingPoint, received: t0 + received * day, due: t0 + (received + 30) * day)
        }
        func event(_ o: String, _ a: String, _ unit: UnitID, _ d: Double) -> OrderEvent {
            OrderEvent(order: OrderID(o), activity: a, stage: .fabricate, unit: unit, timestamp: t0 + d * day, customerContact: unit == sales)
        }
        var standard = try Standard(id: StandardID("S-1"), name: "Build check", kind: .procedure, scope: .init(strategies: [.mto], units: [plant]),
                                    provenance: [], proposedAt: t0)
        try standard.adopt(at: t0 + 5 * day)
        let office = LearningOffice(
            name: "small", units: [AmbidexCore.Unit(id: sales, name: "Sales", function: .sales), AmbidexCore.Unit(id: plant, name: "Plant", function: .production)],
            partners: [Partner(id: PartnerID("C-1"), name: "One", kind: .customer)],
            orders: [try order("B0", received: 0), try order("B1", received: 2), try order("B2", received: 3), try order("A1", received: 6), try order("A2", received: 7)],
            events: [event("B0", "Quote", sales, 0), event("B0", "Build", plant, 0.5),
                     event("B1", "Quote", sales, 2), event("B1", "Build", plant, 2.5), event("B1", "Build", plant, 3),
                     event("B2", "Quote", sales, 3),  // the plant never worked on it: outside the standard's units
                     event("A1", "Quote", sales, 6), event("A1", "Build", plant, 7), event("A2", "Quote", sales, 7), event("A2", "Build", plant, 9)],
            standards: [standard])
        let change = try #require(OfficeMining.make(office).standards.first)
        // The office's last day is day 9: 4 days after adoption, so 4 days before it (day 1 to 5): B0 is too early.
        #expect(change.days == 4 && change.strategy == .mto && change.standard.rawValue == "S-1")
        #expect(change.before.orders == 1 && change.before.variants.first?.orders.map(\.rawValue) == ["B1"])
        #expect(change.before.rework.first?.activity == "Build")
        #expect(change.after.orders == 2 && change.after.rework.isEmpty && change.after.variants.first?.count == 2)
    }
}

@Suite("Import: large batches")
struct LargeImportTests {
    /// 10,500 orders of 10 events each: past the size from which SQLite writes without the secondary indexes and builds them after.
    static func batch(prefix: String, orders: Int = 10_500) throws -> OrderBatch {
        let units = (0..<3).map { AmbidexCore.Unit(id: UnitID("U-\($0)"), name: "Unit \($0)", function: .production) }
        var batch = OrderBatch(units: units, partners: [Partner(id: PartnerID("C-big"), name: "Big", kind: .customer)])
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        for i in 0..<orders {
            let received = start.addingTimeInterval(Double(i) * 600)
            var o = try Order(id: OrderID("\(prefix)\(i)"), customer: PartnerID("C-big"), offering: "Part", strategy: .mto,
                              decouplingPoint: StrategyTable.standard[.mto].decouplingPoint, received: received, due: received.addingTimeInterval(30 * 86_400))
            try o.close(at: received.addingTimeInterval(9 * 3_600), reworkCount: 0, feedbackScore: nil)
            batch.orders.append(o)
            for k in 0..<10 {
                batch.events.append(OrderEvent(order: o.id, activity: "Step \(k)", stage: .fabricate, unit: units[(i + k) % 3].id,
                                               timestamp: received.addingTimeInterval(Double(k) * 3_600), customerContact: k == 9))
            }
        }
        return batch
    }

    @Test("a batch larger than the table is written whole and its indexes rebuilt; a small one after it lands beside it", arguments: Backend.available)
    func rebuiltIndexes(backend: Backend) async throws {
        try await withFreshStore(backend) { store in
            let indexes = try await store.indexNames(of: "order_events")
            #expect(indexes.count >= 3, "\(indexes)")
            let first = try await store.importOrders(try Self.batch(prefix: "A-"), source: "a.xes")
            #expect(first.orders == 10_500 && first.events == 105_000)
            #expect(try await store.indexNames(of: "order_events") == indexes, "the secondary indexes are back")
            // A small batch after it takes the ordinary path, through the rebuilt indexes.
            let second = try await store.importOrders(try Self.batch(prefix: "B-", orders: 100), source: "b.xes")
            #expect(second.events == 1_000)
            #expect(try await store.indexNames(of: "order_events") == indexes)
            #expect(try await store.counts().events == 106_000)
            // Read through the rebuilt (order_id, unit) and unit indexes: a unit's orders and their events.
            let events = try await store.events(of: OrderFilter(unit: UnitID("U-1")))
            #expect(Set(events.map(\.order)).count == 10_600 && events.count == 106_000)
        }
    }
}
