import AmbidexCore
import Foundation

/// Activities as an iCalendar feed (RFC 5545), so they land in the calendars
/// people already use: one event per activity, its reason as the description,
/// a skipped one cancelled, lines folded at 75 octets.
enum ICalendar {
    /// How long each kind of activity usually takes, in minutes.
    static func minutes(_ kind: LearningActivity.Kind) -> Int {
        switch kind {
        case .inOrderStandUp, .dailyFlowMeeting: 15
        case .orderKickOff: 30
        case .afterActionReview, .customerCoDesignSession, .marketReview: 60
        case .crossOrderRetrospective: 90
        case .crossUnitWorkshop, .processModellingWorkshop, .improvementInitiative: 120
        }
    }

    static func feed(name: String, activities: [LearningActivity], unitNames: [UnitID: String], host: String, now: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Ambidex//learning office//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:" + text(name)]
        for a in activities {
            let units = a.units.map { unitNames[$0] ?? $0.rawValue }.sorted().joined(separator: ", ")
            var description = a.reason
            if !a.orders.isEmpty { description += "\nOrders: " + a.orders.prefix(30).map(\.rawValue).joined(separator: ", ") + (a.orders.count > 30 ? ", …" : "") }
            if let note = a.note { description += "\nNote: " + note }
            lines += ["BEGIN:VEVENT",
                      "UID:" + text(a.id.rawValue) + "@" + text(host),
                      "DTSTAMP:" + stamp(now),
                      "DTSTART:" + stamp(a.date),
                      "DURATION:PT\(minutes(a.kind))M",
                      "SUMMARY:" + text(a.kind.label.prefix(1).uppercased() + a.kind.label.dropFirst() + (a.strategy.map { " · \($0.code)" } ?? "")),
                      "DESCRIPTION:" + text(description),
                      "CATEGORIES:" + text(a.kind.rawValue)]
            if !units.isEmpty { lines.append("LOCATION:" + text(units)) }
            lines.append("STATUS:" + (a.status == .skipped || a.status == .cancelled ? "CANCELLED" : "CONFIRMED"))
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// A TEXT value: backslash, semicolon, comma and newline escaped.
    static func text(_ s: some StringProtocol) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": continue
            default: if c.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) { out.append(c) }
            }
        }
        return out
    }

    static func stamp(_ d: Date) -> String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: d)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// Folds a content line into lines of at most 75 octets, never inside a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var parts: [String] = [], current = "", octets = 0
        for ch in line {
            let n = String(ch).utf8.count
            let limit = parts.isEmpty ? 75 : 74 // a continuation line starts with one space
            if octets + n > limit {
                parts.append(current)
                current = ""
                octets = 0
            }
            current.append(ch)
            octets += n
        }
        parts.append(current)
        return parts.enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element }.joined(separator: "\r\n")
    }
}
