import AmbidexCore
import AmbidexDemo
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor

/// Serves `store` over real HTTP on a free port and drives chromium at it.
func withBrowser(_ store: Store, _ body: (WebDriver, String) async throws -> Void) async throws {
    try await withBrowsers(store, count: 1) { drivers, base in try await body(drivers[0], base) }
}

/// As `withBrowser`, with `count` browsers of their own (each its own cookies: several people at once).
func withBrowsers(_ store: Store, count: Int, _ body: ([WebDriver], String) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    var drivers: [WebDriver] = []
    do {
        try await WebServer.configure(app, store: store, work: .testing(threads: 2))
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        for _ in 0..<count { drivers.append(try await WebDriver.start(client: app.client)) }
    } catch {
        for d in drivers { await d.quit() }
        await app.server.shutdown()
        try? await app.asyncShutdown()
        throw error
    }
    do {
        let port = try #require(app.http.server.shared.localAddress?.port)
        try await body(drivers, "http://127.0.0.1:\(port)")
    } catch {
        for d in drivers { await d.quit() }
        await app.server.shutdown()
        try? await app.asyncShutdown()
        throw error
    }
    for d in drivers { await d.quit() }
    // A page's last poll may still be answered: let it finish before the server and then the store stop.
    try? await Task.sleep(for: .milliseconds(300))
    await app.server.shutdown()
    try await app.asyncShutdown()
}

/// Every browser test, one after another: several chromiums polling boards at
/// once, beside the store suites on a two-core CI machine, starve each other
/// until a WebDriver command times out.
@Suite("In real browsers", .serialized, .enabled(if: WebDriver.available, "chromium-driver is not installed: apt-get install chromium chromium-driver"))
struct InRealBrowsers {}

