import AmbidexCore
import AmbidexStore
import Foundation
import Vapor

/// Retrospectives across orders (reflection on action): started from a
/// scheduled activity or a chosen scope, run on a shared board by a
/// facilitator with everyone signed in, ending in action items. Each board
/// change is a form post (the page works without script) and the same call
/// under `/api/v1`; a small script polls the board's version and reloads it
/// for everyone when someone else changed it.
enum RetrospectiveController {
    static func register(on routes: any RoutesBuilder, reader: OfficeReader, store: Store, metrics: OfficeMetrics,
                         office: @escaping @Sendable () async -> String) {
        let scopes = ScopeViewCache()
        routes.get("retrospectives") { req async throws -> Response in
            let s = try req.requireOffice()
            let start = try await StartForm.prefill(req, reader: reader)
            let list = try await store.retrospectives()
            let (units, partners) = try await choices(reader)
            return DashboardController.html(RetrospectivesView.render(office: await office(), session: s, list: list, form: start, units: units,
                                                                      partners: partners, problem: nil))
        }
        routes.on(.POST, "retrospectives", body: .collect(maxSize: "64kb")) { req async throws -> Response in
            let s = try req.requireOffice()
            try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
            let form = (try? req.content.decode(StartForm.self)) ?? StartForm()
            do {
                let r = try form.retrospective(by: s, now: Date(), asOf: try await reader.current().snapshot.asOf)
                let record = try await start(r, by: s, store: store)
                metrics.write(record.kind)
                return req.redirect(to: "/retrospectives/\(OrderController.path(r.id.rawValue))", redirectType: .normal)
            } catch let e as FieldError {
                let (units, partners) = try await choices(reader)
                return DashboardController.html(RetrospectivesView.render(office: await office(), session: s, list: try await store.retrospectives(), form: form,
                                                                          units: units, partners: partners, problem: "\(e.field): \(e.reason)"), status: .badRequest)
            }
        }
        routes.get("api", "v1", "retrospectives") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            return try APIController.json(try await store.retrospectives().map(RetrospectiveJSON.Summary.init))
        }
        routes.on(.POST, "api", "v1", "retrospectives", body: .collect(maxSize: "64kb")) { req async throws -> Response in
            let s = try req.requireOfficeAPI()
            try req.requireCSRF(s, req.headers.first(name: "X-CSRF-Token"))
            let form: StartForm
            do { form = try req.content.decode(StartForm.self) } catch {
                throw FieldError(field: "body", reason: "the body is not a retrospective (\(RecordController.why(error))); send JSON with title and a scope")
            }
            let r = try form.retrospective(by: s, now: Date(), asOf: try await reader.current().snapshot.asOf)
            let record = try await start(r, by: s, store: store)
            metrics.write(record.kind)
            guard let page = try await store.retrospectivePage(r.id, cache: scopes) else { throw Abort(.notFound) }
            return try APIController.json(RetrospectiveJSON(page, viewer: s.account.email), status: .created)
        }
        routes.get("retrospectives", ":retro") { req async throws -> Response in
            let s = try req.requireOffice()
            let page = try await load(req, store, scopes)
            return DashboardController.html(RetrospectiveView.render(office: await office(), session: s, page: page, problem: nil, now: Date()))
        }
        routes.get("retrospectives", ":retro", "summary") { req async throws -> Response in
            let s = try req.requireOffice()
            return DashboardController.html(RetrospectiveSummaryView.render(office: await office(), session: s, page: try await load(req, store, scopes)))
        }
        routes.get("retrospectives", ":retro", "summary.csv") { req async throws -> Response in
            _ = try req.requireOffice()
            let page = try await load(req, store, scopes)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
            headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"retrospective-\(page.board.retrospective.id.rawValue.filter { $0.isLetter || $0.isNumber || $0 == "-" }).csv\"")
            return Response(status: .ok, headers: headers, body: .init(string: RetrospectiveSummaryView.csv(page)))
        }
        routes.get("api", "v1", "retrospectives", ":retro") { req async throws -> Response in
            let s = try req.requireOfficeAPI()
            return try APIController.json(RetrospectiveJSON(try await load(req, store, scopes), viewer: s.account.email))
        }
        routes.get("api", "v1", "retrospectives", ":retro", "version") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            guard let v = try await store.retrospectiveVersion(try id(req)) else { throw Abort(.notFound, reason: "there is no retrospective \(req.parameters.get("retro")?.prefix(60) ?? "")") }
            return try APIController.json(["version": v])
        }
        routes.get("assets", "board.js") { _ async throws -> Response in
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/javascript; charset=utf-8")
            return Response(status: .ok, headers: headers, body: .init(string: RetrospectiveView.script))
        }

        for action in BoardAction.allCases {
            routes.on(.POST, "retrospectives", ":retro", PathComponent(stringLiteral: action.rawValue), body: .collect(maxSize: "64kb")) { req async throws -> Response in
                let s = try req.requireOffice()
                try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
                let form = (try? req.content.decode(BoardForm.self)) ?? BoardForm()
                let retro = try id(req)
                do {
                    let anchor = try await perform(action, on: retro, form, by: s, store: store, metrics: metrics, scopes: scopes)
                    return req.redirect(to: "/retrospectives/\(OrderController.path(retro.rawValue))#\(anchor)", redirectType: .normal)
                } catch let e as FieldError {
                    let page = try await load(req, store, scopes)
                    return DashboardController.html(RetrospectiveView.render(office: await office(), session: s, page: page, problem: "\(e.field): \(e.reason)", now: Date()),
                                                    status: .badRequest)
                }
            }
            routes.on(.POST, "api", "v1", "retrospectives", ":retro", PathComponent(stringLiteral: action.rawValue), body: .collect(maxSize: "64kb")) { req async throws -> Response in
                let s = try req.requireOfficeAPI()
                try req.requireCSRF(s, req.headers.first(name: "X-CSRF-Token"))
                let form: BoardForm
                do { form = try req.content.decode(BoardForm.self) } catch {
                    throw FieldError(field: "body", reason: "the body cannot be read (\(RecordController.why(error))); send JSON")
                }
                let retro = try id(req)
                _ = try await perform(action, on: retro, form, by: s, store: store, metrics: metrics, scopes: scopes)
                return try APIController.json(RetrospectiveJSON(try await load(req, store, scopes), viewer: s.account.email))
            }
        }
    }

    static func choices(_ reader: OfficeReader) async throws -> ([AmbidexCore.Unit], [Partner]) {
        let snapshot = try await reader.current().snapshot
        return (snapshot.units, snapshot.partners)
    }

    static func id(_ req: Request) throws -> RetrospectiveID {
        let raw = req.parameters.get("retro") ?? ""
        guard !raw.isEmpty, raw.utf8.count <= 200 else { throw FieldError(field: "retrospective", reason: "a retrospective id is 1 to 200 characters") }
        return RetrospectiveID(rawValue: raw)
    }

    static func load(_ req: Request, _ store: Store, _ scopes: ScopeViewCache) async throws -> RetrospectivePage {
        let retro = try id(req)
        guard let page = try await store.retrospectivePage(retro, cache: scopes) else { throw Abort(.notFound, reason: "there is no retrospective \(retro.rawValue.prefix(60))") }
        return page
    }

    static func start(_ r: Retrospective, by s: SignedIn, store: Store) async throws -> WriteRecord {
        do { return try await store.startRetrospective(r, by: s.account.email) } catch let e as StoreError {
            let field = e.description.contains("unit") ? "unit" : e.description.contains("partner") ? "partner" : e.description.contains("order") ? "orders" : "scope"
            throw FieldError(field: field, reason: e.description)
        }
    }

    /// Everything a person does on the board, by the path's last word.
    enum BoardAction: String, CaseIterable {
        case cards, remove, stack, vote, unvote, advance, reveal, actions, finish
    }

    struct BoardForm: Content {
        var kind: String?
        var prompt: String?
        var parent: String?
        var text: String?
        var card: String?
        var onto: String?
        var target: String?
        var minutes: Int?
        var title: String?
        var owner: String?
        var due: String?
        var figure: String?
        var knowledgeTitle: String?
        var action: String?
        var status: String?
    }

    /// Performs one board action; returns the page anchor to land on.
    static func perform(_ action: BoardAction, on retro: RetrospectiveID, _ f: BoardForm, by s: SignedIn, store: Store, metrics: OfficeMetrics,
                        scopes: ScopeViewCache) async throws -> String {
        let me = s.account.email
        func field(_ name: String, _ value: String?) throws -> String {
            guard let v = value.nonEmpty else { throw FieldError(field: name, reason: "\(name) is missing") }
            guard v.utf8.count <= 200 else { throw FieldError(field: name, reason: "\(name) is 1 to 200 characters") }
            return v
        }
        do {
            switch action {
            case .cards:
                let kind: RetroCard.Kind
                if let raw = f.kind.nonEmpty {
                    guard let k = RetroCard.Kind(rawValue: raw) else { throw FieldError(field: "kind", reason: "kind must be reflection or factor, not '\(raw.prefix(40))'") }
                    kind = k
                } else { kind = .reflection }
                guard let text = f.text.nonEmpty else { throw FieldError(field: "text", reason: "text is empty: write what you saw") }
                let card = try await store.addRetroCard(retro, kind: kind, prompt: f.prompt, parent: f.parent.nonEmpty, text: text, by: me)
                return "card-\(card.id)"
            case .remove:
                let card = try field("card", f.card)
                try await store.removeRetroCard(retro, card: card, by: me)
                return "board"
            case .stack:
                let card = try field("card", f.card)
                try await store.stackRetroCard(retro, card: card, onto: f.onto.nonEmpty)
                return "card-\(card)"
            case .vote:
                let target = try field("target", f.target)
                try await store.castVote(retro, for: target, by: me)
                return "item-\(target)"
            case .unvote:
                let target = try field("target", f.target)
                try await store.withdrawVote(retro, for: target, by: me)
                return "item-\(target)"
            case .advance:
                if let m = f.minutes, !(0...240).contains(m) { throw FieldError(field: "minutes", reason: "minutes must be 0 to 240, not \(m)") }
                _ = try await store.advanceRetrospective(retro, by: me, mayRun: s.account.role == .lead, minutes: f.minutes)
                return "phase"
            case .reveal:
                try await store.revealAuthors(retro, by: me, mayRun: s.account.role == .lead)
                return "board"
            case .actions:
                guard let page = try await store.retrospectivePage(retro, cache: scopes) else { throw RetrospectiveMissing(id: retro) }
                let (item, knowledge) = try ActionForm.make(f, page: page, by: me, now: Date())
                let record = try await store.addActionItem(item, opening: knowledge, by: me)
                metrics.write(record.kind)
                return "action-\(item.id)"
            case .finish:
                let actionID = try field("action", f.action)
                guard let board = try await store.retrospectiveBoard(retro) else { throw RetrospectiveMissing(id: retro) }
                let previous = try await store.retrospectivePage(retro, cache: scopes)?.previous?.actions ?? []
                guard board.actions.contains(where: { $0.id == actionID }) || previous.contains(where: { $0.id == actionID }) else {
                    throw Abort(.notFound, reason: "action item \(actionID.prefix(40)) is neither this retrospective's nor its predecessor's")
                }
                guard let raw = f.status.nonEmpty, let status = ActionItem.Status(rawValue: raw), status != .open else {
                    throw FieldError(field: "status", reason: "status must be done or dropped")
                }
                let record = try await store.finishActionItem(actionID, as: status, by: me)
                metrics.write(record.kind)
                return "action-\(actionID)"
            }
        } catch let e as DomainError {
            switch e {
            case .unknown(let m): throw Abort(.notFound, reason: m)
            case .illegalTransition(let m): throw Abort(.conflict, reason: m)
            case .invalid(let m):
                if m.hasPrefix("only ") { throw Abort(.forbidden, reason: m) }
                let name: String = switch action {
                case .cards: m.hasPrefix("prompt") ? "prompt" : m.contains("contributing factor") ? "parent" : "text"
                case .stack: "onto"
                case .vote, .unvote: "target"
                case .advance: "minutes"
                case .remove: "card"
                default: "body"
                }
                throw FieldError(field: name, reason: m)
            }
        } catch let e as RetrospectiveMissing {
            throw Abort(.notFound, reason: e.description)
        } catch let e as StoreError {
            throw Abort(.conflict, reason: e.description)
        }
    }
}
