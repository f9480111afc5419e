import AmbidexCore
import AmbidexStore
import Foundation

/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`.
/// `OpenAPITests` checks that every route under `/api/v1` is described here and
/// nothing else is, and CI runs schemathesis against the running server with it.
enum OpenAPIDocument {
    static let json: String = document.text

    // MARK: schema helpers

    static func string(_ description: String? = nil, maxLength: Int? = nil, format: String? = nil) -> JSONValue {
        var p: [(String, JSONValue)] = [("type", "string")]
        if let format { p.append(("format", .string(format))) }
        if let maxLength { p.append(("maxLength", .number(Double(maxLength)))) }
        if let description { p.append(("description", .string(description))) }
        return .object(p)
    }
    static func integer(_ min: Int? = nil, _ max: Int? = nil) -> JSONValue {
        var p: [(String, JSONValue)] = [("type", "integer")]
        if let min { p.append(("minimum", .number(Double(min)))) }
        if let max { p.append(("maximum", .number(Double(max)))) }
        return .object(p)
    }
    static let number: JSONValue = .object([("type", "number")])
    static let boolean: JSONValue = .object([("type", "boolean")])
    static func nullable(_ type: String) -> JSONValue { .object([("type", .array([.string(type), "null"]))]) }
    static func oneOf(_ values: [String]) -> JSONValue { .object([("type", "string"), ("enum", .array(values.map { .string($0) }))]) }
    static func array(_ items: JSONValue, max: Int? = nil) -> JSONValue {
        var p: [(String, JSONValue)] = [("type", "array"), ("items", items)]
        if let max { p.append(("maxItems", .number(Double(max)))) }
        return .object(p)
    }
    static func object(_ properties: [(String, JSONValue)], required: [String] = []) -> JSONValue {
        var p: [(String, JSONValue)] = [("type", "object"), ("properties", .object(properties))]
        if !required.isEmpty { p.append(("required", .array(required.map { .string($0) }))) }
        return .object(p)
    }
    static func ref(_ name: String) -> JSONValue { .object([("$ref", .string("#/components/schemas/\(name)"))]) }
    static let day = string("a day, YYYY-MM-DD", maxLength: 10)

    static func parameter(_ name: String, in place: String, _ schema: JSONValue, required: Bool = false, _ description: String? = nil) -> JSONValue {
        var p: [(String, JSONValue)] = [("name", .string(name)), ("in", .string(place)), ("required", .bool(required || place == "path")), ("schema", schema)]
        if let description { p.append(("description", .string(description))) }
        return .object(p)
    }
    static func id(_ name: String) -> JSONValue { parameter(name, in: "path", string(maxLength: 200)) }

    static func response(_ description: String, _ schema: JSONValue) -> JSONValue {
        .object([("description", .string(description)), ("content", .object([("application/json", .object([("schema", schema)]))]))])
    }

    /// One operation: its answer on success and the refusals it can give (each an `Error`).
    static func operation(_ id: String, _ summary: String, tag: String, parameters: [JSONValue] = [], body: JSONValue? = nil, file: Bool = false,
                          ok: (Int, JSONValue), refusals: [Int]) -> JSONValue {
        var p: [(String, JSONValue)] = [("operationId", .string(id)), ("summary", .string(summary)), ("tags", .array([.string(tag)]))]
        if !parameters.isEmpty { p.append(("parameters", .array(parameters))) }
        if let body {
            p.append(("requestBody", .object([("required", true), ("content", .object([("application/json", .object([("schema", body)]))]))])))
        }
        if file {
            p.append(("requestBody", .object([("required", true), ("content", .object([
                ("application/octet-stream", .object([("schema", .object([("type", "string"), ("format", "binary")]))]))]))])))
        }
        var responses: [(String, JSONValue)] = [(String(ok.0), response("done", ok.1))]
        let why = [400: "a field is refused (the error names it)", 401: "no credentials", 403: "this role may not, or the CSRF token is missing",
                   404: "no such thing", 409: "the change conflicts with the thing's state", 422: "the change breaks a rule of the domain",
                   503: "not computed yet: the office's next snapshot brings it"]
        for code in Set(refusals + [401, 403]).sorted() { responses.append((String(code), response(why[code] ?? "refused", ref("Error")))) }
        p.append(("responses", .object(responses)))
        return .object(p)
    }

    // MARK: schemas

    static let strategies = DeliveryStrategy.allCases.map(\.rawValue)

    static let schemas: [(String, JSONValue)] = [
        ("Error", object([("error", string()), ("field", string())], required: ["error"])),
        ("Recorded", object([("id", string()), ("version", integer()), ("summary", string())], required: ["id", "version", "summary"])),
        ("Order", object([("id", string()), ("customer", string()), ("offering", string()), ("strategy", oneOf(strategies)), ("priority", integer(1, 5)),
                          ("received", string(format: "date-time")), ("due", string(format: "date-time"))],
                         required: ["id", "customer", "offering", "strategy", "priority", "received", "due"])),
        ("OrderList", object([("orders", array(ref("Order"))), ("next", nullable("string"))], required: ["orders"])),
        ("OrderPage", object([("order", .object([("type", "object")])), ("lessons", array(.object([("type", "object")]))),
                              ("history", array(.object([("type", "object")])))], required: ["order", "lessons"])),
        ("KnowledgeBoard", object([("asOf", string()), ("columns", array(object([("stage", string()), ("count", integer(0)), ("stuck", integer(0)),
                                                                                 ("items", array(.object([("type", "object")])))],
                                                                                required: ["stage", "count", "stuck", "items"])))],
                                  required: ["asOf", "columns"])),
        ("Invitation", object([("id", string()), ("kind", string()), ("date", string(format: "date-time")), ("reason", string()), ("status", string()),
                               ("orders", array(string())), ("answer", oneOf(InvitationAnswer.Answer.allCases.map(\.rawValue))), ("note", string()),
                               ("answeredAt", string(format: "date-time")), ("answeredFor", string(format: "date-time"))],
                              required: ["id", "kind", "date", "reason", "status", "orders"])),
        ("InvitationAnswer", object([("partner", string()), ("name", string()), ("answer", oneOf(InvitationAnswer.Answer.allCases.map(\.rawValue))),
                                     ("note", string()), ("answeredAt", string(format: "date-time")), ("answeredFor", string(format: "date-time"))],
                                    required: ["partner", "name"])),
        ("Activity", object([("id", string()), ("kind", string()), ("date", string()), ("reason", string()), ("status", string()),
                             ("units", array(string())), ("orders", array(string()))], required: ["id", "kind", "date", "reason", "status"])),
        ("RetrospectiveSummary", object([("id", string()), ("title", string()), ("template", string()), ("phase", string()),
                                         ("cards", integer(0)), ("openActions", integer(0)), ("actions", integer(0))],
                                        required: ["id", "title", "template", "phase", "cards", "openActions", "actions"])),
        ("Retrospective", object([("id", string()), ("title", string()), ("template", string()), ("phase", oneOf(Retrospective.Phase.allCases.map(\.rawValue))),
                                  ("facilitator", string()), ("revealed", boolean), ("boardVersion", integer()), ("hiddenCards", integer(0)),
                                  ("cards", array(object([("id", string()), ("kind", string()), ("text", string()), ("author", nullable("string")),
                                                          ("mine", boolean), ("votes", integer(0))], required: ["id", "kind", "text", "mine", "votes"]))),
                                  ("topics", array(.object([("type", "object")]))), ("votesLeft", integer()),
                                  ("actions", array(.object([("type", "object")]))), ("review", array(.object([("type", "object")]))),
                                  ("evidence", object([("orders", integer(0)), ("scopeTotal", integer(0)), ("closed", integer(0))], required: ["orders", "scopeTotal", "closed"])),
                                  ("timeline", array(.object([("type", "object")]))), ("moments", array(.object([("type", "object")])))],
                                 required: ["id", "title", "template", "phase", "facilitator", "revealed", "boardVersion", "cards", "evidence", "actions"])),
        ("StandardSummary", object([("id", string()), ("name", string()), ("kind", string()), ("status", oneOf(Standard.Status.allCases.map(\.rawValue))),
                                    ("version", integer(1)), ("applications", integer(0)), ("deviations", integer(0))],
                                   required: ["id", "name", "kind", "status", "version", "applications", "deviations"])),
        ("Standard", object([("id", string()), ("name", string()), ("status", oneOf(Standard.Status.allCases.map(\.rawValue))),
                             ("versions", array(object([("number", integer(1)), ("date", string()), ("note", string()), ("text", nullable("string"))],
                                                       required: ["number", "date", "note"]))),
                             ("latest", array(.object([("type", "object")]))), ("deviations", array(.object([("type", "object")]))),
                             ("history", array(.object([("type", "object")])))], required: ["id", "name", "status", "versions", "history"])),
        ("UnitSummary", object([("id", string()), ("name", string()), ("function", string()), ("orders", integer(0)), ("exploration", number), ("exploitation", number),
                                ("balance", number), ("combined", number), ("judgement", string()), ("roleVariation", number), ("switchRate", number),
                                ("knowledgeOut", integer(0)), ("knowledgeIn", integer(0))],
                               required: ["id", "name", "function", "orders", "knowledgeOut", "knowledgeIn"])),
        ("Feature", object([("name", string()), ("value", string())], required: ["name", "value"])),
        ("Candidate", object([("features", array(ref("Feature"))), ("support", integer(1)), ("supportShare", number), ("confidence", number),
                              ("predicted", ref("Feature")), ("etoOrders", integer(0)), ("orders", array(string()))],
                             required: ["features", "support", "supportShare", "confidence", "etoOrders", "orders"])),
        ("Mining", object([("strategies", array(object([("strategy", oneOf(strategies)), ("orders", integer(0)), ("events", integer(0)),
                                                        ("activities", integer(0)), ("variants", integer(0)), ("medianDays", number),
                                                        ("openOrders", integer(0)), ("crossingShare", number)],
                                                       required: ["strategy", "orders", "events", "activities", "variants", "openOrders", "crossingShare"]))),
                           ("candidates", array(ref("Candidate")))], required: ["strategies", "candidates"])),
        ("Handover", object([("source", string()), ("target", string()), ("count", integer(0)), ("share", number)], required: ["source", "target", "count", "share"])),
        ("StrategyMining", object([
            ("strategy", oneOf(strategies)), ("orders", integer(0)), ("events", integer(0)),
            ("activities", array(object([("name", string()), ("count", integer(0)), ("starts", integer(0)), ("ends", integer(0))],
                                        required: ["name", "count", "starts", "ends"]))),
            ("edges", array(object([("source", string()), ("target", string()), ("count", integer(0)), ("meanSeconds", number), ("medianSeconds", number)],
                                   required: ["source", "target", "count", "meanSeconds", "medianSeconds"]))),
            ("edgeCount", integer(0)),
            ("variants", array(object([("activities", array(string())), ("count", integer(0)), ("medianDays", number), ("orders", array(string()))],
                                      required: ["activities", "count", "orders"]))),
            ("variantCount", integer(0)),
            ("durations", object([("closed", integer(0)), ("open", integer(0)), ("mean", number), ("p10", number), ("median", number), ("p90", number), ("max", number)],
                                 required: ["closed", "open"])),
            ("officeHandover", array(ref("Handover"))), ("unitHandover", array(ref("Handover"))),
            ("rework", array(object([("activity", string()), ("orders", integer(0)), ("repetitions", integer(0))], required: ["activity", "orders", "repetitions"]))),
        ], required: ["strategy", "orders", "events", "activities", "edges", "edgeCount", "variants", "variantCount", "durations", "officeHandover", "unitHandover", "rework"])),
        ("StandardChange", object([("standard", string()), ("name", string()), ("adopted", string(format: "date-time")), ("days", integer(1)),
                                   ("strategy", oneOf(strategies)), ("before", ref("StrategyMining")), ("after", ref("StrategyMining"))],
                                  required: ["standard", "name", "adopted", "days", "strategy", "before", "after"])),
        ("Unit", object([("id", string()), ("name", string()), ("function", string()), ("quarters", array(string())),
                         ("overall", .object([("type", "object")])), ("byStrategy", array(.object([("type", "object")]))),
                         ("byQuarter", array(.object([("type", .array(["object", "null"]))]))), ("roles", array(.object([("type", .array(["object", "null"]))]))),
                         ("flow", object([("unit", string()), ("acquired", integer(0)), ("usedWithin", integer(0)), ("usedByOthers", integer(0)),
                                          ("usedByOthersAcrossOffices", integer(0)), ("usedFromOthers", integer(0)), ("usedFromOthersAcrossOffices", integer(0)),
                                          ("reflections", integer(0)), ("reflectionsBetweenOffices", integer(0)),
                                          ("users", array(.object([("type", "object")]))), ("sources", array(.object([("type", "object")])))],
                                         required: ["unit", "acquired", "usedByOthers", "usedFromOthers", "users", "sources"])),
                         ("names", .object([("type", "object"), ("additionalProperties", string())]))],
                        required: ["id", "name", "function", "quarters", "byStrategy", "byQuarter", "roles", "flow", "names"])),
        ("Suggestion", object([("id", string()), ("title", string()), ("stage", oneOf(AbsorptionStage.allCases.map(\.rawValue))), ("acquired", string(format: "date-time")),
                               ("history", array(object([("stage", string()), ("date", string(format: "date-time"))], required: ["stage", "date"]))),
                               ("standards", array(object([("id", string()), ("name", string()), ("status", string())], required: ["id", "name", "status"])))],
                              required: ["id", "title", "stage", "acquired", "history", "standards"])),
        ("Webhook", object([("id", string()), ("url", string()), ("events", array(oneOf(WebhookEvent.allCases.map(\.rawValue)))), ("createdBy", string()),
                            ("created", string()), ("revoked", nullable("string")), ("secret", string("shown once, when the webhook is made"))],
                           required: ["id", "url", "events", "createdBy", "created"])),
        ("Import", object([("id", string()), ("file", string()), ("size", integer(0)), ("account", string()), ("created", string(format: "date-time")),
                           ("status", oneOf(OrderImport.Status.allCases.map(\.rawValue))), ("progress", nullable("number")), ("error", nullable("string")),
                           ("fileHeld", .object([("type", "boolean")])), ("suggestion", string("the suggested mapping file, each guess explained")),
                           ("mapping", string("the mapping file as last checked")),
                           ("preview", .object([("type", .array(["object", "null"])),
                                                ("description", "what the mapping makes of the log, and what of it is new to the store")])),
                           ("result", .object([("type", .array(["object", "null"])), ("description", "what the import wrote")]))],
                          required: ["id", "file", "size", "account", "created", "status", "fileHeld", "suggestion", "mapping"])),
        ("LogMining", object([("log", string()), ("strategies", .object([("type", "object"), ("additionalProperties", integer(0))])),
                              ("orders", integer(0)), ("events", integer(0)), ("variants", integer(0)), ("medianDays", nullable("number")),
                              ("openOrders", integer(0)), ("crossingShare", .object([("type", "number")]))],
                             required: ["log", "strategies", "orders", "events", "variants", "openOrders", "crossingShare"])),
        ("Delivery", object([("id", string()), ("event", string()), ("subject", string()), ("status", oneOf(["pending", "delivered", "failed"])),
                             ("attempts", integer(0)), ("lastCode", nullable("integer")), ("lastError", nullable("string"))],
                            required: ["id", "event", "subject", "status", "attempts"])),
    ]

    // MARK: paths

    static let orderQuery: [JSONValue] = [
        parameter("strategy", in: "query", oneOf(strategies)), parameter("partner", in: "query", string(maxLength: 200)),
        parameter("unit", in: "query", string(maxLength: 200)), parameter("status", in: "query", oneOf(["open", "closed"])),
        parameter("priority", in: "query", string("1 to 5", maxLength: 1)), parameter("from", in: "query", day), parameter("to", in: "query", day),
        parameter("after", in: "query", string("the cursor of the page before (`next`)", maxLength: 200)), parameter("limit", in: "query", integer(1, 500)),
    ]

    static let reflectionBody = object([
        ("summary", string("what happened", maxLength: 2_000)), ("tryNext", string("what we try", maxLength: 2_000)),
        ("mode", oneOf(Reflection.Mode.allCases.map(\.rawValue))), ("actionLevel", oneOf(ActionLevel.allCases.map(\.rawValue))),
        ("logic", oneOf(LearningLogic.allCases.map(\.rawValue))), ("trigger", oneOf(Trigger.allCases.map(\.rawValue))),
        ("units", array(string(maxLength: 200), max: 50)), ("partners", array(string(maxLength: 200), max: 5)),
        ("knowledgeTitle", string("opens a knowledge item of this title", maxLength: 200)),
    ], required: ["summary", "units"])

    static let boardBody = object([
        ("kind", oneOf(RetroCard.Kind.allCases.map(\.rawValue))), ("prompt", string(maxLength: 200)), ("parent", string(maxLength: 200)),
        ("text", string(maxLength: 1_000)), ("card", string(maxLength: 200)), ("onto", string(maxLength: 200)), ("target", string(maxLength: 200)),
        ("minutes", integer(0, 240)), ("title", string(maxLength: 200)), ("owner", string(maxLength: 200)), ("due", day),
        ("figure", oneOf(RetroFigure.allCases.map(\.rawValue))), ("knowledgeTitle", string(maxLength: 200)), ("action", string(maxLength: 200)),
        ("status", oneOf(["done", "dropped"])),
    ])

    static var paths: [(String, JSONValue)] {
        var p: [(String, JSONValue)] = [
            ("/api/v1/report", .object([("get", operation("report", "The office's evidence report (the dashboard's figures)", tag: "evidence",
                                                          ok: (200, .object([("type", "object")])), refusals: []))])),
            ("/api/v1/orders", .object([("get", operation("listOrders", "Orders, newest received first, by cursor", tag: "orders", parameters: orderQuery,
                                                          ok: (200, ref("OrderList")), refusals: [400]))])),
            ("/api/v1/orders/{order}", .object([("get", operation("getOrder", "An order's folder, its lessons from similar orders and its history", tag: "orders",
                                                                  parameters: [id("order")], ok: (200, ref("OrderPage")), refusals: [400, 404]))])),
            ("/api/v1/orders/{order}/reflections", .object([("post", operation("recordReflection", "Records a reflection on the order (may open a knowledge item)",
                                                                               tag: "orders", parameters: [id("order")], body: reflectionBody,
                                                                               ok: (201, ref("Recorded")), refusals: [400, 404, 422]))])),
            ("/api/v1/units", .object([("get", operation("listUnits", "Every unit's ambidexterity, latest role variation and knowledge in and out", tag: "units",
                                                         ok: (200, array(ref("UnitSummary"))), refusals: []))])),
            ("/api/v1/units/{unit}", .object([("get", operation("getUnit", "A unit's ambidexterity, role switching and priority variation by quarter, and its knowledge flow",
                                                                tag: "units", parameters: [id("unit")], ok: (200, ref("Unit")), refusals: [404]))])),
            ("/api/v1/mining", .object([("get", operation("mining", "Each delivery strategy's orders mined in brief, and the standardization candidates",
                                                          tag: "mining", ok: (200, ref("Mining")), refusals: [503]))])),
            ("/api/v1/mining/logs", .object([("get", operation("miningLogs", "Each imported log's orders mined together, in brief", tag: "mining",
                                                               ok: (200, array(ref("LogMining"))), refusals: [503]))])),
            ("/api/v1/mining/log", .object([("get", operation("getLogMining", "One imported log's orders as a process: DFG, variants, durations, hand-over, rework",
                                                              tag: "mining", parameters: [parameter("name", in: "query", string("the log's file name", maxLength: 200), required: true)],
                                                              ok: (200, .object([("type", "object")])), refusals: [400, 404, 503]))])),
            ("/api/v1/mining/{strategy}", .object([("get", operation("getStrategyMining",
                                                                     "A strategy's DFG, variants, durations, front/back-office and unit hand-over, rework",
                                                                     tag: "mining", parameters: [parameter("strategy", in: "path", oneOf(strategies), required: true)],
                                                                     ok: (200, ref("StrategyMining")), refusals: [404, 503]))])),
            ("/api/v1/mining/{strategy}/standards", .object([("get", operation("getStandardChanges",
                                                                               "Each adopted standard's orders of the strategy in equal windows before and after its adoption, mined alike",
                                                                               tag: "mining", parameters: [parameter("strategy", in: "path", oneOf(strategies), required: true)],
                                                                               ok: (200, array(ref("StandardChange"))), refusals: [404, 503]))])),
            ("/api/v1/knowledge", .object([("get", operation("knowledgeBoard", "The knowledge pipeline by absorption stage", tag: "knowledge",
                                                             parameters: [parameter("strategy", in: "query", oneOf(strategies)),
                                                                          parameter("orientation", in: "query", oneOf(["explorative", "exploitative"])),
                                                                          parameter("stuck", in: "query", oneOf(["true", "false"]))],
                                                             ok: (200, ref("KnowledgeBoard")), refusals: [400]))])),
            ("/api/v1/knowledge/{item}/advance", .object([("post", operation("advanceKnowledge", "Moves a knowledge item one legal stage on", tag: "knowledge",
                                                                             parameters: [id("item")],
                                                                             body: object([("stage", oneOf(AbsorptionStage.allCases.map(\.rawValue)))], required: ["stage"]),
                                                                             ok: (200, ref("Recorded")), refusals: [400, 404, 409]))])),
            ("/api/v1/schedule", .object([("get", operation("schedule", "The planned learning activities with what people recorded", tag: "schedule",
                                                            parameters: [parameter("days", in: "query", integer(1, 365)), parameter("unit", in: "query", string(maxLength: 200)),
                                                                         parameter("strategy", in: "query", oneOf(strategies)),
                                                                         parameter("view", in: "query", oneOf(["list", "week", "month"])), parameter("start", in: "query", day)],
                                                            ok: (200, array(ref("Activity"))), refusals: [400]))])),
            ("/api/v1/retrospectives", .object([
                ("get", operation("listRetrospectives", "Retrospectives, newest first", tag: "retrospectives", ok: (200, array(ref("RetrospectiveSummary"))), refusals: [])),
                ("post", operation("startRetrospective", "Starts a retrospective over a scope of orders", tag: "retrospectives",
                                   body: object([("title", string(maxLength: 160)), ("template", oneOf(RetrospectiveTemplate.allCases.map(\.rawValue))),
                                                 ("strategy", oneOf(strategies)), ("unit", string(maxLength: 200)), ("partner", string(maxLength: 200)),
                                                 ("from", day), ("to", day), ("activity", string(maxLength: 200)), ("orders", array(string(maxLength: 200), max: 500))],
                                                required: ["title"]),
                                   ok: (201, ref("Retrospective")), refusals: [400])),
            ])),
            ("/api/v1/retrospectives/{retro}", .object([("get", operation("getRetrospective", "A retrospective's board as the caller sees it, with its orders' evidence and timeline",
                                                                          tag: "retrospectives", parameters: [id("retro")], ok: (200, ref("Retrospective")), refusals: [400, 404]))])),
            ("/api/v1/retrospectives/{retro}/version", .object([("get", operation("retrospectiveVersion", "The board's version, for polling", tag: "retrospectives",
                                                                                  parameters: [id("retro")], ok: (200, object([("version", integer())], required: ["version"])),
                                                                                  refusals: [400, 404]))])),
        ]
        for action in RetrospectiveController.BoardAction.allCases {
            p.append(("/api/v1/retrospectives/{retro}/\(action.rawValue)", .object([("post", operation(
                "retrospective_\(action.rawValue)", "Board action: \(action.rawValue)", tag: "retrospectives", parameters: [id("retro")], body: boardBody,
                ok: (200, ref("Retrospective")), refusals: [400, 404, 409]))])))
        }
        for action in ScheduleController.Action.allCases {
            p.append(("/api/v1/schedule/{activity}/\(action.rawValue)", .object([("post", operation(
                "activity_\(action.rawValue)", "Records that a scheduled activity was \(action == .hold ? "held" : action == .skip ? "skipped" : "moved")", tag: "schedule",
                parameters: [id("activity")],
                body: object([("note", string(maxLength: 2_000)), ("reason", string(maxLength: 500)), ("date", day), ("units", array(string(maxLength: 200), max: 50))]),
                ok: (200, ref("Recorded")), refusals: [400, 404, 409]))])))
        }
        p += [
            ("/api/v1/standards", .object([
                ("get", operation("listStandards", "The standards registry", tag: "standards", ok: (200, array(ref("StandardSummary"))), refusals: [])),
                ("post", operation("proposeStandard", "Proposes a standard (version 1)", tag: "standards",
                                   body: object([("name", string(maxLength: 200)), ("kind", oneOf(Standard.Kind.allCases.map(\.rawValue))),
                                                 ("strategies", array(oneOf(strategies), max: 5)), ("units", array(string(maxLength: 200), max: 50)),
                                                 ("provenance", string("knowledge item ids, separated by spaces", maxLength: 2_000)),
                                                 ("text", string(maxLength: 20_000)), ("note", string(maxLength: 500))], required: ["name", "kind", "strategies"]),
                                   ok: (201, ref("Standard")), refusals: [400])),
            ])),
            ("/api/v1/standards/{standard}", .object([("get", operation("getStandard", "A standard: versions with differences, applications, deviations, effect, history",
                                                                        tag: "standards", parameters: [id("standard")], ok: (200, ref("Standard")), refusals: [400, 404]))])),
        ]
        for action in StandardsController.Action.allCases {
            p.append(("/api/v1/standards/{standard}/\(action.rawValue)", .object([("post", operation(
                "standard_\(action.rawValue)", action == .explore ? "Opens an exploration item from a deviation" : "\(action.rawValue.capitalized)s the standard (a lead's)",
                tag: "standards", parameters: [id("standard")],
                body: object([("date", day), ("note", string(maxLength: 500)), ("text", string(maxLength: 20_000)), ("reason", string(maxLength: 500)),
                              ("order", string(maxLength: 200)), ("title", string(maxLength: 200)), ("unit", string(maxLength: 200))]),
                ok: (200, ref("Standard")), refusals: [400, 404, 409]))])))
        }
        p += [
            ("/api/v1/partner/orders/{order}/feedback", .object([("post", operation(
                "partnerFeedback", "A partner rates one of its own delivered orders (1–5) and may say why (a partner's token)", tag: "partner", parameters: [id("order")],
                body: object([("score", integer(1, 5)), ("comment", string(maxLength: 2_000))], required: ["score"]),
                ok: (200, ref("Recorded")), refusals: [400, 404, 409]))])),
            ("/api/v1/partner/suggestions", .object([
                ("get", operation("partnerSuggestions", "The partner's suggestions and what became of them (a partner's token)", tag: "partner",
                                  ok: (200, array(ref("Suggestion"))), refusals: [])),
                ("post", operation("suggest", "A partner's suggestion: it enters the knowledge pipeline as acquired knowledge (a partner's token)", tag: "partner",
                                   body: object([("title", string(maxLength: 200))], required: ["title"]), ok: (201, ref("Recorded")), refusals: [400, 404])),
            ])),
            ("/api/v1/partner/activities", .object([("get", operation(
                "partnerInvitations", "The activities the partner is invited to, with its answer to each (a partner's token)", tag: "partner",
                parameters: [parameter("days", in: "query", integer(1, OfficeSnapshot.scheduleDays), "how far ahead; 30 when absent")],
                ok: (200, array(ref("Invitation"))), refusals: [400, 404]))])),
            ("/api/v1/partner/activities/{activity}/answer", .object([("post", operation(
                "answerInvitation", "The partner says whether it comes to an activity it is invited to; the latest answer counts (a partner's token)",
                tag: "partner", parameters: [id("activity")],
                body: object([("answer", oneOf(InvitationAnswer.Answer.allCases.map(\.rawValue))), ("note", string(maxLength: 500))], required: ["answer"]),
                ok: (200, ref("Recorded")), refusals: [400, 404, 409]))])),
            ("/api/v1/schedule/{activity}/answers", .object([("get", operation(
                "invitationAnswers", "Each invited partner's answer to an activity (no answer yet: answer absent)", tag: "schedule", parameters: [id("activity")],
                ok: (200, array(ref("InvitationAnswer"))), refusals: [400, 404]))])),
            ("/api/v1/programmes", .object([("post", operation(
                "startProgramme", "Starts the three-step programme with a partner network: its activities join the schedule (a lead's)", tag: "schedule",
                body: object([("network", string(maxLength: 120)), ("partners", array(string(maxLength: 200), max: 50)), ("units", array(string(maxLength: 200), max: 50)),
                              ("start", day), ("weeksApart", integer(PartnerProgramme.weeksApartRange.lowerBound, PartnerProgramme.weeksApartRange.upperBound))],
                             required: ["network", "partners", "units", "start"]),
                ok: (201, object([("version", integer()), ("activities", array(ref("Activity")))], required: ["version", "activities"])), refusals: [400]))])),
            ("/api/v1/webhooks", .object([
                ("get", operation("listWebhooks", "Webhooks (a lead's)", tag: "webhooks", ok: (200, array(ref("Webhook"))), refusals: [])),
                ("post", operation("createWebhook", "Registers a webhook; the answer holds its secret, shown once", tag: "webhooks",
                                   body: object([("url", string(maxLength: 2_000, format: "uri")), ("events", array(oneOf(WebhookEvent.allCases.map(\.rawValue))))],
                                                required: ["url", "events"]),
                                   ok: (201, ref("Webhook")), refusals: [400])),
            ])),
            ("/api/v1/webhooks/{hook}/revoke", .object([("post", operation("revokeWebhook", "Revokes a webhook", tag: "webhooks", parameters: [id("hook")],
                                                                           ok: (200, object([("revoked", string())], required: ["revoked"])), refusals: [404, 409]))])),
            ("/api/v1/webhooks/{hook}/deliveries", .object([("get", operation("webhookDeliveries", "A webhook's latest deliveries and their attempts", tag: "webhooks",
                                                                              parameters: [id("hook")], ok: (200, array(ref("Delivery"))), refusals: [404]))])),
            ("/api/v1/imports", .object([
                ("get", operation("listImports", "Uploaded order logs and their imports, newest first (a lead's)", tag: "imports",
                                  ok: (200, array(ref("Import"))), refusals: [])),
                ("post", operation("uploadLog", "Uploads an order log (the body) and suggests a mapping with a preview; nothing is imported yet (a lead's)",
                                   tag: "imports", parameters: [parameter("name", in: "query", string("the file's name: its extension says the format", maxLength: 200),
                                                                          required: true)],
                                   file: true, ok: (201, ref("Import")), refusals: [400])),
            ])),
            ("/api/v1/imports/{import}", .object([("get", operation("getImport", "An import: its mapping, preview, status, progress and result (a lead's)",
                                                                    tag: "imports", parameters: [id("import")], ok: (200, ref("Import")), refusals: [404]))])),
            ("/api/v1/imports/{import}/preview", .object([("post", operation(
                "previewImport", "Checks a mapping (the mapping file's text) against the log and the store, and keeps it (a lead's)", tag: "imports",
                parameters: [id("import")], body: object([("mapping", string(maxLength: 64_000))]), ok: (200, ref("Import")), refusals: [400, 404, 409]))])),
            ("/api/v1/imports/{import}/run", .object([("post", operation(
                "runImport", "Starts the import in the background with the mapping given or kept; poll the import for its progress (a lead's)", tag: "imports",
                parameters: [id("import")], body: object([("mapping", string(maxLength: 64_000))]), ok: (202, ref("Import")), refusals: [400, 404, 409, 429]))])),
            ("/api/v1/openapi.json", .object([("get", .object([("operationId", "openapi"), ("summary", "This document"), ("security", .array([])),
                                                               ("responses", .object([("200", .object([("description", "the document")]))]))]))])),
        ]
        return p
    }

    static var document: JSONValue {
        .object([
            ("openapi", "3.1.0"),
            ("info", .object([("title", "Ambidex"), ("version", "1"),
                              ("description", .string("The learning office's JSON API. Send an API token (made at /tokens or with `ambidex token create`) as "
                                                      + "`Authorization: Bearer …`; it acts with its owner's role. A signed-in browser session works too, with its "
                                                      + "CSRF token in `X-CSRF-Token` on every change. Errors are `{\"error\", \"field\"}`; lists page by cursor."))])),
            ("servers", .array([.object([("url", "/")])])),
            ("security", .array([.object([("bearer", .array([]))])])),
            ("paths", .object(paths)),
            ("components", .object([("schemas", .object(schemas)),
                                    ("securitySchemes", .object([("bearer", .object([("type", "http"), ("scheme", "bearer")]))]))])),
        ])
    }
}
