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
                    guard let id = try await runs.start(work, name: name, account: session.account.email) else {
                        return try await again(["the lab is running \(runs.capacity) experiments already; try again when one has finished"], status: .tooManyRequests)
                    }
                    return req.redirect(to: "/lab/experiments/\(id)", redirectType: .normal)
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
            guard let id = try await runs.start(work, name: saved.name + " (again)", account: session.account.email) else {
                throw Abort(.tooManyRequests, reason: "the lab is running \(runs.capacity) experiments already; try again when one has finished")
            }
            return req.redirect(to: "/lab/experiments/\(id)", redirectType: .normal)
        }

        // Leads may delete any experiment, members their own; a running one first has to end.
        routes.post("lab", "experiments", ":id", "delete") { req async throws -> Response in
            let session = try req.requireLab()
            try req.requireCSRF(session, try? req.content.get(String.self, at: "csrf"))
            let saved = try await find(req, store)
            guard mayDelete(saved, session) else { throw Abort(.forbidden, reason: "members may delete only their own experiments") }
            guard saved.status != .running else { throw Abort(.conflict, reason: "the experiment is still running; delete it when it has ended") }
            try await store.deleteExperiment(id: saved.id)
            return req.redirect(to: "/lab", redirectType: .normal)
        }

        routes.get("lab", "experiments", ":id") { req async throws -> Response in
            let session = try req.requireLab()
            let saved = try await find(req, store)
            let work = LabWork(saved: saved.experiment)
            let page = ExperimentPage(office: await office(), session: session, saved: saved, progress: await runs.progress(of: saved.id),
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

    static func mayDelete(_ saved: SavedExperiment, _ session: SignedIn) -> Bool {
        session.account.role == .lead || saved.account == session.account.email
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
