import AmbidexCore
import Foundation

struct RetrospectiveRow: Codable, Sendable {
    var id: String
    var title: String
    var template: String
    var facilitator: String
    var createdAt: Double
    var phase: String
    var phaseStartedAt: Double
    var phaseMinutes: Int
    var revealed: Int
    var activity: String?
    var scopeStrategy: String?
    var scopeUnit: String?
    var scopePartner: String?
    var scopeFrom: Double?
    var scopeTo: Double?
    var scopeOrders: String
    var scopeKey: String
    var boardVersion: Int64

    init(_ r: Retrospective) {
        id = r.id.rawValue
        title = r.title
        template = r.template.rawValue
        facilitator = r.facilitator
        createdAt = r.created.storeValue
        phase = r.phase.rawValue
        phaseStartedAt = r.phaseStarted.storeValue
        phaseMinutes = r.phaseMinutes
        revealed = r.revealed ? 1 : 0
        activity = r.activity?.rawValue
        scopeStrategy = r.scope.strategy?.rawValue
        scopeUnit = r.scope.unit?.rawValue
        scopePartner = r.scope.partner?.rawValue
        scopeFrom = r.scope.from?.storeValue
        scopeTo = r.scope.to?.storeValue
        scopeOrders = JSONColumn.encode(r.scope.orders.map(\.rawValue))
        scopeKey = r.scope.key
        boardVersion = r.boardVersion
    }

    func domain() throws -> Retrospective {
        let where_ = "retrospective \(id)"
        guard let template = RetrospectiveTemplate(rawValue: template) else { throw StoreError("\(where_): unknown template '\(template)'") }
        guard let phase = Retrospective.Phase(rawValue: phase) else { throw StoreError("\(where_): unknown phase '\(phase)'") }
        var strategy: DeliveryStrategy?
        if let s = scopeStrategy {
            guard let known = DeliveryStrategy(rawValue: s) else { throw StoreError("\(where_): unknown strategy '\(s)'") }
            strategy = known
        }
        let orders = try JSONColumn.decode([String].self, from: scopeOrders, column: "scope_orders", row: where_).map { OrderID($0) }
        let scope = RetrospectiveScope(strategy: strategy, unit: scopeUnit.map { UnitID($0) }, partner: scopePartner.map { PartnerID($0) },
                                       from: scopeFrom.map(Date.init(storeValue:)), to: scopeTo.map(Date.init(storeValue:)), orders: orders)
        return Retrospective(id: RetrospectiveID(id), title: title, scope: scope, template: template, facilitator: facilitator,
                             created: Date(storeValue: createdAt), phase: phase, phaseStarted: Date(storeValue: phaseStartedAt),
                             phaseMinutes: phaseMinutes, revealed: revealed != 0, activity: activity.map { LearningActivityID($0) },
                             boardVersion: boardVersion)
    }
}

struct RetroCardRow: Codable, Sendable {
    var id: String
    var retrospective: String
    var kind: String
    var prompt: String
    var author: String
    var text: String
    var createdAt: Double
    var parent: String?

    init(_ c: RetroCard, on retrospective: RetrospectiveID) {
        id = c.id
        self.retrospective = retrospective.rawValue
        kind = c.kind.rawValue
        prompt = c.prompt
        author = c.author
        text = c.text
        createdAt = c.created.storeValue
        parent = c.parent
    }

    func domain() throws -> RetroCard {
        guard let kind = RetroCard.Kind(rawValue: kind) else { throw StoreError("retrospective card \(id): unknown kind '\(kind)'") }
        return RetroCard(id: id, kind: kind, prompt: prompt, author: author, text: text, created: Date(storeValue: createdAt), parent: parent)
    }
}

struct RetroVoteRow: Codable, Sendable {
    var retrospective: String
    var target: String
    var voter: String
    var phase: String

    func domain() throws -> RetroVote {
        guard let phase = Retrospective.Phase(rawValue: phase) else { throw StoreError("vote on \(target): unknown phase '\(phase)'") }
        return RetroVote(target: target, voter: voter, phase: phase)
    }
}

struct ActionItemRow: Codable, Sendable {
    var id: String
    var retrospective: String
    var title: String
    var owner: String
    var due: Double
    var figure: String
    var baseline: Double?
    var status: String
    var createdAt: Double
    var createdBy: String
    var finishedAt: Double?
    var knowledgeItem: String?

    init(_ a: ActionItem) {
        id = a.id
        retrospective = a.retrospective.rawValue
        title = a.title
        owner = a.owner.rawValue
        due = a.due.storeValue
        figure = a.figure.rawValue
        baseline = a.baseline
        status = a.status.rawValue
        createdAt = a.created.storeValue
        createdBy = a.createdBy
        finishedAt = a.finished?.storeValue
        knowledgeItem = a.knowledgeItem?.rawValue
    }

    func domain() throws -> ActionItem {
        guard let figure = RetroFigure(rawValue: figure) else { throw StoreError("action item \(id): unknown figure '\(figure)'") }
        guard let status = ActionItem.Status(rawValue: status) else { throw StoreError("action item \(id): unknown status '\(status)'") }
        return ActionItem(id: id, retrospective: RetrospectiveID(retrospective), title: title, owner: UnitID(owner), due: Date(storeValue: due),
                          figure: figure, baseline: baseline, status: status, created: Date(storeValue: createdAt), createdBy: createdBy,
                          finished: finishedAt.map(Date.init(storeValue:)), knowledgeItem: knowledgeItem.map { KnowledgeItemID($0) })
    }
}
