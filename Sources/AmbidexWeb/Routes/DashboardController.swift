import AmbidexCore
import AmbidexStore
import Vapor

/// The dashboard page: a thin route that builds the model and renders the view.
enum DashboardController {
    static func register(on routes: any RoutesBuilder, state: OfficeState) {
        routes.get { req async throws -> Response in
            let session = try req.requireOffice()
            let model = await DashboardModel.make(state, horizonDays: 14)
            return html(DashboardView.render(model, session: session))
        }
    }

    static func html(_ body: String, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: body))
    }
}
