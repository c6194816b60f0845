//! GT030 busy-select-loop (T30).

use crate::checker::Checker;
use crate::funcs::{for_each_call, for_each_stmt, functions};
use crate::rule::Rule;
use crate::vars::Var;
use gotraps_diagnostics::Severity;
use gotraps_syntax::ast::{BranchKind, ExprId, ExprKind, File, StmtId, StmtKind, UnaryOp};
use gotraps_syntax::visit::{self, Visitor};
use gotraps_syntax::Span;

pub static BUSY_SELECT_LOOP: Rule = Rule {
    code: "GT030",
    name: "busy-select-loop",
    traps: &["T30"],
    severity: Severity::Warning,
    default_on: true,
    fixable: false,
    summary: "loop around a select whose default case does not wait: a busy spin",
    doc: r#"## What it does
Flags a `for` loop whose body is a `select` with a `default` case when nothing in the
loop can wait: the `default` body makes no call, no channel operation, and does not
end the loop (`return`, labelled `break`, `goto`, `panic`, or setting a variable that the
loop condition reads or that an `if ... { break }` after the `select` tests: a drain
loop), and the rest of the loop body makes no call or channel operation either. A plain
`break` in `default` only leaves the `select`, so it still spins.

## Why is this bad?
When no case is ready the loop goes straight back to the `select`: one CPU core at
100% doing nothing, stealing time from the goroutines that would make a case ready.

## Example
```go
for {
	select {
	case job := <-jobs:
		handle(job)
	case <-ctx.Done():
		return
	default:
		idle++
	}
}
```

## Use instead
If the loop should wait for a case, drop the `default` case so the `select` blocks. If
it should stop once nothing is ready (draining a channel), leave the loop from `default`
(`return`, `break label`, or set the loop's condition). Otherwise wait in it
(`time.Sleep`, a ticker case, `runtime.Gosched` at the very least).

## Go versions
All. staticcheck SA5004 reports only an empty `default` directly in `for { select }`;
this rule also covers defaults that only count, assign or `continue`.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    if !file.mentions("default:") || !file.stmts.iter().any(|s| matches!(s.kind, StmtKind::Select { .. })) {
        return;
    }
    let mut hits: Vec<(Span, Span)> = Vec::new();
    for func in functions(file) {
        for_each_stmt(file, func.body, |id, _| {
            let body = match &file.stmt(id).kind {
                // A condition or post statement that calls something does work (or
                // waits) every iteration.
                StmtKind::For { body, cond, post, .. } => {
                    // A counted loop (`for i := 0; i < n; i++`) tries each element once
                    // and ends: bounded, not a spin.
                    if cond.is_some_and(|c| file.text(file.expr(c).span).contains('('))
                        || post.is_some_and(|p| can_wait(file, p))
                        || (cond.is_some() && post.is_some())
                    {
                        return;
                    }
                    *body
                }
                _ => return,
            };
            let stmts = file.stmt(body).kind.block_stmts();
            let mut selects = stmts.iter().filter(|&&s| matches!(file.stmt(s).kind, StmtKind::Select { .. }));
            let Some(&sel) = selects.next() else { return };
            if selects.next().is_some() {
                return;
            }
            // Everything else in the loop body must be unable to wait.
            if stmts.iter().any(|&s| s != sel && can_wait(file, s)) {
                return;
            }
            // The body always leaves the loop after the select (`select {...}; return`):
            // the select runs once, the loop does not come back to it.
            if stmts.iter().skip_while(|&&s| s != sel).skip(1).any(|&s| {
                matches!(file.stmt(s).kind, StmtKind::Return { .. } | StmtKind::Branch { kind: BranchKind::Break, .. })
            }) {
                return;
            }
            let StmtKind::Select { body: sbody } = file.stmt(sel).kind else { return };
            let StmtKind::For { cond, .. } = file.stmt(id).kind else { return };
            let after_select: Vec<StmtId> = stmts.iter().copied().skip_while(|&s| s != sel).skip(1).collect();
            for &c in file.stmt(sbody).kind.block_stmts() {
                let StmtKind::CommClause { comm: None, body, colon } = &file.stmt(c).kind else { continue };
                if body.iter().all(|&b| !can_wait(file, b) && !leaves_loop(file, b))
                    && !sets_exit_flag(cx, body, cond, &after_select)
                {
                    let cs = file.stmt(c).span;
                    hits.push((Span::new(cs.start, colon + 1), file.stmt(id).span));
                }
            }
        });
    }
    for (default, lp) in hits {
        let d = cx.report(default, "select in a loop with a default case that does not wait: the loop spins at 100% CPU while no case is ready");
        d.with_label_mut(lp.start, lp.start + 3, "loop");
        d.help = Some(
            "to wait for a case, remove the default case; to stop once nothing is ready, leave the loop from it (`return`, `break label`, or set the loop's condition); otherwise wait in it (a ticker case, time.Sleep)"
                .into(),
        );
    }
}

/// Whether a statement contains a call or a channel operation (either might wait).
fn can_wait(file: &File, s: StmtId) -> bool {
    let mut found = false;
    for_each_call(file, s, |_| found = true);
    if found {
        return true;
    }
    struct Ch {
        found: bool,
    }
    impl Visitor for Ch {
        fn visit_stmt(&mut self, file: &File, id: StmtId) {
            if matches!(
                file.stmt(id).kind,
                StmtKind::Send { .. } | StmtKind::Select { .. } | StmtKind::Range { .. } | StmtKind::Go { .. }
            ) {
                self.found = true;
            }
            visit::walk_stmt(self, file, id);
        }
        fn visit_expr(&mut self, file: &File, id: ExprId) {
            if matches!(file.expr(id).kind, ExprKind::Unary { op: UnaryOp::Arrow, .. } | ExprKind::FuncLit { .. }) {
                self.found = true;
            }
            visit::walk_expr(self, file, id);
        }
    }
    let mut c = Ch { found: false };
    c.visit_stmt(file, s);
    c.found
}

/// Whether a statement can leave the loop: return, goto, labelled break/continue to an
/// outer target, or a terminating call (calls are already excluded by `can_wait`).
fn leaves_loop(file: &File, s: StmtId) -> bool {
    let mut found = false;
    for_each_stmt(file, s, |id, _| match &file.stmt(id).kind {
        StmtKind::Return { .. } => found = true,
        StmtKind::Branch { kind: BranchKind::Goto, .. } => found = true,
        StmtKind::Branch { kind: BranchKind::Break, label: Some(_) } => found = true,
        _ => {}
    });
    found
}

/// Whether expression `e` reads one of `vars`.
fn mentions(cx: &Checker, e: ExprId, vars: &[Var]) -> bool {
    struct Reads<'c, 'a> {
        cx: &'c Checker<'a>,
        vars: &'c [Var<'a>],
        found: bool,
    }
    impl Visitor for Reads<'_, '_> {
        fn visit_expr(&mut self, file: &File, id: ExprId) {
            if Var::here(self.cx, id).is_some_and(|v| self.vars.contains(&v)) {
                self.found = true;
            }
            visit::walk_expr(self, file, id);
        }
    }
    let mut r = Reads { cx, vars, found: false };
    r.visit_expr(cx.file, e);
    r.found
}