extension InRealBrowsers {
    /// The dashboard as a person sees it: served over real HTTP and rendered by
    /// Debian's chromium through chromedriver. Skipped where chromium is not
    /// installed, unless AMBIDEX_TEST_BROWSER=required (as in CI).
    @Suite("Pages in a real browser", .serialized)
    struct BrowserTests {
        @Test("the demo company's dashboard renders its charts, tables and reasons")
        func dashboardRenders() async throws {
            try await withFreshStore(.sqlite) { store in
                try await store.replaceAll(with: DemoCompany.generate(orders: 1_500))
                try await store.createAccount(Account(id: "A-lead", email: "lead@example.org", name: "Lena Lead", role: .lead),
                                              passwordHash: try Passwords.hash("correct horse battery"))
                try await withBrowser(store) { driver, base in
                    // The dashboard needs an account: the browser is sent to sign in and comes back.
                    try await driver.open(base + "/")
                    #expect(try await driver.title() == "Sign in · Ambidex")
                    try await signIn(driver)
                    #expect(try await wait(driver, "return location.pathname === '/' && document.title === 'Dashboard · Ambidex'"))
                    let sections = try await driver.execute("return Array.from(document.querySelectorAll('section.card')).map(s => s.id)") as? [String]
                    #expect(sections == ["summary", "coverage", "ambidexterity", "flow", "cycle-time", "standards", "upcoming", "partners"])
                    // Bars and points are drawn, with non-zero width, by the browser's own layout.
                    let bars = try await driver.execute("return document.querySelectorAll('#coverage svg rect[width]').length") as? Int ?? 0
                    #expect(bars >= 10)
                    let points = try await driver.execute("return document.querySelectorAll('#ambidexterity svg circle').length") as? Int ?? 0
                    #expect(points == 8)
                    let width = try await driver.execute("return document.querySelector('#coverage svg').getBoundingClientRect().width") as? Double ?? 0
                    #expect(width > 200)
                    let reasons = try await driver.execute("return document.querySelectorAll('#upcoming tr').length") as? Int ?? 0
                    #expect(reasons > 5)
                    let effects = try await driver.execute("return document.querySelector('#standards').innerText") as? String ?? ""
                    #expect(effects.contains("Standard drive-interface module"))
                    // Each standard's event study and monitoring charts are drawn, with points, whiskers and lines of real size.
                    let studies = try await driver.execute("return document.querySelectorAll('#standards svg.event-study').length") as? Int ?? 0
                    #expect(studies == 6 * 4)
                    let dots = try await driver.execute("return document.querySelectorAll('#standards svg.event-study circle').length") as? Int ?? 0
                    #expect(dots > 24)
                    let study = try await driver.execute("return document.querySelector('#standard-S-module-interface svg.event-study').getBoundingClientRect().width") as? Double ?? 0
                    #expect(study > 150)
                    let charts = try await driver.execute("return document.querySelectorAll('#standards svg.monitoring polyline.worse').length") as? Int ?? 0
                    #expect(charts > 12)
                    let retired = try await driver.execute("return document.querySelector('#retired').innerText") as? String ?? ""
                    #expect(retired.contains("Packing and labelling procedure"))
                    let incidence = try await driver.execute("return document.querySelectorAll('#cycle-time svg.incidence polyline').length") as? Int ?? 0
                    #expect(incidence == 2)
                    if let dir = ProcessInfo.processInfo.environment["AMBIDEX_SCREENSHOTS"] {
                        try await driver.screenshot(to: dir + "/dashboard.png")
                    }
                    // From the partner list to the page that partner sees.
                    let partner = try await driver.execute("const a = document.querySelector('#partners a'); a.click(); return a.innerText") as? String ?? ""
                    #expect(try await wait(driver, "return location.pathname.startsWith('/partners/')"))
                    let shared = try await driver.execute("return Array.from(document.querySelectorAll('section.card')).map(s => s.id)") as? [String]
                    #expect(shared == ["shared", "orders", "reflections", "suggestions", "activities"])
                    let heading = try await driver.execute("return document.querySelector('#shared h2').innerText") as? String ?? ""
                    #expect(!partner.isEmpty && heading.hasPrefix(partner))
                    if let dir = ProcessInfo.processInfo.environment["AMBIDEX_SCREENSHOTS"] {
                        try await driver.screenshot(to: dir + "/partner.png")
                    }
                    // From the units list to one unit's quarters: lines drawn by the browser, a row per quarter.
                    _ = try await driver.execute("document.querySelector('nav a[href=\"/units\"]').click(); return true")
                    #expect(try await driver.waitFor("return location.pathname === '/units' && document.querySelectorAll('#units tr').length > 5"))
                    _ = try await driver.execute("Array.from(document.querySelectorAll('#units a')).find(a => a.innerText === 'Engineering').click(); return true")
                    #expect(try await driver.waitFor("return location.pathname.startsWith('/units/') && !!document.querySelector('#flow')"))
                    let lines = try await driver.execute("return document.querySelectorAll('#ambidexterity svg.quarters polyline').length") as? Int ?? 0
                    #expect(lines >= 2)
                    let chart = try await driver.execute("return document.querySelector('#ambidexterity svg.quarters').getBoundingClientRect().width") as? Double ?? 0
                    #expect(chart > 200)
                    let quarters = try await driver.execute("return document.querySelectorAll('#quarters tr').length") as? Int ?? 0
                    #expect(quarters == OfficeSnapshot.unitQuarters + 1)
                    try await driver.shot("unit")
                    // The mining page: the ETO orders' process drawn by the browser; the slider redraws it with fewer edges;
                    // a standardization candidate fills the standards page's module form.
                    _ = try await driver.execute("document.querySelector('nav a[href=\"/mining\"]').click(); return true")
                    #expect(try await driver.waitFor("return location.pathname === '/mining' && document.querySelectorAll('#strategies tr').length === 6"))
                    _ = try await driver.execute("document.querySelector('#strategies a[href=\"/mining/eto\"]').click(); return true")
                    #expect(try await driver.waitFor("return location.pathname === '/mining/eto' && !!document.querySelector('#process svg')"))
                    let dfg = try await driver.execute("return document.querySelector('#process svg').getBoundingClientRect().width") as? Double ?? 0
                    #expect(dfg > 300)
                    let before = try await driver.execute("return document.querySelectorAll('#process svg path[marker-end]').length") as? Int ?? 0
                    _ = try await driver.execute("""
                        const r = document.querySelector('#drawing input[name=edges]'); r.value = '2';
                        r.dispatchEvent(new Event('input')); r.dispatchEvent(new Event('change')); return true
                        """)
                    #expect(try await driver.waitFor("return location.search.includes('edges=2') && !!document.querySelector('#process svg')"))
                    let after = try await driver.execute("return document.querySelectorAll('#process svg path[marker-end]').length") as? Int ?? 0
                    #expect(after > 0 && after < before, "\(after) arcs with 2 edges, \(before) before")
                    let shown = try await driver.execute("return document.getElementById('edges-shown').textContent") as? String
                    #expect(shown == "2")
                    try await driver.shot("mining-eto")
                    _ = try await driver.execute("Array.from(document.querySelectorAll('#candidates tr')).find(r => r.innerText.includes('drive interface = custom flange')).querySelector('a.propose').click(); return true")
                    #expect(try await driver.waitFor("return location.pathname === '/standards' && document.querySelector('#propose textarea[name=text]').value.includes('drive interface')"))
                }
            }
        }

