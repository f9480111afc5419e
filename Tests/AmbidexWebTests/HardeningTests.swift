import AmbidexCore
import AmbidexJobs
import AmbidexLab
@_spi(Testing) import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// The holes an outside probe found, one test each (the real binary's share is in the CLI tests).
@Suite("Hardening after the outside probe", .serialized)
struct HardeningTests {
    typealias Signed = LabTests.Signed

    /// A COBC form at the web lab's ceiling: 50 people × 2,000 runs × 1,000 periods = 100 million person-periods.
    static let heaviest = ["runs": "2000", "periods": "1000", "seed": "3", "name": "heavy"]

    static func state(_ app: Application, _ path: String, _ s: Signed) async throws -> [String: Any] {
        var object: [String: Any] = [:]
        try await app.testing().test(.GET, "/api" + path, headers: s.headers) { res async in
            object = (try? JSONSerialization.jsonObject(with: Data(res.body.string.utf8)) as? [String: Any]) ?? [:]
        }
        return object
    }

    @Test("only the form's keys may vary, and a run beyond the ceiling is refused with the ceiling, before anything is saved")
    func cost() async throws {
        try await withLabApp { app, store, runs in
            let member = try #require(try await LabTests.signIn(app, "member@example.org"))
            let probe = ["csrf": member.csrf, "runs": "5000", "periods": "1000", "varyKey": "people", "varyValues": "2000,2000"]
            let (status, body, _) = try await LabTests.post(app, "/lab/experiments", member, probe)
            #expect(status == .badRequest)
            #expect(body.contains("'people' cannot be varied here"))

            var tooMuch = Self.heaviest
            tooMuch["csrf"] = member.csrf
            tooMuch["scenario"] = "joins"
            let (refused, reason, _) = try await LabTests.post(app, "/lab/experiments", member, tooMuch)
            #expect(refused == .badRequest)
            #expect(reason.contains("400,000,000 person-periods") && reason.contains("ceiling is 100,000,000"), "\(reason)")
            var varied = Self.heaviest
            varied.merge(["csrf": member.csrf, "varyKey": "rotation", "varyValues": "0,0.1"]) { $1 }
            #expect(try await LabTests.post(app, "/lab/experiments", member, varied).1.contains("200,000,000 person-periods"))
            #expect(try await store.experiments().isEmpty)

            // The heaviest a member may start is accepted, and runs in the background.
            var ok = Self.heaviest
            ok["csrf"] = member.csrf
            let (accepted, _, location) = try await LabTests.post(app, "/lab/experiments", member, ok)
            #expect(accepted == .seeOther)
            let path = try #require(location)
            #expect(try await Self.state(app, path, member)["status"] as? String == "running")
            #expect(try await LabTests.post(app, path + "/cancel", member, ["csrf": member.csrf]).0 == .seeOther)
            await runs.drain()
        }
    }

