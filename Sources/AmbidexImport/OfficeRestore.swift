import AmbidexCore
import AmbidexLog
import Foundation

/// Why a log could not be restored as an office: the file, the object or
/// event, and the reason.
public struct OfficeRestoreError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let place: String
    public let reason: String
    public var description: String { "\(file): \(place): \(reason)" }
}

/// The reverse of `OfficeExport`: an OCEL 2.0 log written by `ambidex
/// export` back into the office it came from. A log is an export when it
/// declares the object type "office" and holds the object "office" with the
/// attribute "ambidex export format"; other logs go through a mapping.
public enum OfficeRestore {
    public static func isExport(_ log: ObjectCentricLog) -> Bool {
        guard let office = log.id(of: ExportVocabulary.officeType), log.objectTypes.contains(where: { $0.name == office }),
              let format = log.id(of: ExportVocabulary.formatAttribute) else { return false }
        return log.objectAttributes.contains { $0.name == format && log.objectType[Int($0.object)] == office }
    }

    /// Rebuilds the office, checking every rule the domain's types check.
    /// Order events, units, partners, orders, standards and knowledge items
    /// come back in the order they were written; reflections by id and
    /// learning activities by date and id, as the store reads them.
    public static func office(from log: ObjectCentricLog, file: String) throws(OfficeRestoreError) -> LearningOffice {
        do {
            return try Restoring(log: log, file: file).office()
        } catch let e as OfficeRestoreError {
            throw e
        } catch {
            throw OfficeRestoreError(file: file, place: "the log", reason: "\(error)")
        }
    }
}

/// One object or event read as names and values.
private struct Thing {
    typealias V = ExportVocabulary
    /// "object" or "event", and its id: the place an error names (made only then).
    let what: String
    let id: String
    let file: String
    var values: [String: ObjectCentricLog.Value] = [:]
    /// Related objects: their ids, types and the relation's qualifier, in file order.
    var relations: [(id: String, type: String, qualifier: String)] = []
    let strings: [String]

    func fail(_ reason: String) -> OfficeRestoreError { OfficeRestoreError(file: file, place: "\(what) '\(id)'", reason: reason) }

    func string(_ name: String) throws -> String {
        guard let v = optionalString(name) else { throw fail("it has no '\(name)'") }
        return v
    }

    func optionalString(_ name: String) -> String? {
        guard let v = values[name] else { return nil }
        switch v {
        case .string(let s): return strings[Int(s)]
        case .integer(let i): return String(i)
        case .float(let d): return d.description
        case .boolean(let b): return b ? "true" : "false"
        case .time(let t): return Timestamp.iso(t)
        }
    }

    func time(_ name: String) throws -> Date {
        guard let d = try optionalTime(name) else { throw fail("it has no '\(name)'") }
        return d
    }

    func optionalTime(_ name: String) throws -> Date? {
        guard let v = values[name] else { return nil }
        guard case .time(let t) = v else { throw fail("'\(name)' is not a time") }
        return Date(exportMicros: t)
    }

    func integer(_ name: String) throws -> Int? {
        guard let v = values[name] else { return nil }
        switch v {
        case .integer(let i): return Int(i)
        case .string(let s): if let i = Int(strings[Int(s)]) { return i }
        default: break
        }
        throw fail("'\(name)' is not a whole number")
    }

    /// Floats may come back as text: the SQLite encoding keeps them as text to keep every digit.
    func double(_ name: String) throws -> Double? {
        guard let v = values[name] else { return nil }
        switch v {
        case .float(let d): return d
        case .integer(let i): return Double(i)
        case .string(let s): if let d = Double(strings[Int(s)]) { return d }
        default: break
        }
        throw fail("'\(name)' is not a number")
    }

    func bool(_ name: String) throws -> Bool {
        guard let v = values[name] else { throw fail("it has no '\(name)'") }
        switch v {
        case .boolean(let b): return b
        case .integer(let i): return i != 0
        case .string(let s) where ["true", "false"].contains(strings[Int(s)]): return strings[Int(s)] == "true"
        default: throw fail("'\(name)' is not true or false")
        }
    }