        static func wait(_ driver: WebDriver, _ script: String, seconds: Double = 30) async throws -> Bool {
            try await driver.waitFor(script, seconds: seconds)
        }

        func wait(_ driver: WebDriver, _ script: String) async throws -> Bool { try await Self.wait(driver, script) }

        /// Fills the sign-in form the browser was sent to, as the lead.
        func signIn(_ driver: WebDriver) async throws {
            _ = try await driver.execute("""
                document.querySelector('input[name=email]').value = 'lead@example.org';
                document.querySelector('input[name=password]').value = 'correct horse battery';
                document.querySelector('form.login').submit(); return true
                """)
        }

        /// A 600-order demo company with a lead account, served to a browser.
        func withDemoLead(_ body: (Store, LearningOffice, WebDriver, String) async throws -> Void) async throws {
            try await withFreshStore(.sqlite) { store in
                let office = DemoCompany.generate(orders: 600)
                try await store.replaceAll(with: office)
                try await store.createAccount(Account(id: "A-lead", email: "lead@example.org", name: "Lena Lead", role: .lead),
                                              passwordHash: try Passwords.hash("correct horse battery"))
                try await withBrowser(store) { driver, base in try await body(store, office, driver, base) }
            }
        }

        @Test("the order list filters through its form and pages on; a token is made, shown once, used and revoked")
        func ordersAndTokens() async throws {
            try await withDemoLead { store, office, driver, base in
                try await driver.open(base + "/orders")
                try await signIn(driver)
                #expect(try await wait(driver, "return location.pathname === '/orders' && document.title === 'Orders · Ambidex'"))
                _ = try await driver.execute("""
                    document.querySelector('select[name=strategy]').value = 'eto';
                    document.querySelector('select[name=status]').value = 'closed';
                    document.querySelector('form.filters').submit(); return true
                    """)
                #expect(try await wait(driver, "return location.search.includes('strategy=eto') && !!document.querySelector('#orders')"))
                let expected = office.orders.filter { $0.strategy == .eto && $0.closed != nil }
                    .sorted { ($0.received, $0.id.rawValue) > ($1.received, $1.id.rawValue) }.map(\.id.rawValue)
                let first = try await driver.execute("return Array.from(document.querySelectorAll('#orders tr td:first-child')).map(t => t.innerText)") as? [String] ?? []
                #expect(first == Array(expected.prefix(50)))
                #expect(try await driver.execute("return document.querySelector('select[name=strategy]').value") as? String == "eto", "the form keeps the filter")
                try #require(expected.count > 50, "the company has a second page of closed ETO orders")
                _ = try await driver.execute("document.querySelector('#next-page').click(); return true")
                #expect(try await wait(driver, "return location.search.includes('after=')"))
                let second = try await driver.execute("return Array.from(document.querySelectorAll('#orders tr td:first-child')).map(t => t.innerText)") as? [String] ?? []
                #expect(second == Array(expected.dropFirst(50).prefix(50)))

                try await driver.open(base + "/tokens")
                _ = try await driver.execute("""
                    document.querySelector('input[name=name]').value = 'browser test';
                    document.querySelector('form[action="/tokens"]').submit(); return true
                    """)
                #expect(try await wait(driver, "return !!document.querySelector('#new-token')"))
                let token = try await driver.execute("return document.querySelector('#new-token').innerText") as? String ?? ""
                #expect(token.hasPrefix("amb_"))
                #expect(try await store.signedIn(apiTokenHash: Passwords.digest(token))?.account.email == "lead@example.org")
                try await driver.open(base + "/tokens")
                let listed = try await driver.execute("return document.querySelector('main').innerText") as? String ?? ""
                #expect(listed.contains("browser test") && !listed.contains(token), "shown once")
                _ = try await driver.execute("document.querySelector('form[action$=\"/revoke\"] button').click(); return true")
                #expect(try await wait(driver, "return document.querySelector('main').innerText.includes('revoked')"))
                #expect(try await store.signedIn(apiTokenHash: Passwords.digest(token)) == nil)
            }
        }

