//! GT002 goroutine-without-exit (T02).

use crate::checker::Checker;
use crate::funcs::{for_each_stmt, functions};
use crate::paths::body_can_leave;
use crate::rule::Rule;
use crate::vars::{ctx_in_scope, goroutine_bodies};
use gotraps_diagnostics::Severity;
use gotraps_syntax::ast::{ExprKind, StmtKind};
use gotraps_syntax::Span;

pub static GOROUTINE_WITHOUT_EXIT: Rule = Rule {
    code: "GT002",
    name: "goroutine-without-exit",
    traps: &["T02"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "goroutine loop that can never end (no return, break or exit reachable)",
    doc: r#"## What it does
Flags an endless loop (`for { ... }`, or `for range ticker.C`) in a goroutine — a
`go func(){...}()` or a function some `go` statement starts — when nothing in the loop can
leave it: no `return`, no `break` that targets it, no `goto`, no `panic`/`os.Exit`.

Not flagged: goroutines of package `main` (started by `main`/`init`, or declared there),
which live as long as the process by design; loops with any way out (the rule does not
judge whether the way out is reachable); and functions that have a context in scope
(`select-without-ctx-done` reports those, with the context to use).

## Why is this bad?
The goroutine can only end with the process. Started per connection, per request or per
object, each start leaks a goroutine, its stack and everything it references; tests
with goleak fail, and `runtime.NumGoroutine()` climbs with traffic.

## Example
```go
func (c *Cache) startJanitor() {
	go func() {
		t := time.NewTicker(time.Minute)
		for range t.C {
			c.evictExpired()
		}
	}()
}
```

## Use instead
```go
func (c *Cache) startJanitor(ctx context.Context) {
	go func() {
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				c.evictExpired()
			}
		}
	}()
}
```

## Default
Opt-in: on the measured corpora 4 of 17 findings were real leaks; the others were
process-lifetime goroutines started once (runtime system goroutines, `sync.Once`-guarded
janitors, package-level loggers), which the code cannot mark as such. See
docs/triage/goroutine-without-exit.md. Enable it for libraries whose goroutines must all
end with their owner.

## Go versions
All. staticcheck's SA5002 only reports the empty `for {}`.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    if !file.stmts.iter().any(|s| matches!(s.kind, StmtKind::Go { .. })) && !file.mentions("go ") {
        return;
    }
    let funcs = functions(file);
    let mut hits: Vec<Span> = Vec::new();
    for g in goroutine_bodies(cx, &funcs) {
        if g.process_lifetime {
            continue;
        }
        let body_span = file.stmt(g.func.body).span;
        if ctx_in_scope(cx, &funcs, body_span.start + 1).is_some_and(|c| c.is_context) {
            continue;
        }
        for_each_stmt(file, g.func.body, |id, enclosing| {
            let (label, lp) = match &file.stmt(id).kind {
                StmtKind::Labeled { label, stmt } => (Some(file.name(*label)), *stmt),
                _ if matches!(enclosing.last().map(|&s| &file.stmt(s).kind), Some(StmtKind::Labeled { .. })) => return,
                _ => (None, id),
            };
            let body = match &file.stmt(lp).kind {
                StmtKind::For { cond: None, body, .. } => *body,
                StmtKind::Range { x, body, .. } if is_ticker_channel(cx, *x) => *body,
                _ => return,
            };
            if !body_can_leave(cx, body, label) {
                hits.push(Span::new(file.stmt(lp).span.start, file.stmt(lp).span.start + 3));
            }
        });
    }
    hits.sort_by_key(|s| s.start);
    hits.dedup();
    for span in hits {
        cx.report(span, "this goroutine's loop has no way out (no return, break or exit): the goroutine lives until the process ends").help =
            Some("give the loop a stop signal: a `case <-ctx.Done(): return` (or a quit channel) in its select".into());
    }
}

/// `t.C` of a `time.Ticker`/`Timer`, or `time.Tick(...)`: a channel that is never closed.
/// A field named `C` of any other struct is an ordinary channel that its owner may close.
fn is_ticker_channel(cx: &Checker, x: gotraps_syntax::ast::ExprId) -> bool {
    let file = cx.file;
    if cx.pkg_func_call(x, "time", &["Tick"]).is_some() {
        return true;
    }
    let ExprKind::Selector { sel, .. } = &file.expr(x).kind else { return false };
    if file.name(*sel) != "C" {
        return false;
    }
    match (cx.semantic(), crate::semantic::var_object(cx, x)) {
        (Some(model), Some(field)) => model.obj_pkg_path(field) == Some("time"),
        // The model could not type the package: the spelling is all there is.
        _ => true,
    }
}
