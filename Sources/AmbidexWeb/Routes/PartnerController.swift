import AmbidexCore
import AmbidexStore
import Vapor

/// What a customer or supplier sees: only `PartnerShare`, never the office's
/// evidence. Leads and members can open any partner's page to check what is
/// shared before they invite someone.
enum PartnerController {
    static let horizonDays = 30

    static func register(on routes: any RoutesBuilder, state: OfficeState) {
        routes.get("partner") { req async throws -> Response in
            let session = try req.requireSignedIn()
            guard session.account.role == .partner, let id = session.account.partner else { throw Abort.redirect(to: "/") }
            guard let share = await share(state, id) else {
                throw Abort(.notFound, reason: "your organization is not in this office's data any more; ask the learning office")
            }
            return DashboardController.html(PartnerView.render(share, office: await state.office.name, session: session, preview: false))
        }

        routes.get("partners", ":id") { req async throws -> Response in
            let session = try req.requireOffice()
            let raw = req.parameters.get("id") ?? ""
            guard raw.count <= 60, let share = await share(state, PartnerID(rawValue: raw)) else {
                throw Abort(.notFound, reason: "there is no partner with that id")
            }
            return DashboardController.html(PartnerView.render(share, office: await state.office.name, session: session, preview: true))
        }
    }

    static func share(_ state: OfficeState, _ id: PartnerID) async -> PartnerShare? {
        PartnerShare(office: await state.office, partner: id, upcoming: await state.schedule(days: horizonDays))
    }
}
