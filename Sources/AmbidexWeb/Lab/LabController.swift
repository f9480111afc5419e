import AmbidexLab
import AmbidexStore
import Vapor

/// The lab page: set a policy, run it in the background, see the plots, find
/// every saved experiment with its parameters and seed. Signed-in leads and
/// members only; starting a run needs the form's CSRF token.
enum LabController {
    static func register(on routes: any RoutesBuilder, store: Store, runs: LabRuns, office: @escaping @Sendable () async -> String) {
        routes.get("lab") { req async throws -> Response in
            let session = try req.requireLab()
            let list = try await store.experiments()
            let page = LabPage(office: await office(), session: session, experiments: list,
                               progress: await progress(of: list, runs), fields: [:], problems: [], form: nil)
            return DashboardController.html(LabView.index(page))
        }

        // Both forms post here and there: a COBC experiment, or one of March's figures.
        for (path, form) in [("experiments", LabForm.cobc), ("march", LabForm.marchWork)] {
            routes.post("lab", .constant(path)) { req async throws -> Response in
                let session = try req.requireLab()
                let fields = try req.content.decode([String: String].self)
                try req.requireCSRF(session, fields["csrf"])
                func again(_ problems: [String], status: HTTPResponseStatus) async throws -> Response {
                    let list = try await store.experiments()
                    let page = LabPage(office: await office(), session: session, experiments: list, progress: await progress(of: list, runs),
                                       fields: fields, problems: problems, form: path)
                    return DashboardController.html(LabView.index(page), status: status)
                }
                switch form(LabForm(fields: fields)) {
                case .failure(let errors):
                    return try await again(errors.messages, status: .badRequest)
                case .success(let (work, name)):
                    switch try await runs.submit(work, name: name, account: session.account.email) {
                    case .success(let id): return req.redirect(to: "/lab/experiments/\(id)", redirectType: .normal)
                    case .failure(let refusal): return try await again([refusal.reason], status: .tooManyRequests)
                    }
                }
            }
        }

        // Anyone may repeat a saved experiment: same policies, runs, periods and seed, so the same figures.
        routes.post("lab", "experiments", ":id", "rerun") { req async throws -> Response in
            let session = try req.requireLab()
            try req.requireCSRF(session, try? req.content.get(String.self, at: "csrf"))
            let saved = try await find(req, store)
            guard let work = LabWork(saved: saved.experiment) else {
                throw Abort(.unprocessableEntity, reason: "the saved parameters of this experiment can no longer be read")
            }
            let name = String((saved.name + " (again)").suffix(LabForm.nameLimit.characters))
            switch try await runs.submit(work, name: name, account: session.account.email) {
            case .success(let id): return req.redirect(to: "/lab/experiments/\(id)", redirectType: .normal)
            case .failure(let refusal): throw Abort(.tooManyRequests, reason: refusal.reason)
            }
        }

        // The owner or any lead may stop a run that waits or runs; what it computed so far is not kept.
        routes.post("lab", "experiments", ":id", "cancel") { req async throws -> Response in
            let session = try req.requireLab()
            try req.requireCSRF(session, try? req.content.get(String.self, at: "csrf"))
            let saved = try await cancel(try await find(req, store), by: session, store: store, runs: runs)
            return req.redirect(to: "/lab/experiments/\(saved.id)", redirectType: .normal)
        }

        // Leads may delete any experiment, members their own; a running one first has to end.
        routes.post("lab", "experiments", ":id", "delete") { req async throws -> Response in
            let session = try req.requireLab()
            try req.requireCSRF(session, try? req.content.get(String.self, at: "csrf"))
            let saved = try await find(req, store)
            guard mayManage(saved, session) else { throw Abort(.forbidden, reason: "members may delete only their own experiments") }
            guard !saved.status.isPending else {
                throw Abort(.conflict, reason: "the experiment is still \(saved.status.rawValue); cancel it or delete it when it has ended")
            }
            try await store.deleteExperiment(id: saved.id)
            return req.redirect(to: "/lab", redirectType: .normal)
        }

        routes.get("lab", "experiments", ":id") { req async throws -> Response in
            let session = try req.requireLab()
            let saved = try await find(req, store)
            let work = LabWork(saved: saved.experiment)
            let page = ExperimentPage(office: await office(), session: session, saved: saved, progress: await runs.progress(of: saved.id),
                                      place: await runs.place(of: saved.id), work: work, outcome: saved.outcome.flatMap { text in work?.outcome(text) })
            return DashboardController.html(LabView.experiment(page))
        }

        routes.get("lab", "experiments", ":id", "outcome.csv") { req async throws -> Response in
            _ = try req.requireLab()
            let saved = try await find(req, store)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
            headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(saved.id).csv\"")
            return Response(status: .ok, headers: headers, body: .init(string: try csv(saved)))
        }

