import Foundation
import Vapor

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
    let client: any Client
    private let process: Process

    /// Talks to chromedriver through Vapor's HTTP client: Foundation's
    /// URLSession on this Linux build fails on plain loopback requests.
    static func start(client: any Client) async throws -> WebDriver {
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
            ready = (try? await request(client, "GET", base.appendingPathComponent("status"), nil)) != nil
        }
        guard ready else { process.terminate(); throw BrowserError("chromedriver did not start on port \(port)") }
        let caps: [String: Any] = ["capabilities": ["alwaysMatch": ["goog:chromeOptions": [
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600"],
        ]]]]
        let created = try await request(client, "POST", base.appendingPathComponent("session"), caps)
        guard let value = created["value"] as? [String: Any], let id = value["sessionId"] as? String else {
            process.terminate()
            throw BrowserError("chromedriver gave no session: \(created)")
        }
        return WebDriver(base: base, session: id, client: client, process: process)
    }

    func open(_ url: String) async throws {
        _ = try await Self.request(client, "POST", sessionURL("url"), ["url": url])
    }

    /// Runs JavaScript in the page and returns its result.
    func execute(_ script: String) async throws -> Any? {
        let result = try await Self.request(client, "POST", sessionURL("execute/sync"), ["script": script, "args": []])
        return result["value"]
    }

    /// Types `text` into the element `css` finds: for a file input, the path of the file to upload.
    func type(_ text: String, into css: String) async throws {
        let found = try await Self.request(client, "POST", sessionURL("element"), ["using": "css selector", "value": css])
        guard let element = (found["value"] as? [String: Any])?.values.first as? String else { throw BrowserError("no element \(css)") }
        _ = try await Self.request(client, "POST", sessionURL("element/\(element)/value"), ["text": text])
    }

    func title() async throws -> String {
        try await Self.request(client, "GET", sessionURL("title"), nil)["value"] as? String ?? ""
    }

    /// A PNG of the viewport, for looking at the page as a person would.
    func screenshot(to path: String) async throws {
        let result = try await Self.request(client, "GET", sessionURL("screenshot"), nil)
        guard let b64 = result["value"] as? String, let data = Data(base64Encoded: b64) else { throw BrowserError("no screenshot") }
        try data.write(to: URL(fileURLWithPath: path))
    }

    func quit() async {
        _ = try? await Self.request(client, "DELETE", base.appendingPathComponent("session/\(session)"), nil)
        process.terminate()
        // Poll rather than waitUntilExit(), which blocks a cooperative thread.
        for _ in 0..<50 where process.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    private func sessionURL(_ path: String) -> URL { base.appendingPathComponent("session/\(session)/\(path)") }

    /// A command may wait for a page load; on a busy two-core machine that can take
    /// far longer than it ever should on a person's, so the limit is generous.
    private static func request(_ client: any Client, _ method: String, _ url: URL, _ body: [String: Any]?) async throws -> [String: Any] {
        var headers = HTTPHeaders()
        var buffer: ByteBuffer?
        if let body {
            headers.contentType = .json
            buffer = ByteBuffer(data: try JSONSerialization.data(withJSONObject: body))
        }
        let response = try await client.send(ClientRequest(method: HTTPMethod(rawValue: method), url: URI(string: url.absoluteString),
                                                           headers: headers, body: buffer, timeout: .seconds(120)))
        guard let bytes = response.body, let json = try JSONSerialization.jsonObject(with: Data(buffer: bytes)) as? [String: Any] else {
            throw BrowserError("not JSON from chromedriver")
        }
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
