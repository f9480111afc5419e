import AmbidexCore
import AmbidexStore
import Vapor

/// The office's order fulfilment mined per delivery strategy: the DFG, the
/// variants, the durations, the hand-over between front and back office, and
/// the standardization candidates. Read from the snapshot like the dashboard:
/// a page draws at most the edges asked for, it never mines.
enum MiningController {
    enum View: String, CaseIterable {
        case frequency, performance
    }

    /// What the strategy page was asked to draw.
    struct Drawing {
        var view: View
        var edges: Int
    }

    static func register(on routes: any RoutesBuilder, reader: OfficeReader) {
        routes.get("mining") { req async throws -> Response in
            let s = try req.requireOffice()
            let (snapshot, _) = try await reader.current()
            return DashboardController.html(MiningView.render(office: snapshot.name, session: s, snapshot: snapshot))
        }
        // A log's name is any file name: a query parameter, not a path segment.
        routes.get("mining", "log") { req async throws -> Response in
            let s = try req.requireOffice()
            let (snapshot, _) = try await reader.current()
            let log = try findLog(req, in: snapshot)
            return DashboardController.html(LogMiningView.render(office: snapshot.name, session: s, log: log, drawing: try drawing(req, log.mined)))
        }
        routes.get("mining", ":strategy") { req async throws -> Response in
            let s = try req.requireOffice()
            let (snapshot, _) = try await reader.current()
            let mined = try find(req, in: snapshot)
            let drawing = try drawing(req, mined)
            var compared: StandardChange?
            if let raw = req.query[String.self, at: "standard"], !raw.isEmpty {
                guard let c = snapshot.mining?.standards.first(where: { $0.standard.rawValue == raw && $0.strategy == mined.strategy }) else {
                    throw Abort(.notFound, reason: "there is no before and after for standard '\(raw.prefix(60))' on \(mined.strategy.code) orders")
                }
                compared = c
            }
            return DashboardController.html(StrategyMiningView.render(office: snapshot.name, session: s, snapshot: snapshot, mined: mined, drawing: drawing,
                                                                      compared: compared))
        }
        routes.get("assets", "mining.js") { _ async throws -> Response in
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/javascript; charset=utf-8")
            return Response(status: .ok, headers: headers, body: .init(string: StrategyMiningView.script))
        }
        let api = routes.grouped("api", "v1", "mining")
        api.get { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let (snapshot, fresh) = try await reader.current()
            let mining = try mined(snapshot)
            return APIController.json(try APIController.encode(MiningJSON(mining)), fresh)
        }
        api.get("logs") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let (snapshot, fresh) = try await reader.current()
            return APIController.json(try APIController.encode(try mined(snapshot).logs.map(LogJSON.init)), fresh)
        }
        api.get("log") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let (snapshot, fresh) = try await reader.current()
            return APIController.json(try APIController.encode(try findLog(req, in: snapshot)), fresh)
        }
        api.get(":strategy", "standards") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let (snapshot, fresh) = try await reader.current()
            let strategy = try find(req, in: snapshot).strategy
            return APIController.json(try APIController.encode(try mined(snapshot).standards.filter { $0.strategy == strategy }), fresh)
        }
        api.get(":strategy") { req async throws -> Response in
            _ = try req.requireOfficeAPI()
            let (snapshot, fresh) = try await reader.current()
            return APIController.json(try APIController.encode(try find(req, in: snapshot)), fresh)
        }
    }

    static func mined(_ snapshot: OfficeSnapshot) throws -> OfficeMining {
        guard let mining = snapshot.mining else {
            throw Abort(.serviceUnavailable, reason: "the orders are mined with the office's next snapshot; ask again in a moment")
        }
        return mining
    }

    static func find(_ req: Request, in snapshot: OfficeSnapshot) throws -> StrategyMining {
        let raw = req.parameters.get("strategy") ?? ""
        guard let strategy = DeliveryStrategy(rawValue: raw) else {
            throw Abort(.notFound, reason: "there is no delivery strategy '\(raw.prefix(40))' (\(DeliveryStrategy.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let mined = try mined(snapshot)[strategy] else {
            throw Abort(.notFound, reason: "the office has no \(strategy.rawValue.uppercased()) orders with events")
        }
        return mined
    }

    static func findLog(_ req: Request, in snapshot: OfficeSnapshot) throws -> LogMining {
        guard let name = req.query[String.self, at: "name"], !name.isEmpty else {
            throw FieldError(field: "name", reason: "name the imported log (?name=orders.xes.gz)")
        }
        guard let log = try mined(snapshot).log(named: name) else {
            throw Abort(.notFound, reason: "no imported log is called '\(name.prefix(80))' (the mining page lists them)")
        }
        return log
    }

    /// `?view=frequency|performance&edges=N`: the edges drawn are the N most frequent (all by default, at most 40 at first).
    static func drawing(_ req: Request, _ mined: StrategyMining) throws -> Drawing {
        let view: View
        if let raw = req.query[String.self, at: "view"], !raw.isEmpty {
            guard let v = View(rawValue: raw) else { throw Abort(.badRequest, reason: "view must be frequency or performance, not '\(raw.prefix(40))'") }
            view = v
        } else {
            view = .frequency
        }
        let most = max(mined.edges.count, 1)
        var edges = min(most, 40)
        if let raw = req.query[String.self, at: "edges"], !raw.isEmpty {
            guard let n = Int(raw), (1...most).contains(n) else {
                throw Abort(.badRequest, reason: "edges must be a whole number from 1 to \(most), not '\(raw.prefix(40))'")
            }
            edges = n
        }
        return Drawing(view: view, edges: edges)
    }
}

/// `/api/v1/mining`: each strategy in brief, and the candidates.
struct MiningJSON: Encodable {
    struct Strategy: Encodable {
        var strategy: DeliveryStrategy
        var orders: Int
        var events: Int
        var activities: Int
        var variants: Int
        var medianDays: Double?
        var openOrders: Int
        /// Share of hand-overs between front and back office.
        var crossingShare: Double
    }

    var strategies: [Strategy]
    var candidates: [StandardizationCandidate]

    init(_ m: OfficeMining) {
        strategies = m.strategies.map {
            Strategy(strategy: $0.strategy, orders: $0.orders, events: $0.events, activities: $0.activities.count, variants: $0.variantCount,
                     medianDays: $0.durations.median, openOrders: $0.durations.open, crossingShare: $0.crossingShare)
        }
        candidates = m.candidates
    }
}

/// An imported log in brief, as `/api/v1/mining/logs` lists it.
struct LogJSON: Encodable {
    var log: String
    var strategies: [String: Int]
    var orders: Int
    var events: Int
    var variants: Int
    var medianDays: Double?
    var openOrders: Int
    var crossingShare: Double

    init(_ l: LogMining) {
        log = l.log; strategies = l.strategies; orders = l.mined.orders; events = l.mined.events; variants = l.mined.variantCount
        medianDays = l.mined.durations.median; openOrders = l.mined.durations.open; crossingShare = l.mined.crossingShare
    }
}
