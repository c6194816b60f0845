//! GT017 ineffective-recover (T17).

use crate::checker::Checker;
use crate::funcs::{called_func_lit, for_each_call, for_each_stmt, functions, literal_launchers};
use crate::rule::Rule;
use crate::semantic;
use gotraps_diagnostics::Severity;
use gotraps_syntax::ast::{ExprId, ExprKind, File, StmtId, StmtKind};

pub static INEFFECTIVE_RECOVER: Rule = Rule {
    code: "GT017",
    name: "ineffective-recover",
    traps: &["T17"],
    severity: Severity::Error,
    default_on: true,
    fixable: false,
    summary: "`recover()` not called directly by a deferred function never stops a panic",
    doc: r#"## What it does
Flags `recover()` where the language guarantees it returns nil: `defer recover()`, a
`recover()` in a function literal that is called (or started with `go`) rather than
deferred, and a deferred closure that calls a helper which calls `recover()`.

## Why is this bad?
`recover` stops a panic only when it is called *directly by a deferred function*. In any
other position it returns nil and the panic keeps unwinding: the process crashes (or the
goroutine takes the whole service down) although the code looks protected.

## Example
```go
defer func() {
	logPanic() // logPanic calls recover(): too deep, returns nil
}()

defer recover() // recover is the deferred function, not called by one
```

## Use instead
```go
defer logPanic() // logPanic itself is deferred, so its recover() works

defer func() {
	if r := recover(); r != nil {
		log.Printf("panic: %v", r)
	}
}()
```

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    // Every finding involves a recover() call in this file or in a package helper that a
    // deferred closure here calls.
    if !file.mentions("recover(") && !(file.mentions("defer") && *cx.package.pass::<crate::passes::MentionsRecover>()) {
        return;
    }
    let launchers = literal_launchers(file);
    let called = immediately_called_literals(file);
    let mut reports: Vec<(gotraps_syntax::Span, String)> = Vec::new();
    for func in functions(file) {
        // recover() calls directly in this function body.
        // (Each call is visited once: walking the calls of every statement would visit a
        // nested call once per enclosing statement.)
        let mut recovers = Vec::new();
        for_each_call(file, func.body, |c| {
            if is_recover_call(cx, cx.file_index, c) {
                recovers.push(c);
            }
        });
        if recovers.is_empty() && func.lit.is_none() {
            continue;
        }
        for_each_stmt(file, func.body, |id, _| {
            if let StmtKind::Defer { call } = file.stmt(id).kind {
                if is_recover_call(cx, cx.file_index, call) {
                    reports.push((
                        file.stmt(id).span,
                        "`defer recover()` does not stop a panic: recover must be called by the deferred function, not be it".into(),
                    ));
                }
            }
        });
        if let Some(lit) = func.lit {
            match launchers[lit.index()].map(|s| &file.stmt(s).kind) {
                Some(StmtKind::Defer { .. }) => {
                    // Deferred closure: its recover() works. Helpers it calls that recover
                    // do not.
                    report_recovering_helpers(cx, func.body, &mut reports);
                }
                Some(StmtKind::Go { .. }) => {
                    for c in recovers {
                        reports.push((file.expr(c).span, "`recover()` in a goroutine's own function body, not in a deferred call: it returns nil and the panic crashes the process".into()));
                    }
                }
                _ if called[lit.index()] => {
                    for c in recovers {
                        reports.push((file.expr(c).span, "`recover()` in a function literal that is called, not deferred: it returns nil and the panic goes on".into()));
                    }
                }
                _ => {}
            }
        }
    }
    reports.sort_by_key(|r| r.0);
    reports.dedup();
    for (span, msg) in reports {
        cx.report(span, msg).help = Some("call recover() directly in the deferred function: `defer func() { if r := recover(); r != nil { ... } }()`".into());
    }
}

/// Calls in a deferred closure's body to package functions whose own body calls recover().
fn report_recovering_helpers(cx: &Checker, body: StmtId, reports: &mut Vec<(gotraps_syntax::Span, String)>) {
    let file = cx.file;
    // Every call in the closure's body counts, also under a nested `defer` or `go`: a
    // helper deferred by the deferred closure, or started by it, does not recover the
    // panic either (checked with the Go runtime).
    let mut launched: Vec<(ExprId, &'static str)> = Vec::new();
    for_each_stmt(file, body, |id, _| match file.stmt(id).kind {
        StmtKind::Defer { call } => launched.push((call, "deferred by")),
        StmtKind::Go { call } => launched.push((call, "started in a goroutine by")),
        _ => {}
    });
    for_each_call(file, body, |c| {
        // The helper the model says the call reaches: a function or method of the package.
        let Some(callee) = semantic::callee(cx, c) else { return };
        let Some((ofi, decl)) = cx.package.decl_of(callee.obj) else { return };
        let other = &*cx.package.files[ofi].ast;
        let name = match callee.recv {
            Some(r) => format!("{r}.{}", callee.name),
            None => callee.name.to_string(),
        };
        let Some(b) = decl.body else { return };
        let mut calls_recover = false;
        for_each_call(other, b, |rc| calls_recover |= is_recover_call(cx, ofi, rc));
        if calls_recover {
            let how = launched.iter().find(|(call, _)| *call == c).map_or("called by", |(_, how)| how);
            reports.push((
                file.expr(c).span,
                format!("`{name}` calls recover(), but here it is {how} the deferred closure instead of being deferred itself, so recover returns nil"),
            ));
        }
    });
}

/// A call of the builtin `recover` in file `fi`.
fn is_recover_call(cx: &Checker, fi: usize, call: ExprId) -> bool {
    let ExprKind::Call { fun, args, .. } = &cx.package.files[fi].ast.expr(call).kind else {
        return false;
    };
    args.is_empty() && crate::semantic::is_builtin(cx, fi, *fun, gotraps_semantic::Builtin::Recover)
}

/// Function literals called in place (`func(){...}()`), by expression index; go and
/// defer launches are told apart by `literal_launchers`.
fn immediately_called_literals(file: &File) -> Vec<bool> {
    let mut out = vec![false; file.exprs.len()];
    for i in 0..file.exprs.len() {
        if let Some(lit) = called_func_lit(file, ExprId(i as u32)) {
            out[lit.index()] = true;
        }
    }
    out
}
