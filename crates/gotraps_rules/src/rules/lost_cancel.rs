//! GT006 lost-cancel (T06).

use crate::checker::Checker;
use crate::funcs::{for_each_stmt, functions, literal_launchers};
use crate::paths::{pending_at_exits, Leak};
use crate::rule::Rule;
use crate::vars::{ident_name, uses_of, Var};
use gotraps_diagnostics::{Edit, Fix, Severity};
use gotraps_semantic::unparen;
use gotraps_syntax::ast::{AssignOp, ExprId, ExprKind, StmtId, StmtKind};
use gotraps_syntax::Span;

pub static LOST_CANCEL: Rule = Rule {
    code: "GT006",
    name: "lost-cancel",
    traps: &["T06"],
    severity: Severity::Warning,
    default_on: false,
    fixable: true,
    summary: "the cancel func of `context.WithCancel/Timeout/Deadline` is not called on every path",
    doc: r#"## What it does
Flags the cancel function returned by `context.WithCancel`, `WithTimeout`, `WithDeadline`
(and their `Cause` variants) when some `return` (or the end of the function) can be
reached without calling it, when it is discarded with `_`, and when it is stored in a
struct field that nothing in the package ever calls.

The rule stays silent when the cancel function leaves the function's hands (returned,
passed to another function, stored, sent, captured by a goroutine or a callback): whoever
receives it may call it.

## Why is this bad?
Until it is cancelled, a derived context stays registered with its parent (a child entry
in the parent's map) and a `WithTimeout`/`WithDeadline` context keeps its timer. On a
request path that returns early on errors, every error leaks one of each until the
parent is cancelled — for `context.Background()` that is never, so memory and timers grow
with traffic.

## Example
```go
func (s *Store) Get(ctx context.Context, id string) (Order, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	row := s.db.QueryRowContext(ctx, q, id)
	if err := row.Scan(&o.ID); err != nil {
		return Order{}, err // cancel never called on this path
	}
	cancel()
	return o, nil
}
```

## Use instead
```go
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
```

## Fix
Inserts `defer cancel()` (`defer cancel(nil)` for `WithCancelCause`) right after the
definition when that is safe: the definition is a statement of its own outside any loop,
and the derived context is only passed to calls made while the function runs (not
returned, stored, or handed to a goroutine), so cancelling it at return changes nothing
but the leak.

## Default
Opt-in: on the wider corpus (the Debian Go sources) 1 of 4 findings was a real leak; the
others were test helpers whose timeout releases the context within seconds, or contexts
whose parent the caller cancels at the end of the request. `go vet`'s lostcancel reports
the same pattern. See docs/triage/lost-cancel.md.

## Go versions
All. Overlaps `go vet`'s lostcancel, which uses a CFG over the same function. Where they
differ: gotraps also reports a cancel func stored in a struct field that nothing in the
package calls, which vet does not look at (it checks local variables only), and offers a
fix. The comparison is a test (`tests/vet_overlap.rs`).
"#,
    check,
};

const WITH: &[&str] = crate::vars::CANCELLABLE_CONTEXT_FUNCS;

