import AmbidexCore
import Vapor

/// JSON for tools and scripts: the same evidence and schedule the page shows.
enum APIController {
    static func register(on routes: any RoutesBuilder, state: OfficeState) {
        let api = routes.grouped("api")
        api.get("report") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            return try json(await state.report)
        }
        api.get("schedule") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let days = try req.query.decode(ScheduleQuery.self).days ?? 14
            guard (1...366).contains(days) else { throw Abort(.badRequest, reason: "days must be between 1 and 366, not \(days)") }
            return try json(await state.schedule(days: days))
        }
        api.get("session") { req async throws -> Response in
            guard let s = req.signedIn else { throw Abort(.unauthorized, reason: "nobody is signed in; POST /login first") }
            return try json(SessionState(email: s.account.email, name: s.account.name, role: s.account.role.rawValue, csrf: s.csrfToken))
        }
    }

    /// Who is signed in, and the token a script sends in `X-CSRF-Token` with a change.
    struct SessionState: Encodable {
        var email: String
        var name: String
        var role: String
        var csrf: String
    }

    struct ScheduleQuery: Content {
        var days: Int?
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: try encoder.encode(value)))
    }
}
