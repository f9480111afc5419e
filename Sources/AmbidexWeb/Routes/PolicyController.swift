import AmbidexCore
import AmbidexStore
import Foundation
import Vapor

/// The cadence policy's thresholds and cadences in a form (`/schedule/policy`):
/// anyone in the office previews how the next fortnight's schedule would
/// change; a lead saves it (recorded with who and when), and the schedule is
/// planned with it from the next snapshot on.
enum PolicyController {
    static func register(on routes: any RoutesBuilder, store: Store, metrics: OfficeMetrics, office: @escaping @Sendable () async -> String) {
        routes.get("schedule", "policy") { req async throws -> Response in
            let s = try req.requireOffice()
            let saved = try await store.cadencePolicy()
            return DashboardController.html(PolicyView.render(office: await office(), session: s, values: PolicyView.values(saved), preview: nil, problem: nil,
                                                              saved: (try? req.query.get(String.self, at: "saved")) != nil))
        }
        routes.on(.POST, "schedule", "policy", body: .collect(maxSize: "32kb")) { req async throws -> Response in
            let s = try req.requireOffice()
            try req.requireCSRF(s, try? req.content.get(String.self, at: "csrf"))
            // Field by field: the strategy lists make the form more than a flat dictionary of strings.
            var fields: [String: String] = [:]
            for key in PolicyView.numberKinds.map(\.0) + ["action"] { fields[key] = try? req.content.get(String.self, at: key) }
            let strategies = Dictionary(uniqueKeysWithValues: PolicyView.strategySets.map { key in (key, (try? req.content.get([String].self, at: key)) ?? []) })
            let values = PolicyView.values(from: fields, strategies: strategies)
            let policy: CadencePolicy
            do { policy = try parse(fields, strategies: strategies) } catch let e as FieldError {
                return DashboardController.html(PolicyView.render(office: await office(), session: s, values: values, preview: nil, problem: "\(e.field): \(e.reason)", saved: false),
                                                status: .badRequest)
            }
            if fields["action"] == "save" {
                guard s.account.role == .lead else { throw Abort(.forbidden, reason: "only a lead changes the cadence policy; preview it freely") }
                let record = try await store.saveCadencePolicy(policy, by: s.account.email)
                metrics.write(record.kind)
                return req.redirect(to: "/schedule/policy?saved=1", redirectType: .normal)
            }
            let (_, officeNow, current, _) = try await store.snapshotInput()
            let preview = PolicyView.Preview(before: current.schedule(officeNow, from: officeNow.asOf, horizonDays: 14),
                                             after: policy.schedule(officeNow, from: officeNow.asOf, horizonDays: 14), units: officeNow.units)
            return DashboardController.html(PolicyView.render(office: await office(), session: s, values: values, preview: preview, problem: nil, saved: false))
        }
    }

    /// The form's fields as a policy: every number checked, each refusal naming its field.
    static func parse(_ fields: [String: String], strategies: [String: [String]]) throws -> CadencePolicy {
        var json: [String: Any] = [:]
        for (key, kind) in PolicyView.numberKinds {
            guard let raw = fields[key].nonEmpty else { continue }
            switch kind {
            case .integer:
                guard let n = Int(raw), abs(n) <= 100_000 else { throw FieldError(field: key, reason: "\(key) must be a whole number, not '\(raw.prefix(40))'") }
                json[key] = n
            case .decimal:
                guard let d = Double(raw), d.isFinite, abs(d) <= 100_000 else { throw FieldError(field: key, reason: "\(key) must be a number, not '\(raw.prefix(40))'") }
                json[key] = d
            }
        }
        for key in PolicyView.strategySets {
            let list = strategies[key] ?? []
            if let bad = list.first(where: { DeliveryStrategy(rawValue: $0) == nil }) { throw FieldError(field: key, reason: "'\(bad.prefix(40))' is not a delivery strategy") }
            json[key] = list
        }
        let policy: CadencePolicy
        do { policy = try JSONDecoder().decode(CadencePolicy.self, from: JSONSerialization.data(withJSONObject: json)) } catch {
            throw FieldError(field: "policy", reason: "the settings cannot be read together: \(error)")
        }
        do { try policy.validate() } catch {
            let field = PolicyView.numberKinds.map(\.0).first { "\(error)".contains($0) } ?? "policy"
            throw FieldError(field: field, reason: "\(error)")
        }
        return policy
    }
}
