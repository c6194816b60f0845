//! GT001 unbounded-go-in-loop (T01).

use crate::checker::Checker;
use crate::funcs::{for_each_call, for_each_stmt, functions};
use crate::rule::Rule;
use crate::semantic::{method_call, Method};
use crate::vars::contains_receive;
use gotraps_diagnostics::Severity;
use gotraps_syntax::ast::{ExprKind, StmtId, StmtKind};
use gotraps_syntax::Span;

pub static UNBOUNDED_GO_IN_LOOP: Rule = Rule {
    code: "GT001",
    name: "unbounded-go-in-loop",
    traps: &["T01"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "a goroutine per iteration of an endless loop or a channel range, with no bound",
    doc: r#"## What it does
Flags a `go` statement inside a loop that has no natural size — an endless `for { ... }`
(accept loops, poll loops) or a `for ... range` over a channel — when nothing in that loop
bounds the number of goroutines: no send or receive on a semaphore channel, no
`Acquire`/`Wait`/`Go`/`TryGo` call (semaphore, WaitGroup, errgroup with `SetLimit`) in the
loop body outside the goroutine.

Not flagged: loops over slices, maps, counters and constants (their size is the data's,
and a warning for every `go` in a loop was rejected upstream for good reason).

## Why is this bad?
Each connection, message or event gets a goroutine and nothing caps how many run at
once. A burst or a slow dependency turns into hundreds of thousands of goroutines, each
with its stack and buffers: memory climbs until the process is OOM-killed, and the
latency of everything else collapses with it.

## Example
```go
for msg := range sub.Messages() {
	go handle(msg)
}
```

## Use instead
```go
sem := make(chan struct{}, 64)
for msg := range sub.Messages() {
	sem <- struct{}{}
	go func() {
		defer func() { <-sem }()
		handle(msg)
	}()
}
```

## Go versions
All. No vet or staticcheck check covers it. Off by default: on real code most hits are
accept loops of servers, which bound concurrency elsewhere (listener limits,
`MaxConcurrentStreams`) or by design — see docs/triage/unbounded-go-in-loop.md.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    if !file.stmts.iter().any(|s| matches!(s.kind, StmtKind::Go { .. })) {
        return;
    }
    let mut hits: Vec<(Span, Span)> = Vec::new();
    for func in functions(file) {
        for_each_stmt(file, func.body, |id, enclosing| {
            if !matches!(file.stmt(id).kind, StmtKind::Go { .. }) {
                return;
            }
            let Some(&lp) = enclosing
                .iter()
                .rev()
                .find(|&&s| matches!(file.stmt(s).kind, StmtKind::For { .. } | StmtKind::Range { .. }))
            else {
                return;
            };
            let (unbounded, body) = match &file.stmt(lp).kind {
                StmtKind::For { cond: None, init: None, post: None, body } => (true, *body),
                StmtKind::Range { x, body, key, value, .. } => {
                    (ranges_over_channel(cx, func.body, *x, key.is_some() && value.is_some()), *body)
                }
                _ => (false, StmtId(0)),
            };
            if unbounded && !bounded(cx, body) {
                let l = file.stmt(lp).span;
                let g = file.stmt(id).span;
                hits.push((Span::new(g.start, g.start + 2), Span::new(l.start, l.start + 3)));
            }
        });
    }
    hits.sort_by_key(|h| h.0.start);
    hits.dedup();
    for (go, lp) in hits {
        cx.report(go, "a goroutine per iteration of an unbounded loop, with nothing limiting how many run at once").with_label_mut(lp.start, lp.end, "loop with no natural size").help =
            Some("bound it: a semaphore channel (`sem <- struct{}{}` before `go`), `errgroup.SetLimit`, or a fixed worker pool".into());
    }
}

/// A range over a channel: `range ch` where `ch` was made with `make(chan ...)` in this
/// function, is a parameter of channel type, or the call of a method returning messages
/// is not known — only the syntactic channel cases count.
fn ranges_over_channel(cx: &Checker, body: StmtId, x: gotraps_syntax::ast::ExprId, two_vars: bool) -> bool {
    let file = cx.file;
    if two_vars {
        return false; // `k, v := range` is never a channel
    }
    let x = gotraps_semantic::unparen(file, x);
    if crate::vars::ident_name(file, x).is_none() {
        return false;
    }
    let Some(var) = crate::vars::Var::here(cx, x) else { return false };
    let mut is_chan = false;
    for_each_stmt(file, body, |id, _| {
        if let StmtKind::Assign { lhs, rhs, .. } = &file.stmt(id).kind {
            if lhs.len() == 1
                && rhs.len() == 1
                && var.is_expr(cx, cx.file_index, file, lhs[0])
                && crate::vars::chan_make(cx, cx.file_index, rhs[0]).is_some()
            {
                is_chan = true;
            }
        }
    });
    if is_chan {
        return true;
    }
    let funcs = functions(file);
    crate::vars::enclosing_funcs(file, &funcs, file.expr(x).span.start).iter().any(|f| {
        f.typ.params.list.iter().any(|p| {
            p.names.iter().any(|n| var.is(cx, cx.file_index, file, *n))
                && matches!(file.expr(p.typ).kind, ExprKind::ChanType { .. })
        })
    })
}

/// Calls that limit how many goroutines run: semaphores (`Acquire`), joins (`Wait`),
/// groups that start the goroutine themselves (`Go`, bounded by `SetLimit`). Any receiver
/// on purpose: a service's own semaphore or worker group limits concurrency just as
/// `semaphore.Weighted` and `errgroup.Group` do, and a limit wrongly assumed only
/// silences a finding.
const LIMITERS: Method = Method::any(&["Acquire", "TryAcquire", "Wait", "Go", "TryGo"]);

/// Something in the loop body (outside goroutines) limits concurrency.
fn bounded(cx: &Checker, body: StmtId) -> bool {
    let file = cx.file;
    let mut limit = false;
    for_each_stmt(file, body, |id, _| {
        if limit {
            return;
        }
        match file.stmt(id).kind {
            StmtKind::Send { .. } | StmtKind::Select { .. } => limit = true,
            StmtKind::Go { .. } => {}
            _ => {
                if matches!(file.stmt(id).kind, StmtKind::Expr(_) | StmtKind::Assign { .. })
                    && contains_receive(file, id)
                {
                    limit = true;
                }
                for_each_call(file, id, |c| {
                    if method_call(cx, c, LIMITERS).is_some() {
                        limit = true;
                    }
                });
            }
        }
    });
    limit
}
