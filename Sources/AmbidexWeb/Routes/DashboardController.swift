import AmbidexCore
import AmbidexStore
import Vapor

/// The dashboard page: a thin route that builds the model and renders the view.
enum DashboardController {
    static func register(on routes: any RoutesBuilder, reader: OfficeReader) {
        routes.get { req async throws -> Response in
            let session = try req.requireOffice()
            let page = try await reader.dashboard(horizonDays: 14)
            var model = page.model
            model.live.behind = page.freshness.behind
            model.live.writes = try await reader.store.latestWrites(limit: 8).map {
                .init(at: $0.at.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false)), who: $0.account ?? "command line",
                      summary: $0.summary)
            }
            return html(DashboardView.render(model, session: session, evidence: page.evidence))
        }
    }

    static func html(_ body: String, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: body))
    }
}
