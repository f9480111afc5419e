import AmbidexCore
import AmbidexStore
import Foundation
import Vapor

/// The standards registry: every standard with its versions (a readable
/// difference between them), provenance, scope, the orders that applied each
/// version, deviations (each can open an exploration item), the before/after
/// effect, and its history. Leads adopt, revise and retire (document control:
/// every change recorded with who and when); anyone in the office proposes,
/// from a knowledge item or as a module from a set of ETO orders.
enum StandardsController {
    static func register(on routes: any RoutesBuilder, reader: OfficeReader, store: Store, metrics: OfficeMetrics,
                         office: @escaping @Sendable () async -> String) {
        routes.get("standards") { req async throws -> Response in
            let s = try req.requireOffice()
            let form = try await ProposeForm.prefill(req, store: store)
            return DashboardController.html(StandardsView.render(office: await office(), session: s, list: try await store.standardSummaries(), form: form,
                                                                 units: try await reader.current().snapshot.units, problem: nil))
        }
        routes.get("api", "v1", "standards") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            return try APIController.json(try await store.standardSummaries().map(StandardJSON.Summary.init))
        }
        routes.on(.POST, "standards", body: .collect(maxSize: "128kb")) { req async throws -> Response in
            let s = try req.requireOffice()
            try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
            let form = (try? req.content.decode(ProposeForm.self)) ?? ProposeForm()
            do {
                let standard = try await propose(form, by: s, store: store, metrics: metrics)
                return req.redirect(to: "/standards/\(OrderController.path(standard.id))", redirectType: .normal)
            } catch let e as FieldError {
                return DashboardController.html(StandardsView.render(office: await office(), session: s, list: try await store.standardSummaries(), form: form,
                                                                     units: try await reader.current().snapshot.units, problem: "\(e.field): \(e.reason)"),
                                                status: .badRequest)
            }
        }
        routes.on(.POST, "api", "v1", "standards", body: .collect(maxSize: "128kb")) { req async throws -> Response in
            let s = try req.requireOfficeAPI()
            try req.requireCSRF(s, req.headers.first(name: "X-CSRF-Token"))
            let form: ProposeForm
            do { form = try req.content.decode(ProposeForm.self) } catch {
                throw FieldError(field: "body", reason: "the body is not a standard (\(RecordController.why(error))); send JSON with name, kind, strategies")
            }
            let standard = try await propose(form, by: s, store: store, metrics: metrics)
            return try APIController.json(StandardJSON(try await page(standard.id, store), effect: nil), status: .created)
        }
        routes.get("standards", ":standard") { req async throws -> Response in
            let s = try req.requireOffice()
            let p = try await page(try id(req), store)
            let snapshot = try await reader.current().snapshot
            return DashboardController.html(StandardView.render(office: await office(), session: s, page: p, snapshot: snapshot, problem: nil))
        }
        routes.get("api", "v1", "standards", ":standard") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let p = try await page(try id(req), store)
            let effect = try await reader.current().snapshot.report.standardEffects.first { $0.standard == p.standard.id }
            return try APIController.json(StandardJSON(p, effect: effect))
        }
        for action in Action.allCases {
            routes.on(.POST, "standards", ":standard", PathComponent(stringLiteral: action.rawValue), body: .collect(maxSize: "128kb")) { req async throws -> Response in
                let s = try req.requireOffice()
                try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
                let form = (try? req.content.decode(ChangeForm.self)) ?? ChangeForm()
                let standard = try id(req)
                do {
                    let anchor = try await perform(action, on: standard, form, by: s, store: store, metrics: metrics)
                    return req.redirect(to: "/standards/\(OrderController.path(standard))#\(anchor)", redirectType: .normal)
                } catch let e as FieldError {
                    let p = try await page(standard, store)
                    return DashboardController.html(StandardView.render(office: await office(), session: s, page: p, snapshot: try await reader.current().snapshot,
                                                                        problem: "\(e.field): \(e.reason)"), status: .badRequest)
                }
            }
            routes.on(.POST, "api", "v1", "standards", ":standard", PathComponent(stringLiteral: action.rawValue), body: .collect(maxSize: "128kb")) { req async throws -> Response in
                let s = try req.requireOfficeAPI()
                try req.requireCSRF(s, req.headers.first(name: "X-CSRF-Token"))
                let form: ChangeForm
                do { form = try req.content.decode(ChangeForm.self) } catch {
                    throw FieldError(field: "body", reason: "the body cannot be read (\(RecordController.why(error))); send JSON")
                }
                let standard = try id(req)
                _ = try await perform(action, on: standard, form, by: s, store: store, metrics: metrics)
                return try APIController.json(StandardJSON(try await page(standard, store), effect: nil))
            }
        }
    }

    static func id(_ req: Request) throws -> StandardID {
        let raw = req.parameters.get("standard") ?? ""
        guard !raw.isEmpty, raw.utf8.count <= 200 else { throw FieldError(field: "standard", reason: "a standard id is 1 to 200 characters") }
        return StandardID(rawValue: raw)
    }

    static func page(_ id: StandardID, _ store: Store) async throws -> StandardPage {
        guard let p = try await store.standardPage(id) else { throw Abort(.notFound, reason: "there is no standard \(id.rawValue.prefix(60))") }
        return p
    }

    enum Action: String, CaseIterable { case adopt, revise, retire, explore }

    struct ChangeForm: Content {
        var date: String?
        var note: String?
        var text: String?
        var reason: String?
        var order: String?
        var title: String?
        var unit: String?
    }

    static let noteLimit = TextLimit("note", characters: 500)
    static let textLimit = TextLimit("text", characters: 20_000)
    static let reasonLimit = TextLimit("reason", characters: 500)
    static let titleLimit = TextLimit("title", characters: 200)

    static func perform(_ action: Action, on id: StandardID, _ f: ChangeForm, by s: SignedIn, store: Store, metrics: OfficeMetrics) async throws -> String {
        func checked(_ limit: TextLimit, _ value: String?, multiline: Bool = false) throws -> String? {
            guard let v = value.nonEmpty else { return nil }
            do { return try limit.check(v, multiline: multiline) } catch { throw FieldError(field: limit.field, reason: "\(error)") }
        }
        // Document control: changing what a standard is, or whether it holds, is a lead's decision.
        if action != .explore, s.account.role != .lead {
            throw Abort(.forbidden, reason: "only a lead \(action == .adopt ? "adopts" : action == .revise ? "revises" : "retires") a standard")
        }
        let page = try await page(id, store)
        let day = try OrdersController.day(f.date, field: "date").map { $0.addingTimeInterval(12 * 3600) }
        let record: WriteRecord
        do {
            switch action {
            case .adopt:
                record = try await store.adoptStandard(id, at: day ?? Date(), by: s.account.email)
            case .revise:
                guard let note = try checked(noteLimit, f.note) else { throw FieldError(field: "note", reason: "say what changes in this version") }
                let text = try checked(textLimit, f.text, multiline: true)
                record = try await store.reviseStandard(id, at: day ?? Date(), note: note, text: text, by: s.account.email)
            case .retire:
                guard let reason = try checked(reasonLimit, f.reason) else { throw FieldError(field: "reason", reason: "say why it is retired") }
                record = try await store.retireStandard(id, at: day ?? Date(), reason: reason, by: s.account.email)
            case .explore:
                guard let orderRaw = f.order.nonEmpty, let deviation = page.deviations.first(where: { $0.application.order.rawValue == orderRaw }) else {
                    throw FieldError(field: "order", reason: "choose one of the standard's latest deviations")
                }
                let title = try checked(titleLimit, f.title) ?? "Why work deviated from \(page.standard.name) on \(orderRaw)"
                let unitRaw = f.unit.nonEmpty ?? deviation.application.appliedBy?.rawValue
                guard let unitRaw else { throw FieldError(field: "unit", reason: "choose the unit that explores it") }
                let item = KnowledgeItem(id: KnowledgeItemID("K-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased()), title: title,
                                         orientation: .explorative, origin: .failingStandard(id), originUnit: UnitID(rawValue: unitRaw), originRole: .back,
                                         originStrategy: deviation.order?.strategy, acquired: Date())
                record = try await store.addKnowledgeItem(item, by: s.account.email)
            }
        } catch let e as StoreError {
            if e.description.contains("does not exist") { throw FieldError(field: "unit", reason: e.description) }
            throw Abort(.conflict, reason: e.description)
        }
        metrics.write(record.kind)
        return action == .explore ? "explorations" : "versions"
    }

    /// Proposing a standard: from a knowledge item, or a module from a set of (ETO) orders.
    struct ProposeForm: Content {
        var name: String?
        var kind: String?
        var strategies: [String]?
        var units: [String]?
        var provenance: String?
        var orders: String?
        var text: String?
        var note: String?

        init() {}

        static func prefill(_ req: Request, store: Store) async throws -> ProposeForm {
            var f = ProposeForm()
            f.kind = Standard.Kind.procedure.rawValue
            if let from = (try? req.query.get(String.self, at: "from")).nonEmpty, from.utf8.count <= 200 {
                guard let k = try await store.knowledgeItem(KnowledgeItemID(rawValue: from)) else { throw Abort(.notFound, reason: "there is no knowledge item \(from.prefix(60))") }
                f.name = k.title
                f.provenance = k.id.rawValue
                f.strategies = DeliveryStrategy.allCases.filter { $0 != .eto && $0 != k.originStrategy }.map(\.rawValue)
            }
            if let raw = (try? req.query.get(String.self, at: "orders")).nonEmpty {
                let ids = Self.ids(raw)
                guard ids.count <= 200 else { throw FieldError(field: "orders", reason: "a module is proposed from 200 orders at most") }
                var orders: [Order] = []
                for id in ids {
                    guard let o = try await store.orderFolder(OrderID(rawValue: id))?.order else { throw FieldError(field: "orders", reason: "there is no order '\(id.prefix(60))'") }
                    orders.append(o)
                }
                let module = ModuleProposal(orders: orders)
                f.orders = ids.joined(separator: " ")
                f.kind = Standard.Kind.module.rawValue
                f.name = f.name ?? "Module from \(orders.count) orders" + (orders.first.map { " (\($0.offering))" } ?? "")
                f.text = module.text
                f.strategies = [DeliveryStrategy.cto.rawValue, DeliveryStrategy.ato.rawValue]
                f.note = "proposed from orders \(ids.prefix(10).joined(separator: ", "))\(ids.count > 10 ? " …" : ""): their common customization"
            }
            return f
        }

        static func ids(_ raw: String) -> [String] {
            var seen = Set<String>()
            return raw.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).map(String.init).filter { seen.insert($0).inserted }
        }
    }

    static func propose(_ f: ProposeForm, by s: SignedIn, store: Store, metrics: OfficeMetrics) async throws -> Standard {
        guard let rawName = f.name.nonEmpty else { throw FieldError(field: "name", reason: "name the standard") }
        let name: String
        do { name = try TextLimit("name", characters: 200).check(rawName) } catch { throw FieldError(field: "name", reason: "\(error)") }
        guard let kindRaw = f.kind.nonEmpty, let kind = Standard.Kind(rawValue: kindRaw) else {
            throw FieldError(field: "kind", reason: "kind must be one of \(Standard.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var strategies = Set<DeliveryStrategy>()
        for raw in f.strategies ?? [] where !raw.isEmpty {
            guard let st = DeliveryStrategy(rawValue: raw.lowercased()) else { throw FieldError(field: "strategies", reason: "there is no strategy '\(raw.prefix(40))'") }
            strategies.insert(st)
        }
        guard !strategies.isEmpty else { throw FieldError(field: "strategies", reason: "choose the strategies it is for") }
        let units = (f.units ?? []).filter { !$0.isEmpty }
        guard units.count <= 50, units.allSatisfy({ $0.utf8.count <= 200 }) else { throw FieldError(field: "units", reason: "at most 50 units, each id 1 to 200 characters") }
        let provenance = ProposeForm.ids(f.provenance ?? "")
        guard provenance.count <= 50, provenance.allSatisfy({ $0.utf8.count <= 200 }) else { throw FieldError(field: "provenance", reason: "at most 50 knowledge items") }
        let text: String?
        do { text = try f.text.nonEmpty.map { try textLimit.check($0, multiline: true) } } catch { throw FieldError(field: "text", reason: "\(error)") }
        let note: String
        do { note = try f.note.nonEmpty.map { try noteLimit.check($0) } ?? "first version" } catch { throw FieldError(field: "note", reason: "\(error)") }
        let id = StandardID("S-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(8).lowercased())
        let standard: Standard
        do {
            standard = try Standard(id: id, name: name, kind: kind, scope: Standard.Scope(strategies: strategies, units: Set(units.map { UnitID(rawValue: $0) })),
                                    provenance: provenance.map { KnowledgeItemID(rawValue: $0) }, proposedAt: Date(), note: note, text: text)
        } catch { throw FieldError(field: "name", reason: "\(error)") }
        do {
            let record = try await store.proposeStandard(standard, by: s.account.email)
            metrics.write(record.kind)
        } catch let e as StoreError {
            throw FieldError(field: e.description.contains("knowledge item") ? "provenance" : e.description.contains("unit") ? "units" : "name", reason: e.description)
        }
        return standard
    }
}
