import AmbidexCore
import AmbidexStore
import Vapor

/// What a customer or supplier sees: only `PartnerShare` and its own
/// suggestions, never the office's evidence. Leads and members can open any
/// partner's page to check what is shared before they invite someone. A
/// partner gives feedback on its own delivered orders and makes suggestions
/// that enter the knowledge pipeline.
enum PartnerController {
    static let horizonDays = 30
    static let suggestionLimit = TextLimit("title", characters: 200)
    static let commentLimit = TextLimit("comment", characters: 2_000)

    static let notices = ["feedback": "Thank you: your feedback is recorded.", "suggestion": "Thank you: your suggestion is in the office's knowledge pipeline.",
                          "answer": "Thank you: your answer is recorded, and the office sees it beside the activity."]

    static func register(on routes: any RoutesBuilder, reader: OfficeReader, store: Store, metrics: OfficeMetrics) {
        registerInvitations(on: routes, reader: reader, store: store, metrics: metrics)
        routes.get("partner") { req async throws -> Response in
            let session = try req.requireSignedIn()
            guard session.account.role == .partner, let id = session.account.partner else { throw Abort.redirect(to: "/") }
            let notice = try? req.query.get(String.self, at: "done")
            return try await page(session, id, reader: reader, store: store, preview: false,
                                  notice: notice.flatMap { notices[$0] })
        }

        routes.get("partners", ":id") { req async throws -> Response in
            let session = try req.requireOffice()
            let raw = req.parameters.get("id") ?? ""
            guard raw.count <= 60 else { throw Abort(.notFound, reason: "there is no partner with that id") }
            return try await page(session, PartnerID(rawValue: raw), reader: reader, store: store, preview: true)
        }

        routes.on(.POST, "partner", "orders", ":order", "feedback", body: .collect(maxSize: "16kb")) { req async throws -> Response in
            let (session, partner) = try requirePartner(req)
            _ = try await ownOrder(req, partner, store)
            try req.requireCSRF(session, try? req.content.get(String.self, at: "csrf"))
            let form = try req.content.decode(FeedbackForm.self)
            return try await recorded(req, session, partner, done: "feedback", at: "orders", reader: reader, store: store, metrics: metrics) {
                try await feedback(req, form, partner: partner, session: session, store: store)
            }
        }
        routes.on(.POST, "partner", "suggestions", body: .collect(maxSize: "16kb")) { req async throws -> Response in
            let (session, partner) = try requirePartner(req)
            try req.requireCSRF(session, try? req.content.get(String.self, at: "csrf"))
            let form = try req.content.decode(SuggestionForm.self)
            return try await recorded(req, session, partner, done: "suggestion", at: "suggestions", reader: reader, store: store, metrics: metrics) {
                try await suggest(form, partner: partner, session: session, store: store).1
            }
        }

        let api = routes.grouped("api", "v1", "partner")
        api.on(.POST, "orders", ":order", "feedback", body: .collect(maxSize: "16kb")) { req async throws -> Response in
            let (session, partner) = try requirePartner(req)
            _ = try await ownOrder(req, partner, store)
            try req.requireCSRF(session, req.headers.first(name: "X-CSRF-Token"))
            let form: FeedbackForm
            do { form = try req.content.decode(FeedbackForm.self) } catch {
                throw FieldError(field: "body", reason: "the body cannot be read (\(RecordController.why(error))); send JSON with score and comment")
            }
            let record = try await feedback(req, form, partner: partner, session: session, store: store)
            metrics.write(record.kind)
            return try APIController.json(RecordController.Recorded(id: req.parameters.get("order") ?? "", version: record.version, summary: record.summary))
        }
        api.get("suggestions") { req async throws -> Response in
            let (_, partner) = try requirePartner(req)
            return try APIController.json(try await store.partnerSuggestions(partner).map(SuggestionJSON.init))
        }
        api.on(.POST, "suggestions", body: .collect(maxSize: "16kb")) { req async throws -> Response in
            let (session, partner) = try requirePartner(req)
            try req.requireCSRF(session, req.headers.first(name: "X-CSRF-Token"))
            let form: SuggestionForm
            do { form = try req.content.decode(SuggestionForm.self) } catch {
                throw FieldError(field: "body", reason: "the body cannot be read (\(RecordController.why(error))); send JSON with title")
            }
            let (id, record) = try await suggest(form, partner: partner, session: session, store: store)
            metrics.write(record.kind)
            return try APIController.json(RecordController.Recorded(id: id.rawValue, version: record.version, summary: record.summary), status: .created)
        }
    }