    func value<E: RawRepresentable>(_ name: String, as type: E.Type) throws -> E where E.RawValue == String {
        let raw = try string(name)
        guard let e = E(rawValue: raw) else { throw fail("'\(name)' is '\(raw)', which Ambidex does not know") }
        return e
    }

    func optionalValue<E: RawRepresentable>(_ name: String, as type: E.Type) throws -> E? where E.RawValue == String {
        guard values[name] != nil else { return nil }
        return try value(name, as: type)
    }

    /// The related objects of `type` under `qualifier`, as their domain ids (the type's prefix taken off).
    func related(_ type: String, _ qualifier: String) throws -> [String] {
        let prefix = V.idPrefix[type]!
        return try relations.filter { $0.type == type && $0.qualifier == qualifier }.map {
            guard $0.id.hasPrefix(prefix) else { throw fail("the \(type) '\($0.id)' has no id starting with '\(prefix)'") }
            return String($0.id.dropFirst(prefix.count))
        }
    }

    func one(_ type: String, _ qualifier: String) throws -> String {
        let all = try related(type, qualifier)
        guard all.count == 1 else { throw fail("it is related to \(all.count) objects of type '\(type)' as '\(qualifier)', not one") }
        return all[0]
    }

    func domain<T>(_ make: () throws(DomainError) -> T) throws -> T {
        do { return try make() } catch { throw fail(error.description) }
    }
}

private struct Restoring {
    typealias V = ExportVocabulary
    let log: ObjectCentricLog
    let file: String

