import AmbidexLab
import Foundation
import Plot

/// March's (1991) figures on the lab page: the form, and a finished figure as
/// its chart and the table of cells behind it.
extension LabView {
    static func marchForm(_ p: LabPage) -> Node<HTML.BodyContext> {
        let fields = p.fields(of: "march")
        func field(_ key: String, _ label: String, _ placeholder: String) -> Node<HTML.FormContext> { textField(fields, key, label, placeholder) }
        return .form(.method(.post), .action("/lab/march"), .class("lab"),
            .input(.type(.hidden), .name("csrf"), .value(p.session.csrfToken)),
            field("name", "Name", "e.g. Fig. 1 at 2000 runs"),
            .label(.text("Figure"),
                .select(.attribute(named: "name", value: "figure"),
                    .forEach(MarchExperiment.allCases) { f in
                        .option(.value(f.rawValue), .label(f.title), .isSelected((fields["figure"] ?? "fig1") == f.rawValue))
                    })),
            field("runs", "Runs per cell (≤ \(LabForm.limits.runs))", "500"),
            field("seed", "Seed", "1991"),
            .button(.type(.submit), .class("primary"), .text("Run March's model"))
        )
    }

    static func marchOutcome(_ r: MarchFigureResult) -> Node<HTML.BodyContext> {
        .group(
            .section(.class("card wide"), .h2("Result"),
                .unwrap(r.comparison) { c in
                    .p(.class("lead"), .text(String(format: "Against March's published values: mean absolute error %.4f, largest %.4f over %d cells (reproduced means ≤ 0.012 and ≤ 0.03 at 2,000 runs per cell).",
                                                    c.meanAbsoluteError, c.maxAbsoluteError, c.cells)))
                },
                .raw(r.chart.svg(width: 760, height: 440))),
            .unwrap(r.cells) { cells in .section(.class("card wide"), .h2("Cells"), cellTable(cells, figure: r.request.figure)) },
            .unwrap(r.series) { series in .section(.class("card wide"), .h2("Over time"), seriesTable(series, cells: r.request.figure.cells().cells)) }
        )
    }

    static func cellTable(_ cells: [MarchCellResult], figure: MarchExperiment) -> Node<HTML.BodyContext> {
        func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "–" }
        let published = figure == .fig1
        return .table(
            .tr(.th(.class("num"), .text("p1 (mean)")), .th(.class("num"), .text("p2")), .th(.class("num"), .text("p3")),
                .th(.class("num"), .text("fast learners")), .th(.class("num"), .text("runs")),
                .th(.class("num"), .text("code score ± 95%")), .th(.class("num"), .text("code frac")),
                .th(.class("num"), .text("individual score")), .th(.class("num"), .text("fast")), .th(.class("num"), .text("slow")),
                .th(.class("num"), .text("periods")),
                .if(published, .group(.th(.class("num"), .text("March")), .th(.class("num"), .text("Δ"))))),
            .forEach(cells) { c in
                let march = published ? MarchPublished.fig1(p1: c.p1, p2: c.p2) : nil
                return .tr(
                    .td(.class("num"), .text(f(c.p1))), .td(.class("num"), .text(f(c.p2))), .td(.class("num"), .text(f(c.p3))),
                    .td(.class("num"), .text(f(c.fractionFast))), .td(.class("num"), .text("\(c.runs)")),
                    .td(.class("num"), .text(String(format: "%.3f ± %.3f", c.codeScore, 1.96 * c.codeScoreSE))),
                    .td(.class("num"), .text(f(c.codeFrac))), .td(.class("num"), .text(f(c.individualScore))),
                    .td(.class("num"), .text(f(c.fastScore))), .td(.class("num"), .text(f(c.slowScore))),
                    .td(.class("num"), .text(String(format: "%.1f", c.periodsMean))),
                    .if(published, .group(.td(.class("num"), .text(f(march))),
                                          .td(.class("num"), .text(march.map { String(format: "%+.3f", c.codeScore - $0) } ?? "–"))))
                )
            }
        )
    }

    /// Every tenth period, so the table stays readable next to the chart.
    static func seriesTable(_ series: [[MarchPoint]], cells: [MarchParameters]) -> Node<HTML.BodyContext> {
        let periods = (series.first ?? []).map(\.period).filter { $0 % 10 == 0 }
        return .table(
            .tr(.th(.class("num"), .text("period")), .forEach(cells) { .th(.class("num"), .text("code score, p3 = \($0.p3)")) }),
            .forEach(periods) { t in
                .tr(.td(.class("num"), .text("\(t)")), .forEach(series) { s in .td(.class("num"), .text(String(format: "%.3f", s[t].codeScore))) })
            }
        )
    }
}
