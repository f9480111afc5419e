import AmbidexCore
import AmbidexLog

/// The names an office export uses, in the domain's words: what a reader in
/// pm4py sees, and what `OfficeRestore` looks for. Object ids carry their
/// type ("order:O-000123"), so an order and a unit that share a code stay two
/// objects. Event ids say what the event is ("event:17", "reflection:R-1",
/// "knowledge:K-3:2"), so an order activity that happens to be called
/// "standard adopted" is still an order event.
enum ExportVocabulary {
    /// The object that marks a log as an Ambidex export and carries the office's own settings.
    static let officeType = "office"
    static let officeID = "office"
    static let formatAttribute = "ambidex export format"
    static let formatVersion = "1"

    static let order = "order", unit = "unit", partner = "partner", standard = "standard", knowledgeItem = "knowledge item"

    /// Object id prefixes, by object type.
    static let idPrefix: [String: String] = [order: "order:", unit: "unit:", partner: "partner:", standard: "standard:", knowledgeItem: "knowledge:"]

    /// Event id prefixes (the part before the first colon).
    enum EventKind: String, CaseIterable {
        case orderEvent = "event", reflection, knowledgeStep = "knowledge", knowledgeUse = "knowledge use", standard, activity
    }

    static func reflectionType(_ mode: Reflection.Mode) -> String { "reflection \(mode.label)" }
    static func knowledgeStepType(_ stage: AbsorptionStage) -> String { "knowledge \(stage.rawValue)" }
    static let knowledgeUseType = "knowledge used"
    static let standardProposed = "standard proposed", standardVersion = "standard version", standardAdopted = "standard adopted",
               standardRetired = "standard retired", standardApplied = "standard applied"

    /// Every attribute's OCEL type: one name, one type, whichever object or event carries it.
    static let attributeTypes: [String: ObjectCentricLog.ValueType] = [
        "name": .string, formatAttribute: .string, "strategy table": .string,
        "function": .string, "kind": .string,
        "offering": .string, "strategy": .string, "decoupling point": .string, "priority": .integer, "customization": .string,
        "received": .time, "due": .time, "closed": .time, "lead time days": .float, "on time": .boolean, "rework": .integer, "feedback": .float,
        "status": .string, "scope strategies": .string, "proposed": .time, "adopted": .time, "retired": .time, "retirement reason": .string,
        "version": .integer,
        "title": .string, "orientation": .string, "origin": .string, "origin reflection": .string, "origin role": .string,
        "origin strategy": .string, "stage": .string,
        "resource": .string, "customer contact": .boolean, "office role": .string,
        "trigger": .string, "action level": .string, "logic": .string, "summary": .string, "phase": .string,
        "role": .string, "number": .integer, "note": .string, "text": .string, "reason": .string,
        "deviated": .boolean, "automatic": .boolean,
    ]

    /// The attributes each object type declares, in order.
    static let objectAttributes: [(type: String, attributes: [String])] = [
        (officeType, ["name", formatAttribute, "strategy table"]),
        (unit, ["name", "function"]),
        (partner, ["name", "kind"]),
        (order, ["offering", "strategy", "decoupling point", "priority", "customization", "received", "due", "closed",
                 "lead time days", "on time", "rework", "feedback"]),
        (standard, ["name", "kind", "status", "scope strategies", "proposed", "adopted", "retired", "retirement reason", "version"]),
        (knowledgeItem, ["title", "orientation", "origin", "origin reflection", "origin role", "origin strategy", "stage"]),
    ]

    static let orderEventAttributes = ["stage", "resource", "customer contact", "office role"]
    static let reflectionAttributes = ["trigger", "action level", "logic", "summary", "phase"]
    static let knowledgeUseAttributes = ["role", "strategy"]
    static let versionAttributes = ["number", "note", "text"]
    static let retiredAttributes = ["reason"]
    static let appliedAttributes = ["deviated", "automatic", "note"]
    static let activityAttributes = ["status", "trigger", "strategy", "reason", "note"]

    /// Qualifiers of the relations.
    static let qualifierOrder = "order", qualifierUnit = "unit", qualifierCustomer = "customer", qualifierParticipant = "participant",
               qualifierKnowledgeItem = "knowledge item", qualifierStandard = "standard", qualifierAcquiredBy = "acquired by",
               qualifierUsedBy = "used by", qualifierAppliedBy = "applied by", qualifierScopeUnit = "scope unit",
               qualifierMadeFrom = "made from", qualifierCameFrom = "came from"

    /// The words for a knowledge item's origin.
    static func originWord(_ origin: KnowledgeItem.Origin) -> String {
        switch origin {
        case .reflection: "reflection"
        case .orders: "orders"
        case .partner: "partner"
        case .failingStandard: "failing standard"
        }
    }

    /// The label of each learning activity kind, back to the kind.
    static let activityKinds: [String: LearningActivity.Kind] = Dictionary(uniqueKeysWithValues: LearningActivity.Kind.allCases.map { ($0.label, $0) })

    /// Strategies as their codes, comma-separated, most standardized first.
    static func strategies(_ s: Set<DeliveryStrategy>) -> String { s.sorted().map(\.code).joined(separator: ",") }
}
