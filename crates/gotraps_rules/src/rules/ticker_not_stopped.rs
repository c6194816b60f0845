//! GT005 ticker-not-stopped (T05).

use crate::checker::Checker;
use crate::funcs::{called_func_lit, for_each_stmt, functions, is_loop, literal_launchers};
use crate::paths::{pending_at_exits, Leak};
use crate::rule::Rule;
use crate::semantic::{method_call, Method};
use crate::vars::{ident_name, is_new_ticker, uses_of, Var};
use gotraps_diagnostics::{Edit, Fix, Severity};
use gotraps_syntax::ast::{AssignOp, ExprId, ExprKind, StmtKind};
use gotraps_syntax::Span;

pub static TICKER_NOT_STOPPED: Rule = Rule {
    code: "GT005",
    name: "ticker-not-stopped",
    traps: &["T05"],
    severity: Severity::Warning,
    default_on: false,
    fixable: true,
    summary: "`time.NewTicker` not stopped on every path (before Go 1.23)",
    doc: r#"## What it does
Flags a `time.NewTicker` kept in a local variable when some `return` (or the end of the
function) is reached without `ticker.Stop()` having run, and a ticker stored in a struct
field whose `Stop` nothing in the package calls. Only for modules below Go 1.23.

Silent when the ticker leaves the function (returned, passed on, stored, used by a
goroutine or callback): the receiver may stop it.

## Why is this bad?
Before Go 1.23 the runtime keeps every ticker that was not stopped in its timer heap
forever, referenced or not: each call of the function leaks one ticker that keeps
firing. In a per-request or per-connection function this grows without bound.

## Example
```go
func (p *Pool) work() error {
	ticker := time.NewTicker(10 * time.Second)
	for {
		select {
		case j, ok := <-p.jobs:
			if !ok {
				return nil // ticker never stopped
			}
			p.run(j)
		case <-ticker.C:
			p.heartbeat()
		}
	}
}
```

## Use instead
```go
	ticker := time.NewTicker(10 * time.Second)
	defer ticker.Stop()
```

## Fix
Inserts `defer ticker.Stop()` after the definition when it is a statement of its own
outside loops and no closure uses the ticker.

## Default
Opt-in: on the wider corpus (the Debian Go sources) 1 of 3 findings was real; the others
return from a loop that only ends when the command exits, where the unstopped ticker
costs nothing. See docs/triage/ticker-not-stopped.md.

## Go versions
Below 1.23 (the module's `go` line). Since Go 1.23 a ticker that is no longer referenced
is garbage collected even if not stopped, so a local ticker no longer leaks after its
function returns; a ticker that stays referenced because a goroutine loops on it forever
is a goroutine lifetime problem (see `goroutine-without-exit`). staticcheck has no check
for `NewTicker` (SA1015 covers `time.Tick` only).
"#,
    check,
};

fn check(cx: &mut Checker) {
    if cx.go_version().has_collectable_timers() || !cx.imports_path("time") {
        return;
    }
    let file = cx.file;
    let launchers = literal_launchers(file);
    let mut found: Vec<(Span, String, Vec<Leak>, Option<Edit>)> = Vec::new();
    let mut fields: Vec<(Span, String)> = Vec::new();
    for func in functions(file) {
        for_each_stmt(file, func.body, |id, enclosing| {
            let StmtKind::Assign { lhs, op, rhs, .. } = &file.stmt(id).kind else { return };
            if lhs.len() != 1 || rhs.len() != 1 || !is_new_ticker(cx, rhs[0]) {
                return;
            }
            if let ExprKind::Selector { .. } = file.expr(lhs[0]).kind {
                let Some(field) = Var::here(cx, lhs[0]) else { return };
                if !field_of_this_package(cx, lhs[0]) {
                    // Another package's code (not read here) may stop it.
                    return;
                }
                if field_never_stopped(cx, field) {
                    fields.push((file.expr(lhs[0]).span, field.name.to_string()));
                }
                return;
            }
            let Some(name) = ident_name(file, lhs[0]) else { return };
            if *op != AssignOp::Define || name == "_" {
                return;
            }
            let Some(var) = Var::here(cx, lhs[0]) else { return };
            let uses = uses_of(cx, cx.file_index, func.body, var);
            if uses.defs != 1 || !uses.other.is_empty() || !uses.calls.is_empty() {
                return;
            }
            let deferred = |lit: ExprId| {
                matches!(launchers[lit.index()].map(|s| &file.stmt(s).kind), Some(StmtKind::Defer { .. }))
            };
            if uses.selectors.iter().any(|u| u.lit.is_some_and(|l| !deferred(l))) {
                return;
            }
            let is_stop = |e: ExprId| -> bool {
                let mut hit = false;
                crate::vars::for_each_call_in_expr(file, e, &mut |c| {
                    hit |= matches!(method_call(cx, c, Method::of("time", "Ticker", &["Stop"])), Some((x, _)) if var.is_expr(cx, cx.file_index, file, x));
                });
                hit
            };
            let leaks = pending_at_exits(
                cx,
                func.body,
                &|s| s == id,
                &is_stop,
                &|call| {
                    is_stop(call)
                    || called_func_lit(file, call).is_some_and(|lit| {
                        let ExprKind::FuncLit { body, .. } = file.expr(lit).kind else { return false };
                        uses_of(cx, cx.file_index, body, var).selectors.iter().any(|u| {
                            matches!(&file.expr(u.expr).kind, ExprKind::Selector { sel, .. } if file.name(*sel) == "Stop")
                        })
                    })
                },
                &|x| matches!(&file.expr(x).kind, ExprKind::Selector { x: t, sel } if file.name(*sel) == "C" && var.is_expr(cx, cx.file_index, file, *t)),
            );
            if leaks.is_empty() {
                return;
            }
            let fixable = matches!(enclosing.last().map(|&s| &file.stmt(s).kind), Some(StmtKind::Block { .. }))
                && !enclosing.iter().any(|&s| is_loop(file, s))
                && !uses.in_any_literal();
            let fix = fixable.then(|| {
                let start = file.stmt(id).span.start as usize;
                let line_start = file.src[..start].rfind('\n').map_or(0, |i| i + 1);
                let indent: String = file.src[line_start..start].chars().take_while(|c| c.is_whitespace()).collect();
                Edit { span: Span::at(file.stmt(id).span.end), replacement: format!("\n{indent}defer {name}.Stop()") }
            });
            found.push((file.expr(lhs[0]).span, name.to_string(), leaks, fix));
        });
    }
    for (at, name, leaks, fix) in found {
        let first = match leaks[0] {
            Leak::Return(r) => format!(
                "the return at line {}",
                cx.package.files[cx.file_index].lines.line_col(file.stmt(r).span.start).0
            ),
            Leak::End => "the end of the function".to_string(),
        };
        let d = cx.report(
            at,
            format!("ticker `{name}` is not stopped before {first}: below Go 1.23 it keeps firing and is never freed"),
        );
        for l in &leaks {
            if let Leak::Return(r) = l {
                let s = file.stmt(*r).span;
                d.with_label_mut(s.start, s.end, "returns without stopping the ticker");
            }
        }
        d.help = Some(format!("add `defer {name}.Stop()` after creating it"));
        if let Some(e) = fix {
            d.fix = Some(Fix { message: format!("insert `defer {name}.Stop()`"), edits: vec![e] });
        }
    }
    for (at, field) in fields {
        cx.report(at, format!("ticker stored in field `{field}` is never stopped in this package: below Go 1.23 it keeps firing forever")).help =
            Some(format!("call `.{field}.Stop()` when the owner shuts down"));
    }
}

/// Whether `x.field` is a field declared in the package being checked (unknown counts as
/// this package, as before the model existed).
fn field_of_this_package(cx: &Checker, e: ExprId) -> bool {
    let (Some(model), Some(obj)) = (cx.semantic(), crate::semantic::var_object(cx, e)) else { return true };
    model.prog.obj(obj).pkg == model.pkg.id
}

/// Whether no `X.field.Stop()` exists in the package and every other use of `X.field` is
/// a read of `.C` or a `.Reset` (anything else may hand the ticker to someone who stops it).
/// Another struct's field of the same name does not count (the model tells them apart; a
/// selector it does not know counts). `Stop`, `C` and `Reset` are matched by spelling:
/// on a `*time.Ticker` field they can only be the ticker's own.
fn field_never_stopped(cx: &Checker, field: Var) -> bool {
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
        let mut known = std::collections::HashSet::new();
        for e in &file.exprs {
            if let ExprKind::Selector { x, sel } = e.kind {
                if !field.may_be_selected(cx, fi, file, x) {
                    continue;
                }
                match file.name(sel) {
                    "Stop" => return false,
                    "C" | "Reset" => {
                        known.insert(x);
                    }
                    _ => return false,
                }
            }
        }
        for (i, e) in file.exprs.iter().enumerate() {
            let id = ExprId(i as u32);
            if matches!(e.kind, ExprKind::Selector { .. })
                && !known.contains(&id)
                && !targets.contains(&id)
                && field.may_be_selected(cx, fi, file, id)
            {
                return false;
            }
            if field.may_be_key(cx, fi, file, id) {
                return false;
            }
        }
    }
    true
}
