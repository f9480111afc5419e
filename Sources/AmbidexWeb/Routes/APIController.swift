import AmbidexCore
import AmbidexStore
import Foundation
import Vapor

/// JSON for tools and scripts: the same evidence and schedule the page shows.
enum APIController {
    static func register(on routes: any RoutesBuilder, reader: OfficeReader) {
        let api = routes.grouped("api")
        // The report under /api/v1 with the rest of the API; /api/report stays for the scripts that use it.
        for path: [PathComponent] in [["report"], ["v1", "report"]] {
            api.get(path) { req async throws -> Response in
                _ = try req.requireOfficeAPI()
                let (body, fresh) = try await reader.report()
                return json(body, fresh)
            }
        }
        api.get("schedule") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let days = try req.query.decode(ScheduleQuery.self).days ?? 14
            guard (1...OfficeSnapshot.scheduleDays).contains(days) else {
                throw Abort(.badRequest, reason: "days must be between 1 and \(OfficeSnapshot.scheduleDays), not \(days)")
            }
            let (body, fresh) = try await reader.schedule(days: days)
            return json(body, fresh)
        }
        // How current the figures are: a script that wrote waits until `behind` is 0.
        api.get("freshness") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let fresh = try await reader.store.freshness()
            return try json(FreshnessState(office: fresh.office, snapshot: fresh.snapshot, behind: fresh.behind))
        }
        // The API's description: public, it holds nothing of the office.
        api.get("v1", "openapi.json") { _ async throws -> Response in
            var headers = HTTPHeaders()
            headers.contentType = .json
            return Response(status: .ok, headers: headers, body: .init(string: OpenAPIDocument.json))
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

    struct FreshnessState: Encodable {
        var office: Int64
        var snapshot: Int64?
        var behind: Int64
    }

    struct ScheduleQuery: Content {
        var days: Int?
    }

    static func json(_ value: some Encodable, status: HTTPResponseStatus = .ok) throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(data: try encode(value)))
    }

    /// Figures from a snapshot say which version of the office they show, and how many writes they do not show yet.
    static func json(_ body: Data, _ fresh: Freshness) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.add(name: "X-Ambidex-Version", value: "\(fresh.office)")
        headers.add(name: "X-Ambidex-Behind", value: "\(fresh.behind)")
        return Response(status: .ok, headers: headers, body: .init(data: body))
    }

    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }
}