fn check(cx: &mut Checker) {
    if !cx.imports_path("context") {
        return;
    }
    let file = cx.file;
    let launchers = literal_launchers(file);
    let mut found: Vec<Finding> = Vec::new();
    for func in functions(file) {
        for_each_stmt(file, func.body, |id, enclosing| {
            let StmtKind::Assign { lhs, op, rhs, .. } = &file.stmt(id).kind else { return };
            if lhs.len() != 2 || rhs.len() != 1 {
                return;
            }
            let Some(with) = cx.pkg_func_call(unparen(file, rhs[0]), "context", WITH) else { return };
            let call_span = file.expr(rhs[0]).span;
            match &file.expr(lhs[1]).kind {
                ExprKind::Ident(i) if file.name(*i) == "_" => {
                    found.push(Finding::Discarded { at: file.expr(lhs[1]).span, with });
                }
                ExprKind::Ident(i) if *op == AssignOp::Define => {
                    let name = file.name(*i);
                    let Some(var) = Var::here(cx, lhs[1]) else { return };
                    let uses = uses_of(cx, cx.file_index, func.body, var);
                    if uses.defs != 1 || !uses.other.is_empty() || !uses.selectors.is_empty() {
                        return;
                    }
                    // A call inside a literal counts only if the literal is deferred;
                    // any other closure (goroutine, callback) may call it later.
                    let deferred_only = uses.calls.iter().all(|u| {
                        u.lit.is_none_or(|l| {
                            matches!(launchers[l.index()].map(|s| &file.stmt(s).kind), Some(StmtKind::Defer { .. }))
                        })
                    });
                    if !deferred_only {
                        return;
                    }
                    let leaks = pending_at_exits(
                        cx,
                        func.body,
                        &|s| s == id,
                        &|e| crate::vars::calls_var(cx, e, var),
                        &|call| {
                            crate::vars::calls_var(cx, call, var)
                                || crate::funcs::called_func_lit(file, call).is_some_and(|lit| {
                                    let ExprKind::FuncLit { body, .. } = file.expr(lit).kind else { return false };
                                    !uses_of(cx, cx.file_index, body, var).calls.is_empty()
                                })
                        },
                        &|_| false,
                    );
                    // `go cancel()` calls it too; the walk above does not count `go`.
                    let leaks = match go_called_var(cx, func.body, lhs[1]) {
                        Some(obj) => still_pending(cx, func.body, rhs[0], obj, var, leaks),
                        None => leaks,
                    };
                    if leaks.is_empty() {
                        return;
                    }
                    let fix = safe_defer_insert(cx, func.body, id, enclosing, lhs[0], name, cancel_args(with));
                    found.push(Finding::Leaked {
                        at: file.expr(lhs[1]).span,
                        call: call_span,
                        with,
                        name: name.to_string(),
                        leaks,
                        fix,
                    });
                }
                ExprKind::Selector { .. } => {
                    let Some(field) = Var::here(cx, lhs[1]) else { return };
                    if !field_used_in_package(cx, field) {
                        found.push(Finding::FieldNeverCalled {
                            at: file.expr(lhs[1]).span,
                            with,
                            field: field.name.to_string(),
                        });
                    }
                }
                _ => {}
            }
        });
    }
    for f in found {
        match f {
            Finding::Discarded { at, with } => {
                cx.report(at, format!("the cancel func of `context.{with}` is discarded: the context is only released when its parent is cancelled")).help =
                    Some("keep it and `defer cancel()`".into());
            }
            Finding::Leaked { at, call, with, name, leaks, fix } => {
                let lines: Vec<String> = leaks
                    .iter()
                    .map(|l| match l {
                        Leak::Return(r) => format!(
                            "line {}",
                            cx.package.files[cx.file_index].lines.line_col(file.stmt(*r).span.start).0
                        ),
                        Leak::End => "the end of the function".to_string(),
                    })
                    .collect();
                let d = cx.report(
                    at,
                    format!("`{name}` from `context.{with}` is not called on every path (not before the return at {}): the context leaks until its parent is cancelled", lines.join(", ")),
                );
                d.with_label_mut(call.start, call.end, "context derived here");
                for l in &leaks {
                    if let Leak::Return(r) = l {
                        let s = file.stmt(*r).span;
                        d.with_label_mut(s.start, s.end, format!("returns without calling `{name}`"));
                    }
                }
                let args = cancel_args(with);
                d.help = Some(format!("add `defer {name}({args})` right after the call"));
                if let Some(edit) = fix {
                    d.fix = Some(Fix { message: format!("insert `defer {name}({args})`"), edits: vec![edit] });
                }
            }
            Finding::FieldNeverCalled { at, with, field } => {
                cx.report(at, format!("the cancel func of `context.{with}` is stored in field `{field}`, which nothing in this package calls")).help =
                    Some(format!("call `{field}()` when the owner stops (a Close/Stop method)"));
            }
        }
    }
}