/// Whether the `default` body sets a variable that ends the loop: one the loop condition
/// reads (`for !drained`), or one a statement after the select tests before leaving
/// (`if done { break }`). Such a default stops the loop once nothing is ready: a drain,
/// not a spin.
pub(crate) fn sets_exit_flag(cx: &Checker, body: &[StmtId], cond: Option<ExprId>, after_select: &[StmtId]) -> bool {
    let file = cx.file;
    let mut set = Vec::new();
    for &b in body {
        for_each_stmt(file, b, |id, _| match &file.stmt(id).kind {
            StmtKind::Assign { lhs, .. } => set.extend(lhs.iter().filter_map(|&l| Var::here(cx, l))),
            StmtKind::IncDec { x, .. } => set.extend(Var::here(cx, *x)),
            _ => {}
        });
    }
    if set.is_empty() {
        return false;
    }
    if cond.is_some_and(|c| mentions(cx, c, &set)) {
        return true;
    }
    after_select.iter().any(|&s| {
        let StmtKind::If { cond, then, .. } = &file.stmt(s).kind else { return false };
        // A plain `break` directly in the `if` leaves the loop (the `if` is in its body).
        let breaks = file.stmt(*then).kind.block_stmts().iter().any(|&t| {
            matches!(file.stmt(t).kind, StmtKind::Return { .. } | StmtKind::Branch { kind: BranchKind::Break, .. })
        });
        mentions(cx, *cond, &set) && (breaks || leaves_loop(file, *then))
    })
}
