import AmbidexStore
import Plot

/// The frame every page shares: title, navigation, styles. Pages are typed
/// Plot nodes, so malformed HTML does not compile and text is always escaped.
enum Layout {
    static func page(title: String, office: String, active: String, session: SignedIn? = nil, script: String? = nil, body: Node<HTML.BodyContext>...) -> HTML {
        HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Plot repeats the title in meta attributes, which it does not escape.
                .title(escaped("\(title) · Ambidex")),
                .style(styles),
                .unwrap(script) { .script(.src($0), .attribute(named: "defer", value: "defer")) }
            ),
            .body(
                .header(
                    .class("top"),
                    .a(.class("brand"), .href("/"), .text("Ambidex")),
                    .span(.class("office"), .text(office)),
                    .nav(
                        .if(session?.account.role.seesOffice == true, .group(
                            .a(.href("/"), .class(active == "dashboard" ? "on" : ""), .text("Dashboard")),
                            .a(.href("/orders"), .class(active == "orders" ? "on" : ""), .text("Orders")),
                            .a(.href("/schedule"), .class(active == "schedule" ? "on" : ""), .text("Schedule")),
                            .a(.href("/units"), .class(active == "units" ? "on" : ""), .text("Units")),
                            .a(.href("/mining"), .class(active == "mining" ? "on" : ""), .text("Mining")),
                            .a(.href("/knowledge"), .class(active == "knowledge" ? "on" : ""), .text("Knowledge")),
                            .a(.href("/retrospectives"), .class(active == "retrospectives" ? "on" : ""), .text("Retrospectives")),
                            .a(.href("/standards"), .class(active == "standards" ? "on" : ""), .text("Standards")),
                            .a(.href("/api/v1/report"), .text("Report (JSON)")),
                            .a(.href("/lab"), .class(active == "lab" ? "on" : ""), .text("Lab")))),
                        .if(session?.account.role == .partner, .a(.href("/partner"), .class(active == "partner" ? "on" : ""), .text("Shared with you"))),
                        .if(session != nil, .a(.href("/tokens"), .class(active == "tokens" ? "on" : ""), .text("API tokens"))),
                        .if(session?.account.role == .lead, .a(.href("/imports"), .class(active == "imports" ? "on" : ""), .text("Import"))),
                        .if(session?.account.role == .lead, .a(.href("/webhooks"), .class(active == "webhooks" ? "on" : ""), .text("Webhooks"))),
                        .unwrap(session, { s in
                            .form(.method(.post), .action("/logout"), .class("inline"),
                                  .input(.type(.hidden), .name("csrf"), .value(s.csrfToken)),
                                  .button(.type(.submit), .class("link"), .text("Sign out \(s.account.name)")))
                        })
                    )
                ),
                .main(.group(body)),
                .footer(.text("Ambidex — the learning office. Evidence is computed from the orders, reflections, knowledge items and standards in the store."))
            )
        )
    }

    /// Plot escapes text nodes but writes attribute values as they are: every
    /// value that can hold user input goes through this.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    static let styles = """
    :root { --ink:#1d2330; --muted:#5b6478; --line:#dfe3ea; --front:#d9622b; --back:#2b6cb0; --good:#2f855a; --bad:#c53030; }
    * { box-sizing: border-box; }
    body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--ink); background:#f6f7f9; }
    header.top { display:flex; gap:1.5rem; align-items:baseline; padding:.8rem 1.5rem; background:#fff; border-bottom:1px solid var(--line); }
    .brand { font-weight:700; font-size:1.2rem; color:var(--ink); text-decoration:none; }
    .office { color:var(--muted); }
    nav { margin-left:auto; display:flex; flex-wrap:wrap; justify-content:flex-end; gap:.3rem 1rem; }
    nav a { color:var(--muted); text-decoration:none; } nav a.on { color:var(--ink); font-weight:600; }
    main { padding:1.2rem 1.5rem; display:grid; grid-template-columns:repeat(auto-fit, minmax(460px, 1fr)); gap:1.2rem; }
    section.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:1rem 1.2rem; }
    section.wide { grid-column:1 / -1; }
    h2 { font-size:1.05rem; margin:0 0 .3rem; } p.lead { color:var(--muted); margin:0 0 .8rem; font-size:.9rem; }
    table { border-collapse:collapse; width:100%; font-size:.88rem; }
    th, td { text-align:left; padding:.3rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
    th { color:var(--muted); font-weight:600; } td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
    .good { color:var(--good); } .bad { color:var(--bad); } .muted { color:var(--muted); }
    .tag { display:inline-block; padding:0 .4rem; border-radius:4px; background:#eef1f6; font-size:.8rem; }
    svg text { font: 11px system-ui, sans-serif; fill: var(--ink); }
    form.inline { display:inline; margin:0; } button.link { background:none; border:0; padding:0; color:var(--muted); font:inherit; cursor:pointer; }
    form.lab { display:grid; grid-template-columns:repeat(auto-fill, minmax(210px, 1fr)); gap:.6rem 1rem; align-items:end; }
    form.mapping { display:grid; grid-template-columns:repeat(auto-fit, minmax(19rem, 1fr)); gap:1rem; align-items:start; }
    form.mapping fieldset { border:1px solid var(--line); border-radius:6px; display:flex; flex-direction:column; gap:.6rem; }
    form.mapping label { display:flex; flex-direction:column; font-size:.85rem; color:var(--muted); gap:.2rem; }
    form.mapping label.fault { outline:2px solid var(--bad); outline-offset:3px; } form.mapping small { font-size:.75rem; }
    form.mapping textarea { font-family:ui-monospace, monospace; font-size:.8rem; } form.mapping .buttons { grid-column:1 / -1; display:flex; gap:.6rem; }
    form.lab label, form.login label { display:flex; flex-direction:column; font-size:.85rem; color:var(--muted); gap:.2rem; }
    input, select { font:inherit; padding:.3rem .4rem; border:1px solid var(--line); border-radius:4px; color:var(--ink); background:#fff; }
    button.primary { font:inherit; padding:.45rem 1rem; border:0; border-radius:4px; background:var(--back); color:#fff; cursor:pointer; }
    form.login { display:flex; flex-direction:column; gap:.7rem; max-width:320px; }
    progress { width:100%; height:1rem; } .problem { color:var(--bad); font-weight:600; } .notice { color:var(--good); font-weight:600; }
    form.feedback select, form.feedback input[type=text] { width:auto; max-width:12rem; margin-right:.3rem; }
    pre { background:#f0f2f6; padding:.6rem; border-radius:4px; overflow-x:auto; font-size:.8rem; }
    footer { padding:1rem 1.5rem; color:var(--muted); font-size:.8rem; }
    .charts { display:grid; grid-template-columns:repeat(auto-fill, minmax(240px, 1fr)); gap:.6rem; margin:.6rem 0; } .narrow { max-width:560px; }
    p.legend .key { margin-right:.8rem; white-space:nowrap; } p.legend .swatch { display:inline-block; width:.8rem; height:.8rem; vertical-align:-1px; }
    ol.chain { display:flex; flex-wrap:wrap; gap:.4rem; list-style:none; padding:0; margin:.6rem 0; }
    li.stage { border:1px solid var(--line); border-radius:6px; padding:.3rem .6rem; font-size:.85rem; }
    li.stage.customer { border-color:var(--front); } li.stage.codp { background:#fdf1ea; }
    td.front { color:var(--front); } td.back { color:var(--back); }
    li.lesson { margin:.2rem 0 .7rem; } ul.why { margin:.2rem 0; font-size:.85rem; color:var(--muted); } .kind { font-size:.75rem; color:var(--muted); text-transform:uppercase; }
    form.reflect { display:flex; flex-direction:column; gap:.5rem; } form.reflect label.block { display:flex; flex-direction:column; font-size:.85rem; color:var(--muted); gap:.2rem; }
    textarea { font:inherit; padding:.3rem .4rem; border:1px solid var(--line); border-radius:4px; }
    label.check { display:inline-block; margin-right:.8rem; font-size:.85rem; } fieldset { border:1px solid var(--line); border-radius:4px; }
    li.recorded { background:#eef8f1; }
    div.activity { border-top:1px solid var(--line); padding:.5rem 0; } div.actions { display:flex; flex-wrap:wrap; gap:.5rem; }
    form.act { display:flex; gap:.3rem; align-items:center; font-size:.85rem; } form.act input { font-size:.85rem; padding:.2rem .3rem; }
    .status-held { background:#e3f4e8; } .status-skipped { background:#fbe9e9; } .status-scheduled { background:#eef1f6; }
    table.calendar td { width:14%; height:5rem; font-size:.8rem; } table.calendar ul { padding-left:1rem; margin:.2rem 0; } p.made { color:var(--good); }
    div.diff { font:13px/1.4 ui-monospace, monospace; white-space:pre-wrap; background:#f6f7f9; padding:.4rem; border-radius:4px; }
    div.diff-added { background:#e6f4ea; } div.diff-removed { background:#fdecea; text-decoration:line-through; }
    div.retro { display:grid; grid-template-columns:repeat(auto-fit, minmax(230px, 1fr)); gap:.6rem; }
    div.card-note { background:#fff; border:1px solid var(--line); border-radius:5px; padding:.4rem .5rem; margin:.3rem 0; white-space:pre-wrap; }
    div.card-note.stacked { margin-left:1rem; border-style:dashed; } div.card-note.mine { border-color:var(--back); }
    ol.phases { display:flex; gap:.4rem; list-style:none; padding:0; margin:.4rem 0; flex-wrap:wrap; } ol.phases li { padding:.15rem .6rem; border-radius:12px; background:#eef1f5; font-size:.85rem; }
    ol.phases li.now { background:var(--back); color:#fff; font-weight:600; } ol.phases li.done { color:var(--muted); text-decoration:line-through; }
    span.bar { display:inline-block; height:.6rem; background:var(--back); vertical-align:middle; } span.bar.late { background:var(--bad); }
    .timer { font-variant-numeric:tabular-nums; font-weight:600; } .changed { background:#fffbe6; border:1px solid #f0d98c; padding:.3rem .6rem; border-radius:4px; }
    div.board { display:grid; grid-template-columns:repeat(5, minmax(170px, 1fr)); gap:.6rem; overflow-x:auto; }
    div.column { background:#f6f7f9; border-radius:6px; padding:.4rem; } div.column h3 { font-size:.95rem; margin:.2rem 0 .4rem; }
    div.kitem { background:#fff; border:1px solid var(--line); border-radius:5px; padding:.4rem; margin-bottom:.4rem; font-size:.85rem; }
    div.kitem p { margin:.2rem 0; } div.kitem.stuck { border-color:var(--bad); } div.moves { display:flex; gap:.4rem; flex-wrap:wrap; }
    .small { font-size:.8rem; } div.standard { border-top:1px solid var(--line); padding-top:.6rem; margin-top:.8rem; } details { margin:.5rem 0; }
    """
}