    func office() throws -> LearningOffice {
        let strings = log.strings
        var objects = (0..<log.objectCount).map { i in
            Thing(what: "object", id: strings[Int(log.objectId[i])], file: file, strings: strings)
        }
        for a in log.objectAttributes where a.time == 0 {
            objects[Int(a.object)].values[strings[Int(a.name)]] = a.value
        }
        for r in log.objectObjects {
            objects[Int(r.source)].relations.append((strings[Int(log.objectId[Int(r.object)])], strings[Int(log.objectType[Int(r.object)])],
                                                     strings[Int(r.qualifier)]))
        }

        var office = LearningOffice(name: "")
        var standardObjects: [(StandardID, Thing)] = []
        var itemObjects: [(KnowledgeItemID, Thing)] = []
        var sawOffice = false
        for (i, o) in objects.enumerated() {
            let type = strings[Int(log.objectType[i])], id = strings[Int(log.objectId[i])]
            if type == V.officeType {
                let format = try o.string(V.formatAttribute)
                guard format == V.formatVersion else {
                    throw o.fail("it is an export of format \(format); this Ambidex reads format \(V.formatVersion)")
                }
                office.name = try o.string("name")
                let form: StrategyTableForm
                do { form = try JSONDecoder().decode(StrategyTableForm.self, from: Data(try o.string("strategy table").utf8)) } catch {
                    throw o.fail("its strategy table is not one Ambidex can read")
                }
                office.table = try o.domain { () throws(DomainError) in try form.table() }
                sawOffice = true
                continue
            }
            guard let prefix = V.idPrefix[type] else { throw o.fail("its type '\(type)' is not one an Ambidex export holds") }
            guard id.hasPrefix(prefix) else { throw o.fail("the id of a \(type) starts with '\(prefix)'") }
            let raw = String(id.dropFirst(prefix.count))
            switch type {
            case V.unit:
                office.units.append(Unit(id: UnitID(raw), name: try o.string("name"), function: try o.value("function", as: UnitFunction.self)))
            case V.partner:
                office.partners.append(Partner(id: PartnerID(raw), name: try o.string("name"), kind: try o.value("kind", as: Partner.Kind.self)))
            case V.order:
                office.orders.append(try order(raw, o))
            case V.standard:
                standardObjects.append((StandardID(raw), o))
            default:
                itemObjects.append((KnowledgeItemID(raw), o))
            }
        }
        guard sawOffice else { throw OfficeRestoreError(file: file, place: "the log", reason: "it holds no object 'office'") }

        var orderEvents: [(Int, OrderEvent)] = []
        var steps: [KnowledgeItemID: [(Int, KnowledgeItem.Step)]] = [:]
        var uses: [KnowledgeItemID: [(Int, KnowledgeItem.Use)]] = [:]
        var versions: [StandardID: [Standard.Version]] = [:]
        var applications: [StandardID: [(Int, Standard.Application)]] = [:]
        let orderByID = Dictionary(office.orders.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let unitIDs = Set(office.units.map(\.id))
        // Relations come grouped by event, in event order.
        var relationStart = [Int](repeating: 0, count: log.eventCount + 1)
        for r in log.eventObjects { relationStart[Int(r.source) + 1] += 1 }
        for i in 0..<log.eventCount { relationStart[i + 1] += relationStart[i] }
        for i in 0..<log.eventCount {
            let id = strings[Int(log.eventId[i])], type = strings[Int(log.eventType[i])]
            var e = Thing(what: "event", id: id, file: file, strings: strings)
            for r in log.eventObjects[relationStart[i]..<relationStart[i + 1]] {
                e.relations.append((strings[Int(log.objectId[Int(r.object)])], strings[Int(log.objectType[Int(r.object)])], strings[Int(r.qualifier)]))
            }
            for a in log.eventAttributes[Int(log.eventAttributeStart[i])..<Int(log.eventAttributeStart[i + 1])] {
                e.values[strings[Int(a.name)]] = a.value
            }
            let date = Date(exportMicros: log.eventTime[i])
            let parts = id.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let kind = V.EventKind(rawValue: String(parts[0])) else {
                throw e.fail("its id does not say what it is (event:, reflection:, knowledge:, knowledge use:, standard: or activity:)")
            }
            let rest = String(parts[1])
            /// The number after the last colon: an event's place among its item's or standard's events.
            func position() throws -> Int {
                guard let n = rest.split(separator: ":").last.flatMap({ Int($0) }) else { throw e.fail("its id does not end in its number") }
                return n
            }
            switch kind {
            case .orderEvent:
                guard let n = Int(rest) else { throw e.fail("an order event's id is event: and a number") }
                let order = OrderID(try e.one(V.order, V.qualifierOrder)), unit = UnitID(try e.one(V.unit, V.qualifierUnit))
                guard orderByID[order] != nil else { throw e.fail("its order \(order) is not in the log") }
                guard unitIDs.contains(unit) else { throw e.fail("its unit \(unit) is not in the log") }
                orderEvents.append((n, OrderEvent(order: order, activity: type,
                                                  stage: Stage(try e.string("stage")), unit: unit,
                                                  resource: e.optionalString("resource"), timestamp: date,
                                                  customerContact: try e.bool("customer contact"))))
            case .reflection:
                guard let mode = Reflection.Mode.allCases.first(where: { V.reflectionType($0) == type }) else {
                    throw e.fail("a reflection's type is 'reflection in action' or 'reflection on action', not '\(type)'")
                }
                let orders = try e.related(V.order, V.qualifierOrder).map(OrderID.init(rawValue:))
                let units = Set(try e.related(V.unit, V.qualifierParticipant).map(UnitID.init(rawValue:)))
                let partners = Set(try e.related(V.partner, V.qualifierParticipant).map(PartnerID.init(rawValue:)))
                let trigger = try e.value("trigger", as: Trigger.self), level = try e.value("action level", as: ActionLevel.self)
                let logic = try e.value("logic", as: LearningLogic.self), summary = try e.string("summary")
                let phase = e.optionalString("phase").map(Stage.init(rawValue:))
                office.reflections.append(try e.domain { () throws(DomainError) in
                    let r = try Reflection(id: ReflectionID(rest), mode: mode, trigger: trigger, actionLevel: level, logic: logic, date: date,
                                           summary: summary, units: units, partners: partners, orders: orders, phase: phase)
                    try r.validate(against: { orderByID[$0] })
                    return r
                })
            case .knowledgeStep:
                guard let stage = AbsorptionStage.allCases.first(where: { V.knowledgeStepType($0) == type }) else {
                    throw e.fail("a knowledge step's type is 'knowledge' and a stage, not '\(type)'")
                }
                let item = KnowledgeItemID(try e.one(V.knowledgeItem, V.qualifierKnowledgeItem))
                steps[item, default: []].append((try position(), KnowledgeItem.Step(stage: stage, date: date)))
            case .knowledgeUse:
                let item = KnowledgeItemID(try e.one(V.knowledgeItem, V.qualifierKnowledgeItem))
                uses[item, default: []].append((try position(), KnowledgeItem.Use(
                    unit: UnitID(try e.one(V.unit, V.qualifierUsedBy)), role: try e.value("role", as: OfficeRole.self),
                    strategy: try e.optionalValue("strategy", as: DeliveryStrategy.self), date: date)))
            case .standard:
                let standard = StandardID(try e.one(V.standard, V.qualifierStandard))
                switch type {
                case V.standardVersion:
                    guard let number = try e.integer("number") else { throw e.fail("a version has a number") }
                    versions[standard, default: []].append(Standard.Version(number: number, date: date, note: try e.string("note"),
                                                                              text: e.optionalString("text")))
                case V.standardApplied:
                    let by = try e.related(V.unit, V.qualifierAppliedBy)
                    applications[standard, default: []].append((try position(), Standard.Application(
                        order: OrderID(try e.one(V.order, V.qualifierOrder)), date: date, deviated: try e.bool("deviated"),
                        note: e.optionalString("note"), automatic: try e.bool("automatic"), appliedBy: by.first.map(UnitID.init(rawValue:)))))
                case V.standardProposed, V.standardAdopted, V.standardRetired:
                    break // the standard's own attributes hold these dates
                default:
                    throw e.fail("'\(type)' is not an event of a standard")
                }
            case .activity:
                guard let activityKind = V.activityKinds[type] else { throw e.fail("'\(type)' is not a learning activity Ambidex knows") }
                office.activities.append(LearningActivity(
                    id: LearningActivityID(rest), kind: activityKind, trigger: try e.value("trigger", as: Trigger.self), date: date,
                    strategy: try e.optionalValue("strategy", as: DeliveryStrategy.self),
                    units: Set(try e.related(V.unit, V.qualifierParticipant).map(UnitID.init(rawValue:))),
                    partners: Set(try e.related(V.partner, V.qualifierParticipant).map(PartnerID.init(rawValue:))),
                    orders: try e.related(V.order, V.qualifierOrder).map(OrderID.init(rawValue:)),
                    knowledgeItems: try e.related(V.knowledgeItem, V.qualifierKnowledgeItem).map(KnowledgeItemID.init(rawValue:)),
                    standards: try e.related(V.standard, V.qualifierStandard).map(StandardID.init(rawValue:)),
                    reason: try e.string("reason"), status: try e.value("status", as: LearningActivity.Status.self),
                    note: e.optionalString("note")))
            }
        }

        office.events = orderEvents.sorted { $0.0 < $1.0 }.map(\.1)
        office.reflections.sort { $0.id < $1.id }
        office.activities.sort { ($0.date, $0.id) < ($1.date, $1.id) }
        for (id, o) in itemObjects {
            office.knowledgeItems.append(try item(id, o, steps: steps[id] ?? [], uses: uses[id] ?? []))
        }
        for (id, o) in standardObjects {
            office.standards.append(try standard(id, o, versions: versions[id] ?? [], applications: applications[id] ?? []))
        }
        do { try office.validate() } catch {
            throw OfficeRestoreError(file: file, place: "the office", reason: error.description)
        }
        return office
    }

    private func order(_ raw: String, _ o: Thing) throws -> Order {
        let customization: [String: String]
        if let text = o.optionalString("customization") {
            guard let c = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String] else {
                throw o.fail("its customization is not a JSON object of feature and value")
            }
            customization = c
        } else {
            customization = [:]
        }
        guard let p = try o.integer("priority"), let priority = Priority(rawValue: p) else { throw o.fail("its priority is not 1…5") }
        var outcome: OrderOutcome?
        if let lead = try o.double("lead time days") {
            let onTime = try o.bool("on time"), rework = try o.integer("rework") ?? 0, feedback = try o.double("feedback")
            outcome = try o.domain { () throws(DomainError) in
                try OrderOutcome(leadTimeDays: lead, onTime: onTime, reworkCount: rework, feedbackScore: feedback)
            }
        }
        let customer = PartnerID(try o.one(V.partner, V.qualifierCustomer))
        let offering = try o.string("offering"), strategy = try o.value("strategy", as: DeliveryStrategy.self)
        let point = DecouplingPoint(storageValue: try o.string("decoupling point"))
        let received = try o.time("received"), due = try o.time("due"), closed = try o.optionalTime("closed")
        return try o.domain { () throws(DomainError) in
            try Order(id: OrderID(raw), customer: customer, offering: offering, strategy: strategy, decouplingPoint: point,
                      customization: customization, priority: priority, received: received, due: due, closed: closed, outcome: outcome)
        }
    }

