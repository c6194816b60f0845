//! GT032 idle-conns-per-host-default (T32).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;
use gotraps_syntax::ast::{ExprId, ExprKind, File, LitKind, StmtKind, UnaryOp};

pub static IDLE_CONNS_PER_HOST_DEFAULT: Rule = Rule {
    code: "GT032",
    name: "idle-conns-per-host-default",
    traps: &["T32"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "`http.Transport` raises MaxIdleConns but keeps 2 idle connections per host",
    doc: r#"## What it does
Flags an `http.Transport` that sets `MaxIdleConns` (to more than 2) but not
`MaxIdleConnsPerHost`: in a composite literal, or on a transport cloned from
`http.DefaultTransport` and configured field by field in the same function.

## Why is this bad?
`MaxIdleConnsPerHost` defaults to `http.DefaultMaxIdleConnsPerHost`, which is 2.
`MaxIdleConns: 100` only raises the total: toward one backend, a transport shared by many
goroutines still keeps 2 idle connections; every other response closes its connection,
and the next request dials again. Under load this means constant TLS handshakes and
thousands of sockets in TIME_WAIT, the opposite of what the setting was meant to do.

## Example
```go
var backend = &http.Client{
	Transport: &http.Transport{MaxIdleConns: 100, IdleConnTimeout: 90 * time.Second},
}
```

## Use instead
```go
var backend = &http.Client{
	Transport: &http.Transport{MaxIdleConns: 100, MaxIdleConnsPerHost: 100, IdleConnTimeout: 90 * time.Second},
}
```

## Default
Opt-in: the trap needs many concurrent requests to one host, which the rule cannot see;
on the wider corpus (the Debian Go sources) 2 of 3 findings were real, the third an
example that sends one request at a time. See docs/triage/idle-conns-per-host-default.md.

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    if !cx.imports_path("net/http") {
        return;
    }
    let Some(model) = cx.semantic() else { return };
    let file = cx.file;
    // The file's name for net/http, for the `DefaultTransport.(*http.Transport).Clone()`
    // spelling below: taken from a use the model resolves to the import.
    let http = file.exprs.iter().find_map(|e| match e.kind {
        ExprKind::Ident(i) if model.import_path_of(cx.file_index, i) == Some("net/http") => Some(file.name(i)),
        _ => None,
    });
    let mut hits = Vec::new();
    for (i, e) in file.exprs.iter().enumerate() {
        let ExprKind::CompositeLit { typ: Some(_), elts, .. } = &e.kind else { continue };
        if !model.is_named(model.type_of(cx.file_index, ExprId(i as u32)), "net/http", "Transport") {
            continue;
        }
        let mut idle = None;
        let mut per_host = false;
        for &el in elts {
            let ExprKind::KeyValue { key, value } = file.expr(el).kind else { continue };
            match file.text(file.expr(key).span) {
                "MaxIdleConns" => idle = Some(value),
                "MaxIdleConnsPerHost" => per_host = true,
                _ => {}
            }
        }
        if let (Some(v), false) = (idle, per_host) {
            if raises(file, v) {
                hits.push((ExprId(i as u32), v));
            }
        }
    }
    // `t := http.DefaultTransport.(*http.Transport).Clone(); t.MaxIdleConns = 100`.
    for s in &file.stmts {
        let StmtKind::Assign { lhs, rhs, .. } = &s.kind else { continue };
        let (Some(&l), Some(&r)) = (lhs.first(), rhs.first()) else { continue };
        let ExprKind::Selector { x, sel } = &file.expr(l).kind else { continue };
        if file.name(*sel) != "MaxIdleConns" || !raises(file, r) {
            continue;
        }
        let ExprKind::Ident(var) = file.expr(*x).kind else { continue };
        let var = file.name(var);
        let Some(http) = http else { continue };
        let Some(body) = enclosing_body(cx, s.span.start) else { continue };
        let body_text = file.text(body);
        if body_text.contains(&format!("{var}.MaxIdleConnsPerHost")) {
            continue;
        }
        if body_text.contains(&format!("{var} := {http}.DefaultTransport.(*{http}.Transport).Clone()"))
            || body_text.contains(&format!("{var} = {http}.DefaultTransport.(*{http}.Transport).Clone()"))
        {
            hits.push((l, r));
        }
    }
    for (at, v) in hits {
        let val = file.text(file.expr(v).span).to_string();
        cx.report(
            file.expr(at).span,
            format!("MaxIdleConns is {val} but MaxIdleConnsPerHost stays at the default 2: toward one host, idle connections beyond 2 are closed"),
        )
        .help = Some("set MaxIdleConnsPerHost too (often to the same value)".into());
    }
}

/// Whether a MaxIdleConns value raises the limit above 2 (non-literal values count).
fn raises(file: &File, v: ExprId) -> bool {
    match &file.expr(v).kind {
        ExprKind::BasicLit { kind: LitKind::Int } => {
            file.text(file.expr(v).span).parse::<i64>().map_or(true, |n| n > 2)
        }
        ExprKind::Unary { op: UnaryOp::Sub, .. } => false,
        _ => true,
    }
}

fn enclosing_body(cx: &Checker, pos: u32) -> Option<gotraps_syntax::Span> {
    crate::funcs::functions(cx.file)
        .iter()
        .map(|f| cx.file.stmt(f.body).span)
        .filter(|s| s.contains(pos))
        .min_by_key(|s| s.len())
}