        @Test("from the order list to an open ETO order: its lessons say why they match, and a reflection captured on the page opens a knowledge item")
        func orderPage() async throws {
            try await withDemoLead { store, office, driver, base in
                try await driver.open(base + "/orders?strategy=eto&status=open")
                try await signIn(driver)
                #expect(try await wait(driver, "return !!document.querySelector('#orders a')"))
                let id = try await driver.execute("const a = document.querySelector('#orders a'); a.click(); return a.innerText") as? String ?? ""
                #expect(try await wait(driver, "return location.pathname === '/orders/\(id)' && !!document.querySelector('#lessons')"))
                let lessons = try await driver.execute("return Array.from(document.querySelectorAll('#lessons li.lesson')).map(l => l.innerText)") as? [String] ?? []
                #expect(!lessons.isEmpty && lessons.allSatisfy { $0.contains("match") && ($0.contains("shares") || $0.contains("same offering") || $0.contains("adopted for") || $0.contains("mentions")) },
                        "\(lessons)")
                #expect(try await driver.execute("return document.querySelectorAll('#value-chain li.stage').length") as? Int == 5)
                if let dir = ProcessInfo.processInfo.environment["AMBIDEX_SCREENSHOTS"] {
                    try await driver.screenshot(to: dir + "/order.png")
                }
                _ = try await driver.execute("""
                    document.querySelector('textarea[name=summary]').value = 'Flange drawing was late from the customer';
                    document.querySelector('textarea[name=tryNext]').value = 'Ask for the flange at kick-off';
                    document.querySelector('input[name="units[]"]').checked = true;
                    document.querySelector('input[name=knowledgeTitle]').value = 'Flange drawings at kick-off';
                    document.querySelector('form.reflect').submit(); return true
                    """)
                #expect(try await wait(driver, "return location.search.includes('recorded=') && !!document.querySelector('#reflections li.recorded')"))
                let recorded = try await driver.execute("return document.querySelector('#reflections li.recorded').innerText") as? String ?? ""
                #expect(recorded.contains("Flange drawing was late") && recorded.contains("We try: Ask for the flange at kick-off"))
                let knowledge = try await driver.execute("return document.querySelector('#order-knowledge').innerText") as? String ?? ""
                #expect(knowledge.contains("Flange drawings at kick-off"))
                let folder = try #require(try await store.orderFolder(OrderID(id)))
                #expect(folder.knowledge.contains { $0.title == "Flange drawings at kick-off" })
                if let dir = ProcessInfo.processInfo.environment["AMBIDEX_SCREENSHOTS"] {
                    try await driver.screenshot(to: dir + "/order-reflected.png")
                }
            }
        }

