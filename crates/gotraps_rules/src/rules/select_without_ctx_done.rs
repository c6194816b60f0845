//! GT008 select-without-ctx-done (T08).

use crate::checker::Checker;
use crate::funcs::{for_each_stmt, functions, is_loop};
use crate::rule::Rule;
use crate::semantic::is_done_call;
use crate::vars::{ctx_in_scope, is_exit_stmt, received_chan, select_has_default, Var};
use gotraps_diagnostics::Severity;
use gotraps_semantic::unparen;
use gotraps_syntax::ast::{BranchKind, ExprId, ExprKind, StmtId, StmtKind};
use gotraps_syntax::Span;

pub static SELECT_WITHOUT_CTX_DONE: Rule = Rule {
    code: "GT008",
    name: "select-without-ctx-done",
    traps: &["T08"],
    severity: Severity::Warning,
    default_on: true,
    fixable: false,
    summary: "blocking `select` in a loop ignores the ctx in scope (no `<-ctx.Done()` case, no way out)",
    doc: r#"## What it does
Flags a blocking `select` (no `default`) inside a loop of a function that has a context in
scope, when none of its cases receives from a `Done()` channel and none of its cases
leaves the loop (`return`, a labelled `break`, `goto`, an exit call).

Not flagged: a select with a case on another stop signal that leaves the loop (a quit
channel, a closed input `v, ok := <-in; if !ok { return }`), and a select racing a
timeout (`time.After`, or a `time.Timer`'s or `Ticker`'s `C`) in a loop over a slice, map or
count: the loop ends with its items and each wait is bounded by the timeout.

## Why is this bad?
When the context is cancelled — the request ended, the server is shutting down — this
loop keeps waiting on its other channels. The goroutine outlives its work, holds what it
references, and shutdown either hangs waiting for it or leaks it.

## Example
```go
func (w *Worker) Run(ctx context.Context) {
	for {
		select {
		case j := <-w.jobs:
			w.do(ctx, j)
		case <-w.tick.C:
			w.flush()
		}
	}
}
```

## Use instead
```go
		select {
		case <-ctx.Done():
			return
		case j := <-w.jobs:
			w.do(ctx, j)
		case <-w.tick.C:
			w.flush()
		}
```

## Go versions
All. gosec G118 looks for loops without ctx checks in a few shapes; no vet or
staticcheck check covers it.
"#,
    check,
};

fn check(cx: &mut Checker) {
    if !(cx.imports_path("context") || cx.imports_path("net/http")) {
        return;
    }
    let file = cx.file;
    let funcs = functions(file);
    let mut hits: Vec<(Span, String)> = Vec::new();
    for func in &funcs {
        for_each_stmt(file, func.body, |id, enclosing| {
            let StmtKind::Select { body } = file.stmt(id).kind else { return };
            let Some(lp) = enclosing.iter().rposition(|&s| is_loop(file, s)) else { return };
            if select_has_default(file, body) {
                return;
            }
            let clauses = file.stmt(body).kind.block_stmts();
            if clauses.is_empty() {
                return;
            }
            let mut watches_done = false;
            let mut leaves = false;
            for &c in clauses {
                let StmtKind::CommClause { comm, body, .. } = &file.stmt(c).kind else { continue };
                if let Some(ch) = comm.and_then(|cs| received_chan(file, cs)) {
                    watches_done |= is_done_call(cx, ch) || is_done_alias(cx, ch);
                }
                leaves |= clause_leaves(cx, body) || clause_ends_loop(cx, body, &enclosing[lp..], id);
            }
            if watches_done || leaves || bounded_timeout_wait(cx, enclosing[lp], clauses) {
                return;
            }
            if let Some(ctx) = ctx_in_scope(cx, &funcs, file.stmt(id).span.start) {
                if local_root_ctx(cx, &funcs, file.stmt(id).span.start, ctx.var) {
                    return;
                }
                let s = file.stmt(id).span;
                hits.push((Span::new(s.start, s.start + 6), ctx.expr));
            }
        });
    }
    hits.sort_by_key(|h| h.0.start);
    hits.dedup_by_key(|h| h.0.start);
    for (span, ctx) in hits {
        let done = format!("{ctx}.Done()");
        cx.report(span, format!("this select waits in a loop without `<-{done}` and none of its cases leaves the loop: cancelling `{ctx}` does not stop it")).help =
            Some(format!("add `case <-{done}: return`"));
    }
}

/// A `range` over a finite collection (not a channel) whose select has a `time.After`
/// case: a bounded number of waits, each bounded in time.
fn bounded_timeout_wait(cx: &Checker, lp: StmtId, clauses: &[StmtId]) -> bool {
    let file = cx.file;
    let StmtKind::Range { x, .. } = &file.stmt(lp).kind else { return false };
    let Some(model) = cx.semantic() else { return false };
    let xt = model.type_of(cx.file_index, *x);
    if xt.is_invalid() || model.chan_of(xt).is_some() {
        return false;
    }
    clauses.iter().any(|&c| {
        let StmtKind::CommClause { comm: Some(cs), .. } = &file.stmt(c).kind else { return false };
        received_chan(file, *cs).is_some_and(|ch| is_timer_channel(cx, unparen(file, ch)))
    })
}

