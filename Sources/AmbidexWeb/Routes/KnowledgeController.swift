import AmbidexCore
import AmbidexStore
import Foundation
import Vapor

/// The knowledge pipeline: a board by absorption stage (`/knowledge`, `GET
/// /api/v1/knowledge`) whose only moves are the legal ones, each recorded
/// with who and when (`POST /knowledge/:id/advance`, `POST /api/v1/knowledge/:id/advance`).
enum KnowledgeController {
    static func register(on routes: any RoutesBuilder, reader: OfficeReader, store: Store, metrics: OfficeMetrics,
                         office: @escaping @Sendable () async -> String) {
        routes.get("knowledge") { req async throws -> Response in
            let s = try req.requireOffice()
            let q = try query(req)
            var board = try await store.knowledgeBoard(try filter(q), asOf: try await reader.current().snapshot.asOf)
            // The item just moved heads its new column, wherever its waiting time would put it.
            if let moved = (try? req.query.get(String.self, at: "moved")).nonEmpty, moved.utf8.count <= 200 {
                board = try await store.pinning(KnowledgeItemID(rawValue: moved), on: board)
            }
            return DashboardController.html(KnowledgeView.render(office: await office(), session: s, board: board, query: q, problem: nil))
        }
        routes.get("api", "v1", "knowledge") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let board = try await store.knowledgeBoard(try filter(try query(req)), asOf: try await reader.current().snapshot.asOf)
            return try APIController.json(BoardJSON(board))
        }
        routes.on(.POST, "knowledge", ":item", "advance", body: .collect(maxSize: "16kb")) { req async throws -> Response in
            let s = try req.requireOffice()
            try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
            let form = (try? req.content.decode(MoveForm.self)) ?? MoveForm()
            do {
                let record = try await move(req.parameters.get("item") ?? "", form, by: s, store: store)
                metrics.write(record.kind)
                let back = (form.back.nonEmpty.map { $0 + "&" } ?? "") + "moved=" + OrderController.path(record.subject)
                return req.redirect(to: "/knowledge?\(back)#item-\(record.subject)", redirectType: .normal)
            } catch let e as FieldError {
                let board = try await store.knowledgeBoard(KnowledgeFilter(), asOf: try await reader.current().snapshot.asOf)
                return DashboardController.html(KnowledgeView.render(office: await office(), session: s, board: board, query: BoardQuery(),
                                                                     problem: "\(e.field): \(e.reason)"), status: .badRequest)
            }
        }
        routes.on(.POST, "api", "v1", "knowledge", ":item", "advance", body: .collect(maxSize: "16kb")) { req async throws -> Response in
            let s = try req.requireOfficeAPI()
            try req.requireCSRF(s, req.headers.first(name: "X-CSRF-Token"))
            let form: MoveForm
            do { form = try req.content.decode(MoveForm.self) } catch {
                throw FieldError(field: "body", reason: "the body is not a move (\(RecordController.why(error))); send JSON with stage")
            }
            let record = try await move(req.parameters.get("item") ?? "", form, by: s, store: store)
            metrics.write(record.kind)
            return try APIController.json(RecordController.Recorded(id: record.subject, version: record.version, summary: record.summary))
        }
    }

    struct BoardQuery: Content {
        var strategy: String?
        var orientation: String?
        var stuck: String?
    }

    struct MoveForm: Content {
        var stage: String?
        var back: String?
    }

    static func query(_ req: Request) throws -> BoardQuery {
        do { return try req.query.decode(BoardQuery.self) } catch { throw FieldError(field: "query", reason: "the query string cannot be read: \(error)") }
    }

    static func filter(_ q: BoardQuery) throws -> KnowledgeFilter {
        var f = KnowledgeFilter()
        if let s = q.strategy.nonEmpty {
            guard let strategy = DeliveryStrategy(rawValue: s.lowercased()) else {
                throw FieldError(field: "strategy", reason: "strategy must be one of \(DeliveryStrategy.allCases.map(\.rawValue).joined(separator: ", ")), not '\(s.prefix(40))'")
            }
            f.strategy = strategy
        }
        if let o = q.orientation.nonEmpty {
            guard let orientation = Orientation(rawValue: o) else { throw FieldError(field: "orientation", reason: "orientation must be explorative or exploitative, not '\(o.prefix(40))'") }
            f.orientation = orientation
        }
        if let s = q.stuck.nonEmpty {
            guard ["1", "true", "yes", "on", "0", "false", "no"].contains(s) else { throw FieldError(field: "stuck", reason: "stuck must be true or false, not '\(s.prefix(40))'") }
            f.stuck = ["1", "true", "yes", "on"].contains(s)
        }
        return f
    }

    static func move(_ rawID: String, _ form: MoveForm, by s: SignedIn, store: Store) async throws -> WriteRecord {
        guard !rawID.isEmpty, rawID.utf8.count <= 200 else { throw FieldError(field: "item", reason: "a knowledge item id is 1 to 200 characters") }
        guard let raw = form.stage.nonEmpty else { throw FieldError(field: "stage", reason: "say which stage it moves to") }
        guard let stage = AbsorptionStage(rawValue: raw) else {
            throw FieldError(field: "stage", reason: "stage must be one of \(AbsorptionStage.allCases.map(\.rawValue).joined(separator: ", ")), not '\(raw.prefix(40))'")
        }
        do {
            return try await store.advanceKnowledge(KnowledgeItemID(rawValue: rawID), to: stage, at: Date(), by: s.account.email)
        } catch let e as StoreError {
            if e.description.contains("there is no knowledge item") { throw Abort(.notFound, reason: e.description) }
            throw Abort(.conflict, reason: e.description)
        }
    }

    struct BoardJSON: Encodable {
        struct Item: Encodable {
            var id: String, title: String, stage: String, orientation: String, originUnit: String, originRole: String, originStrategy: String?
            var since: String, stuck: Bool, orders: [String], legalMoves: [String]
            var uses: [Use]
        }
        struct Use: Encodable { var unit: String, role: String, strategy: String?, date: String }
        struct Column: Encodable { var stage: String, count: Int, stuck: Int, items: [Item] }
        var asOf: String
        var columns: [Column]

        init(_ b: KnowledgeBoard) {
            asOf = b.asOf.formatted(.iso8601)
            columns = b.columns.map { c in
                Column(stage: c.stage.rawValue, count: c.count, stuck: c.stuck, items: c.items.map { k, orders in
                    Item(id: k.id.rawValue, title: k.title, stage: k.stage.rawValue, orientation: k.orientation.rawValue, originUnit: k.originUnit.rawValue,
                         originRole: k.originRole.rawValue, originStrategy: k.originStrategy?.rawValue,
                         since: (k.history.last?.date ?? k.acquiredAt).formatted(.iso8601), stuck: KnowledgeView.isStuck(k, asOf: b.asOf),
                         orders: orders.map(\.rawValue), legalMoves: k.stage.next.sorted().map(\.rawValue),
                         uses: k.uses.map { Use(unit: $0.unit.rawValue, role: $0.role.rawValue, strategy: $0.strategy?.rawValue, date: $0.date.formatted(.iso8601)) })
                })
            }
        }
    }
}