        @Test("the schedule: an activity held from its form shows as held, the week calendar renders, a calendar feed downloads as iCalendar; a knowledge item moves on the board")
        func schedule() async throws {
            try await withDemoLead { store, _, driver, base in
                try await driver.open(base + "/schedule")
                try await signIn(driver)
                #expect(try await wait(driver, "return location.pathname === '/schedule' && !!document.querySelector('form.act-hold')"))
                let id = try await driver.execute("""
                    const f = document.querySelector('form.act-hold');
                    f.querySelector('input[name=note]').value = 'decided to split the order team';
                    const id = f.closest('div.activity').id; f.submit(); return id
                    """) as? String ?? ""
                #expect(id.hasPrefix("activity-"))
                #expect(try await wait(driver, "const a = document.getElementById('\(id)'); return !!a && a.innerText.includes('held') && a.innerText.includes('decided to split the order team')"))
                if let dir = ProcessInfo.processInfo.environment["AMBIDEX_SCREENSHOTS"] {
                    try await driver.screenshot(to: dir + "/schedule.png")
                }
                try await driver.open(base + "/schedule?view=week")
                #expect(try await driver.execute("return document.querySelectorAll('#calendar td').length") as? Int == 7)
                _ = try await driver.execute("document.querySelector('form.feed').submit(); return true")
                #expect(try await wait(driver, "return !!document.querySelector('#feed-url')"))
                let ics = try await driver.execute("""
                    const url = new URL(document.querySelector('#feed-url').innerText.trim());
                    const x = new XMLHttpRequest(); x.open('GET', url.pathname, false); x.send();
                    return x.status + ' ' + x.getResponseHeader('Content-Type') + ' ' + x.responseText.slice(0, 15)
                    """) as? String ?? ""
                #expect(ics == "200 text/calendar; charset=utf-8 BEGIN:VCALENDAR", "\(ics)")
                #expect(try await store.calendarFeeds(account: "A-lead").count == 1)

                // The knowledge board: a legal move from its form lands the item in the next column.
                try await driver.open(base + "/knowledge")
                let item = try await driver.execute("""
                    const f = document.querySelector('#stage-acquired form.move'); const id = f.closest('div.kitem').id; f.submit(); return id
                    """) as? String ?? ""
                #expect(try await wait(driver, "return !!document.querySelector('#stage-assimilated #\(item)')"))
                if let dir = ProcessInfo.processInfo.environment["AMBIDEX_SCREENSHOTS"] {
                    try await driver.screenshot(to: dir + "/knowledge.png")
                }
            }
        }

        @Test("a customer signs in, rates a delivered order, makes a suggestion (it shows with its stage) and accepts an invitation")
        func partnerFeedbackAndSuggestion() async throws {
            try await withDemoLead { store, office, driver, base in
                let customer = try #require(office.partners.first { p in p.kind == .customer && office.orders.contains { $0.customer == p.id && $0.closed != nil } })
                try await store.createAccount(Account(id: "A-cust", email: "buyer@example.org", name: "Bo Buyer", role: .partner, partner: customer.id),
                                              passwordHash: try Passwords.hash("correct horse battery"))
                // A programme the lead started with this customer; the partner's page shows it once the snapshot caught up.
                let steps = try PartnerProgramme.activities(network: "Pump buyers", partners: [customer.id], units: [office.units[0].id],
                                                            start: office.asOf.adding(days: 2), key: "browser")
                try await store.planProgramme(steps, network: "Pump buyers", by: "lead@example.org")
                var waited = 0
                while try await store.freshness().behind > 0, waited < 600 { try await Task.sleep(for: .milliseconds(100)); waited += 1 }
                try await driver.open(base + "/partner")
                try await driver.signIn(as: "buyer@example.org")
                #expect(try await driver.waitFor("return location.pathname === '/partner' && !!document.querySelector('form.feedback')"))
                _ = try await driver.execute("""
                    const f = document.querySelector('form.feedback'); f.querySelector('select[name=score]').value = '2';
                    f.querySelector('input[name=comment]').value = 'Delivered late, and nobody called'; f.submit(); return true
                    """)
                #expect(try await driver.waitFor("return location.search.includes('done=feedback') && \(innerText("#shared")).includes('feedback is recorded')"))
                _ = try await driver.execute("""
                    const f = document.querySelector('#suggestions form'); f.querySelector('input[name=title]').value = 'Call us when a delivery slips';
                    f.submit(); return true
                    """)
                #expect(try await driver.waitFor("return \(innerText("#suggestions")).includes('Call us when a delivery slips') && \(innerText("#suggestions")).includes('acquired')"))
                try await driver.shot("partner-suggestion")
                let words = try await store.partnerSuggestions(customer.id).map(\.item.title)
                #expect(words.contains("Call us when a delivery slips"))

                _ = try await driver.execute("""
                    const f = document.querySelector('#activities form[action$="/\(steps[0].id.rawValue)/answer"]');
                    f.querySelector('select[name=answer]').value = 'accepted'; f.querySelector('input[name=note]').value = 'We bring two engineers';
                    f.submit(); return true
                    """)
                #expect(try await driver.waitFor("return location.search.includes('done=answer') && \(innerText("#activities")).includes('You come: We bring two engineers')"))
                try await driver.shot("partner-invitation")
                let given = try await store.invitationAnswers([steps[0].id])[steps[0].id] ?? []
                #expect(given.map(\.answer) == [.accepted] && given.first?.partner == customer.id)
            }
        }