/// `time.After(d)`, `time.Tick(d)`, or the `C` of a `time.Timer`/`Ticker`: a channel that
/// delivers within its duration, so a wait on it is bounded.
fn is_timer_channel(cx: &Checker, ch: gotraps_syntax::ast::ExprId) -> bool {
    cx.pkg_func_call(ch, "time", &["After", "Tick"]).is_some()
        || (matches!(&cx.file.expr(ch).kind, gotraps_syntax::ast::ExprKind::Selector { sel, .. } if cx.file.name(*sel) == "C")
            && crate::semantic::var_object(cx, ch)
                .is_some_and(|f| cx.semantic().is_some_and(|m| m.obj_pkg_path(f) == Some("time"))))
}

fn clause_leaves(cx: &Checker, body: &[StmtId]) -> bool {
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

/// `ctx` is not a parameter but a local made here from `context.Background()`/`TODO()`
/// (`ctx, cancel := context.WithTimeout(context.Background(), d)`): a per-call timeout of
/// this function, not a caller's cancellation that the select should follow.
fn local_root_ctx(cx: &Checker, funcs: &[crate::funcs::FuncRef], at: u32, ctx: Var) -> bool {
    let file = cx.file;
    let around = crate::vars::enclosing_funcs(file, funcs, at);
    let is_param = around
        .iter()
        .any(|f| f.typ.params.list.iter().any(|fl| fl.names.iter().any(|n| ctx.is(cx, cx.file_index, file, *n))));
    if is_param {
        return false;
    }
    let mut defs = 0;
    let mut rooted = 0;
    for f in &around {
        crate::funcs::for_each_stmt(file, f.body, |id, _| {
            let StmtKind::Assign { lhs, rhs, .. } = &file.stmt(id).kind else { return };
            if !lhs.first().is_some_and(|&l| ctx.is_expr(cx, cx.file_index, file, l)) {
                return;
            }
            defs += 1;
            let Some(&r) = rhs.first() else { return };
            let ExprKind::Call { args, .. } = &file.expr(gotraps_semantic::unparen(file, r)).kind else { return };
            if cx.pkg_func_call(r, "context", &["WithCancel", "WithTimeout", "WithDeadline"]).is_some()
                && args.first().is_some_and(|&a| cx.pkg_func_call(a, "context", &["Background", "TODO"]).is_some())
            {
                rooted += 1;
            }
        });
    }
    defs > 0 && defs == rooted
}

/// `done` in `case <-done` where every assignment of `done` in the file is a `Done()`
/// call returning a channel (`done := ctx.Done()`): the select watches the context.
fn is_done_alias(cx: &Checker, ch: ExprId) -> bool {
    let file = cx.file;
    let Some(model) = cx.semantic() else { return false };
    let Some(obj) = crate::semantic::var_object(cx, unparen(file, ch)) else { return false };
    let is_obj = |e: ExprId| crate::semantic::var_object(cx, e) == Some(obj);
    let done_chan =
        |e: ExprId| is_done_call(cx, e) && model.chan_of(model.type_of(cx.file_index, unparen(file, e))).is_some();
    let (mut done, mut other) = (0, 0);
    for s in &file.stmts {
        match &s.kind {
            StmtKind::Assign { lhs, rhs, .. } => {
                for (i, &l) in lhs.iter().enumerate() {
                    if is_obj(l) {
                        if lhs.len() == rhs.len() && done_chan(rhs[i]) {
                            done += 1;
                        } else {
                            other += 1;
                        }
                    }
                }
            }
            StmtKind::Decl(g) => {
                for sp in &g.specs {
                    let gotraps_syntax::ast::Spec::Value(v) = sp else { continue };
                    for (i, &n) in v.names.iter().enumerate() {
                        if model.object_of(cx.file_index, n) == Some(obj) {
                            if v.values.len() == v.names.len() && done_chan(v.values[i]) {
                                done += 1;
                            } else {
                                other += 1;
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    done > 0 && other == 0
}

/// Whether a case body sets a flag that ends the enclosing loop (`loops[0]`, the
/// innermost loop around `select`): one the loop condition reads, or one an `if` after
/// the select in the loop body tests before returning or breaking.
fn clause_ends_loop(cx: &Checker, body: &[StmtId], loops: &[StmtId], select: StmtId) -> bool {
    let file = cx.file;
    let Some(&lp) = loops.first() else { return false };
    let (cond, lbody) = match &file.stmt(lp).kind {
        StmtKind::For { cond, body, .. } => (*cond, *body),
        StmtKind::Range { body, .. } => (None, *body),
        _ => return false,
    };
    // The statement of the loop body that holds the select, and what follows it.
    let stmts = file.stmt(lbody).kind.block_stmts();
    let sel_at = file.stmt(select).span;
    let Some(i) = stmts.iter().position(|&s| file.stmt(s).span.contains(sel_at.start)) else { return false };
    crate::rules::busy_select_loop::sets_exit_flag(cx, body, cond, &stmts[i + 1..])
}
