import AmbidexCore
import AmbidexDemo
import AmbidexStore
@testable import AmbidexWeb
import AmbidexTestSupport
import Foundation
import Testing
import Vapor

/// The dashboard as a person sees it: served over real HTTP and rendered by
/// Debian's chromium through chromedriver. Skipped where chromium is not
/// installed, unless AMBIDEX_TEST_BROWSER=required (as in CI).
@Suite("Dashboard in a real browser", .serialized, .enabled(if: WebDriver.available, "chromium-driver is not installed: apt-get install chromium chromium-driver"))
struct BrowserTests {
    @Test("the demo company's dashboard renders its charts, tables and reasons")
    func dashboardRenders() async throws {
        try await withFreshStore(.sqlite) { store in
            try await store.replaceAll(with: DemoCompany.generate(orders: 1_500))
            let app = try await Application.make(.testing)
            let driver: WebDriver
            do {
                try await WebServer.configure(app, store: store)
                try await app.server.start(address: .hostname("127.0.0.1", port: 0))
                driver = try await WebDriver.start(client: app.client)
            } catch {
                await app.server.shutdown()
                try? await app.asyncShutdown()
                throw error
            }
            do {
                let port = try #require(app.http.server.shared.localAddress?.port)
                try await driver.open("http://127.0.0.1:\(port)/")
                #expect(try await driver.title() == "Dashboard · Ambidex")
                let sections = try await driver.execute("return Array.from(document.querySelectorAll('section.card')).map(s => s.id)") as? [String]
                #expect(sections == ["summary", "coverage", "ambidexterity", "flow", "cycle-time", "standards", "upcoming"])
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
                if let dir = ProcessInfo.processInfo.environment["AMBIDEX_SCREENSHOTS"] {
                    try await driver.screenshot(to: dir + "/dashboard.png")
                }
            } catch {
                await driver.quit()
                await app.server.shutdown()
                try? await app.asyncShutdown()
                throw error
            }
            await driver.quit()
            await app.server.shutdown()
            try await app.asyncShutdown()
        }
    }
}