    /// A partner's form post: the write lands the partner back on its page with
    /// a thank-you (`done`, at the section `anchor`), or a refused field shows
    /// there, named, with nothing written.
    static func recorded(_ req: Request, _ session: SignedIn, _ partner: PartnerID, done: String, at anchor: String,
                         reader: OfficeReader, store: Store, metrics: OfficeMetrics, _ write: () async throws -> WriteRecord) async throws -> Response {
        do {
            metrics.write(try await write().kind)
        } catch let e as FieldError {
            return try await page(session, partner, reader: reader, store: store, preview: false, problem: "\(e.field): \(e.reason)", status: .badRequest)
        }
        return req.redirect(to: "/partner?done=\(done)#\(anchor)", redirectType: .normal)
    }

    /// Only a partner's own account records as that partner; the office's people answer for themselves elsewhere.
    static func requirePartner(_ req: Request) throws -> (SignedIn, PartnerID) {
        guard let s = req.signedIn else { throw Abort(.unauthorized, reason: "sign in first") }
        guard s.account.role == .partner, let id = s.account.partner else {
            throw Abort(.forbidden, reason: "only a partner's own account gives feedback and suggestions as that partner")
        }
        return (s, id)
    }

    static func page(_ session: SignedIn, _ id: PartnerID, reader: OfficeReader, store: Store, preview: Bool,
                     notice: String? = nil, problem: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        guard let share = try await reader.current().snapshot.share(of: id, days: horizonDays) else {
            throw Abort(.notFound, reason: preview ? "there is no partner with that id" : "your organization is not in this office's data any more; ask the learning office")
        }
        let suggestions = try await store.partnerSuggestions(id)
        let invitations = try await invitations(share, store: store)
        return DashboardController.html(PartnerView.render(share, suggestions: suggestions, invitations: invitations, office: await reader.officeName, session: session, preview: preview,
                                                           notice: notice, problem: problem), status: status)
    }

    struct FeedbackForm: Content {
        var score: String?
        var comment: String?

        /// A form sends the score as text, a script as a number: both are read.
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let n = try? c.decodeIfPresent(Int.self, forKey: .score) { score = String(n) } else { score = try c.decodeIfPresent(String.self, forKey: .score) }
            comment = try c.decodeIfPresent(String.self, forKey: .comment)
        }
    }

    struct SuggestionForm: Content {
        var title: String?
    }

    static func feedback(_ req: Request, _ f: FeedbackForm, partner: PartnerID, session: SignedIn, store: Store) async throws -> WriteRecord {
        let order = try await ownOrder(req, partner, store)
        guard let text = f.score, let score = Int(text), (1...5).contains(score) else {
            throw FieldError(field: "score", reason: "a score from 1 (poor) to 5 (excellent), not '\((f.score ?? "").prefix(20))'")
        }
        let comment: String
        do { comment = try commentLimit.check(f.comment ?? "", multiline: true) } catch { throw FieldError(field: "comment", reason: "\(error)") }
        do {
            return try await store.recordPartnerFeedback(order: order, partner: partner, score: score, comment: comment, at: Date(),
                                                         by: session.account.email)
        } catch let e as PartnerRefusal {
            throw Abort(e.kind == .notFound ? .notFound : .conflict, reason: e.reason)
        }
    }

    /// The order in the path, when it is the partner's own: asked before the form is read, so
    /// another partner learns nothing of it, not even which fields it got wrong.
    static func ownOrder(_ req: Request, _ partner: PartnerID, _ store: Store) async throws -> OrderID {
        let raw = req.parameters.get("order") ?? ""
        guard raw.count <= 200, try await store.isOrder(OrderID(rawValue: raw), of: partner) else {
            throw Abort(.notFound, reason: "there is no order \(raw.prefix(60)) among your orders")
        }
        return OrderID(rawValue: raw)
    }

    static func suggest(_ f: SuggestionForm, partner: PartnerID, session: SignedIn, store: Store) async throws -> (KnowledgeItemID, WriteRecord) {
        let title: String
        do { title = try suggestionLimit.check(f.title ?? "", multiline: false) } catch { throw FieldError(field: "title", reason: "\(error)") }
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw FieldError(field: "title", reason: "say in a few words what you suggest") }
        do { return try await store.recordPartnerSuggestion(title, partner: partner, at: Date(), by: session.account.email) } catch let e as PartnerRefusal {
            throw Abort(e.kind == .notFound ? .notFound : .conflict, reason: e.reason)
        }
    }

    /// A suggestion as its partner sees it: the stages so far and the standards made from it.
    struct SuggestionJSON: Encodable {
        struct Step: Encodable { var stage: String; var date: Date }
        struct Made: Encodable { var id: String; var name: String; var status: String }
        var id: String
        var title: String
        var stage: String
        var acquired: Date
        var history: [Step]
        var standards: [Made]

        init(_ s: PartnerSuggestion) {
            id = s.item.id.rawValue
            title = s.item.title
            stage = s.item.stage.rawValue
            acquired = s.item.acquiredAt
            history = s.item.history.map { Step(stage: $0.stage.rawValue, date: $0.date) }
            standards = s.standards.map { Made(id: $0.id.rawValue, name: $0.name, status: $0.status.rawValue) }
        }
    }
}
