//! GT013 defer-in-loop (T13).

use crate::checker::Checker;
use crate::funcs::{for_each_stmt, functions, is_loop, is_terminating};
use crate::rule::Rule;
use gotraps_diagnostics::Severity;
use gotraps_syntax::ast::{BranchKind, ExprKind, File, StmtId, StmtKind};

pub static DEFER_IN_LOOP: Rule = Rule {
    code: "GT013",
    name: "defer-in-loop",
    traps: &["T13"],
    severity: Severity::Warning,
    default_on: true,
    fixable: false,
    summary: "`defer` inside a loop body: releases pile up until the function returns",
    doc: r#"## What it does
Flags a `defer` statement that runs once per loop iteration in the same function.

## Why is this bad?
Deferred calls run when the *function* returns, not at the end of the iteration. Every
iteration keeps its file, connection, rows or lock until then: a loop over a thousand
files holds a thousand descriptors, and a deferred `Unlock` in a loop deadlocks on the
second iteration's `Lock`.

Not flagged: a `defer` followed in its block by `return`, `panic` or a `break` out of the
loop (it runs at most once per call), and a `defer` inside a function literal called in
the loop (the usual fix).

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
    for func in functions(file) {
        let mut hits = Vec::new();
        for_each_stmt(file, func.body, |id, enclosing| {
            let StmtKind::Defer { call } = file.stmt(id).kind else {
                return;
            };
            let Some(loop_at) = enclosing.iter().rposition(|&s| is_loop(file, s)) else {
                return;
            };
            if runs_at_most_once(file, id, &enclosing[loop_at..]) {
                return;
            }
            hits.push((id, call, enclosing[loop_at]));
        });
        for (id, call, lp) in hits {
            let call_text = cx.text(file.expr(call).span);
            let is_unlock = matches!(&file.expr(call).kind, ExprKind::Call { fun, .. }
                if matches!(&file.expr(*fun).kind, ExprKind::Selector { sel, .. }
                    if matches!(file.name(*sel), "Unlock" | "RUnlock")));
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

/// A defer followed in its own block by `return`/`panic`, or by a `break` that leaves
/// the loop, is registered at most once per call of the function.
fn runs_at_most_once(file: &File, defer: StmtId, from_loop: &[StmtId]) -> bool {
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
        is_terminating(file, s)
            || (!inside_switch
                && matches!(file.stmt(s).kind, StmtKind::Branch { kind: BranchKind::Break, label: None }))
    })
}
