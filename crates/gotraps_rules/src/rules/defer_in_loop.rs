//! GT013 defer-in-loop (T13).

use crate::checker::Checker;
use crate::funcs::{called_func_lit, for_each_stmt, functions, is_loop, is_terminating};
use crate::rule::Rule;
use crate::semantic::{is_universe_here, method_call, Method};
use crate::vars::{ident_name, mentions_expr, Var};
use gotraps_diagnostics::Severity;
use gotraps_semantic::unparen;
use gotraps_syntax::ast::{AssignOp, BinaryOp, BranchKind, ExprId, ExprKind, StmtId, StmtKind};

pub static DEFER_IN_LOOP: Rule = Rule {
    code: "GT013",
    name: "defer-in-loop",
    traps: &["T13"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "`defer` inside a loop body: releases pile up until the function returns",
    doc: r#"## What it does
Flags a `defer` statement that runs once per loop iteration in the same function.

## Why is this bad?
Deferred calls run when the *function* returns, not at the end of the iteration. Every
iteration keeps its file, connection, rows or lock until then: a loop over a thousand
files holds a thousand descriptors, and a deferred `Unlock` of a `sync.Mutex` or
`sync.RWMutex` in a loop deadlocks on the second iteration's `Lock` (reported as an error).

Not flagged: a `defer` followed in its block by `return`, `panic` or a `break` out of the
loop (it runs at most once per call), one under `if v == nil { v = ...; ... }` that sets
`v` (it runs once), a deferred literal that cleans up only when an error variable is
non-nil (`if err != nil { ... }`), and a `defer` inside a function literal called in the
loop (the usual fix).

## Example
```go
for _, name := range names {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close() // every file stays open until the function returns
	process(f)
}
```

## Use instead
```go
for _, name := range names {
	if err := func() error {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		return process(f)
	}(); err != nil {
		return err
	}
}
```

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    // Scanning the statement table is cheaper than walking every function.
    if !file.stmts.iter().any(|s| matches!(s.kind, StmtKind::Defer { .. })) {
        return;
    }
    for func in functions(file) {
        let mut hits = Vec::new();
        for_each_stmt(file, func.body, |id, enclosing| {
            let StmtKind::Defer { call } = file.stmt(id).kind else {
                return;
            };
            let Some(loop_at) = enclosing.iter().rposition(|&s| is_loop(file, s)) else {
                return;
            };
            if runs_at_most_once(cx, id, &enclosing[loop_at..])
                || once_guarded(cx, id, &enclosing[loop_at..])
                || releases_only_on_error(cx, call)
            {
                return;
            }
            hits.push((id, call, enclosing[loop_at]));
        });
        for (id, call, lp) in hits {
            let call_text = cx.text(file.expr(call).span);
            // The same lock every iteration: the next Lock deadlocks. A lock reached
            // through the loop variable is another lock each time (held, not deadlocked).
            let is_unlock =
                sync_unlock(cx, call).is_some_and(|x| !loop_vars(cx, lp).into_iter().any(|v| mentions_expr(cx, x, v)));
            let span = file.stmt(id).span;
            let loop_kw = file.stmt(lp).span;
            if is_unlock {
                cx.report_with(
                    Severity::Error,
                    span,
                    format!("`defer {call_text}` in a loop: the lock is released only when the function returns, so the next iteration's lock blocks forever"),
                )
                .with_label_mut(loop_kw.start, loop_kw.start + 3, "loop")
                .help = Some("unlock at the end of the iteration, or move the body into a function literal with its own defer".into());
            } else {
                cx.report(
                    span,
                    format!("`defer {call_text}` in a loop runs only when the function returns; each iteration's resource is held until then"),
                )
                .with_label_mut(loop_kw.start, loop_kw.start + 3, "loop")
                .help = Some("move the loop body into a function literal (`func() { ...; defer ... }()`) or release explicitly each iteration".into());
            }
        }
    }
}

/// The sync locks whose deferred release in a loop deadlocks the next iteration's lock.
/// Another type's `Unlock` (a file lock, a lease) may not block on a second acquire: its
/// defer is reported as any other held resource.
const SYNC_UNLOCKS: [Method; 3] = [
    Method::of("sync", "Mutex", &["Unlock"]),
    Method::of("sync", "RWMutex", &["Unlock", "RUnlock"]),
    Method::of("sync", "Locker", &["Unlock"]),
];

/// The lock `x` of `x.Unlock()`/`x.RUnlock()` on a sync lock (also promoted through an
/// embedded one).
fn sync_unlock(cx: &Checker, call: ExprId) -> Option<ExprId> {
    SYNC_UNLOCKS.iter().find_map(|&m| method_call(cx, call, m)).map(|(x, _)| x)
}

/// A defer followed in its own block by `return`/`panic`, or by a `break` that leaves
/// the loop, is registered at most once per call of the function.
fn runs_at_most_once(cx: &Checker, defer: StmtId, from_loop: &[StmtId]) -> bool {
    let file = cx.file;
    let model = cx.semantic().map(|m| (m, cx.file_index));
    let Some(&block) = from_loop.last() else {
        return false;
    };
    let stmts = match &file.stmt(block).kind {
        StmtKind::Block { stmts } => stmts,
        StmtKind::CaseClause { body, .. } | StmtKind::CommClause { body, .. } => body,
        _ => return false,
    };
    let Some(pos) = stmts.iter().position(|&s| s == defer) else {
        return false;
    };
    let inside_switch = from_loop[1..].iter().any(|&s| {
        matches!(file.stmt(s).kind, StmtKind::Switch { .. } | StmtKind::TypeSwitch { .. } | StmtKind::Select { .. })
    });
    stmts[pos + 1..].iter().any(|&s| {
        is_terminating(model, file, s)
            || (!inside_switch
                && matches!(file.stmt(s).kind, StmtKind::Branch { kind: BranchKind::Break, label: None }))
    })
}

/// Variables the loop header declares (`for i := ...`, `for k, v := range ...`).
fn loop_vars<'a>(cx: &Checker<'a>, lp: StmtId) -> Vec<Var<'a>> {
    let file = cx.file;
    match &file.stmt(lp).kind {
        StmtKind::Range { key, value, op: Some(AssignOp::Define), .. } => {
            key.iter().chain(value.iter()).filter_map(|&e| Var::here(cx, e)).collect()
        }
        StmtKind::For { init: Some(init), .. } => match &file.stmt(*init).kind {
            StmtKind::Assign { lhs, op: AssignOp::Define, .. } => {
                lhs.iter().filter_map(|&e| Var::here(cx, e)).collect()
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// `if v == nil { v = ...; defer ... }` (or `== ""`, `== 0`): lazy one-time set-up in a
/// loop; once `v` is set the branch is not taken again, so the defer registers once.
fn once_guarded(cx: &Checker, defer: StmtId, from_loop: &[StmtId]) -> bool {
    let file = cx.file;
    let at = file.stmt(defer).span.start;
    from_loop.iter().any(|&s| {
        let StmtKind::If { cond, then, .. } = &file.stmt(s).kind else { return false };
        let ExprKind::Binary { x, op: BinaryOp::Eql, y, .. } = &file.expr(unparen(file, *cond)).kind else {
            return false;
        };
        let zero = |e: ExprId| match &file.expr(e).kind {
            ExprKind::Ident(_) => is_universe_here(cx, e, "nil"),
            ExprKind::BasicLit { .. } => matches!(file.text(file.expr(e).span), "\"\"" | "``" | "0"),
            _ => false,
        };
        let tested = if zero(*y) {
            *x
        } else if zero(*x) {
            *y
        } else {
            return false;
        };
        if !matches!(file.expr(unparen(file, tested)).kind, ExprKind::Ident(_)) {
            return false;
        }
        let Some(v) = Var::here(cx, unparen(file, tested)) else { return false };
        let mut assigned = false;
        for_each_stmt(file, *then, |id, _| {
            if file.stmt(id).span.end > at {
                return;
            }
            if let StmtKind::Assign { lhs, .. } = &file.stmt(id).kind {
                assigned |= lhs.iter().any(|&l| v.is_expr(cx, cx.file_index, file, l));
            }
        });
        assigned
    })
}

/// `defer func() { if err == nil { return }; ... }()` or `defer func() { if err != nil
/// { ... } }()`: clean-up on the failure path only; on success the resources are meant
/// to outlive the loop.
fn releases_only_on_error(cx: &Checker, call: ExprId) -> bool {
    let file = cx.file;
    let Some(lit) = called_func_lit(file, call) else { return false };
    let ExprKind::FuncLit { body, .. } = file.expr(lit).kind else { return false };
    let StmtKind::Block { stmts } = &file.stmt(body).kind else { return false };
    let err_test = |s: StmtId, want: BinaryOp| -> Option<StmtId> {
        let StmtKind::If { init: None, cond, then, els: None } = &file.stmt(s).kind else { return None };
        let ExprKind::Binary { x, op, y, .. } = &file.expr(unparen(file, *cond)).kind else { return None };
        (*op == want && is_error_var(cx, *x) && is_universe_here(cx, *y, "nil")).then_some(*then)
    };
    match &stmts[..] {
        [only] => err_test(*only, BinaryOp::Neq).is_some(),
        [first, ..] => err_test(*first, BinaryOp::Eql).is_some_and(|then| {
            matches!(&file.stmt(then).kind, StmtKind::Block { stmts } if matches!(&stmts[..],
                [r] if matches!(&file.stmt(*r).kind, StmtKind::Return { results } if results.is_empty())))
        }),
        [] => false,
    }
}

/// Whether `e` is a variable holding an error: with the model, of type `error` or of a
/// type with an `Error` method, whatever its name (`err`, `retErr`); without it, a
/// variable named `err`.
fn is_error_var(cx: &Checker, e: ExprId) -> bool {
    let e = unparen(cx.file, e);
    let Some(model) = cx.semantic() else { return ident_name(cx.file, e) == Some("err") };
    if crate::semantic::var_object(cx, e).is_none() || !matches!(cx.file.expr(e).kind, ExprKind::Ident(_)) {
        return false;
    }
    let t = model.type_of(cx.file_index, e);
    t == gotraps_semantic::TypeId::ERROR || gotraps_semantic::lookup::has_method(model.prog, t, "Error")
}