enum Finding {
    Discarded { at: Span, with: &'static str },
    Leaked { at: Span, call: Span, with: &'static str, name: String, leaks: Vec<Leak>, fix: Option<Edit> },
    FieldNeverCalled { at: Span, with: &'static str, field: String },
}

/// Whether `.field` is read anywhere in the package other than as an assignment target.
/// Another struct's field of the same name does not count (the model tells them apart; a
/// selector it does not know counts).
fn field_used_in_package(cx: &Checker, field: Var) -> bool {
    for (fi, f) in cx.package.files.iter().enumerate() {
        let file = &f.ast;
        if !file.mentions(field.name) {
            continue;
        }
        let mut targets = std::collections::HashSet::new();
        for s in &file.stmts {
            if let StmtKind::Assign { lhs, .. } = &s.kind {
                targets.extend(lhs.iter().copied());
            }
        }
        let used = file.exprs.iter().enumerate().any(|(i, e)| {
            let id = ExprId(i as u32);
            matches!(e.kind, ExprKind::Selector { .. })
                && !targets.contains(&id)
                && field.may_be_selected(cx, fi, file, id)
        });
        // A composite literal key `field: x` hands a cancel func over too.
        let keyed = (0..file.exprs.len()).any(|i| field.may_be_key(cx, fi, file, ExprId(i as u32)));
        if used || keyed {
            return true;
        }
    }
    false
}

/// `defer cancel()` after the definition, if the definition is a plain statement in a
/// block outside loops and the context it derives is only passed to calls made before
/// the function returns.
fn safe_defer_insert(
    cx: &Checker,
    body: StmtId,
    def: StmtId,
    enclosing: &[StmtId],
    ctx: ExprId,
    cancel: &str,
    args: &str,
) -> Option<Edit> {
    let file = cx.file;
    if !matches!(enclosing.last().map(|&s| &file.stmt(s).kind), Some(StmtKind::Block { .. })) {
        return None;
    }
    if enclosing.iter().any(|&s| crate::funcs::is_loop(file, s)) {
        return None;
    }
    let ctx_name = ident_name(file, ctx)?;
    if ctx_name != "_" {
        let ctx_var = Var::here(cx, ctx)?;
        let uses = uses_of(cx, cx.file_index, body, ctx_var);
        if uses.in_any_literal() {
            return None;
        }
        let args = direct_call_args(cx, body, ctx_var);
        if uses.other.iter().any(|u| !args.contains(&u.expr)) {
            return None;
        }
    }
    let start = file.stmt(def).span.start as usize;
    let line_start = file.src[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = file.src[line_start..start].chars().take_while(|c| c.is_whitespace()).collect();
    let end = file.stmt(def).span.end;
    Some(Edit { span: Span::at(end), replacement: format!("\n{indent}defer {cancel}({args})") })
}

/// Identifiers named `name` passed directly as arguments of calls that are not the call
/// of a `go` statement.
fn direct_call_args(cx: &Checker, body: StmtId, var: Var) -> Vec<ExprId> {
    let file = cx.file;
    let mut go_calls = Vec::new();
    let mut out = Vec::new();
    for_each_stmt(file, body, |id, _| {
        if let StmtKind::Go { call } = file.stmt(id).kind {
            go_calls.push(call);
        }
    });
    crate::funcs::for_each_call(file, body, |call| {
        if go_calls.contains(&call) {
            return;
        }
        if let ExprKind::Call { args, .. } = &file.expr(call).kind {
            out.extend(args.iter().copied().filter(|&a| var.is_expr(cx, cx.file_index, file, a)));
        }
    });
    out
}

/// Arguments of the deferred cancel call: `WithCancelCause` returns a
/// `CancelCauseFunc`, which takes the cause (`nil` means `context.Canceled`).
fn cancel_args(with: &str) -> &'static str {
    if with == "WithCancelCause" {
        "nil"
    } else {
        ""
    }
}

/// The cancel variable `lhs` as the model resolves it, when some `go` statement of `body`
/// calls it directly (`go cancel()`).
fn go_called_var(cx: &Checker, body: StmtId, lhs: ExprId) -> Option<gotraps_semantic::ObjId> {
    let obj = crate::semantic::var_object(cx, lhs)?;
    let file = cx.file;
    let mut found = false;
    for_each_stmt(file, body, |id, _| {
        if let StmtKind::Go { call } = file.stmt(id).kind {
            found |= calls_var(cx, call, obj);
        }
    });
    found.then_some(obj)
}

/// Whether `call` is a direct call of variable `obj` (`cancel()`, `(cancel)()`).
fn calls_var(cx: &Checker, call: ExprId, obj: gotraps_semantic::ObjId) -> bool {
    let file = cx.file;
    let ExprKind::Call { fun, .. } = &file.expr(call).kind else { return false };
    crate::semantic::var_object(cx, unparen(file, *fun)) == Some(obj)
}

/// `leaks` re-checked on the model's control-flow graph of `body`, where a call of the
/// cancel func, a `go` of it and a `defer` of it (or of a literal calling it) all
/// discharge: only exits still reachable from `with_call` without one stay. Unchanged
/// when the graph does not know the call.
fn still_pending(
    cx: &Checker,
    body: StmtId,
    with_call: ExprId,
    obj: gotraps_semantic::ObjId,
    var: Var,
    leaks: Vec<Leak>,
) -> Vec<Leak> {
    use gotraps_semantic::cfg::{EventKind, EXIT};
    let file = cx.file;
    let Some(model) = cx.semantic() else { return leaks };
    let Some(b) = model.bodies().iter().find(|b| b.file as usize == cx.file_index && b.body == body) else {
        return leaks;
    };
    let cfg = model.cfg(b);
    let with_call = unparen(file, with_call);
    let Some((start, at)) = cfg.blocks.iter().enumerate().find_map(|(i, blk)| {
        blk.events
            .iter()
            .position(|e| e.kind == EventKind::ContextWithCancel && e.expr == Some(with_call))
            .map(|k| (i, k + 1))
    }) else {
        return leaks;
    };
    let discharges = |e: &gotraps_semantic::cfg::Event| {
        let Some(call) = e.expr else { return false };
        match e.kind {
            EventKind::Cancel | EventKind::Go => calls_var(cx, call, obj),
            EventKind::Defer => {
                calls_var(cx, call, obj)
                    || crate::funcs::called_func_lit(file, call).is_some_and(|lit| {
                        let ExprKind::FuncLit { body, .. } = file.expr(lit).kind else { return false };
                        !uses_of(cx, cx.file_index, body, var).calls.is_empty()
                    })
            }
            _ => false,
        }
    };
    let mut returns = Vec::new();
    let mut falls_off = false;
    let mut seen = vec![false; cfg.blocks.len()];
    let mut work = vec![(start, at)];
    while let Some((bi, from)) = work.pop() {
        let blk = &cfg.blocks[bi];
        let mut ret = None;
        let mut discharged = false;
        for e in &blk.events[from.min(blk.events.len())..] {
            if discharges(e) {
                discharged = true;
                break;
            }
            if e.kind == EventKind::Return {
                ret = e.stmt;
            }
        }
        if discharged {
            continue;
        }
        for &s in &blk.succs {
            if s == EXIT {
                match ret {
                    Some(r) => returns.push(r),
                    None => falls_off = true,
                }
            } else if !seen[s as usize] {
                seen[s as usize] = true;
                work.push((s as usize, 0));
            }
        }
    }
    leaks
        .into_iter()
        .filter(|l| match l {
            Leak::Return(r) => returns.contains(r),
            Leak::End => falls_off,
        })
        .collect()
}
