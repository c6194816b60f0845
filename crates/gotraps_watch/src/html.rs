//! The self-contained HTML report: per target, a growth chart (inline SVG: total goroutines
//! and the largest sites over time), the ranked suspects, sites that grew, the largest
//! buckets of the last snapshot and the alerts. No scripts, no external resources.

use crate::TargetState;
use std::fmt::Write as _;

pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const COLORS: [&str; 5] = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];

fn chart(t: &TargetState) -> String {
    let (w, h, pad) = (720.0, 240.0, 40.0);
    let samples: Vec<_> = t.history.samples.iter().collect();
    if samples.is_empty() {
        return "<p class=\"empty\">No successful poll yet.</p>".into();
    }
    // Series: total plus the 4 sites largest in the last sample.
    let mut series: Vec<(String, Vec<(f64, u64)>)> =
        vec![("total".into(), samples.iter().map(|s| (s.t, s.total)).collect())];
    let last = samples[samples.len() - 1];
    let mut top: Vec<_> = last.sites.iter().collect();
    top.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    for (key, _) in top.into_iter().take(4) {
        series.push((key.clone(), samples.iter().map(|s| (s.t, s.sites.get(key).map_or(0, |c| c.count))).collect()));
    }
    let t0 = samples[0].t;
    let t1 = last.t.max(t0 + 1e-3);
    let ymax = series.iter().flat_map(|s| s.1.iter().map(|p| p.1)).max().unwrap_or(1).max(1) as f64;
    let x = |tt: f64| pad + (tt - t0) / (t1 - t0) * (w - 2.0 * pad);
    let y = |v: u64| h - pad - v as f64 / ymax * (h - 2.0 * pad);
    let mut o = String::new();
    let _ = write!(o, "<svg class=\"growth-chart\" role=\"img\" aria-label=\"goroutines over time\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\">");
    let _ = write!(o, "<line x1=\"{pad}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#888\"/>", h - pad, w - pad, h - pad);
    let _ = write!(o, "<line x1=\"{pad}\" y1=\"{pad}\" x2=\"{pad}\" y2=\"{}\" stroke=\"#888\"/>", h - pad);
    let _ = write!(
        o,
        "<text x=\"4\" y=\"{}\" font-size=\"11\">{}</text><text x=\"4\" y=\"{}\" font-size=\"11\">0</text>",
        pad + 4.0,
        ymax as u64,
        h - pad
    );
    let _ = write!(
        o,
        "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{:.0}s</text>",
        w - pad,
        h - pad + 16.0,
        t1 - t0
    );
    for (i, (name, pts)) in series.iter().enumerate() {
        let c = COLORS[i % COLORS.len()];
        let p: Vec<String> = pts.iter().map(|&(tt, v)| format!("{:.1},{:.1}", x(tt), y(v))).collect();
        let _ = write!(o, "<polyline class=\"series\" fill=\"none\" stroke=\"{c}\" stroke-width=\"2\" points=\"{}\"><title>{}</title></polyline>", p.join(" "), esc(name));
    }
    o.push_str("</svg><ul class=\"legend\">");
    for (i, (name, pts)) in series.iter().enumerate() {
        let _ = write!(
            o,
            "<li><span style=\"color:{}\">&#9632;</span> {} (now {})</li>",
            COLORS[i % COLORS.len()],
            esc(name.replace('|', " · ").as_str()),
            pts.last().map_or(0, |p| p.1)
        );
    }
    o.push_str("</ul>");
    o
}

pub fn render(targets: &[TargetState], generated: &str) -> String {
    let mut o = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>gotraps watch report</title><style>\
         body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}\
         td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:13px;vertical-align:top}th{background:#f3f3f3}\
         .down{color:#b00}.kind{font-weight:bold}code{font-size:12px}.legend{list-style:none;padding:0;font-size:12px}</style></head><body>",
    );
    let _ = write!(o, "<h1>gotraps watch report</h1><p>Generated {}; {} target(s).</p>", esc(generated), targets.len());
    for (ti, t) in targets.iter().enumerate() {
        let _ = write!(o, "<section class=\"target\" id=\"target-{ti}\"><h2>{}</h2>", esc(&t.name));
        let status = if t.up {
            "up".to_string()
        } else {
            format!("<span class=\"down\">down</span>: {}", esc(t.last_error.as_deref().unwrap_or("not polled yet")))
        };
        let _ = write!(
            o,
            "<p>Status: {status}. Polls: {}, failed: {}. History: {} snapshot(s).</p>",
            t.polls,
            t.errors,
            t.history.samples.len()
        );
        o.push_str("<h3>Goroutines over time</h3>");
        o.push_str(&chart(t));
        o.push_str("<h3>Suspects</h3>");
        match &t.last_report {
            Some(r) if !r.suspects.is_empty() => {
                o.push_str("<table class=\"suspects\"><thead><tr><th>#</th><th>kind</th><th>site</th><th>function</th><th>count</th><th>wait</th><th>explanation</th></tr></thead><tbody>");
                for s in &r.suspects {
                    let _ = write!(
                        o,
                        "<tr><td>{}</td><td class=\"kind\">{}</td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        s.rank,
                        s.kind,
                        esc(s.site.as_deref().unwrap_or("?")),
                        esc(s.function.as_deref().unwrap_or("")),
                        s.count,
                        esc(&s.wait_reason),
                        esc(&s.explanation)
                    );
                }
                o.push_str("</tbody></table>");
            }
            _ => o.push_str("<p>No suspects.</p>"),
        }
        o.push_str("<h3>Growing (D01)</h3>");
        if t.growing.is_empty() {
            o.push_str("<p>Nothing grows steadily.</p>");
        } else {
            o.push_str("<table class=\"growing\"><thead><tr><th>site</th><th>wait</th><th>function</th><th>from</th><th>to</th><th>polls</th></tr></thead><tbody>");
            for g in &t.growing {
                let reason = g.key.split_once('|').map_or("", |x| x.1);
                let _ = write!(o, "<tr><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>", esc(g.site()), esc(reason), esc(&g.function), g.from, g.to, g.polls);
            }
            o.push_str("</tbody></table>");
        }
        if let Some(r) = &t.last_report {
            o.push_str("<h3>Largest buckets (last snapshot)</h3><table class=\"buckets\"><thead><tr><th>id</th><th>count</th><th>wait</th><th>blocking site</th><th>created by</th></tr></thead><tbody>");
            for b in r.buckets.iter().take(20) {
                let _ = write!(
                    o,
                    "<tr><td>b{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td><code>{}</code></td></tr>",
                    b.id,
                    b.count,
                    esc(&b.wait_reason),
                    esc(b.blocking_site.as_deref().unwrap_or("-")),
                    esc(&b.created_by.as_ref().map(|c| format!("{} {}", c.function, c.site)).unwrap_or_default())
                );
            }
            o.push_str("</tbody></table>");
        }
        if !t.alerts.is_empty() {
            o.push_str("<h3>Alerts</h3><ul class=\"alerts\">");
            for a in &t.alerts {
                let _ = write!(o, "<li>{}</li>", esc(a));
            }
            o.push_str("</ul>");
        }
        o.push_str("</section>");
    }
    o.push_str("</body></html>\n");
    o
}
