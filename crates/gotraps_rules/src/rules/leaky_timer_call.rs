//! GT105 leaky-timer-call (T05).

use crate::checker::Checker;
use crate::funcs::{for_each_stmt, functions, is_loop};
use crate::rule::Rule;
use crate::vars::{for_each_call_in_expr, is_exit_stmt};
use gotraps_diagnostics::Severity;
use gotraps_syntax::ast::{BranchKind, ExprId, ExprKind, StmtId, StmtKind, UnaryOp};
use gotraps_syntax::Span;

pub static LEAKY_TIMER_CALL: Rule = Rule {
    code: "GT105",
    name: "leaky-timer-call",
    traps: &["T05"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "`time.After` raced in a loop's select, or `time.Tick` in a loop (before Go 1.23)",
    doc: r#"## What it does
Flags, in modules below Go 1.23:
- `case <-time.After(d):` in a `select` inside a loop when another case of that select
  keeps the loop going (so the loop can come back before the timer fired);
- `time.Tick(d)` called inside a loop body (a new ticker per iteration).

Not flagged: a `time.After` whose only competitor ends the loop (`case <-ctx.Done():
return`): each timer then either fires or is the last one.

## Why is this bad?
Before Go 1.23 a timer lives until it fires, and a `time.Tick` ticker lives forever. A
loop that receives messages faster than `d` creates a new timer per message: with a
1-minute timeout and 10k messages/s that is 600k live timers. `time.Tick` in a loop
leaks one ticker per iteration for the life of the process.

## Example
```go
for {
	select {
	case m := <-msgs:
		handle(m)
	case <-time.After(time.Minute):
		log.Print("idle")
	}
}
```

## Use instead
```go
idle := time.NewTimer(time.Minute)
defer idle.Stop()
for {
	select {
	case m := <-msgs:
		handle(m)
		idle.Reset(time.Minute)
	case <-idle.C:
		log.Print("idle")
		idle.Reset(time.Minute)
	}
}
```

## Default
Opt-in: on the measured corpora (modules below Go 1.23) 5 of 8 findings were real; the
others ran the `select` once or slept as long as the timer anyway. See
docs/triage/leaky-timer-call.md.

## Go versions
Below 1.23 (the module's `go` line); from 1.23 unreferenced timers and tickers are
collected. staticcheck's SA1015 flags `time.Tick` outside `main`, tests and endless
functions; this rule flags only `time.Tick` inside loops, and adds the `time.After`
select race, which staticcheck does not check.
"#,
    check,
};

fn check(cx: &mut Checker) {
    if cx.go_version().has_collectable_timers() || !cx.imports_path("time") {
        return;
    }
    let file = cx.file;
    let mut hits: Vec<(Span, &'static str)> = Vec::new();
    for func in functions(file) {
        for_each_stmt(file, func.body, |id, enclosing| {
            if !enclosing.iter().any(|&s| is_loop(file, s)) {
                return;
            }
            match &file.stmt(id).kind {
                StmtKind::Select { body } => {
                    let clauses = file.stmt(*body).kind.block_stmts();
                    for &c in clauses {
                        let StmtKind::CommClause { comm: Some(comm), .. } = &file.stmt(c).kind else { continue };
                        let Some(after) = received_time_after(cx, *comm) else { continue };
                        let others_continue = clauses.iter().any(|&o| {
                            o != c && matches!(&file.stmt(o).kind, StmtKind::CommClause { comm: Some(_), body, .. } if !leaves_loop(cx, body))
                        });
                        if others_continue {
                            hits.push((file.expr(after).span, "after"));
                        }
                    }
                }
                kind => {
                    // time.Tick in the statement itself (not its nested blocks), unless it
                    // is the range expression of the innermost loop.
                    let exprs: Vec<ExprId> = match kind {
                        StmtKind::Expr(e) => vec![*e],
                        StmtKind::Assign { rhs, .. } => rhs.to_vec(),
                        StmtKind::Range { x, .. } => vec![*x],
                        _ => Vec::new(),
                    };
                    for e in exprs {
                        for_each_call_in_expr(file, e, &mut |c| {
                            if cx.pkg_func_call(c, "time", &["Tick"]).is_some() {
                                hits.push((file.expr(c).span, "tick"));
                            }
                        });
                    }
                }
            }
        });
    }
    hits.sort_by_key(|h| h.0.start);
    hits.dedup();
    for (span, what) in hits {
        if what == "after" {
            cx.report(span, "`time.After` in a loop's select: every iteration that another case wins leaves a timer alive until it fires (before Go 1.23)").help =
                Some("create one `time.NewTimer` before the loop, `Reset` it per iteration and `Stop` it on exit".into());
        } else {
            cx.report(
                span,
                "`time.Tick` in a loop starts a new ticker every iteration, none ever freed (before Go 1.23)",
            )
            .help = Some("create one `time.NewTicker` outside the loop and `defer ticker.Stop()`".into());
        }
    }
}

/// `<-time.After(d)` as a select case (receive or receive-assign): the call.
fn received_time_after(cx: &Checker, comm: StmtId) -> Option<ExprId> {
    let file = cx.file;
    let e = match &file.stmt(comm).kind {
        StmtKind::Expr(e) => *e,
        StmtKind::Assign { rhs, .. } if rhs.len() == 1 => rhs[0],
        _ => return None,
    };
    let ExprKind::Unary { op: UnaryOp::Arrow, x, .. } = file.expr(e).kind else { return None };
    cx.pkg_func_call(x, "time", &["After"]).map(|_| x)
}

/// Whether a clause body leaves the enclosing loop: return, goto, a labelled break or
/// continue, or an exit call.
fn leaves_loop(cx: &Checker, body: &[StmtId]) -> bool {
    let file = cx.file;
    let mut leaves = false;
    for &s in body {
        for_each_stmt(file, s, |id, _| match &file.stmt(id).kind {
            StmtKind::Return { .. } => leaves = true,
            StmtKind::Branch { kind: BranchKind::Goto, .. } => leaves = true,
            StmtKind::Branch { kind: BranchKind::Break | BranchKind::Continue, label: Some(_) } => leaves = true,
            _ => leaves |= is_exit_stmt(cx, id),
        });
    }
    leaves
}
