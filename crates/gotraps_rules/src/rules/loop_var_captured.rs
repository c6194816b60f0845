//! GT014 loop-var-captured (T14).

use crate::checker::Checker;
use crate::funcs::{called_func_lit, for_each_stmt, functions};
use crate::rule::Rule;
use crate::semantic::{method_call, Method};
use crate::vars::{uses_of, Var};
use gotraps_diagnostics::{Edit, Fix, Severity};
use gotraps_syntax::ast::{AssignOp, ExprId, ExprKind, StmtId, StmtKind};
use gotraps_syntax::Span;

pub static LOOP_VAR_CAPTURED: Rule = Rule {
    code: "GT014",
    name: "loop-var-captured",
    traps: &["T14"],
    severity: Severity::Error,
    default_on: true,
    fixable: true,
    summary: "loop variable captured by a `go`/`defer` closure (before Go 1.22)",
    doc: r#"## What it does
In modules below Go 1.22, flags a loop variable (`for i := ...` or `for k, v := range`)
read inside a function literal started by `go`, `defer`, or passed to `X.Go(...)`
(errgroup, `sync.WaitGroup.Go`) anywhere in the loop body — not only as the last
statement — unless the body copies it first (`v := v`) or the literal's own parameter
shadows it.

## Why is this bad?
Before Go 1.22 a loop has one variable for all iterations. A goroutine or deferred call
that reads it later sees whatever value it holds then — usually the last one: all workers
process the last item, all defers close the last file.

## Example
```go
for _, s := range shards {
	go func() {
		s.Flush() // every goroutine may flush the last shard
	}()
}
```

## Use instead
```go
for _, s := range shards {
	s := s
	go func() {
		s.Flush()
	}()
}
```
(or move the module to `go 1.22` or later)

## Fix
Inserts `v := v` at the top of the loop body for each captured variable, unless the body
assigns the variable (a 3-clause loop that steps it inside the body).

## Go versions
Below 1.22 only (the module's `go` line). `go vet`'s loopclosure reports the same
capture only when the `go`/`defer`/`Go` statement is the last statement of the loop body;
this rule reports it anywhere in the body.
"#,
    check,
};

/// `x.Go(func() {...})` runs the literal in a goroutine for every receiver on purpose:
/// `errgroup.Group`, `sync.WaitGroup` (Go 1.25), and worker pools all follow that
/// convention.
const GO: Method = Method::any(&["Go"]);

fn check(cx: &mut Checker) {
    if cx.go_version().has_per_iteration_loop_vars() {
        return;
    }
    let file = cx.file;
    struct Hit {
        at: Span,
        var: String,
        kind: &'static str,
        fix: Option<Edit>,
    }
    let mut hits: Vec<Hit> = Vec::new();
    let mut fixed_loops: Vec<(StmtId, Var)> = Vec::new();
    for func in functions(file) {
        for_each_stmt(file, func.body, |id, _| {
            let (vars, body): (Vec<ExprId>, StmtId) = match &file.stmt(id).kind {
                StmtKind::Range { key, value, op: Some(AssignOp::Define), body, .. } => {
                    ([*key, *value].into_iter().flatten().collect(), *body)
                }
                StmtKind::For { init: Some(init), body, .. } => match &file.stmt(*init).kind {
                    StmtKind::Assign { lhs, op: AssignOp::Define, .. } => (lhs.to_vec(), *body),
                    _ => return,
                },
                _ => return,
            };
            let loop_vars: Vec<Var> = vars.iter().filter_map(|&v| Var::here(cx, v)).collect();
            if loop_vars.is_empty() {
                return;
            }
            // Statements directly in the loop (not in nested closures) that launch literals.
            for_each_stmt(file, body, |s, _| {
                let (call, kind) = match file.stmt(s).kind {
                    StmtKind::Go { call } => (call, "goroutine"),
                    StmtKind::Defer { call } => (call, "deferred call"),
                    StmtKind::Expr(e) if method_call(cx, e, GO).is_some() => (e, "goroutine"),
                    _ => return,
                };
                let lit = match called_func_lit(file, call) {
                    Some(l) => l,
                    None => {
                        // `g.Go(func() error {...})`
                        let ExprKind::Call { args, .. } = &file.expr(call).kind else { return };
                        match args.first().map(|&a| (a, &file.expr(a).kind)) {
                            Some((a, ExprKind::FuncLit { .. })) if kind == "goroutine" => a,
                            _ => return,
                        }
                    }
                };
                let ExprKind::FuncLit { body: lit_body, .. } = file.expr(lit).kind else { return };
                for &var in &loop_vars {
                    let name = var.name;
                    let inner = uses_of(cx, cx.file_index, lit_body, var);
                    let Some(first) = inner.all().map(|u| u.expr).min_by_key(|&e| file.expr(e).span.start) else {
                        continue;
                    };
                    if inner.defs > 0 || lit_params_shadow(cx, lit, var) {
                        continue;
                    }
                    if copied_before(cx, body, var, file.stmt(s).span.start) {
                        continue;
                    }
                    let fix = if fixed_loops.iter().any(|&(l, v)| l == id && v == var) {
                        None
                    } else {
                        fixed_loops.push((id, var));
                        copy_edit(cx, id, body, var)
                    };
                    hits.push(Hit { at: file.expr(first).span, var: name.to_string(), kind, fix });
                }
            });
        });
    }
    for h in hits {
        let d = cx.report(
            h.at,
            format!("loop variable `{}` captured by a {}: before Go 1.22 all iterations share it, so it reads a later value", h.var, h.kind),
        );
        d.help = Some(format!(
            "copy it at the top of the loop body (`{0} := {0}`), pass it as an argument, or use `go 1.22`",
            h.var
        ));
        if let Some(e) = h.fix {
            d.fix = Some(Fix { message: format!("insert `{0} := {0}`", h.var), edits: vec![e] });
        }
    }
}

/// A parameter or result of the literal that is the loop variable. With the model never:
/// a parameter of the same name is another variable, and the literal's uses above already
/// resolve to it. Only for a package the model could not type does the name decide.
fn lit_params_shadow(cx: &Checker, lit: ExprId, var: Var) -> bool {
    let file = cx.file;
    let ExprKind::FuncLit { typ, .. } = &file.expr(lit).kind else { return false };
    typ.params
        .list
        .iter()
        .chain(typ.results.iter().flat_map(|r| r.list.iter()))
        .any(|f| f.names.iter().any(|&n| var.is(cx, cx.file_index, file, n)))
}

/// A copy `v := v` (or any `v :=`) of the loop variable in the loop body before `at`,
/// which the literal may read instead. With the model never: the copy is another
/// variable, and the literal's uses above already resolve to whichever it reads (a copy
/// in an inner block does not hide the loop variable read after that block). Only for a
/// package the model could not type does the name decide.
fn copied_before(cx: &Checker, body: StmtId, var: Var, at: u32) -> bool {
    let file = cx.file;
    let mut found = false;
    for_each_stmt(file, body, |s, _| {
        if file.stmt(s).span.start >= at {
            return;
        }
        if let StmtKind::Assign { lhs, op: AssignOp::Define, .. } = &file.stmt(s).kind {
            found |= lhs.iter().any(|&l| var.is_expr(cx, cx.file_index, file, l));
        }
    });
    found
}

/// `v := v` at the top of the loop body, unless the body assigns the loop variable `v`
/// (a 3-clause loop stepping it); a shadowing variable of the same name may be assigned.
fn copy_edit(cx: &Checker, _loop: StmtId, body: StmtId, var: Var) -> Option<Edit> {
    let file = cx.file;
    let name = var.name;
    let is_var = |e: ExprId| var.is_expr(cx, cx.file_index, file, e);
    let mut assigned = false;
    for_each_stmt(file, body, |s, _| match &file.stmt(s).kind {
        StmtKind::Assign { lhs, op, .. } if *op != AssignOp::Define => assigned |= lhs.iter().any(|&l| is_var(l)),
        StmtKind::IncDec { x, .. } => assigned |= is_var(*x),
        _ => {}
    });
    if assigned {
        return None;
    }
    let first = *file.stmt(body).kind.block_stmts().first()?;
    let start = file.stmt(first).span.start as usize;
    let line_start = file.src[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &file.src[line_start..start];
    if !indent.chars().all(char::is_whitespace) {
        return None;
    }
    Some(Edit { span: Span::at(start as u32), replacement: format!("{name} := {name}\n{indent}") })
}
