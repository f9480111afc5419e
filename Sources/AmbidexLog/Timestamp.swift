/// Times in a log are microseconds since 1970-01-01T00:00:00Z (UTC): an
/// `Int64` per event, exact for every XES and OCEL time, and fast to compare.
public enum Timestamp {
    public static let microsPerSecond: Int64 = 1_000_000

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    @inline(__always)
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468)
    }

    /// The civil date and time of a timestamp, in UTC.
    public static func components(_ micros: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, micro: Int) {
        var days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        if rest < 0 { rest += 86_400_000_000; days -= 1 }
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        let secs = Int(rest / 1_000_000)
        return (y, m, d, secs / 3600, secs / 60 % 60, secs % 60, Int(rest % 1_000_000))
    }

    /// ISO 8601 in UTC with milliseconds, e.g. `2011-01-06T09:18:00.000Z`.
    public static func iso(_ micros: Int64) -> String {
        let c = components(micros)
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
        }
        var out = "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))"
        if c.micro % 1000 != 0 { out += "." + pad(c.micro, 6) } else { out += "." + pad(c.micro / 1000, 3) }
        return out + "Z"
    }

    /// Parses the ISO 8601 forms logs use: `YYYY-MM-DD`, then optionally `T` or
    /// a space and `hh:mm[:ss[.fraction]]`, then optionally `Z`, `±hh:mm`,
    /// `±hhmm` or `±hh`. `/` is accepted as the date separator (some exports
    /// write `2019/11/03 01:11:19.000`). A time without an offset is naive: it
    /// is read as `naiveOffsetSeconds` east of UTC (0 by default: as UTC).
    /// Returns nil for anything else.
    @inline(__always)
    public static func parseISO(_ p: UnsafeRawBufferPointer, naiveOffsetSeconds: Int = 0) -> Int64? {
        let n = p.count
        var i = 0
        @inline(__always) func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var v = 0
            for k in 0..<count {
                let d = Int(p[i + k]) &- 48
                guard d >= 0 && d <= 9 else { return nil }
                v = v * 10 + d
            }
            i += count
            return v
        }
        guard let year = digits(4), i < n else { return nil }
        let sep = p[i]
        guard sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") else { return nil }
        i += 1
        guard let month = digits(2), i < n, p[i] == sep else { return nil }
        i += 1
        guard let day = digits(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var seconds = Int64(days(year: year, month: month, day: day)) * 86_400
        var micros: Int64 = 0
        var offset: Int? = nil
        if i < n && (p[i] == UInt8(ascii: "T") || p[i] == UInt8(ascii: " ")) {
            i += 1
            guard let hour = digits(2), i < n, p[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            guard let minute = digits(2) else { return nil }
            var second = 0
            if i < n && p[i] == UInt8(ascii: ":") {
                i += 1
                guard let s = digits(2) else { return nil }
                second = s
                if i < n && (p[i] == UInt8(ascii: ".") || p[i] == UInt8(ascii: ",")) {
                    i += 1
                    var scale: Int64 = 100_000
                    let start = i
                    while i < n, p[i] >= 48, p[i] <= 57 {
                        micros += Int64(p[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                    guard i > start else { return nil }
                }
            }
            guard hour <= 24, minute <= 59, second <= 60 else { return nil }
            if hour == 24 && (minute != 0 || second != 0 || micros != 0) { return nil }
            seconds += Int64(hour * 3600 + minute * 60 + second)
        }
        if i < n {
            let c = p[i]
            if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                offset = 0
                i += 1
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                i += 1
                guard let oh = digits(2) else { return nil }
                var om = 0
                if i < n && p[i] == UInt8(ascii: ":") { i += 1 }
                if i < n { guard let m = digits(2) else { return nil }; om = m }
                guard oh <= 18, om <= 59 else { return nil }
                offset = (oh * 3600 + om * 60) * (c == UInt8(ascii: "-") ? -1 : 1)
            }
        }
        guard i == n else { return nil }
        seconds -= Int64(offset ?? naiveOffsetSeconds)
        return seconds * microsPerSecond + micros
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func parseISO(_ s: String, naiveOffsetSeconds: Int = 0) -> Int64? {
        var s = s
        return s.withUTF8 { parseISO(UnsafeRawBufferPointer($0), naiveOffsetSeconds: naiveOffsetSeconds) }
    }
}
