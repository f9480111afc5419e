import AmbidexCore
import AmbidexStore
import Vapor

/// The units: each one's ambidexterity over time, how its role and priorities
/// varied across its orders, and the knowledge that flowed into and out of it.
/// Read from the snapshot, like the dashboard: a page costs a lookup, not a
/// computation over the office.
enum UnitsController {
    static func register(on routes: any RoutesBuilder, reader: OfficeReader) {
        routes.get("units") { req async throws -> Response in
            let s = try req.requireOffice()
            let (snapshot, _) = try await reader.current()
            return DashboardController.html(UnitsView.render(office: snapshot.name, session: s, snapshot: snapshot))
        }
        routes.get("units", ":unit") { req async throws -> Response in
            let s = try req.requireOffice()
            let (snapshot, _) = try await reader.current()
            let (unit, learning) = try find(req, in: snapshot)
            return DashboardController.html(UnitView.render(office: snapshot.name, session: s, snapshot: snapshot, unit: unit, learning: learning))
        }
        let api = routes.grouped("api", "v1", "units")
        api.get { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let (snapshot, fresh) = try await reader.current()
            let list = zip(snapshot.units, snapshot.unitLearning).map { UnitJSON.Summary(unit: $0, learning: $1) }
            return APIController.json(try APIController.encode(list), fresh)
        }
        api.get(":unit") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let (snapshot, fresh) = try await reader.current()
            let (unit, learning) = try find(req, in: snapshot)
            return APIController.json(try APIController.encode(UnitJSON(unit: unit, learning: learning, snapshot: snapshot)), fresh)
        }
    }

    static func find(_ req: Request, in snapshot: OfficeSnapshot) throws -> (AmbidexCore.Unit, UnitLearning) {
        let raw = req.parameters.get("unit") ?? ""
        guard raw.count <= 200, let i = snapshot.units.firstIndex(where: { $0.id.rawValue == raw }), i < snapshot.unitLearning.count else {
            throw Abort(.notFound, reason: "there is no unit '\(raw.prefix(60))'")
        }
        return (snapshot.units[i], snapshot.unitLearning[i])
    }
}