    private func item(_ id: KnowledgeItemID, _ o: Thing, steps: [(Int, KnowledgeItem.Step)], uses: [(Int, KnowledgeItem.Use)]) throws -> KnowledgeItem {
        let origin: KnowledgeItem.Origin
        switch try o.string("origin") {
        case "reflection": origin = .reflection(ReflectionID(try o.string("origin reflection")))
        case "orders": origin = .orders(try o.related(V.order, V.qualifierCameFrom).map(OrderID.init(rawValue:)))
        case "partner": origin = .partner(PartnerID(try o.one(V.partner, V.qualifierCameFrom)))
        case "failing standard": origin = .failingStandard(StandardID(try o.one(V.standard, V.qualifierCameFrom)))
        case let other: throw o.fail("its origin '\(other)' is not reflection, orders, partner or failing standard")
        }
        let title = try o.string("title"), orientation = try o.value("orientation", as: Orientation.self)
        let unit = UnitID(try o.one(V.unit, V.qualifierAcquiredBy)), role = try o.value("origin role", as: OfficeRole.self)
        let strategy = try o.optionalValue("origin strategy", as: DeliveryStrategy.self)
        return try o.domain { () throws(DomainError) in
            try KnowledgeItem(id: id, title: title, orientation: orientation, origin: origin, originUnit: unit, originRole: role,
                              originStrategy: strategy, history: steps.sorted { $0.0 < $1.0 }.map(\.1), uses: uses.sorted { $0.0 < $1.0 }.map(\.1))
        }
    }