        @Test("signing in, running a lab experiment in the background and seeing its plots")
        func labRuns() async throws {
            try await withFreshStore(.sqlite) { store in
                try await store.replaceAll(with: try SmallOffice.make())
                try await store.createAccount(Account(id: "A-lead", email: "lead@example.org", name: "Lena Lead", role: .lead),
                                              passwordHash: try Passwords.hash("correct horse battery"))
                try await withBrowser(store) { driver, base in
                    func wait(_ script: String, seconds: Double = 30) async throws -> Bool { try await BrowserTests.wait(driver, script, seconds: seconds) }
                    try await driver.open(base + "/lab")
                    #expect(try await driver.title() == "Sign in · Ambidex")
                    try await signIn(driver)
                    #expect(try await wait("return location.pathname === '/lab' && document.title === 'Lab · Ambidex'"))
                    _ = try await driver.execute("""
                        document.querySelector('input[name=name]').value = 'rotation in the browser';
                        document.querySelector('select[name=scenario]').value = 'rotation';
                        document.querySelector('input[name=runs]').value = '400';
                        document.querySelector('input[name=periods]').value = '200';
                        document.querySelector('form.lab').submit(); return true
                        """)
                    #expect(try await wait("return location.pathname.startsWith('/lab/experiments/X-')"))
                    // The page refreshes itself until the run is done, then shows one chart per measure.
                    #expect(try await wait("return document.querySelectorAll('main svg').length === 6", seconds: 300))
                    let width = try await driver.execute("return document.querySelector('main svg').getBoundingClientRect().width") as? Double ?? 0
                    #expect(width > 200)
                    let lines = try await driver.execute("return document.querySelectorAll('main svg polyline').length") as? Int ?? 0
                    #expect(lines >= 6 * 4)
                    let summary = try await driver.execute("return document.querySelector('main table').innerText") as? String ?? ""
                    #expect(summary.contains("rotation 0.3") && summary.contains("fit of delivered ETO orders"))
                    if let dir = ProcessInfo.processInfo.environment["AMBIDEX_SCREENSHOTS"] {
                        try await driver.screenshot(to: dir + "/lab.png")
                    }
                    try await driver.open(base + "/lab")
                    let listed = try await driver.execute("return document.body.innerText") as? String ?? ""
                    #expect(listed.contains("rotation in the browser") && listed.contains("400 × 200"))

                    // March's Fig. 1 from its own form: one chart, compared with the published values, a row per cell.
                    _ = try await driver.execute("""
                        const f = document.querySelector('form[action="/lab/march"]');
                        f.querySelector('select[name=figure]').value = 'fig1';
                        f.querySelector('input[name=runs]').value = '200';
                        f.submit(); return true
                        """)
                    #expect(try await wait("return document.body.innerText.includes('mean absolute error')", seconds: 300))
                    #expect(try await driver.execute("return document.querySelectorAll('main svg').length") as? Int == 1)
                    #expect(try await driver.execute("return document.querySelectorAll('main table tr').length") as? Int == 28)
                    if let dir = ProcessInfo.processInfo.environment["AMBIDEX_SCREENSHOTS"] {
                        try await driver.screenshot(to: dir + "/lab-march.png")
                    }
                }
            }
        }

