//! Human output: a summary line, ranked suspects with their sites (and source lines with
//! `--source`), then the largest buckets with their user frames. Compact by default,
//! coloured when asked.

use crate::report::{BucketOut, Report};
use std::fmt::Write;

#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub color: bool,
    /// Print every frame of every listed bucket, not just user frames.
    pub full: bool,
    /// Buckets printed.
    pub buckets: usize,
}

struct Paint(bool);

impl Paint {
    fn c(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

pub fn render(r: &Report, style: Style) -> String {
    let p = Paint(style.color);
    let mut o = String::new();
    let fmts = r.formats.join("+");
    let _ = write!(
        o,
        "{}: {} goroutines in {} buckets ({}{})",
        r.input,
        r.total_goroutines,
        r.bucket_count,
        if fmts.is_empty() { "no goroutines found" } else { &fmts },
        r.profile.as_deref().map(|p| format!(", {p} profile")).unwrap_or_default()
    );
    if let Some(f) = r.framing {
        let _ = write!(o, ", read from {f} lines");
    }
    if r.matched_goroutines != r.total_goroutines {
        let _ = write!(o, ", {} match the filters", r.matched_goroutines);
    }
    o.push('\n');
    if let Some(c) = &r.crash {
        let _ = writeln!(o, "{} {}", p.c("1;31", "crash:"), c);
    }
    if r.suspects.is_empty() {
        let _ = writeln!(o, "\nNo suspects.");
    } else {
        let _ = writeln!(o, "\n{}", p.c("1", "Suspects"));
    }
    let shown: Vec<_> = r.suspects.iter().filter(|s| s.kind != "blocked" || s.score.is_none_or(|x| x >= 1.0)).collect();
    if shown.len() < r.suspects.len() {
        let _ = writeln!(
            o,
            "  ({} low-scoring groups not shown: --format json lists them)",
            r.suspects.len() - shown.len()
        );
    }
    for s in shown {
        let mech = s.mechanism.map(|m| format!(" ({m})")).unwrap_or_default();
        let head = format!("#{} {} [{}]{mech}", s.rank, s.kind, s.trap);
        let col = match s.kind {
            "global_deadlock" | "deadlock" | "goroutine_leak" | "connection_leak" => "1;31",
            "lock_convoy" | "lock_wait" => "1;33",
            _ => "1;36",
        };
        let _ = writeln!(
            o,
            "{}  {} x{}  {}{}",
            p.c(col, &head),
            s.site.as_deref().unwrap_or("?"),
            s.count,
            s.wait_reason,
            s.wait_minutes
                .as_ref()
                .filter(|m| m.max > 0)
                .map(|m| format!(", {}-{} min", m.min, m.max))
                .unwrap_or_default()
        );
        if let Some(f) = &s.function {
            let _ = writeln!(o, "    in {}", p.c("36", f));
        }
        if let Some(src) = &s.source {
            let _ = writeln!(o, "    {} {}", p.c("2", &format!("{}:{} |", src.path, src.line)), src.text);
        }
        if let Some(c) = &s.created_by {
            let _ = writeln!(o, "    created by {} at {}", c.function, c.site);
            if let Some(src) = &s.created_by_source {
                let _ = writeln!(o, "    {} {}", p.c("2", &format!("{}:{} |", src.path, src.line)), src.text);
            }
        }
        for (label, fs) in [("static:", &s.findings), ("static at creation:", &s.created_by_findings)] {
            for f in fs {
                let _ = writeln!(o, "    {} {} {}:{}: {}", p.c("1;35", label), f.code, f.path, f.line, f.message);
            }
        }
        let _ = writeln!(o, "    {}", s.explanation);
    }
    if !r.buckets.is_empty() && style.buckets > 0 {
        let _ = writeln!(o, "\n{}", p.c("1", "Buckets"));
    }
    for b in r.buckets.iter().take(style.buckets) {
        bucket(&mut o, b, style, &p);
    }
    if r.buckets.len() > style.buckets {
        let _ = writeln!(o, "  ... {} more buckets (--buckets N, or --format json)", r.buckets.len() - style.buckets);
    }
    if !r.warnings.is_empty() {
        let _ = writeln!(o);
        for w in &r.warnings {
            let _ = writeln!(o, "{} line {}: {}", p.c("33", "warning:"), w.line, w.message);
        }
        if r.warnings_dropped > 0 {
            let _ = writeln!(o, "{} {} more warnings not shown", p.c("33", "warning:"), r.warnings_dropped);
        }
    }
    o
}

fn bucket(o: &mut String, b: &BucketOut, style: Style, p: &Paint) {
    let mins =
        b.wait_minutes.as_ref().filter(|m| m.max > 0).map(|m| format!(", {}-{} min", m.min, m.max)).unwrap_or_default();
    let labels = if b.labels.is_empty() {
        String::new()
    } else {
        format!(" {{{}}}", b.labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", "))
    };
    let _ = writeln!(o, "  {} x{} [{}{}]{}", p.c("1", &format!("b{}", b.id)), b.count, b.wait_reason, mins, labels);
    let mut hidden = 0;
    for f in &b.frames {
        if !style.full && f.origin != "user" {
            hidden += 1;
            continue;
        }
        if hidden > 0 {
            let _ = writeln!(o, "      {}", p.c("2", &format!("({hidden} std/runtime frames)")));
            hidden = 0;
        }
        let name = if f.origin == "user" { p.c("36", &f.function) } else { f.function.clone() };
        let _ = writeln!(o, "      {} {}:{}", name, f.file, f.line);
    }
    if hidden > 0 {
        let _ = writeln!(o, "      {}", p.c("2", &format!("({hidden} std/runtime frames)")));
    }
    if let Some(c) = &b.created_by {
        let _ = writeln!(o, "      created by {} {}", c.function, c.site);
    }
}
