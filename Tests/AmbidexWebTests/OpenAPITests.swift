import AmbidexCore
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// The OpenAPI document describes exactly the routes under /api/v1, no more, no fewer;
/// schemathesis (in CI) then checks the answers against it.
@Suite("The OpenAPI document", .serialized)
struct OpenAPITests {
    @Test("every route under /api/v1 is in the document and every path of the document is a route; it is valid JSON and OpenAPI 3.1")
    func matchesRoutes() async throws {
        try await APITokenTests.withServer(.sqlite) { _, app, _ in
            let (status, body) = try await APITokenTests.status(app, .GET, "/api/v1/openapi.json", [:])
            #expect(status == .ok)
            let doc = try RetrospectiveTests.json(body)
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, ops) in paths { for method in ops.keys { documented.insert("\(method.uppercased()) \(path)") } }
            var served = Set<String>()
            for route in app.routes.all {
                let template = "/" + route.path.map { c -> String in
                    let d = c.description
                    return d.hasPrefix(":") ? "{\(d.dropFirst())}" : d
                }.joined(separator: "/")
                guard template.hasPrefix("/api/v1/") else { continue }
                served.insert("\(route.method.rawValue) \(template)")
            }
            #expect(served.subtracting(documented).isEmpty, "served but not described: \(served.subtracting(documented).sorted())")
            #expect(documented.subtracting(served).isEmpty, "described but not served: \(documented.subtracting(served).sorted())")
            // Every $ref names a schema the document has.
            let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let refs = body.components(separatedBy: "\"$ref\":\"#/components/schemas/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(!refs.isEmpty && refs.allSatisfy { schemas[$0] != nil })
            // Operation ids are unique.
            let ids = paths.values.flatMap { $0.values.compactMap { ($0 as? [String: Any])?["operationId"] as? String } }
            #expect(Set(ids).count == ids.count)
        }
    }
}