        routes.get("lab", "experiments", ":id", "outcome.json") { req async throws -> Response in
            _ = try req.requireLab()
            let saved = try await find(req, store)
            guard let outcome = saved.outcome else { throw Abort(.conflict, reason: "experiment \(saved.id) has no outcome (it is \(saved.status.rawValue))") }
            var headers = HTTPHeaders()
            headers.contentType = .json
            return Response(status: .ok, headers: headers, body: .init(string: outcome))
        }
    }

    /// The same for scripts: an experiment's state, and cancelling it with the session's
    /// CSRF token in `X-CSRF-Token` (from `GET /api/session`).
    static func registerAPI(on routes: any RoutesBuilder, store: Store, runs: LabRuns) {
        let experiments = routes.grouped("api", "lab", "experiments")
        experiments.get(":id") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            return try APIController.json(await ExperimentState(try await find(req, store), runs))
        }
        experiments.post(":id", "cancel") { req async throws -> Response in
            let session = try req.requireOfficeAPI()
            try req.requireCSRF(session, req.headers.first(name: "X-CSRF-Token") ?? (try? req.content.get(String.self, at: "csrf")))
            let saved = try await cancel(try await find(req, store), by: session, store: store, runs: runs)
            return try APIController.json(await ExperimentState(saved, runs))
        }
    }

    /// An experiment as `/api/lab/experiments/:id` gives it.
    struct ExperimentState: Encodable {
        var id: String
        var name: String
        var account: String
        var created: Date
        var status: String
        /// 0…1 while it runs.
        var progress: Double?
        /// 1 for the next to start, while it waits.
        var place: Int?
        var seconds: Double?
        var error: String?

        init(_ e: SavedExperiment, _ runs: LabRuns) async {
            id = e.id; name = e.name; account = e.account; created = e.created; status = e.status.rawValue
            seconds = e.seconds; error = e.error
            progress = e.status == .running ? await runs.progress(of: e.id) : nil
            place = e.status == .queued ? await runs.place(of: e.id) : nil
        }
    }

    /// Who may cancel or delete an experiment: whoever started it, and every lead.
    static func mayManage(_ saved: SavedExperiment, _ session: SignedIn) -> Bool {
        session.account.role == .lead || saved.account == session.account.email
    }

    /// Cancels a waiting or running experiment, for its page and the API alike.
    static func cancel(_ saved: SavedExperiment, by session: SignedIn, store: Store, runs: LabRuns) async throws -> SavedExperiment {
        guard mayManage(saved, session) else { throw Abort(.forbidden, reason: "members may cancel only their own experiments") }
        guard saved.status.isPending else { throw Abort(.conflict, reason: "the experiment has ended (\(saved.status.rawValue)); there is nothing to cancel") }
        if try await !runs.cancel(saved.id, by: session.account.email) {
            // Pending in the store but not in this process: nothing computes it any more.
            var stale = saved
            stale.status = .cancelled
            stale.error = "cancelled by \(session.account.email)"
            try await store.saveExperiment(stale)
        }
        await runs.settle(saved.id)
        return try await store.experiment(id: saved.id) ?? saved
    }

    static func csv(_ saved: SavedExperiment) throws -> String {
        guard let text = saved.outcome else { throw Abort(.conflict, reason: "experiment \(saved.id) has no outcome (it is \(saved.status.rawValue))") }
        switch LabWork(saved: saved.experiment)?.outcome(text) {
        case .cobc(let o): return LabCSV.cobc(o)
        case .march(let r): return LabCSV.march(r)
        case nil: throw Abort(.unprocessableEntity, reason: "the saved outcome of this experiment can no longer be read")
        }
    }

    static func find(_ req: Request, _ store: Store) async throws -> SavedExperiment {
        let id = req.parameters.get("id") ?? ""
        guard id.count <= 40, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), let saved = try await store.experiment(id: id) else {
            throw Abort(.notFound, reason: "there is no saved experiment with that id")
        }
        return saved
    }

    static func progress(of list: [SavedExperiment], _ runs: LabRuns) async -> [String: Double] {
        var result: [String: Double] = [:]
        for e in list where e.status == .running { result[e.id] = await runs.progress(of: e.id) }
        return result
    }
}
