import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Just enough of the W3C WebDriver protocol to drive Debian's chromium
/// through chromedriver: open a page, run a script, read what the browser
/// actually rendered.
struct WebDriver {
    /// Whether browser tests must run (CI sets AMBIDEX_TEST_BROWSER=required)
    /// or may be skipped on a machine without chromium.
    static var required: Bool { ProcessInfo.processInfo.environment["AMBIDEX_TEST_BROWSER"] == "required" }
    static var chromedriverPath: String? {
        ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
    static var available: Bool { chromedriverPath != nil || required }

    let base: URL
    let session: String
    private let process: Process

    static func start() async throws -> WebDriver {
        guard let path = chromedriverPath else { throw BrowserError("chromedriver is not installed (apt-get install chromium chromium-driver)") }
        let port = Int.random(in: 20_000...40_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--port=\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let base = URL(string: "http://127.0.0.1:\(port)")!
        var ready = false
        for _ in 0..<100 where !ready {
            try await Task.sleep(for: .milliseconds(100))
            ready = (try? await request("GET", base.appendingPathComponent("status"), nil)) != nil
        }
        guard ready else { process.terminate(); throw BrowserError("chromedriver did not start on port \(port)") }
        let caps: [String: Any] = ["capabilities": ["alwaysMatch": ["goog:chromeOptions": [
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600"],
        ]]]]
        let created = try await request("POST", base.appendingPathComponent("session"), caps)
        guard let value = created["value"] as? [String: Any], let id = value["sessionId"] as? String else {
            process.terminate()
            throw BrowserError("chromedriver gave no session: \(created)")
        }
        return WebDriver(base: base, session: id, process: process)
    }

    func open(_ url: String) async throws {
        _ = try await Self.request("POST", sessionURL("url"), ["url": url])
    }

    /// Runs JavaScript in the page and returns its result.
    func execute(_ script: String) async throws -> Any? {
        let result = try await Self.request("POST", sessionURL("execute/sync"), ["script": script, "args": []])
        return result["value"]
    }

    func title() async throws -> String {
        try await Self.request("GET", sessionURL("title"), nil)["value"] as? String ?? ""
    }

    /// A PNG of the viewport, for looking at the page as a person would.
    func screenshot(to path: String) async throws {
        let result = try await Self.request("GET", sessionURL("screenshot"), nil)
        guard let b64 = result["value"] as? String, let data = Data(base64Encoded: b64) else { throw BrowserError("no screenshot") }
        try data.write(to: URL(fileURLWithPath: path))
    }

    func quit() async {
        _ = try? await Self.request("DELETE", base.appendingPathComponent("session/\(session)"), nil)
        process.terminate()
        process.waitUntilExit()
    }

    private func sessionURL(_ path: String) -> URL { base.appendingPathComponent("session/\(session)/\(path)") }

    private static func request(_ method: String, _ url: URL, _ body: [String: Any]?) async throws -> [String: Any] {
        var req = URLRequest(url: url, timeoutInterval: 30)
        req.httpMethod = method
        if let body {
            req.httpBody = try JSONSerialization.data(withJSONObject: body)
            req.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await URLSession.shared.data(for: req)
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw BrowserError("not JSON from chromedriver") }
        if let value = json["value"] as? [String: Any], let error = value["error"] as? String {
            throw BrowserError("chromedriver: \(error): \(value["message"] ?? "")")
        }
        return json
    }
}

struct BrowserError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