    private func standard(_ id: StandardID, _ o: Thing, versions: [Standard.Version], applications: [(Int, Standard.Application)]) throws -> Standard {
        var strategies = Set<DeliveryStrategy>()
        for code in try o.string("scope strategies").split(separator: ",") {
            guard let s = DeliveryStrategy(code: String(code)) else { throw o.fail("its scope names '\(code)', which is no delivery strategy") }
            strategies.insert(s)
        }
        let scope = Standard.Scope(strategies: strategies, units: Set(try o.related(V.unit, V.qualifierScopeUnit).map(UnitID.init(rawValue:))))
        let name = try o.string("name"), kind = try o.value("kind", as: Standard.Kind.self), status = try o.value("status", as: Standard.Status.self)
        let provenance = try o.related(V.knowledgeItem, V.qualifierMadeFrom).map(KnowledgeItemID.init(rawValue:))
        let proposed = try o.time("proposed"), adopted = try o.optionalTime("adopted"), retired = try o.optionalTime("retired")
        let reason = o.optionalString("retirement reason")
        return try o.domain { () throws(DomainError) in
            try Standard.restore(id: id, name: name, kind: kind, scope: scope, provenance: provenance, status: status, proposedAt: proposed,
                                 adoptedAt: adopted, retiredAt: retired, retirementReason: reason,
                                 versions: versions.sorted { $0.number < $1.number }, applications: applications.sorted { $0.0 < $1.0 }.map(\.1))
        }
    }
}
