import Plot

extension DashboardView {
    /// Each standard: what it did (estimates with their method, interval and
    /// adjusted claim, and why they may still be wrong), its event study and
    /// its monitoring charts; retired standards and what monitoring said.
    static func standards(_ m: DashboardModel) -> Node<HTML.BodyContext> {
        .section(.class("card wide"), .id("standards"),
            .h2("What adopted standards did, and what monitoring says"),
            .p(.class("lead"), .text("Each strategy of a standard's scope is compared with strategies that went through no other change in the same window "
                                     + "(difference-in-differences), or, with none, with its own trend (interrupted time series). Lead time is the median with open "
                                     + "orders censored. Intervals resample whole calendar weeks; claims are made only after controlling the false discovery rate at "
                                     + "\(m.falseDiscoveryRate) across all standards and metrics. The event study shows the gap month by month, so trends before adoption "
                                     + "are visible; the CUSUM charts watch the standard's deliveries from adoption to retirement.")),
            .if(m.standards.isEmpty, .p(.class("muted"), .text("No standard has been adopted yet."))),
            .forEach(m.standards) { standard($0) },
            .unwrap(m.standards.filter { $0.retired != nil }.nilIfEmpty) { retired in
                .div(.id("retired"),
                    .h3("Retired standards and what monitoring said"),
                    .table(
                        .tr(.th("Standard"), .th("Adopted"), .th("Retired"), .th("Monitoring")),
                        .forEach(retired) { s in
                            .tr(.td(.text(s.name)), .td(.text(s.adopted)), .td(.text(s.retired ?? "")), .td(.text(s.monitoringSummary)))
                        }))
            })
    }

    /// One standard's effects, event studies and monitoring (also on its registry page).
    static func standard(_ s: DashboardModel.StandardRow) -> Node<HTML.BodyContext> {
                return .div(.class("standard"), .id("standard-\(s.id)"),
                    .h3(.text("\(s.name) "), .span(.class("tag"), .text(s.kind)), .span(.class("muted"), .text(" · \(s.scope) · adopted \(s.adopted)")),
                        .unwrap(s.retired) { .span(.class("tag bad"), .text("retired \($0)")) }),
                    .table(.class("effects"),
                        .tr(.th("Metric"), .th(.class("num"), .text("Effect")), .th(.class("num"), .text("95% interval")),
                            .th(.class("num"), .text("p / adjusted")), .th("Claim"), .th("Orders before → after"), .th("Method")),
                        .forEach(s.effects) { e in
                            .tr(.td(.text(e.metric)), .td(.class(e.better == nil ? "num" : e.better! ? "num good" : "num bad"), .text(e.effect)),
                                .td(.class("num"), .text(e.interval)), .td(.class("num"), .text(e.p)), .td(.text(e.claim)), .td(.text(e.orders)),
                                .td(.class("small"), .text(e.methods)))
                        }
                    ),
                    .p(.class("monitoring-summary"), .text(s.monitoringSummary)),
                    .div(.class("charts"), .forEach(s.eventStudies) { .div(.class("chart"), .raw($0.svg)) }),
                    .div(.class("charts"), .forEach(s.monitoring) { .div(.class("chart"), .raw($0.svg)) }),
                    .details(.summary("Windows, comparisons and why the estimates may still be wrong"),
                        .ul(.forEach(s.notes) { .li(.text($0)) },
                            .forEach(s.effects) { e in .forEach(e.caveats) { .li(.text("\(e.metric): \($0)")) } })))
    }
}

extension Array {
    var nilIfEmpty: [Element]? { isEmpty ? nil : self }
}
