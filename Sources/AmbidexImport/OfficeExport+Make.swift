import AmbidexCore
import Foundation

extension OfficeExport {
    /// The office as one log. Objects and events keep the office's order, so
    /// the same office always gives the same file.
    public static func make(_ office: LearningOffice) -> OfficeExport {
        typealias V = ExportVocabulary
        var b = Builder()
        let index = office.index()

        b.object(V.officeID, V.officeType, [
            ("name", .string(office.name)), (V.formatAttribute, .string(V.formatVersion)),
            ("strategy table", .string(StrategyTableForm(office.table).json)),
        ])
        for u in office.units {
            b.object(id(V.unit, u.id.rawValue), V.unit, [("name", .string(u.name)), ("function", .string(u.function.rawValue))])
        }
        for p in office.partners {
            b.object(id(V.partner, p.id.rawValue), V.partner, [("name", .string(p.name)), ("kind", .string(p.kind.rawValue))])
        }
        for o in office.orders {
            var a: [(String, Value?)] = [
                ("offering", .string(o.offering)), ("strategy", .string(o.strategy.rawValue)),
                ("decoupling point", .string(o.decouplingPoint.storageValue)), ("priority", .integer(o.priority.rawValue)),
                ("customization", o.customization.isEmpty ? nil : .string(customizationJSON(o.customization))),
                ("received", .time(o.received.exportMicros)), ("due", .time(o.due.exportMicros)),
                ("closed", o.closed.map { .time($0.exportMicros) }),
            ]
            if let out = o.outcome {
                a += [("lead time days", .float(out.leadTimeDays)), ("on time", .boolean(out.onTime)),
                      ("rework", .integer(out.reworkCount)), ("feedback", out.feedbackScore.map { .float($0) })]
            }
            b.object(id(V.order, o.id.rawValue), V.order, a, [(id(V.partner, o.customer.rawValue), V.qualifierCustomer)])
        }
        for s in office.standards {
            let a: [(String, Value?)] = [
                ("name", .string(s.name)), ("kind", .string(s.kind.rawValue)), ("status", .string(s.status.rawValue)),
                ("scope strategies", .string(V.strategies(s.scope.strategies))), ("proposed", .time(s.proposedAt.exportMicros)),
                ("adopted", s.adoptedAt.map { .time($0.exportMicros) }), ("retired", s.retiredAt.map { .time($0.exportMicros) }),
                ("retirement reason", s.retirementReason.map { .string($0) }), ("version", .integer(s.version)),
            ]
            let relations = s.scope.units.sorted().map { (id(V.unit, $0.rawValue), V.qualifierScopeUnit) }
                + s.provenance.map { (id(V.knowledgeItem, $0.rawValue), V.qualifierMadeFrom) }
            b.object(id(V.standard, s.id.rawValue), V.standard, a, relations)
        }
        for k in office.knowledgeItems {
            var a: [(String, Value?)] = [
                ("title", .string(k.title)), ("orientation", .string(k.orientation.rawValue)), ("origin", .string(V.originWord(k.origin))),
                ("origin role", .string(k.originRole.rawValue)), ("origin strategy", k.originStrategy.map { .string($0.rawValue) }),
            ]
            var relations = [(id(V.unit, k.originUnit.rawValue), V.qualifierAcquiredBy)]
            switch k.origin {
            case .reflection(let r): a.append(("origin reflection", .string(r.rawValue)))
            case .orders(let orders): relations += orders.map { (id(V.order, $0.rawValue), V.qualifierCameFrom) }
            case .partner(let p): relations.append((id(V.partner, p.rawValue), V.qualifierCameFrom))
            case .failingStandard(let s): relations.append((id(V.standard, s.rawValue), V.qualifierCameFrom))
            }
            b.object(id(V.knowledgeItem, k.id.rawValue), V.knowledgeItem, a, relations,
                     changing: k.history.map { ("stage", .string($0.stage.rawValue), $0.date.exportMicros) })
        }

        let units = index.units
        for (n, e) in office.events.enumerated() {
            let role = units[e.unit].flatMap { u in index.orders[e.order].flatMap { index.roles.role(of: u, on: $0) } }
            b.event("event:\(n + 1)", e.activity, e.timestamp, [
                ("stage", .string(e.stage.rawValue)), ("resource", e.resource.map { .string($0) }),
                ("customer contact", .boolean(e.customerContact)), ("office role", role.map { .string($0.description) }),
            ], [(id(V.order, e.order.rawValue), V.qualifierOrder), (id(V.unit, e.unit.rawValue), V.qualifierUnit)],
            declared: V.orderEventAttributes)
        }
        for r in office.reflections {
            let relations = r.orders.map { (id(V.order, $0.rawValue), V.qualifierOrder) }
                + r.units.sorted().map { (id(V.unit, $0.rawValue), V.qualifierParticipant) }
                + r.partners.sorted().map { (id(V.partner, $0.rawValue), V.qualifierParticipant) }
            b.event("reflection:\(r.id.rawValue)", V.reflectionType(r.mode), r.date, [
                ("trigger", .string(r.trigger.rawValue)), ("action level", .string(r.actionLevel.rawValue)),
                ("logic", .string(r.logic.rawValue)), ("summary", .string(r.summary)), ("phase", r.phase.map { .string($0.rawValue) }),
            ], relations, declared: V.reflectionAttributes)
        }
        for k in office.knowledgeItems {
            let item = (id(V.knowledgeItem, k.id.rawValue), V.qualifierKnowledgeItem)
            for (n, step) in k.history.enumerated() {
                let by = n == 0 ? [(id(V.unit, k.originUnit.rawValue), V.qualifierAcquiredBy)] : []
                b.event("knowledge:\(k.id.rawValue):\(n + 1)", V.knowledgeStepType(step.stage), step.date, [], [item] + by, declared: [])
            }
            for (n, use) in k.uses.enumerated() {
                b.event("knowledge use:\(k.id.rawValue):\(n + 1)", V.knowledgeUseType, use.date,
                        [("role", .string(use.role.rawValue)), ("strategy", use.strategy.map { .string($0.rawValue) })],
                        [item, (id(V.unit, use.unit.rawValue), V.qualifierUsedBy)], declared: V.knowledgeUseAttributes)
            }
        }
        for s in office.standards {
            let sid = id(V.standard, s.id.rawValue), me = (sid, V.qualifierStandard)
            let prefix = "standard:\(s.id.rawValue):"
            b.event(prefix + "proposed", V.standardProposed, s.proposedAt, [], [me], declared: [])
            for v in s.versions {
                b.event(prefix + "version:\(v.number)", V.standardVersion, v.date,
                        [("number", .integer(v.number)), ("note", .string(v.note)), ("text", v.text.map { .string($0) })], [me],
                        declared: V.versionAttributes)
            }
            if let adopted = s.adoptedAt { b.event(prefix + "adopted", V.standardAdopted, adopted, [], [me], declared: []) }
            if let retired = s.retiredAt {
                b.event(prefix + "retired", V.standardRetired, retired, [("reason", s.retirementReason.map { .string($0) })], [me],
                        declared: V.retiredAttributes)
            }
            for (n, a) in s.applications.enumerated() {
                b.event(prefix + "applied:\(n + 1)", V.standardApplied, a.date,
                        [("deviated", .boolean(a.deviated)), ("automatic", .boolean(a.automatic)), ("note", a.note.map { .string($0) })],
                        [me, (id(V.order, a.order.rawValue), V.qualifierOrder)] + (a.appliedBy.map { [(id(V.unit, $0.rawValue), V.qualifierAppliedBy)] } ?? []),
                        declared: V.appliedAttributes)
            }
        }
        for a in office.activities {
            let relations = a.units.sorted().map { (id(V.unit, $0.rawValue), V.qualifierParticipant) }
                + a.partners.sorted().map { (id(V.partner, $0.rawValue), V.qualifierParticipant) }
                + a.orders.map { (id(V.order, $0.rawValue), V.qualifierOrder) }
                + a.knowledgeItems.map { (id(V.knowledgeItem, $0.rawValue), V.qualifierKnowledgeItem) }
                + a.standards.map { (id(V.standard, $0.rawValue), V.qualifierStandard) }
            b.event("activity:\(a.id.rawValue)", a.kind.label, a.date, [
                ("status", .string(a.status.rawValue)), ("trigger", .string(a.trigger.rawValue)),
                ("strategy", a.strategy.map { .string($0.rawValue) }), ("reason", .string(a.reason)), ("note", a.note.map { .string($0) }),
            ], relations, declared: V.activityAttributes)
        }
        return b.finish()
    }

