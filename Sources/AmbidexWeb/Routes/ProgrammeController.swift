import AmbidexCore
import AmbidexStore
import Vapor

/// A lead starts the three-step programme for a network of partners
/// (`PartnerProgramme`): its activities join the schedule and the partners' pages.
enum ProgrammeController {
    static let networkLimit = TextLimit("network", characters: 120)

    static func register(on routes: any RoutesBuilder, reader: OfficeReader, store: Store, metrics: OfficeMetrics, office: @escaping @Sendable () async -> String) {
        routes.get("schedule", "programme") { req async throws -> Response in
            let s = try req.requireLead(api: false, to: "starts a partner programme")
            let (snapshot, _) = try await reader.current()
            return DashboardController.html(ProgrammeView.render(office: await office(), session: s, snapshot: snapshot, form: ProgrammeForm(), problem: nil))
        }
        routes.on(.POST, "schedule", "programme", body: .collect(maxSize: "64kb")) { req async throws -> Response in
            let s = try req.requireLead(api: false, to: "starts a partner programme")
            try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
            let form = try req.content.decode(ProgrammeForm.self)
            let (snapshot, _) = try await reader.current()
            do {
                let (activities, record) = try await start(form, by: s, snapshot: snapshot, store: store)
                metrics.write(record.kind)
                return req.redirect(to: "/schedule?view=month&start=\(activities[0].date.isoDay)", redirectType: .normal)
            } catch let e as FieldError {
                return DashboardController.html(ProgrammeView.render(office: await office(), session: s, snapshot: snapshot, form: form, problem: "\(e.field): \(e.reason)"),
                                                status: .badRequest)
            }
        }
        routes.on(.POST, "api", "v1", "programmes", body: .collect(maxSize: "64kb")) { req async throws -> Response in
            let s = try req.requireLead(api: true, to: "starts a partner programme")
            try req.requireCSRF(s, req.headers.first(name: "X-CSRF-Token"))
            let form: ProgrammeForm
            do { form = try req.content.decode(ProgrammeForm.self) } catch {
                throw FieldError(field: "body", reason: "the body cannot be read (\(RecordController.why(error))); send JSON with network, partners, units and start")
            }
            let (activities, record) = try await start(form, by: s, snapshot: try await reader.current().snapshot, store: store)
            metrics.write(record.kind)
            return try APIController.json(ProgrammeJSON(version: record.version, activities: activities.map(ProgrammeJSON.Activity.init)), status: .created)
        }
    }


    struct ProgrammeForm: Content {
        var network: String?
        var partners: [String]?
        var units: [String]?
        var start: String?
        /// Weeks between the steps; four when absent.
        var weeksApart: String?

        init() {}

        /// A form sends the weeks as text, a script as a number: both are read.
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            network = try c.decodeIfPresent(String.self, forKey: .network)
            partners = try c.decodeIfPresent([String].self, forKey: .partners)
            units = try c.decodeIfPresent([String].self, forKey: .units)
            start = try c.decodeIfPresent(String.self, forKey: .start)
            // Anything else present is kept as text, so the refusal names weeksApart rather than the whole body.
            if let n = try? c.decodeIfPresent(Int.self, forKey: .weeksApart) { weeksApart = String(n) }
            else if let d = try? c.decodeIfPresent(Double.self, forKey: .weeksApart) { weeksApart = String(d) }
            else if let text = try? c.decodeIfPresent(String.self, forKey: .weeksApart) { weeksApart = text }
            else if c.contains(.weeksApart), (try? c.decodeNil(forKey: .weeksApart)) == false { weeksApart = "not a number" }
        }
    }

    static func start(_ f: ProgrammeForm, by s: SignedIn, snapshot: OfficeSnapshot, store: Store) async throws -> ([LearningActivity], WriteRecord) {
        let network: String
        do { network = try networkLimit.check(f.network ?? "") } catch { throw FieldError(field: "network", reason: "\(error)") }
        guard !network.isEmpty else { throw FieldError(field: "network", reason: "name the network (e.g. 'Pump customers in the Nordics')") }
        let partners = f.partners ?? [], units = f.units ?? []
        guard (1...50).contains(partners.count) else { throw FieldError(field: "partners", reason: "choose 1 to 50 partners, not \(partners.count)") }
        guard (1...50).contains(units.count) else { throw FieldError(field: "units", reason: "choose 1 to 50 units of the office, not \(units.count)") }
        let knownPartners = Set(snapshot.partners.map(\.id.rawValue)), knownUnits = Set(snapshot.units.map(\.id.rawValue))
        if let p = partners.first(where: { !knownPartners.contains($0) }) { throw FieldError(field: "partners", reason: "there is no partner '\(p.prefix(60))'") }
        if let u = units.first(where: { !knownUnits.contains($0) }) { throw FieldError(field: "units", reason: "there is no unit '\(u.prefix(60))'") }
        guard let day = try OrdersController.day(f.start, field: "start") else { throw FieldError(field: "start", reason: "say on which day the first step is, as YYYY-MM-DD") }
        guard abs(day.timeIntervalSince(snapshot.asOf)) <= Double(OfficeSnapshot.scheduleDays) * 86_400 else {
            throw FieldError(field: "start", reason: "start must be within a year of the schedule's start, \(snapshot.asOf.isoDay)")
        }
        var weeks = PartnerProgramme.defaultWeeksApart
        if let raw = f.weeksApart?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            guard let n = Int(raw), PartnerProgramme.weeksApartRange.contains(n) else {
                let r = PartnerProgramme.weeksApartRange
                throw FieldError(field: "weeksApart", reason: "the steps are \(r.lowerBound) to \(r.upperBound) weeks apart, not '\(raw.prefix(20))'")
            }
            weeks = n
        }
        let activities: [LearningActivity]
        do {
            activities = try PartnerProgramme.activities(network: network, partners: Set(partners.map(PartnerID.init(rawValue:))),
                                                         units: Set(units.map(UnitID.init(rawValue:))), start: day,
                                                         key: String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10)).lowercased(),
                                                         weeksApart: weeks)
        } catch { throw FieldError(field: "network", reason: "\(error)") }
        do { return (activities, try await store.planProgramme(activities, network: network, by: s.account.email)) } catch let e as PartnerRefusal {
            throw FieldError(field: e.reason.contains("unit") ? "units" : "partners", reason: e.reason)
        }
    }

    struct ProgrammeJSON: Encodable {
        struct Activity: Encodable {
            var id: String, kind: String, date: Date, reason: String, status: String, partners: [String], units: [String]
            init(_ a: LearningActivity) {
                id = a.id.rawValue
                kind = a.kind.rawValue
                date = a.date
                reason = a.reason
                status = a.status.rawValue
                partners = a.partners.map(\.rawValue).sorted()
                units = a.units.map(\.rawValue).sorted()
            }
        }
        var version: Int64
        var activities: [Activity]
    }
}
