import AmbidexCore
import AmbidexStore
import Foundation

/// An order and what hangs on it, as `/api/v1/orders/:id` answers.
struct OrderFolderJSON: Encodable {
    var order: OrdersController.OrderJSON
    var customerName: String?
    var decouplingPoint: String
    var valueChain: [StageJSON]
    var roles: [RoleJSON]
    var events: [EventJSON]
    var reflections: [ReflectionJSON]
    var applications: [ApplicationJSON]
    var knowledgeItems: [KnowledgeJSON]
    var lessons: [LessonJSON]
    var history: [ChangeJSON]

    init(_ f: OrderFolder, lessons: [Lesson], history: [WriteRecord]) {
        self.history = history.map { ChangeJSON(version: $0.version, at: $0.at.formatted(.iso8601), kind: $0.kind, subject: $0.subject, account: $0.account, summary: $0.summary) }
        order = .init(f.order)
        customerName = f.customer?.name
        decouplingPoint = f.order.decouplingPoint.description
        let worked = Set(f.events.map(\.stage))
        valueChain = f.chain.stages.map {
            StageJSON(stage: $0.rawValue, drive: f.chain.drive(of: $0, decoupledAt: f.order.decouplingPoint).rawValue, worked: worked.contains($0))
        }
        roles = f.roles.map { RoleJSON(unit: $0.unit.rawValue, role: $0.role.rawValue) }
        events = f.events.map {
            EventJSON(activity: $0.activity, stage: $0.stage.rawValue, unit: $0.unit.rawValue, resource: $0.resource,
                      timestamp: $0.timestamp.formatted(.iso8601), customerContact: $0.customerContact)
        }
        reflections = f.reflections.map(ReflectionJSON.init)
        applications = f.applications.map {
            ApplicationJSON(standard: $0.standard.rawValue, name: $0.name, status: $0.status.rawValue, date: $0.application.date.formatted(.iso8601),
                            deviated: $0.application.deviated, automatic: $0.application.automatic, note: $0.application.note,
                            appliedBy: $0.application.appliedBy?.rawValue)
        }
        knowledgeItems = f.knowledge.map { KnowledgeJSON(id: $0.id.rawValue, title: $0.title, stage: $0.stage.rawValue, orientation: $0.orientation.rawValue) }
        self.lessons = lessons.map {
            LessonJSON(kind: $0.subject.kind, id: $0.subject.id, title: $0.title, status: $0.status, score: ($0.score * 1000).rounded() / 1000,
                       reasons: $0.reasons, orders: $0.orders.map(\.rawValue))
        }
    }

    struct ChangeJSON: Encodable { var version: Int64, at: String, kind: String, subject: String, account: String?, summary: String }
    struct StageJSON: Encodable { var stage: String, drive: String, worked: Bool }
    struct RoleJSON: Encodable { var unit: String, role: String }
    struct EventJSON: Encodable {
        var activity: String, stage: String, unit: String, resource: String?, timestamp: String, customerContact: Bool
    }
    struct ReflectionJSON: Encodable {
        var id: String, mode: String, trigger: String, actionLevel: String, logic: String, date: String, summary: String
        var units: [String], partners: [String], orders: [String], phase: String?
        init(_ r: Reflection) {
            id = r.id.rawValue
            mode = r.mode.rawValue
            trigger = r.trigger.rawValue
            actionLevel = r.actionLevel.rawValue
            logic = r.logic.rawValue
            date = r.date.formatted(.iso8601)
            summary = r.summary
            units = r.units.map(\.rawValue).sorted()
            partners = r.partners.map(\.rawValue).sorted()
            orders = r.orders.map(\.rawValue)
            phase = r.phase?.rawValue
        }
    }
    struct ApplicationJSON: Encodable {
        var standard: String, name: String, status: String, date: String, deviated: Bool, automatic: Bool, note: String?, appliedBy: String?
    }
    struct KnowledgeJSON: Encodable { var id: String, title: String, stage: String, orientation: String }
    struct LessonJSON: Encodable {
        var kind: String, id: String, title: String, status: String, score: Double, reasons: [String], orders: [String]
    }
}
