import Vapor

/// Password hashing: bcrypt, so a stolen database does not give passwords away.
public enum Passwords {
    public static let minimumLength = 10

    public static func hash(_ password: String) throws -> String {
        guard password.count >= minimumLength else { throw Abort(.badRequest, reason: "a password needs at least \(minimumLength) characters") }
        return try Bcrypt.hash(password)
    }

    public static func verify(_ password: String, against hash: String) -> Bool {
        (try? Bcrypt.verify(password, created: hash)) ?? false
    }

    /// A hash of nothing anyone knows, checked when an email has no account.
    static let decoyHash: String = (try? Bcrypt.hash(token())) ?? ""

    /// A random token for sessions and forms, URL- and cookie-safe.
    static func token() -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &g) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What the store keeps of a session token.
    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A readable random password for accounts the server creates itself.
    public static func generated() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var g = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &g)] })
    }
}
