#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// HTTP/1.1 over a blocking socket on loopback, one request per connection.
/// Blocking on purpose: the test that times the server must not wait for
/// Swift's cooperative threads of the test process, which the other tests keep busy.
struct PlainHTTP {
    let port: UInt16
    private(set) var cookies: [String: String] = [:]

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

    mutating func get(_ path: String, timeout: Double = 30) throws -> Answer {
        try send("GET", path, body: nil, timeout: timeout)
    }

    mutating func post(_ path: String, form: [String: String], timeout: Double = 30) throws -> Answer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = form.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return try send("POST", path, body: body, timeout: timeout)
    }

    mutating func json(_ path: String) throws -> [String: Any] {
        (try JSONSerialization.jsonObject(with: Data(try get(path).body.utf8)) as? [String: Any]) ?? [:]
    }

    private mutating func send(_ method: String, _ path: String, body: String?, timeout: Double) throws -> Answer {
        var head = "\(method) /\(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if !cookies.isEmpty { head += "Cookie: " + cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") + "\r\n" }
        if let body { head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n" }
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
                if pair.count == 2 { cookies[pair[0]] = pair[1] }
            }
        }
        return Answer(status: status, headers: headers, body: String(text[split.upperBound...]), seconds: seconds)
    }
}
