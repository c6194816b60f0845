//! GT007 background-with-ctx-in-scope (T07).

use crate::checker::Checker;
use crate::funcs::{functions, literal_launchers};
use crate::rule::Rule;
use crate::semantic::{is_done_call, method_call, Method};
use crate::vars::{ctx_in_scope, enclosing_funcs};
use gotraps_diagnostics::Severity;
use gotraps_semantic::unparen;
use gotraps_syntax::ast::{ExprId, ExprKind, StmtKind};
use std::collections::HashSet;

pub static BACKGROUND_WITH_CTX_IN_SCOPE: Rule = Rule {
    code: "GT007",
    name: "background-with-ctx-in-scope",
    traps: &["T07"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "`context.Background()`/`TODO()` where a ctx is already in scope",
    doc: r#"## What it does
Flags `context.Background()` and `context.TODO()` inside a function (or closure) that
already has a context: a `context.Context` parameter, a local derived from one, or the
`Context()` of an `*http.Request` parameter — including a goroutine started from an HTTP
handler with a fresh background context.

Not flagged (deliberate detachment): `context.WithTimeout/WithDeadline(context.Background(),
...)` (a fresh context that still has a deadline, e.g. for cleanup after the request's
context ended), the argument of `Shutdown` (see `shutdown-without-deadline`), code in a
deferred function, and code after the function has waited on `ctx.Done()`.

## Why is this bad?
The new context drops the caller's cancellation, deadline and values (trace IDs, auth):
when the client goes away or the request times out, the work goes on — database queries,
outgoing calls, goroutines — and piles up under load.

## Example
```go
func (a *API) createOrder(w http.ResponseWriter, r *http.Request) {
	...
	go a.reportToBilling(context.Background(), o)
}
```

## Use instead
```go
	// Keep values, drop only the cancellation (Go 1.21+), and bound the work:
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 30*time.Second)
	go func() {
		defer cancel()
		a.reportToBilling(ctx, o)
	}()
```

## Default
Opt-in: on the measured corpora 5 of 29 findings dropped a caller's context by mistake;
most were deliberate detaches (cleanup that must run after cancellation, work that outlives
the request, a `nil` ctx default). See docs/triage/background-with-ctx-in-scope.md.

## Go versions
All. Where contextcheck (golangci-lint) reports every `WithTimeout(context.Background())`,
this rule accepts it as deliberate.
"#,
    check,
};

const DETACH_WITH_DEADLINE: &[&str] = &["WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause"];

/// `x.Shutdown(context.Background())` is exempt for every receiver on purpose: a shutdown
/// (of an `http.Server`, a gRPC server, a tracer provider) runs when the caller's context
/// is usually already cancelled, so it needs one of its own.
const SHUTDOWN: Method = Method::any(&["Shutdown"]);

fn check(cx: &mut Checker) {
    if !cx.imports_path("context") {
        return;
    }
    let file = cx.file;
    let mut backgrounds = Vec::new();
    let mut exempt = HashSet::new();
    let mut done_waits: Vec<u32> = Vec::new();
    for (i, e) in file.exprs.iter().enumerate() {
        let id = ExprId(i as u32);
        let ExprKind::Call { args, .. } = &e.kind else { continue };
        if cx.pkg_func_call(id, "context", &["Background", "TODO"]).is_some() {
            backgrounds.push(id);
        } else if cx.pkg_func_call(id, "context", DETACH_WITH_DEADLINE).is_some()
            || method_call(cx, id, SHUTDOWN).is_some()
        {
            if let Some(&a) = args.first() {
                exempt.insert(unparen(file, a));
            }
        } else if is_done_call(cx, id) {
            done_waits.push(e.span.end);
        }
    }
    if backgrounds.is_empty() {
        return;
    }
    let funcs = functions(file);
    let launchers = literal_launchers(file);
    let mut hits = Vec::new();
    for b in backgrounds {
        if exempt.contains(&b) {
            continue;
        }
        let at = file.expr(b).span.start;
        let around = enclosing_funcs(file, &funcs, at);
        let Some(inner) = around.first() else { continue };
        let in_defer = around.iter().any(|f| {
            f.lit.is_some_and(|l| {
                matches!(launchers[l.index()].map(|s| &file.stmt(s).kind), Some(StmtKind::Defer { .. }))
            })
        });
        if in_defer {
            continue;
        }
        let body = file.stmt(inner.body).span;
        if done_waits.iter().any(|&d| d < at && body.contains(d)) {
            continue;
        }
        if let Some(ctx) = ctx_in_scope(cx, &funcs, at) {
            hits.push((b, ctx.expr));
        }
    }
    for (b, ctx) in hits {
        let text = cx.text(file.expr(b).span).to_string();
        cx.report(file.expr(b).span, format!("`{text}` where `{ctx}` is in scope: the caller's cancellation, deadline and values are dropped")).help =
            Some(format!("pass `{ctx}` (or `context.WithoutCancel({ctx})` for work that must outlive the caller, with its own timeout)"));
    }
}