    @Test("a running or waiting experiment is cancelled by its owner or a lead, from its page or the API; nobody else", arguments: Backend.available)
    func cancel(_ backend: Backend) async throws {
        try await withLabApp(on: backend) { app, store, runs in
            let lead = try #require(try await LabTests.signIn(app, "lead@example.org"))
            let member = try #require(try await LabTests.signIn(app, "member@example.org"))
            var form = Self.heaviest
            form["csrf"] = member.csrf
            var paths: [String] = []
            for _ in 0..<3 { paths.append(try #require(try await LabTests.post(app, "/lab/experiments", member, form).2)) }
            // Two run at once; the third waits its turn.
            #expect(try await Self.state(app, paths[0], member)["status"] as? String == "running")
            let third = try await Self.state(app, paths[2], member)
            #expect(third["status"] as? String == "queued" && third["place"] as? Int == 1)
            try await app.testing().test(.GET, paths[2], headers: member.headers) { res async in
                #expect(res.body.string.contains("waiting, next in the queue") && res.body.string.contains("Cancel this run"))
            }

            // Another member may not; without the token nobody may.
            let other = try await createMember(store, app, "other@example.org")
            #expect(try await LabTests.post(app, paths[0] + "/cancel", other, ["csrf": other.csrf]).0 == .forbidden)
            #expect(try await LabTests.post(app, paths[0] + "/cancel", member, [:]).0 == .forbidden)
            try await app.testing().test(.GET, paths[0], headers: other.headers) { res async in
                #expect(!res.body.string.contains("Cancel this run"))
            }

            // The owner from the page: the run stops and says who stopped it.
            #expect(try await LabTests.post(app, paths[0] + "/cancel", member, ["csrf": member.csrf]).0 == .seeOther)
            let cancelled = try #require(try await store.experiment(id: String(paths[0].split(separator: "/").last!)))
            #expect(cancelled.status == .cancelled && cancelled.error == "cancelled by member@example.org" && cancelled.outcome == nil)
            // A place freed: the waiting one starts.
            var started = false
            for _ in 0..<100 where !started {
                started = try await Self.state(app, paths[2], member)["status"] as? String == "running"
                if !started { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(started)

            // A lead through the API, with the session's token in a header.
            var csrf = ""
            try await app.testing().test(.GET, "/api/session", headers: lead.headers) { res async in
                csrf = (try? JSONSerialization.jsonObject(with: Data(res.body.string.utf8)) as? [String: Any])?["csrf"] as? String ?? ""
            }
            #expect(csrf == lead.csrf)
            for path in paths.dropFirst() {
                var headers = lead.headers
                try await app.testing().test(.POST, "/api" + path + "/cancel", headers: headers) { res async in
                    #expect(res.status == .forbidden)
                }
                headers.add(name: "X-CSRF-Token", value: csrf)
                try await app.testing().test(.POST, "/api" + path + "/cancel", headers: headers) { res async in
                    #expect(res.status == .ok)
                    // Cancelled at once while it waits; asked to stop if a worker took it meanwhile (a busy machine).
                    #expect(res.body.string.contains(#""status":"cancelled""#) || res.body.string.contains("cancelled by lead@example.org"))
                }
                var status = ""
                for _ in 0..<600 where status != "cancelled" {
                    try await app.testing().test(.GET, "/api" + path, headers: lead.headers) { res async in
                        status = (try? JSONSerialization.jsonObject(with: Data(res.body.string.utf8)) as? [String: Any])?["status"] as? String ?? ""
                    }
                    if status != "cancelled" { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(status == "cancelled")
            }
            // What has ended cannot be cancelled again.
            #expect(try await LabTests.post(app, paths[1] + "/cancel", lead, ["csrf": lead.csrf]).0 == .conflict)
            await runs.drain()
            #expect(try await store.experiments().allSatisfy { $0.status == .cancelled })
        }
    }

    @Test("beyond the running and the waiting runs, the lab refuses with 429; a stopping worker marks its runs interrupted and leaves the queue")
    func queueAndStop() async throws {
        try await withLabApp { app, store, runs in
            let member = try #require(try await LabTests.signIn(app, "member@example.org"))
            var form = Self.heaviest
            form["csrf"] = member.csrf
            let limits = JobWorker.Settings().limits
            for _ in 0..<(limits.running + limits.queued) {
                #expect(try await LabTests.post(app, "/lab/experiments", member, form).0 == .seeOther)
            }
            let (status, body, _) = try await LabTests.post(app, "/lab/experiments", member, form)
            #expect(status == .tooManyRequests && body.contains("waiting, its most"))
            #expect(try await store.experiments().count == limits.running + limits.queued)
            await runs.stop()
            let saved = try await store.experiments()
            #expect(saved.filter { $0.status == .interrupted }.count == limits.running, "\(saved.map(\.status))")
            #expect(saved.filter { $0.status == .queued }.count == limits.queued, "\(saved.map(\.status))")
            // The next server on this store runs what waited.
            try await store.interruptUnfinishedRuns()
            #expect(try await store.jobCounts() == (queued: limits.queued, running: 0))
            for e in saved where e.status == .queued { _ = try await store.requestCancel(job: try #require(e.job), by: "test") }
        }
    }

    @Test("the schedule API keeps a handful of schedules in memory, whatever the queries")
    func scheduleCache() async throws {
        try await withApp(try SmallOffice.make()) { app, lead in
            var first = ""
            for days in [14] + Array(1...40) + [14] {
                try await app.testing().test(.GET, "/api/schedule?days=\(days)", headers: lead) { res async in
                    #expect(res.status == .ok)
                    if days == 14 && first.isEmpty { first = res.body.string } else if days == 14 { #expect(res.body.string == first) }
                }
            }
        }
        try await withFreshStore(.sqlite) { store in
            try await store.replaceAll(with: try SmallOffice.make())
            try await store.saveSnapshot(try await store.computeSnapshot())
            let reader = OfficeReader(store: store)
            for days in 1...366 { _ = try await reader.schedule(days: days) }
            #expect(await reader.cachedScheduleCount <= OfficeReader.cachedSchedules)
            let fresh = try await reader.schedule(days: 30).0
            let office = try await store.loadOffice()
            #expect(fresh == (try APIController.encode(CadencePolicy.default.schedule(office, from: office.asOf, horizonDays: 30))))
        }
    }

    @Test("every response carries the security headers and no-store: pages, JSON, errors, redirects, refusals")
    func headers() async throws {
        try await withLabApp { app, _, _ in
            let member = try #require(try await LabTests.signIn(app, "member@example.org"))
            let partner = try #require(try await LabTests.signIn(app, "partner@example.org"))
            func check(_ method: HTTPMethod, _ path: String, _ headers: HTTPHeaders = [:], expect status: HTTPStatus) async throws {
                try await app.testing().test(method, path, headers: headers) { res async in
                    #expect(res.status == status, "\(method) \(path)")
                    #expect(res.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true, "CSP on \(path)")
                    #expect(res.headers.first(name: "X-Frame-Options") == "DENY", "X-Frame-Options on \(path)")
                    #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff", "nosniff on \(path)")
                    #expect(res.headers.first(name: .cacheControl) == "no-store", "no-store on \(path)")
                }
            }
            try await check(.GET, "/no-such-page", expect: .notFound)
            try await check(.GET, "/", expect: .seeOther)
            try await check(.GET, "/api/report", expect: .unauthorized)
            try await check(.GET, "/lab", partner.headers, expect: .forbidden)
            try await check(.GET, "/api/schedule?days=0", member.headers, expect: .badRequest)
            try await check(.GET, "/lab/experiments/X-missing", member.headers, expect: .notFound)
            try await check(.GET, "/lab", member.headers, expect: .ok)
            try await check(.GET, "/api/report", member.headers, expect: .ok)
            try await check(.GET, "/healthz", expect: .ok)
        }
    }

    @Test("a sign-in form must come from this very origin: scheme, host and port; 'null' is refused")
    func origin() async throws {
        try await withLabApp { app, _, _ throws in
            func status(_ headers: HTTPHeaders) async throws -> HTTPStatus {
                var status = HTTPStatus.ok
                try await app.testing().test(.POST, "/login", headers: headers, beforeRequest: { req in
                    try req.content.encode(["email": "lead@example.org", "password": LabTests.password], as: .urlEncodedForm)
                }, afterResponse: { res async in status = res.status })
                return status
            }
            let host: HTTPHeaders = ["Host": "127.0.0.1:8080"]
            #expect(try await status(host.adding("Origin", "null")) == .forbidden)
            #expect(try await status(host.adding("Origin", "http://127.0.0.1:9999")) == .forbidden)
            #expect(try await status(host.adding("Origin", "https://127.0.0.1:8080")) == .forbidden)
            #expect(try await status(host.adding("Referer", "http://127.0.0.1:9999/login")) == .forbidden)
            #expect(try await status(host.adding("Origin", "null").adding("Referer", "http://127.0.0.1:8080/login")) == .forbidden)
            #expect(try await status(["Host": "ambidex.example", "Origin": "http://ambidex.example:80"]) == .seeOther)
            #expect(try await status(host.adding("Origin", "http://127.0.0.1:8080")) == .seeOther)
            #expect(try await status(host.adding("Referer", "http://127.0.0.1:8080/login?next=/lab")) == .seeOther)
        }
    }

    @Test("a browser that signed in before gets in while strangers' guesses hold the account; its own guesses stop after five")
    func deviceCookie() async throws {
        try await withLabApp { app, _, _ in
            // The owner signs in once: the browser keeps a device cookie for /login.
            var device = ""
            try await app.testing().test(.POST, "/login", beforeRequest: { req in
                try req.content.encode(["email": "lead@example.org", "password": LabTests.password], as: .urlEncodedForm)
            }, afterResponse: { res async in
                let cookie = res.headers.setCookie?[DeviceCookie.name]
                #expect(cookie?.path == "/login" && cookie?.isHTTPOnly == true && cookie?.sameSite == .strict)
                device = cookie?.string ?? ""
            })
            #expect(!device.isEmpty)
            func signIn(_ password: String, cookie: String?) async throws -> HTTPStatus {
                var status = HTTPStatus.ok
                let headers: HTTPHeaders = cookie.map { ["Cookie": "\(DeviceCookie.name)=\($0)"] } ?? [:]
                try await app.testing().test(.POST, "/login", headers: headers, beforeRequest: { req in
                    try req.content.encode(["email": "lead@example.org", "password": password], as: .urlEncodedForm)
                }, afterResponse: { res async in status = res.status })
                return status
            }
            // Strangers guess until the account is held for them …
            for _ in 0..<5 { #expect(try await signIn("wrong password!", cookie: nil) == .unauthorized) }
            #expect(try await signIn(LabTests.password, cookie: nil) == .tooManyRequests)
            // … a forged or altered cookie makes nobody trusted …
            #expect(try await signIn(LabTests.password, cookie: "djF8bGVhZEBleGFtcGxlLm9yZ3xhYmM.forged") == .tooManyRequests)
            #expect(try await signIn(LabTests.password, cookie: String(device.dropLast()) + (device.hasSuffix("A") ? "B" : "A")) == .tooManyRequests)
            // … but the owner's browser still gets in.
            #expect(try await signIn(LabTests.password, cookie: device) == .seeOther)
            // Guessing from that browser is counted for that browser: five tries, then it waits too.
            for _ in 0..<5 { #expect(try await signIn("wrong password!", cookie: device) == .unauthorized) }
            #expect(try await signIn(LabTests.password, cookie: device) == .tooManyRequests)
            // The cookie belongs to its account: it does not help with another one.
            #expect(try await LabTests.signIn(app, "member@example.org") != nil)
        }
    }

    @Test("the throttle counts a trusted browser apart from the account's count from strangers")
    func deviceThrottle() async {
        let t = SignInThrottle(.init(perAccountAndAddress: 3, perAddress: 50, perAccount: 6, perDevice: 2, window: 600))
        let now = Date(timeIntervalSince1970: 1_000_000)
        func ok(_ address: String, device: String? = nil) async -> Bool {
            if case .success = await t.admit(email: "a@x.org", address: address, device: device, now: now) { return true } else { return false }
        }
        for k in 0..<6 { #expect(await ok("10.0.0.\(k)")) }
        #expect(!(await ok("10.0.1.1")))
        #expect(await ok("10.0.1.1", device: "n1"))
        #expect(await ok("10.0.1.1", device: "n1"))
        #expect(!(await ok("10.0.1.1", device: "n1")))
        #expect(await ok("10.0.1.2", device: "n2"))
    }

    @Test("text is limited in characters and in bytes, kept in NFC, and free of control and direction characters")
    func textLimits() async throws {
        try await withLabApp { app, store, runs in
            let member = try #require(try await LabTests.signIn(app, "member@example.org"))
            // x has no precomposed form with an acute accent, so NFC keeps every mark.
            let accents = "x" + String(repeating: "\u{301}", count: 2_500)
            let (status, body, _) = try await LabTests.post(app, "/lab/march", member, ["csrf": member.csrf, "figure": "fig3", "runs": "5", "name": accents])
            #expect(status == .badRequest && body.contains("at most 1000"), "\(body.prefix(300))")
            let shorter = "x" + String(repeating: "\u{301}", count: 300)
            let (again, reason, _) = try await LabTests.post(app, "/lab/march", member, ["csrf": member.csrf, "figure": "fig3", "runs": "5", "name": shorter])
            #expect(again == .badRequest && reason.contains("the name is too long: 601 bytes in UTF-8, at most 480"))
            for hostile in ["evil\u{202E}gnp.exe", "two\nlines"] {
                #expect(try await LabTests.post(app, "/lab/march", member, ["csrf": member.csrf, "figure": "fig3", "runs": "5", "name": hostile]).0 == .badRequest)
            }
            #expect(try await store.experiments().isEmpty)
            // Decomposed and composed forms are one name.
            let (_, _, location) = try await LabTests.post(app, "/lab/march", member, ["csrf": member.csrf, "figure": "fig3", "runs": "5", "name": " Re\u{301}sume\u{301} "])
            await runs.drain()
            let path = try #require(location)
            let saved = try #require(try await store.experiment(id: String(path.split(separator: "/").last!)))
            #expect(saved.name == "Résumé" && saved.name.unicodeScalars.count == 6)
            // Accounts too.
            await #expect(throws: StoreError.self) {
                try await store.createAccount(Account(id: "A-long", email: "long@example.org", name: accents, role: .member), passwordHash: "h")
            }
        }
    }

    @Test("mixes and rates are finite numbers in their ranges")
    func finiteNumbers() async throws {
        for mix in ["mts:1e308,eto:1e308", "mts:nan", "mts:inf", "mts:-1", "mts:101"] {
            #expect(throws: LabFormErrors.self, "\(mix)") { try LabForm(fields: ["mix": mix]).experiment().get() }
        }
        for rate in ["nan", "inf", "-inf", "1e308", "-0.1"] {
            #expect(throws: LabFormErrors.self, "\(rate)") { try LabForm(fields: ["turnover": rate]).experiment().get() }
        }
        var policy = CobcPolicy()
        policy.mix = [.mts: 1e308, .eto: 1e308]
        #expect(throws: LabError.self) { try policy.validate() }
        let (x, _) = try LabForm(fields: ["mix": "mts:35,eto:12"]).experiment().get()
        #expect(x.policies[0].mix == [.mts: 35, .eto: 12])
    }

    func createMember(_ store: Store, _ app: Application, _ email: String) async throws -> Signed {
        try await store.createAccount(Account(id: .init("A-" + email), email: email, name: "Other", role: .member),
                                      passwordHash: try Passwords.hash(LabTests.password))
        return try #require(try await LabTests.signIn(app, email))
    }
}

extension HTTPHeaders {
    func adding(_ name: String, _ value: String) -> HTTPHeaders {
        var copy = self
        copy.add(name: name, value: value)
        return copy
    }
}
