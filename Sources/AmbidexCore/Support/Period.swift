import Foundation

/// A half-open span of time [start, end) in which evidence is aggregated.
public struct Period: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let start: Date
    public let end: Date
    public let label: String

    public init(start: Date, end: Date, label: String) {
        self.start = start
        self.end = end
        self.label = label
    }

    public func contains(_ date: Date) -> Bool { start <= date && date < end }
    public var description: String { label }
    public static func < (a: Self, b: Self) -> Bool { a.start < b.start }

    static let utc: Calendar = {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        return cal
    }()

    /// Calendar quarters (UTC) covering [from, to].
    public static func quarters(from: Date, to: Date) -> [Period] {
        let cal = utc
        let c = cal.dateComponents([.year, .month], from: from)
        var year = c.year!, q = (c.month! - 1) / 3
        var result: [Period] = []
        while true {
            let start = cal.date(from: DateComponents(year: year, month: q * 3 + 1, day: 1))!
            if start > to { break }
            let (ny, nq) = q == 3 ? (year + 1, 0) : (year, q + 1)
            let end = cal.date(from: DateComponents(year: ny, month: nq * 3 + 1, day: 1))!
            result.append(Period(start: start, end: end, label: "\(year)-Q\(q + 1)"))
            (year, q) = (ny, nq)
        }
        return result
    }
}

extension Date {
    public func adding(days: Double) -> Date { addingTimeInterval(days * 86_400) }

    /// Midnight UTC of the day.
    public var startOfDayUTC: Date { Period.utc.startOfDay(for: self) }

    /// The UTC calendar day, as YYYY-MM-DD: how the office names days in reasons, reports and pages.
    public var isoDay: String {
        let c = Period.utc.dateComponents([.year, .month, .day], from: self)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
