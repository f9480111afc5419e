import AmbidexCore
import AmbidexStore
import Foundation
import Vapor

extension RetrospectiveController {
    /// Starting a retrospective: a scope of orders (strategy, unit, partner, the
    /// period they closed in) or the orders of a scheduled activity.
    struct StartForm: Content {
        var title: String?
        var template: String?
        var strategy: String?
        var unit: String?
        var partner: String?
        var from: String?
        var to: String?
        var activity: String?
        var orders: [String]?

        init() {}

        /// The form as a new retrospective opens it: the last four weeks up to the office's day, or the activity's orders.
        static func prefill(_ req: Request, reader: OfficeReader) async throws -> StartForm {
            let snapshot = try await reader.current().snapshot
            var f = StartForm()
            let end = snapshot.asOf.startOfDayUTC.adding(days: 1)
            f.to = end.adding(days: -1).isoDay
            f.from = end.adding(days: -28).isoDay
            guard let raw = (try? req.query.get(String.self, at: "activity")).nonEmpty, raw.utf8.count <= 200 else { return f }
            guard let a = snapshot.schedule(days: OfficeSnapshot.scheduleDays).first(where: { $0.id.rawValue == raw }) else {
                throw Abort(.notFound, reason: "there is no activity \(raw.prefix(60)) in the schedule")
            }
            f.activity = a.id.rawValue
            f.title = "\(a.kind.label.prefix(1).uppercased() + a.kind.label.dropFirst()) · \(a.date.isoDay)"
            f.strategy = a.strategy?.rawValue
            if a.units.count == 1 { f.unit = a.units.first?.rawValue }
            if a.partners.count == 1 { f.partner = a.partners.first?.rawValue }
            f.orders = a.orders.map(\.rawValue)
            if !a.orders.isEmpty { f.from = nil; f.to = nil }
            return f
        }

        func retrospective(by s: SignedIn, now: Date, asOf: Date) throws -> Retrospective {
            guard let rawTitle = title.nonEmpty else { throw FieldError(field: "title", reason: "give the retrospective a title") }
            let checkedTitle: String
            do { checkedTitle = try Retrospective.titleLimit.check(rawTitle) } catch { throw FieldError(field: "title", reason: "\(error)") }
            var scope = RetrospectiveScope()
            if let raw = strategy.nonEmpty {
                guard let st = DeliveryStrategy(rawValue: raw.lowercased()) else {
                    throw FieldError(field: "strategy", reason: "strategy must be one of \(DeliveryStrategy.allCases.map(\.rawValue).joined(separator: ", ")), not '\(raw.prefix(40))'")
                }
                scope.strategy = st
            }
            if let u = unit.nonEmpty {
                guard u.utf8.count <= 200 else { throw FieldError(field: "unit", reason: "a unit id is 1 to 200 characters") }
                scope.unit = UnitID(rawValue: u)
            }
            if let p = partner.nonEmpty {
                guard p.utf8.count <= 200 else { throw FieldError(field: "partner", reason: "a partner id is 1 to 200 characters") }
                scope.partner = PartnerID(rawValue: p)
            }
            let list = (orders ?? []).filter { !$0.isEmpty }
            guard list.count <= RetrospectiveScope.orderLimit else { throw FieldError(field: "orders", reason: "a retrospective looks at \(RetrospectiveScope.orderLimit) orders at most") }
            if let long = list.first(where: { $0.utf8.count > 200 }) { throw FieldError(field: "orders", reason: "an order id is 1 to 200 characters, not '\(long.prefix(40))…'") }
            scope.orders = Array(Set(list)).sorted().map { OrderID(rawValue: $0) }
            if scope.orders.isEmpty {
                scope.from = try OrdersController.day(from, field: "from")
                scope.to = try OrdersController.day(to, field: "to").map { $0.adding(days: 1) }
                if let f = scope.from, let t = scope.to, f >= t { throw FieldError(field: "to", reason: "to must not be before from") }
            }
            let template: RetrospectiveTemplate
            if let raw = self.template.nonEmpty {
                guard let t = RetrospectiveTemplate(rawValue: raw) else {
                    throw FieldError(field: "template", reason: "template must be one of \(RetrospectiveTemplate.allCases.map(\.rawValue).joined(separator: ", ")), not '\(raw.prefix(40))'")
                }
                template = t
            } else { template = .fitting(scope.strategy) }
            var activityID: LearningActivityID?
            if let a = activity.nonEmpty {
                guard a.utf8.count <= 200 else { throw FieldError(field: "activity", reason: "an activity id is 1 to 200 characters") }
                activityID = LearningActivityID(rawValue: a)
            }
            return Retrospective(id: RetrospectiveID(Self.newID()), title: checkedTitle, scope: scope, template: template, facilitator: s.account.email,
                                 created: now, activity: activityID)
        }

        static func newID() -> String { "RT-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased() }
    }

    /// A decision: what, which unit, by when, which figure should move; it may also open a knowledge item.
    enum ActionForm {
        static let knowledgeLimit = TextLimit("knowledgeTitle", characters: 200)

        static func make(_ f: BoardForm, page: RetrospectivePage, by me: String, now: Date) throws -> (ActionItem, KnowledgeItem?) {
            guard let raw = f.title.nonEmpty else { throw FieldError(field: "title", reason: "say what will be done (title is empty)") }
            let title: String
            do { title = try ActionItem.titleLimit.check(raw) } catch { throw FieldError(field: "title", reason: "\(error)") }
            guard let ownerRaw = f.owner.nonEmpty else { throw FieldError(field: "owner", reason: "choose the unit that owns it") }
            guard let owner = page.units.first(where: { $0.id.rawValue == ownerRaw })?.id else { throw FieldError(field: "owner", reason: "there is no unit '\(ownerRaw.prefix(60))'") }
            guard let due = try OrdersController.day(f.due, field: "due") else { throw FieldError(field: "due", reason: "say by when (YYYY-MM-DD)") }
            guard let rawFigure = f.figure.nonEmpty, let figure = RetroFigure(rawValue: rawFigure) else {
                throw FieldError(field: "figure", reason: "figure must be one of \(RetroFigure.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let r = page.board.retrospective
            let id = "A-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased()
            var knowledge: KnowledgeItem?
            if let k = f.knowledgeTitle.nonEmpty {
                let kt: String
                do { kt = try knowledgeLimit.check(k) } catch { throw FieldError(field: "knowledgeTitle", reason: "\(error)") }
                guard !page.orders.isEmpty else { throw FieldError(field: "knowledgeTitle", reason: "the scope has no orders for the knowledge to come from") }
                // Knowledge from one-of-a-kind work explores; from standardized work it refines what exists.
                knowledge = KnowledgeItem(id: KnowledgeItemID("K-" + id.dropFirst(2)), title: kt,
                                          orientation: r.scope.strategy == .eto || r.template == .afterActionReview ? .explorative : .exploitative,
                                          origin: .orders(Array(page.orders.prefix(50).map(\.id))), originUnit: owner,
                                          originRole: page.roles[owner] ?? .back, originStrategy: r.scope.strategy, acquired: now)
            }
            let item = ActionItem(id: id, retrospective: r.id, title: title, owner: owner, due: due.addingTimeInterval(17 * 3600), figure: figure,
                                  baseline: page.evidence.value(figure), created: now, createdBy: me, knowledgeItem: knowledge?.id)
            return (item, knowledge)
        }
    }
}
