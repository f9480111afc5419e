#if canImport(Glibc)
import Glibc
#endif
import AmbidexLab
import Foundation

/// HTTP/1.1 over a blocking socket on loopback, one request per connection,
/// with a cookie jar. Blocking on purpose: a test that times the server must
/// not wait for Swift's cooperative threads of the test process, which the
/// other tests keep busy. The async forms run the same off those threads.
final class PlainHTTP: @unchecked Sendable {
    let port: UInt16
    private let lock = NSLock()
    private var cookies: [String: String] = [:]

    struct Answer {
        var status: Int
        /// By lowercased name; the last one of a name wins.
        var headers: [String: String]
        var body: String
        /// From the first byte sent to the last byte read.
        var seconds: Double
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    init(url: String) throws {
        guard let port = URLComponents(string: url)?.port.flatMap(UInt16.init(exactly:)) else { throw Failure(description: "no port in \(url)") }
        self.port = port
    }

    func get(_ path: String, timeout: Double = 30) async throws -> Answer {
        try await offThePool { try self.getBlocking(path, timeout: timeout) }
    }

    func post(_ path: String, form: [String: String], timeout: Double = 30) async throws -> Answer {
        try await offThePool { try self.postBlocking(path, form: form, timeout: timeout) }
    }

    func json(_ path: String) async throws -> [String: Any] {
        let body = try await get(path).body
        return (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
    }

    /// JSON to the API, with the session's CSRF token in its header.
    func post(_ path: String, json: [String: Any], csrf: String, timeout: Double = 30) async throws -> Answer {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        return try await offThePool {
            try self.send("POST", path, body: body, contentType: "application/json", headers: ["X-CSRF-Token": csrf], timeout: timeout)
        }
    }

    func getBlocking(_ path: String, timeout: Double = 30) throws -> Answer {
        try send("GET", path, body: nil, timeout: timeout)
    }

    func postBlocking(_ path: String, form: [String: String], timeout: Double = 30) throws -> Answer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = form.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return try send("POST", path, body: body, timeout: timeout)
    }

    private func send(_ method: String, _ path: String, body: String?, contentType: String = "application/x-www-form-urlencoded",
                      headers extra: [String: String] = [:], timeout: Double) throws -> Answer {
        var head = "\(method) /\(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        let jar = lock.withLock { cookies }
        if !jar.isEmpty { head += "Cookie: " + jar.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") + "\r\n" }
        for (name, value) in extra { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n" }
        let request = Array((head + "\r\n" + (body ?? "")).utf8)

        let started = Date()
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "no socket") }
        defer { close(fd) }
        var wait = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "cannot connect to port \(port)") }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // A server may answer (413, say) and close before reading all of a large body.
            if n <= 0 { break }
            sent += n
        }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 { throw Failure(description: "\(method) /\(path): no answer within \(timeout) s") }
            if n == 0 { break }
            data.append(contentsOf: buffer[..<n])
        }
        let seconds = Date().timeIntervalSince(started)
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw Failure(description: "\(method) /\(path): no HTTP answer") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased(), value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = value
            if name == "set-cookie" {
                let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { lock.withLock { cookies[pair[0]] = pair[1] } }
            }
        }
        return Answer(status: status, headers: headers, body: String(text[split.upperBound...]), seconds: seconds)
    }
}
