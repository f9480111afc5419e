import AmbidexJobs
import AmbidexLab
import AmbidexStore
import Vapor

/// The lab page: set a policy, run it in the background, see the plots, find
/// every saved experiment with its parameters and seed. Signed-in leads and
/// members only; starting a run needs the form's CSRF token.
enum LabController {
    static func register(on routes: any RoutesBuilder, store: Store, worker: JobWorker, office: @escaping @Sendable () async -> String) {
        routes.get("lab") { req async throws -> Response in
            let session = try req.requireLab()
            let list = try await store.experiments()
            let page = LabPage(office: await office(), session: session, experiments: list, fields: [:], problems: [], form: nil)
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
                    let page = LabPage(office: await office(), session: session, experiments: list, fields: fields, problems: problems, form: path)
                    return DashboardController.html(LabView.index(page), status: status)
                }
                switch form(LabForm(fields: fields)) {
                case .failure(let errors):
                    return try await again(errors.messages, status: .badRequest)
                case .success(let (work, name)):
                    switch try await submit(work, name: name, session: session, store: store, worker: worker) {
                    case .success(let id): return req.redirect(to: "/lab/experiments/\(id)", redirectType: .normal)
                    case .failure(let refusal): return try await again([refusal.description], status: .tooManyRequests)
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
            switch try await submit(work, name: name, session: session, store: store, worker: worker) {
            case .success(let id): return req.redirect(to: "/lab/experiments/\(id)", redirectType: .normal)
            case .failure(let refusal): throw Abort(.tooManyRequests, reason: refusal.description)
            }
        }

        // The owner or any lead may stop a run that waits or runs; what it computed so far is not kept.
        routes.post("lab", "experiments", ":id", "cancel") { req async throws -> Response in
            let session = try req.requireLab()
            try req.requireCSRF(session, try? req.content.get(String.self, at: "csrf"))
            let saved = try await cancel(try await find(req, store), by: session, store: store)
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
            let page = ExperimentPage(office: await office(), session: session, saved: saved, place: try await place(of: saved, store),
                                      work: work, outcome: saved.outcome.flatMap { text in work?.outcome(text) })
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
    static func registerAPI(on routes: any RoutesBuilder, store: Store) {
        let experiments = routes.grouped("api", "lab", "experiments")
        experiments.get(":id") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            return try APIController.json(try await ExperimentState(try await find(req, store), store))
        }
        experiments.post(":id", "cancel") { req async throws -> Response in
            let session = try req.requireOfficeAPI()
            try req.requireCSRF(session, req.headers.first(name: "X-CSRF-Token") ?? (try? req.content.get(String.self, at: "csrf")))
            let saved = try await cancel(try await find(req, store), by: session, store: store)
            return try APIController.json(try await ExperimentState(saved, store))
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

        init(_ e: SavedExperiment, _ store: Store) async throws {
            id = e.id; name = e.name; account = e.account; created = e.created; status = e.status.rawValue
            seconds = e.seconds; error = e.error; progress = e.progress
            place = try await LabController.place(of: e, store)
        }
    }

    /// Who may cancel or delete an experiment: whoever started it, and every lead.
    static func mayManage(_ saved: SavedExperiment, _ session: SignedIn) -> Bool {
        session.account.role == .lead || saved.account == session.account.email
    }

    /// Saves the experiment and queues its run; it starts here at once when the deployment has room.
    static func submit(_ work: LabWork, name: String, session: SignedIn, store: Store, worker: JobWorker) async throws -> Result<String, JobRefusal> {
        // 64 random bits: saving replaces by id, so ids must not collide.
        let id = "X-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let saved = SavedExperiment(id: id, name: name, account: session.account.email, created: Date(), experiment: work.encoded)
        switch try await store.submitExperiment(saved, account: session.account.email, limits: worker.settings.limits,
                                                claimFor: await worker.claimant) {
        case .success(let job):
            await worker.adopt(job)
            return .success(id)
        case .failure(let refusal):
            return .failure(refusal)
        }
    }

    /// Cancels a waiting or running experiment, for its page and the API alike, and waits
    /// (briefly) until its worker, in this process or another, has stopped it.
    static func cancel(_ saved: SavedExperiment, by session: SignedIn, store: Store) async throws -> SavedExperiment {
        guard mayManage(saved, session) else { throw Abort(.forbidden, reason: "members may cancel only their own experiments") }
        guard saved.status.isPending else { throw Abort(.conflict, reason: "the experiment has ended (\(saved.status.rawValue)); there is nothing to cancel") }
        if let job = saved.job {
            _ = try await store.requestCancel(job: job, by: session.account.email)
        } else {
            // From before jobs were kept in the store: nothing computes it any more.
            var stale = saved
            stale.status = .cancelled
            stale.error = "cancelled by \(session.account.email)"
            try await store.saveExperiment(stale)
        }
        let deadline = ContinuousClock.now + .seconds(3)
        while ContinuousClock.now < deadline {
            if let now = try await store.experiment(id: saved.id), !now.status.isPending { return now }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await store.experiment(id: saved.id) ?? saved
    }

    static func place(of e: SavedExperiment, _ store: Store) async throws -> Int? {
        guard e.status == .queued, let id = e.job, let job = try await store.job(id: id) else { return nil }
        return try await store.queuePlace(of: job)
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

}
