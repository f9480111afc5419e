/// A time format for CSV columns, strftime-like: `%Y` year, `%y` two-digit
/// year (2000–2099), `%m` month, `%d` day, `%H` hour, `%I` 12-hour clock with
/// `%p` (AM/PM), `%M` minute, `%S` second, `%f` fraction of a second (any
/// digits), `%z` offset (`Z`, `±hh:mm`, `±hhmm`), `%b` month name (Jan, …),
/// `%%` a percent sign; any other character matches itself. Also `iso`
/// (ISO 8601, the default), `unix` (seconds) and `unix-ms`.
public struct TimeFormat: Sendable, Equatable {
    public let pattern: String
    private let bytes: [UInt8]
    private enum Kind: Sendable, Equatable { case iso, unix, unixMilliseconds, pattern }
    private let kind: Kind

    public init(_ pattern: String) throws {
        self.pattern = pattern
        bytes = Array(pattern.utf8)
        switch pattern {
        case "iso": kind = .iso
        case "unix": kind = .unix
        case "unix-ms": kind = .unixMilliseconds
        default: kind = .pattern
        }
        if kind != .pattern { return }
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 1 < bytes.count, "YymdHIpMSfzb%".utf8.contains(bytes[i + 1]) else {
                    throw TimeFormatError(reason: "time format '\(pattern)': unknown directive at position \(i + 1) (use %Y %y %m %d %H %I %p %M %S %f %z %b %%)")
                }
                i += 2
            } else { i += 1 }
        }
    }

    public static let iso = try! TimeFormat("iso")

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Microseconds since 1970 UTC, or nil when the text does not match.
    public func parse(_ text: String, naiveOffsetSeconds: Int = 0) -> Int64? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0), naiveOffsetSeconds: naiveOffsetSeconds) }
    }

    /// The same from UTF-8 bytes (a CSV field), without making a `String`.
    func parse(_ text: UnsafeRawBufferPointer, naiveOffsetSeconds: Int = 0) -> Int64? {
        var lo = 0, hi = text.count
        while lo < hi && (text[lo] == 0x20 || text[lo] == 0x09) { lo += 1 }
        while hi > lo && (text[hi - 1] == 0x20 || text[hi - 1] == 0x09) { hi -= 1 }
        let s = UnsafeRawBufferPointer(rebasing: text[lo..<hi])
        switch kind {
        case .iso: return Timestamp.parseISO(s, naiveOffsetSeconds: naiveOffsetSeconds)
        case .unix:
            return Double(String(decoding: s, as: UTF8.self)).flatMap { $0.isFinite && abs($0) < 1e13 ? Int64(($0 * 1e6).rounded()) : nil }
        case .unixMilliseconds:
            return Double(String(decoding: s, as: UTF8.self)).flatMap { $0.isFinite && abs($0) < 1e16 ? Int64(($0 * 1e3).rounded()) : nil }
        case .pattern: break
        }
        var i = 0, p = 0
        var year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, micro = 0
        var pm: Bool? = nil
        var offset: Int? = nil
        func number(_ maxDigits: Int) -> Int? {
            var v = 0, n = 0
            while i < s.count, n < maxDigits, s[i] >= 48, s[i] <= 57 { v = v * 10 + Int(s[i] - 48); i += 1; n += 1 }
            return n == 0 ? nil : v
        }
        while p < bytes.count {
            let c = bytes[p]
            guard c == UInt8(ascii: "%") else {
                guard i < s.count, s[i] == c else { return nil }
                i += 1; p += 1
                continue
            }
            let d = bytes[p + 1]
            p += 2
            switch d {
            case UInt8(ascii: "Y"): guard let v = number(4) else { return nil }; year = v
            case UInt8(ascii: "y"): guard let v = number(2) else { return nil }; year = 2000 + v
            case UInt8(ascii: "m"): guard let v = number(2) else { return nil }; month = v
            case UInt8(ascii: "d"): guard let v = number(2) else { return nil }; day = v
            case UInt8(ascii: "H"), UInt8(ascii: "I"): guard let v = number(2) else { return nil }; hour = v
            case UInt8(ascii: "M"): guard let v = number(2) else { return nil }; minute = v
            case UInt8(ascii: "S"): guard let v = number(2) else { return nil }; second = v
            case UInt8(ascii: "f"):
                var scale = 100_000, n = 0
                while i < s.count, s[i] >= 48, s[i] <= 57 { micro += Int(s[i] - 48) * scale; scale /= 10; i += 1; n += 1 }
                guard n > 0 else { return nil }
            case UInt8(ascii: "p"):
                guard i + 2 <= s.count else { return nil }
                let ap = String(decoding: UnsafeRawBufferPointer(rebasing: s[i..<i + 2]), as: UTF8.self).lowercased()
                guard ap == "am" || ap == "pm" else { return nil }
                pm = ap == "pm"; i += 2
            case UInt8(ascii: "b"):
                guard i + 3 <= s.count else { return nil }
                let name = String(decoding: UnsafeRawBufferPointer(rebasing: s[i..<i + 3]), as: UTF8.self).lowercased()
                guard let m = TimeFormat.months.firstIndex(of: name) else { return nil }
                month = m + 1; i += 3
                while i < s.count, (s[i] | 0x20) >= UInt8(ascii: "a"), (s[i] | 0x20) <= UInt8(ascii: "z") { i += 1 }
            case UInt8(ascii: "z"):
                guard i < s.count else { return nil }
                if s[i] == UInt8(ascii: "Z") { offset = 0; i += 1; break }
                guard s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") else { return nil }
                let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let h = number(2) else { return nil }
                if i < s.count, s[i] == UInt8(ascii: ":") { i += 1 }
                let m = number(2) ?? 0
                offset = sign * (h * 3600 + m * 60)
            default:
                guard i < s.count, s[i] == UInt8(ascii: "%") else { return nil }
                i += 1
            }
        }
        guard i == s.count else { return nil }
        if let pm {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        guard (1...12).contains(month), day >= 1, day <= Timestamp.daysIn(month: month, year: year),
              hour < 24, minute < 60, second <= 60 else { return nil }
        let seconds = Timestamp.days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
            - Int64(offset ?? naiveOffsetSeconds)
        return seconds * 1_000_000 + Int64(micro)
    }
}

public struct TimeFormatError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}

import Foundation
