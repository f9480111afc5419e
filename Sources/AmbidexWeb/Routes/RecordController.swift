import AmbidexCore
import AmbidexStore
import Foundation
import Vapor

/// Writes through HTTP: for now a reflection, the most frequent thing an
/// office records. The write goes straight to the store's write API (one
/// transaction, the domain's rules first); the answer carries the new version,
/// and every server's next page shows the change.
enum RecordController {
    static let summaryLimit = TextLimit("summary", characters: 2_000)

    static func register(on routes: any RoutesBuilder, store: Store, metrics: OfficeMetrics) {
        routes.grouped("api").on(.POST, "reflections", body: .collect(maxSize: "64kb")) { req async throws -> Response in
            let session = try req.requireOfficeAPI()
            try req.requireCSRF(session, req.headers.first(name: "X-CSRF-Token"))
            let input: ReflectionInput
            do { input = try req.content.decode(ReflectionInput.self) } catch {
                throw Abort(.badRequest, reason: "the body is not a reflection (\(Self.why(error))); send JSON with mode, trigger, actionLevel, logic, date, summary, units, orders")
            }
            let reflection = try input.reflection()
            let record: WriteRecord
            do { record = try await store.recordReflection(reflection, by: session.account.email) } catch let e as StoreError {
                throw Abort(.unprocessableEntity, reason: e.description)
            }
            metrics.write(record.kind)
            return try APIController.json(Recorded(id: reflection.id.rawValue, version: record.version, summary: record.summary), status: .created)
        }
    }

    /// Where a body failed to decode, in a few words.
    static func why(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _): "\(key.stringValue) is missing"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): "\(c.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
        case .dataCorrupted: "it is not valid JSON"
        default: "it is not JSON"
        }
    }

    struct Recorded: Encodable {
        var id: String
        var version: Int64
        var summary: String
    }

    /// A reflection as a script sends it; every field checked before anything is written.
    struct ReflectionInput: Content {
        var id: String?
        var mode: String
        var trigger: String
        var actionLevel: String
        var logic: String
        /// `YYYY-MM-DD` or an ISO 8601 time.
        var date: String
        var summary: String
        var units: [String]
        var partners: [String]?
        var orders: [String]
        var phase: String?

        func reflection() throws -> Reflection {
            func pick<E: RawRepresentable & CaseIterable>(_ raw: String, _ field: String, _: E.Type) throws -> E where E.RawValue == String {
                guard let v = E(rawValue: raw) else {
                    throw Abort(.badRequest, reason: "\(field) must be one of \(E.allCases.map(\.rawValue).joined(separator: ", ")), not '\(raw.prefix(40))'")
                }
                return v
            }
            func ids(_ list: [String], _ field: String) throws -> [String] {
                guard list.count <= 200 else { throw Abort(.badRequest, reason: "\(field) names \(list.count) ids; at most 200") }
                for id in list where id.isEmpty || id.count > 60 || id.contains(where: { $0.isNewline || $0.isWhitespace && $0 != " " }) {
                    throw Abort(.badRequest, reason: "\(field) holds an id that is empty, longer than 60 characters or has control characters")
                }
                return list
            }
            guard let day = Self.date(date) else { throw Abort(.badRequest, reason: "date must be YYYY-MM-DD or an ISO 8601 time, not '\(date.prefix(40))'") }
            let text: String
            do { text = try RecordController.summaryLimit.check(summary, multiline: true) } catch { throw Abort(.badRequest, reason: "\(error)") }
            let rid = try id.map { try ids([$0], "id")[0] } ?? "R-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            let mode = try pick(mode, "mode", Reflection.Mode.self), trigger = try pick(trigger, "trigger", Trigger.self)
            let level = try pick(actionLevel, "actionLevel", ActionLevel.self), logic = try pick(logic, "logic", LearningLogic.self)
            let unitIDs = Set(try ids(units, "units").map { UnitID(rawValue: $0) })
            let partnerIDs = Set(try ids(partners ?? [], "partners").map { PartnerID(rawValue: $0) })
            let orderIDs = try ids(orders, "orders").map { OrderID(rawValue: $0) }
            do {
                return try Reflection(id: ReflectionID(rawValue: rid), mode: mode, trigger: trigger, actionLevel: level, logic: logic, date: day,
                                      summary: text, units: unitIDs, partners: partnerIDs, orders: orderIDs, phase: phase.map { Stage(rawValue: $0) })
            } catch {
                throw Abort(.unprocessableEntity, reason: "\(error)")
            }
        }

        static func date(_ text: String) -> Date? {
            if let d = try? Date(text, strategy: .iso8601) { return d }
            return try? Date(text + "T00:00:00Z", strategy: .iso8601)
        }
    }
}
