import AmbidexCore
import AmbidexStore
import Foundation
import Vapor

/// One order: its page (`/orders/:id`) and JSON (`/api/v1/orders/:id`) — the
/// value chain and decoupling point, each unit's role, the event timeline, its
/// reflections, knowledge and standards, and the lessons of similar past
/// orders — and reflection in action captured from the page.
enum OrderController {
    static func register(on routes: any RoutesBuilder, store: Store, metrics: OfficeMetrics, office: @escaping @Sendable () async -> String) {
        routes.get("orders", ":order") { req async throws -> Response in
            let s = try req.requireOffice()
            let (folder, lessons) = try await page(req, store)
            let recorded = try? req.query.get(String.self, at: "recorded")
            return DashboardController.html(OrderView.render(office: await office(), session: s, folder: folder, lessons: lessons,
                                                             form: .init(for: folder.order), problem: nil, recorded: recorded,
                                                             history: try await history(folder, store)))
        }
        routes.on(.POST, "orders", ":order", "reflections", body: .collect(maxSize: "64kb")) { req async throws -> Response in
            let s = try req.requireOffice()
            try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
            let folder = try await folder(req, store)
            let form = (try? req.content.decode(ReflectionForm.self)) ?? ReflectionForm(for: folder.order)
            do {
                let (reflection, item) = try form.reflection(on: folder, now: Date())
                let record = try await store.recordReflection(reflection, opening: item, by: s.account.email)
                metrics.write(record.kind)
                return req.redirect(to: "/orders/\(path(folder.order.id))?recorded=\(path(reflection.id.rawValue))#reflections", redirectType: .normal)
            } catch let e as FieldError {
                return try await refused("\(e.field): \(e.reason)", status: .badRequest)
            } catch let e as StoreError {
                return try await refused(e.description, status: .unprocessableEntity)
            }
            func refused(_ problem: String, status: HTTPResponseStatus) async throws -> Response {
                DashboardController.html(OrderView.render(office: await office(), session: s, folder: folder, lessons: try await page(req, store).lessons,
                                                          form: form, problem: problem, recorded: nil, history: try await history(folder, store)), status: status)
            }
        }
        routes.get("api", "v1", "orders", ":order") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let (folder, lessons) = try await page(req, store)
            return try APIController.json(OrderFolderJSON(folder, lessons: lessons, history: try await history(folder, store)))
        }
        routes.on(.POST, "api", "v1", "orders", ":order", "reflections", body: .collect(maxSize: "64kb")) { req async throws -> Response in
            let s = try req.requireOfficeAPI()
            try req.requireCSRF(s, req.headers.first(name: "X-CSRF-Token"))
            let folder = try await folder(req, store)
            let form: ReflectionForm
            do { form = try req.content.decode(ReflectionForm.self) } catch {
                throw FieldError(field: "body", reason: "the body is not a reflection (\(RecordController.why(error))); send JSON with summary, units and optionally mode, tryNext, actionLevel, logic, trigger, partners, knowledgeTitle")
            }
            let (reflection, item) = try form.reflection(on: folder, now: Date())
            let record: WriteRecord
            do { record = try await store.recordReflection(reflection, opening: item, by: s.account.email) } catch let e as StoreError {
                throw Abort(.unprocessableEntity, reason: e.description)
            }
            metrics.write(record.kind)
            return try APIController.json(Recorded(id: reflection.id.rawValue, knowledgeItem: item?.id.rawValue, version: record.version,
                                                   summary: record.summary), status: .created)
        }
    }

    static func folder(_ req: Request, _ store: Store) async throws -> OrderFolder {
        try await found(req) { try await store.orderFolder($0) }
    }

    /// The order's folder and its lessons, read together.
    static func page(_ req: Request, _ store: Store) async throws -> (folder: OrderFolder, lessons: [Lesson]) {
        try await found(req) { try await store.orderPage($0) }
    }

    static func found<T>(_ req: Request, _ read: (OrderID) async throws -> T?) async throws -> T {
        let raw = req.parameters.get("order") ?? ""
        guard !raw.isEmpty, raw.utf8.count <= 200 else { throw FieldError(field: "order", reason: "an order id is 1 to 200 characters") }
        guard let value = try await read(OrderID(rawValue: raw)) else { throw Abort(.notFound, reason: "there is no order \(raw.prefix(60))") }
        return value
    }

    /// What was written about the order, its reflections and its knowledge, newest first: who, when, what.
    static func history(_ folder: OrderFolder, _ store: Store) async throws -> [WriteRecord] {
        try await store.history(of: [folder.order.id.rawValue] + folder.reflections.map(\.id.rawValue) + folder.knowledge.map(\.id.rawValue), limit: 50)
    }

    /// An id as one path segment.
    static func path(_ id: some CustomStringConvertible) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return id.description.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    struct Recorded: Encodable {
        var id: String
        var knowledgeItem: String?
        var version: Int64
        var summary: String
    }

    /// What a person fills in on the order page; every field checked, each refusal naming it.
    struct ReflectionForm: Content {
        var mode: String?
        /// What happened.
        var summary: String?
        /// What we try next.
        var tryNext: String?
        var actionLevel: String?
        var logic: String?
        var trigger: String?
        var units: [String]?
        var partners: [String]?
        /// When given, the reflection opens a knowledge item of this title.
        var knowledgeTitle: String?

        init(for order: Order) {
            mode = order.closed == nil ? Reflection.Mode.inAction.rawValue : Reflection.Mode.onAction.rawValue
            actionLevel = ActionLevel.rule.rawValue
            logic = LearningLogic.executional.rawValue
            trigger = Trigger.sporadic.rawValue
        }

        static let textLimit = TextLimit("summary", characters: 2_000)
        static let tryLimit = TextLimit("tryNext", characters: 2_000)
        static let titleLimit = TextLimit("knowledgeTitle", characters: 200)

        func reflection(on folder: OrderFolder, now: Date) throws -> (Reflection, KnowledgeItem?) {
            func pick<E: RawRepresentable & CaseIterable>(_ raw: String?, _ field: String, _ fallback: E) throws -> E where E.RawValue == String {
                guard let raw = raw.nonEmpty else { return fallback }
                guard let v = E(rawValue: raw) else {
                    throw FieldError(field: field, reason: "\(field) must be one of \(E.allCases.map(\.rawValue).joined(separator: ", ")), not '\(raw.prefix(40))'")
                }
                return v
            }
            let order = folder.order
            let mode = try pick(mode, "mode", order.closed == nil ? Reflection.Mode.inAction : .onAction)
            let level = try pick(actionLevel, "actionLevel", ActionLevel.rule)
            let logic = try pick(logic, "logic", LearningLogic.executional)
            let trigger = try pick(trigger, "trigger", Trigger.sporadic)
            guard let what = summary.nonEmpty else { throw FieldError(field: "summary", reason: "say what happened (summary is empty)") }
            var text: String
            do { text = try Self.textLimit.check(what, multiline: true) } catch { throw FieldError(field: "summary", reason: "\(error)") }
            if let next = tryNext.nonEmpty {
                do { text += "\nWe try: " + (try Self.tryLimit.check(next, multiline: true)) } catch { throw FieldError(field: "tryNext", reason: "\(error)") }
            }
            let known = Set(folder.units.map(\.id.rawValue))
            let unitIDs = units ?? []
            guard unitIDs.count <= 50 else { throw FieldError(field: "units", reason: "at most 50 units take part") }
            if let unknown = unitIDs.first(where: { !known.contains($0) }) {
                throw FieldError(field: "units", reason: "there is no unit '\(unknown.prefix(60))'")
            }
            let partnerIDs = partners ?? []
            if let other = partnerIDs.first(where: { $0 != order.customer.rawValue }) {
                throw FieldError(field: "partners", reason: "only the order's customer (\(order.customer)) can take part from outside, not '\(other.prefix(60))'")
            }
            guard !unitIDs.isEmpty || !partnerIDs.isEmpty else { throw FieldError(field: "units", reason: "choose who took part: at least one unit") }
            // Reflection in action serves the order while it runs; once it is closed, reflection looks back.
            if mode == .inAction, order.closed != nil {
                throw FieldError(field: "mode", reason: "order \(order.id) is closed; reflect on action")
            }
            let id = ReflectionID("R-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())
            let reflection: Reflection
            do {
                reflection = try Reflection(id: id, mode: mode, trigger: trigger, actionLevel: level, logic: logic, date: now, summary: text,
                                            units: Set(unitIDs.map { UnitID(rawValue: $0) }), partners: Set(partnerIDs.map { PartnerID(rawValue: $0) }),
                                            orders: [order.id])
            } catch { throw FieldError(field: "mode", reason: "\(error)") }
            guard let title = knowledgeTitle.nonEmpty else { return (reflection, nil) }
            let checked: String
            do { checked = try Self.titleLimit.check(title, multiline: false) } catch { throw FieldError(field: "knowledgeTitle", reason: "\(error)") }
            guard let origin = unitIDs.first.map({ UnitID(rawValue: $0) }) else {
                throw FieldError(field: "units", reason: "a knowledge item is acquired by a unit: choose one")
            }
            let role = folder.roles.first { $0.unit == origin }?.role ?? .back
            let item = KnowledgeItem(id: KnowledgeItemID("K-" + id.rawValue.dropFirst(2)), title: checked,
                                     orientation: logic == .developmental ? .explorative : .exploitative, origin: .reflection(id),
                                     originUnit: origin, originRole: role, originStrategy: order.strategy, acquired: now)
            return (reflection, item)
        }
    }
}