    static func id(_ type: String, _ raw: String) -> String { ExportVocabulary.idPrefix[type]! + raw }

    /// Feature → value as a JSON object with its keys sorted: one readable
    /// attribute, whatever features an order has.
    static func customizationJSON(_ c: [String: String]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: c, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// Collects objects and events, and the attributes each event type
    /// declares (the union over its events: an order activity may share a
    /// name with a learning event's type).
    private struct Builder {
        var objects: [Object] = []
        var events: [Event] = []
        var eventTypeOrder: [String] = []
        var eventTypeAttributes: [String: [String]] = [:]

        mutating func object(_ id: String, _ type: String, _ attributes: [(String, Value?)], _ relations: [(String, String)] = [],
                             changing: [(String, Value, Int64)] = []) {
            objects.append(Object(id: id, type: type,
                                  attributes: attributes.compactMap { n, v in v.map { Attribute(name: n, value: $0, time: nil) } }
                                      + changing.map { Attribute(name: $0.0, value: $0.1, time: $0.2) },
                                  relationships: relations.map { Relationship(objectId: $0.0, qualifier: $0.1) }))
        }

        mutating func event(_ id: String, _ type: String, _ time: Date, _ attributes: [(String, Value?)], _ relations: [(String, String)],
                            declared: [String]) {
            if let known = eventTypeAttributes[type] {
                if known != declared { eventTypeAttributes[type] = known + declared.filter { !known.contains($0) } }
            } else {
                eventTypeOrder.append(type)
                eventTypeAttributes[type] = declared
            }
            events.append(Event(id: id, type: type, time: time.exportMicros,
                                attributes: attributes.compactMap { n, v in v.map { Attribute(name: n, value: $0, time: nil) } },
                                relationships: relations.map { Relationship(objectId: $0.0, qualifier: $0.1) }))
        }

        func finish() -> OfficeExport {
            let types = ExportVocabulary.attributeTypes
            func declaration(_ name: String, _ attributes: [String]) -> TypeDeclaration {
                TypeDeclaration(name: name, attributes: attributes.map { ($0, types[$0]!) })
            }
            return OfficeExport(objectTypes: ExportVocabulary.objectAttributes.map { declaration($0.type, $0.attributes) },
                                eventTypes: eventTypeOrder.map { declaration($0, eventTypeAttributes[$0]!) },
                                objects: objects, events: events)
        }
    }
}

/// The strategy table in a stable form (its profiles in strategy order, sets
/// sorted), so the same office always writes the same text.
struct StrategyTableForm: Codable {
    struct Profile: Codable {
        var strategy: DeliveryStrategy
        var decouplingPoint: String
        var scope: CustomizationScope
        var frontOfficeFunctions: [UnitFunction]
    }

    var chain: [String]
    var profiles: [Profile]

    init(_ table: StrategyTable) {
        chain = table.chain.stages.map(\.rawValue)
        profiles = DeliveryStrategy.allCases.map { s in
            let p = table[s]
            return Profile(strategy: s, decouplingPoint: p.decouplingPoint.storageValue, scope: p.scope,
                           frontOfficeFunctions: UnitFunction.allCases.filter { p.frontOfficeFunctions.contains($0) })
        }
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    func table() throws(DomainError) -> StrategyTable {
        let chain = try ValueChain(stages: chain.map(Stage.init(rawValue:)))
        return try StrategyTable(chain: chain, validating: profiles.map {
            StrategyProfile(strategy: $0.strategy, decouplingPoint: DecouplingPoint(storageValue: $0.decouplingPoint),
                            scope: $0.scope, frontOfficeFunctions: Set($0.frontOfficeFunctions))
        })
    }
}