        @Test("a lead uploads the production log, checks the suggested mapping against its preview, imports it, and its orders reach the order page, the dashboard and the mining page",
              .enabled(if: ImportPageTests.available, "../shared/data/eventlogs is absent: the browser import test needs production.xes.gz"))
        func importProductionLog() async throws {
            // An office that starts from the log alone: everything it then shows comes from the import.
            try await withFreshStore(.sqlite) { store in
              try await store.createAccount(Account(id: "A-lead", email: "lead@example.org", name: "Lena Lead", role: .lead),
                                            passwordHash: try Passwords.hash("correct horse battery"))
              try await withBrowser(store) { driver, base in
                try await driver.open(base + "/imports")
                try await signIn(driver)
                #expect(try await wait(driver, "return location.pathname === '/imports' && !!document.querySelector('input[type=file]')"))
                try await driver.type(ImportPageTests.production, into: "input[type=file]")
                try await driver.shot("import-1-chosen")
                _ = try await driver.execute("document.querySelector('#upload form').submit(); return true")
                #expect(try await wait(driver, "return location.pathname.startsWith('/imports/I-') && !!document.querySelector('#preview-units')"))
                try await driver.shot("import-2-mapping-and-preview")
                // The suggestion is in the form, each guess explained; the preview shows the units and both roles.
                #expect(try await driver.execute("return document.querySelector('#field-unit-default').value") as? String == "Production")
                let units = try await driver.execute("return document.querySelector('#preview-units').innerText") as? String ?? ""
                #expect(units.contains("Quality") && units.contains("Logistics") && units.contains("Production"), "\(units)")
                #expect(try await driver.execute("return document.querySelector('#preview-store').innerText") as? String ?? "" != "")

                let first = try await driver.execute("return document.querySelector('#preview-orders tr:nth-child(2) td').innerText") as? String ?? ""
                #expect(!first.isEmpty)
                // The lead changes one guess and previews again: every order is made to stock instead.
                _ = try await driver.execute("""
                    document.querySelector('#field-strategy').value = 'mts';
                    document.querySelector('button[value=preview]').click(); return true
                    """)
                #expect(try await wait(driver, "return !!document.querySelector('#preview-strategies') && document.querySelector('#preview-strategies').innerText.includes('MTS')"))
                _ = try await driver.execute("document.querySelector('#field-strategy').value = 'mto'; document.querySelector('#run').click(); return true")
                #expect(try await wait(driver, "return !!document.querySelector('#status') && document.querySelector('#status').innerText === 'imported'"))
                try await driver.shot("import-3-imported")
                let outcome = try await driver.execute("return document.querySelector('#outcome').innerText") as? String ?? ""
                #expect(outcome.contains("Imported") && outcome.contains("MTO"), "\(outcome)")
                let loaded = try await store.loadOffice()
                #expect(loaded.orders.count == 225 && Set(loaded.units.map(\.name)) == ["Logistics", "Production", "Quality"], "the log's orders are the office's")

                // The first order of the preview is an order of the office now: MTO, with Logistics front office on it (it packs, handing the order over).
                try await driver.open(base + "/orders/" + first.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!)
                #expect(try await wait(driver, "return document.body.innerText.includes('Packing')"))
                let folder = try await driver.execute("return document.body.innerText") as? String ?? ""
                #expect(folder.contains("MTO") && folder.contains("front office") && folder.contains("back office"), "\(folder.prefix(600))")
                try await driver.shot("import-4-order")
                // The dashboard counts them among the MTO orders once the snapshot has them.
                let mto = loaded.orders.filter { $0.strategy == .mto }.count
                var counted = false
                for _ in 0..<60 where !counted {
                    try await driver.open(base + "/")
                    counted = try await driver.execute("""
                        return [...document.querySelectorAll('tr')].some(r => r.cells.length > 1 && r.cells[0].innerText.startsWith('MTO') && r.cells[1].innerText === '\(mto)')
                        """) as? Bool == true
                    if !counted { try await Task.sleep(for: .seconds(1)) }
                }
                #expect(counted, "the dashboard's coverage table counts \(mto) MTO orders")
                // The MTO mining page draws the log's activities once the snapshot has them.
                var mined = false
                for _ in 0..<60 where !mined {
                    try await driver.open(base + "/mining/mto")
                    mined = try await driver.execute("return document.body.innerText.includes('Final Inspection')") as? Bool == true
                    if !mined { try await Task.sleep(for: .seconds(1)) }
                }
                #expect(mined, "the mining page shows the imported orders' activities")
                // The log itself, as a process of its own, one click from the mining page.
                try await driver.open(base + "/mining")
                _ = try await driver.execute("document.querySelector('#logs a').click(); return true")
                #expect(try await wait(driver, "return location.pathname === '/mining/log' && document.querySelector('#process h2').innerText.startsWith('production.xes.gz: 225 orders')"))
                try await driver.shot("import-5-mining")
                // The schedule plans learning on them: after-action reviews of the log's orders that needed rework.
                try await driver.open(base + "/schedule")
                #expect(try await wait(driver, "return /after-action review/i.test(document.body.innerText) && /MTO order Case\\d+/.test(document.body.innerText)"))
                try await driver.shot("import-6-schedule")
              }
            }
        }
    }
}
