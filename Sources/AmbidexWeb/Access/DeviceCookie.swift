import AmbidexCore
import Vapor
import Foundation

/// A device cookie as OWASP describes it ("Slow down online guessing attacks
/// with device cookies"): a browser that signed in to an account before
/// carries a signed note of it, and its tries at that account are counted for
/// that browser alone, not against the account's limit for everyone. So
/// guesses spread over many addresses can no longer lock the owner out,
/// while guessing from a browser with a cookie still stops after a few tries.
struct DeviceCookie: Sendable, Hashable {
    static let name = "ambidex_device"
    static let lifetime = 365 * 24 * 3600

    /// The normalized email of the account it signed in to.
    let account: String
    /// Its own random part: what its tries are counted under.
    let nonce: String

    /// `payload.signature`: base64url of "v1|email|nonce", and its HMAC-SHA256 under the store's key.
    func value(key: [UInt8]) -> String {
        let payload = Self.base64URL(Data("v1|\(account)|\(nonce)".utf8))
        return payload + "." + Self.signature(payload, key: key)
    }

    static func issue(for email: String) -> DeviceCookie {
        DeviceCookie(account: Account.normalized(email: email), nonce: Passwords.token())
    }

    /// The cookie if it is ours, untampered and for this email; nil otherwise (then the browser is a stranger).
    static func read(_ value: String?, key: [UInt8], email: String) -> DeviceCookie? {
        guard let value, value.utf8.count < 1_000 else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let payload = String(parts[0])
        guard constantTimeEqual(String(parts[1]), signature(payload, key: key)),
              let data = Data(base64URL: payload), let text = String(data: data, encoding: .utf8) else { return nil }
        let fields = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3, fields[0] == "v1", fields[1] == Account.normalized(email: email), !fields[2].isEmpty else { return nil }
        return DeviceCookie(account: fields[1], nonce: fields[2])
    }

    private static func signature(_ payload: String, key: [UInt8]) -> String {
        base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: key))))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Data {
    init?(base64URL text: String) {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        self.init(base64Encoded: s)
    }
}

extension DeviceCookie {
    /// Where the signing key is kept among the store's settings.
    static let settingKey = "access.deviceCookieKey"
}
