//! GT018 swallowed-panic-in-worker (T18).

use crate::checker::Checker;
use crate::funcs::{called_func_lit, for_each_call, for_each_stmt, functions, is_loop};
use crate::rule::Rule;
use crate::vars::{goroutine_bodies, ident_name};
use gotraps_diagnostics::Severity;
use gotraps_semantic::unparen;
use gotraps_syntax::ast::{ExprKind, StmtId, StmtKind};
use gotraps_syntax::Span;

pub static SWALLOWED_PANIC_IN_WORKER: Rule = Rule {
    code: "GT018",
    name: "swallowed-panic-in-worker",
    traps: &["T18"],
    severity: Severity::Warning,
    default_on: true,
    fixable: false,
    summary: "long-running goroutine recovers a panic, only logs it, and stops working",
    doc: r#"## What it does
Flags a goroutine whose own function defers a `recover()` handler that only logs (calls
to print/log-style functions, nothing else: no re-panic, no send, no restart, no exit,
no assignment outside the handler) while the goroutine's work is a loop.

Not flagged: a recover inside the loop (per item: the worker survives and moves on), a
handler that reports the panic somewhere the program acts on, or restarts the worker.

## Why is this bad?
One panic ends the loop: the worker is gone, the queue it served stops draining, and the
only trace is a log line. Health checks stay green while jobs pile up. Without the recover
the process would have crashed and been restarted — visibly.

## Example
```go
go func() {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("worker panic: %v", r)
		}
	}()
	for j := range jobs {
		j.Run()
	}
}()
```

## Use instead
```go
go func() {
	for j := range jobs {
		runOne(j) // recovers per job, logs, counts, continues
	}
}()
```

## Go versions
All. revive checks recover only in `wg.Go`; no vet or staticcheck check.
"#,
    check,
};

const LOGGING: &[&str] = &[
    "recover",
    "Print",
    "Printf",
    "Println",
    "Fprint",
    "Fprintf",
    "Fprintln",
    "Sprint",
    "Sprintf",
    "Sprintln",
    "Error",
    "Errorf",
    "Errorw",
    "Warn",
    "Warnf",
    "Warnw",
    "Warning",
    "Warningf",
    "Info",
    "Infof",
    "Infow",
    "Debug",
    "Debugf",
    "Log",
    "Logf",
    "Stack",
    "Msg",
    "Msgf",
    "Interface",
    "Any",
    "Str",
    "Err",
    "Done",
    "With",
    "Println",
];

fn check(cx: &mut Checker) {
    let file = cx.file;
    if !file.mentions("recover()") {
        return;
    }
    let funcs = functions(file);
    let mut hits: Vec<Span> = Vec::new();
    for g in goroutine_bodies(cx, &funcs) {
        let mut handler = None;
        let mut has_loop = false;
        for_each_stmt(file, g.func.body, |id, _| {
            has_loop |= is_loop(file, id);
            if let StmtKind::Defer { call } = file.stmt(id).kind {
                if let Some(lit) = called_func_lit(file, call) {
                    let ExprKind::FuncLit { body, .. } = file.expr(lit).kind else { return };
                    if only_logs_recover(cx, body) {
                        handler = Some(id);
                    }
                }
            }
        });
        if let (Some(h), true) = (handler, has_loop) {
            let s = file.stmt(h).span;
            hits.push(Span::new(s.start, s.start + 5));
        }
    }
    hits.sort_by_key(|s| s.start);
    hits.dedup();
    for at in hits {
        cx.report(at, "this worker recovers a panic and only logs it: its loop is over and nobody notices the work stopped").help =
            Some("recover per item inside the loop, or report the panic (re-panic, error channel, restart) instead of swallowing it".into());
    }
}

/// The deferred body calls `recover()` and does nothing but log: every call is to a
/// logging-style name, and there are no sends, returns of values, go statements, or
/// assignments to names not declared in the handler.
fn only_logs_recover(cx: &Checker, body: StmtId) -> bool {
    let file = cx.file;
    let mut recovers = false;
    let mut other = false;
    let mut locals: Vec<&str> = Vec::new();
    for_each_stmt(file, body, |id, _| {
        match &file.stmt(id).kind {
            StmtKind::Send { .. } | StmtKind::Go { .. } | StmtKind::Defer { .. } => other = true,
            StmtKind::Return { results } if !results.is_empty() => other = true,
            StmtKind::Assign { lhs, op, .. } => {
                for &l in lhs {
                    match ident_name(file, l) {
                        Some(n) if *op == gotraps_syntax::ast::AssignOp::Define => locals.push(n),
                        Some(n) if n == "_" || locals.contains(&n) => {}
                        _ => other = true,
                    }
                }
            }
            StmtKind::IncDec { .. } => other = true,
            _ => {}
        }
        for_each_call(file, id, |c| {
            let ExprKind::Call { fun, .. } = &file.expr(c).kind else { return };
            let name = match &file.expr(unparen(file, *fun)).kind {
                ExprKind::Ident(i) => file.name(*i),
                ExprKind::Selector { sel, .. } => file.name(*sel),
                _ => "",
            };
            if name == "recover" {
                recovers = true;
            } else if !LOGGING.contains(&name) {
                other = true;
            }
        });
    });
    recovers && !other
}
