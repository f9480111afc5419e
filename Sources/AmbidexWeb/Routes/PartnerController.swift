import AmbidexCore
import AmbidexStore
import Vapor

/// What a customer or supplier sees: only `PartnerShare`, never the office's
/// evidence. Leads and members can open any partner's page to check what is
/// shared before they invite someone.
enum PartnerController {
    static let horizonDays = 30

    static func register(on routes: any RoutesBuilder, reader: OfficeReader) {
        routes.get("partner") { req async throws -> Response in
            let session = try req.requireSignedIn()
            guard session.account.role == .partner, let id = session.account.partner else { throw Abort.redirect(to: "/") }
            guard let share = try await reader.current().snapshot.share(of: id, days: horizonDays) else {
                throw Abort(.notFound, reason: "your organization is not in this office's data any more; ask the learning office")
            }
            return DashboardController.html(PartnerView.render(share, office: await reader.officeName, session: session, preview: false))
        }

        routes.get("partners", ":id") { req async throws -> Response in
            let session = try req.requireOffice()
            let raw = req.parameters.get("id") ?? ""
            guard raw.count <= 60, let share = try await reader.current().snapshot.share(of: PartnerID(rawValue: raw), days: horizonDays) else {
                throw Abort(.notFound, reason: "there is no partner with that id")
            }
            return DashboardController.html(PartnerView.render(share, office: await reader.officeName, session: session, preview: true))
        }
    }
}
