//! GT109 http-client-without-timeout (T09).

use crate::checker::Checker;
use crate::funcs::functions;
use crate::rule::Rule;
use crate::semantic::{method_call, Method};
use crate::vars::{enclosing_funcs, ident_name, request_gets_context, Var};
use gotraps_diagnostics::Severity;
use gotraps_semantic::unparen;
use gotraps_syntax::ast::{ExprId, ExprKind, StmtKind};

pub static HTTP_CLIENT_WITHOUT_TIMEOUT: Rule = Rule {
    code: "GT109",
    name: "http-client-without-timeout",
    traps: &["T09"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "HTTP call through a client with no timeout (`http.Get`, `http.DefaultClient`, `&http.Client{}`)",
    doc: r#"## What it does
Flags `http.Get`, `http.Head`, `http.Post`, `http.PostForm`, calls on
`http.DefaultClient`, and an empty `http.Client{}` literal: all of them make requests
with no timeout at all.

## Why is this bad?
The zero `http.Client` (and `http.DefaultClient`) has no `Timeout`. A server that accepts
the connection and never answers holds the calling goroutine, the connection and the
memory behind them forever; a fleet of such calls under load exhausts file descriptors
and goroutines.

## Example
```go
resp, err := http.Get(url)
```

## Use instead
```go
var client = &http.Client{Timeout: 10 * time.Second}

resp, err := client.Get(url)
// or a request made with a context that has a deadline
```

## Default
Opt-in: on the wider corpus (the Debian Go sources) 27 of 40 triaged findings were real.
The others talk to a server the program controls (a test runner's local coordination
server, an in-process test server), are test code bounded by `go test -timeout`, or send
requests that already carry a context. Whether a hung server matters is a policy of the
program. See docs/triage/http-client-without-timeout.md.

## Go versions
All. gosec G107/G114-style checks look at other issues; noctx flags `http.Get` for the
missing context; this rule is about the missing timeout.
"#,
    check,
};

fn check(cx: &mut Checker) {
    if !cx.imports_path("net/http") {
        return;
    }
    let file = cx.file;
    let mut hits: Vec<(ExprId, String)> = Vec::new();
    for (i, e) in file.exprs.iter().enumerate() {
        let id = ExprId(i as u32);
        match &e.kind {
            ExprKind::Call { fun, .. } => {
                if let Some(f) = cx.pkg_func_call(id, "net/http", &["Get", "Head", "Post", "PostForm"]) {
                    hits.push((id, format!("`http.{f}` uses `http.DefaultClient`, which has no timeout")));
                } else if let ExprKind::Selector { x, .. } = file.expr(unparen(file, *fun)).kind {
                    if cx.pkg_selector(x, "net/http", &["DefaultClient"]).is_some() && !request_has_context(cx, id) {
                        hits.push((id, "`http.DefaultClient` has no timeout".into()));
                    }
                }
            }
            ExprKind::CompositeLit { typ: Some(t), elts, .. }
                if elts.is_empty() && cx.pkg_selector(*t, "net/http", &["Client"]).is_some() =>
            {
                hits.push((id, "`http.Client{}` has no timeout".into()));
            }
            _ => {}
        }
    }
    for (id, msg) in hits {
        cx.report(
            file.expr(id).span,
            format!("{msg}: a server that never answers holds this goroutine and connection forever"),
        )
        .help = Some("use a shared `&http.Client{Timeout: ...}`, or requests whose context has a deadline".into());
    }
}

/// `http.DefaultClient.Do(req)` where `req` carries a context, which bounds the call:
/// built by `http.NewRequestWithContext`, or given one later in the function
/// (`req = req.WithContext(ctx)`, `req.Cancel = ...`).
fn request_has_context(cx: &Checker, call: ExprId) -> bool {
    let file = cx.file;
    let ExprKind::Call { args, .. } = &file.expr(call).kind else { return false };
    if method_call(cx, call, Method::of("net/http", "Client", &["Do"])).is_none() || args.len() != 1 {
        return false;
    }
    let Some(req) = Var::here(cx, unparen(file, args[0])) else { return false };
    if ident_name(file, args[0]).is_none() {
        return false;
    }
    let at = file.expr(call).span.start;
    let funcs = functions(file);
    let Some(inner) = enclosing_funcs(file, &funcs, at).into_iter().next() else { return false };
    let body = file.stmt(inner.body).span;
    let built_with_context = file.stmts.iter().any(|s| match &s.kind {
        StmtKind::Assign { lhs, rhs, .. } => {
            body.contains(s.span.start)
                && lhs.first().is_some_and(|&l| req.is_expr(cx, cx.file_index, file, l))
                && rhs.len() == 1
                && cx.pkg_func_call(unparen(file, rhs[0]), "net/http", &["NewRequestWithContext"]).is_some()
        }
        _ => false,
    });
    built_with_context || request_gets_context(cx, body, req, None)
}
