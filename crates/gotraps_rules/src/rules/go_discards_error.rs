//! GT019 go-discards-error (T19).

use crate::checker::Checker;
use crate::rule::Rule;
use crate::semantic;
use gotraps_diagnostics::Severity;
use gotraps_semantic::unparen;
use gotraps_syntax::ast::{ExprId, ExprKind, StmtKind};

pub static GO_DISCARDS_ERROR: Rule = Rule {
    code: "GT019",
    name: "go-discards-error",
    traps: &["T19"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "`go f()` where `f` returns an error: the error is dropped",
    doc: r#"## What it does
Flags a `go` statement whose call returns an `error` that nobody can see: a function or
method declared in the package with an `error` result, or `ListenAndServe`/`ListenAndServeTLS`/`Serve`/`ServeTLS`.

## Why is this bad?
A `go` statement discards all results. The failure of the goroutine's work — a server
that could not bind its port, a sync that failed on its first call — vanishes: nothing
logs it, nothing retries, nothing stops. The program runs on without the part that
failed.

## Example
```go
go srv.ListenAndServe()
go s.syncOnce(ctx)
```

## Use instead
```go
go func() {
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		log.Fatalf("listen: %v", err)
	}
}()

g.Go(func() error { return s.syncOnce(ctx) }) // errgroup carries it to Wait
```

## Go versions
All. errcheck reports unchecked errors of ordinary calls but not of `go` statements.
"#,
    check,
};

const SERVERS: &[&str] = &["ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS"];

fn check(cx: &mut Checker) {
    let file = cx.file;
    let mut hits: Vec<(ExprId, String)> = Vec::new();
    for s in &file.stmts {
        let StmtKind::Go { call } = s.kind else { continue };
        let ExprKind::Call { fun, .. } = &file.expr(call).kind else { continue };
        match &file.expr(unparen(file, *fun)).kind {
            ExprKind::Ident(i) => {
                // A function of this package (the model says which: a local func value of
                // the same name is not it).
                let Some(c) = semantic::callee(cx, call) else { continue };
                if declared_here(cx, c.obj) && returns_error(cx, c.obj) {
                    hits.push((call, file.name(*i).to_string()));
                }
            }
            ExprKind::Selector { x, sel } => {
                let name = file.name(*sel);
                if matches!(file.expr(*x).kind, ExprKind::Ident(p)
                    if cx.semantic().is_some_and(|m| m.import_path_of(cx.file_index, p).is_some()))
                {
                    // pkg.Func of another package: only the servers are known.
                    if cx
                        .pkg_selector(
                            unparen(file, *fun),
                            "net/http",
                            &["ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS"],
                        )
                        .is_some()
                    {
                        hits.push((call, format!("http.{name}")));
                    }
                    continue;
                }
                // With the model, the method the call reaches: one of this package with
                // an `error` result, or a server of another package. Same-named methods
                // of other types do not count.
                let hit = match semantic::callee(cx, call) {
                    Some(c) => match semantic::func_decl(cx, c.obj) {
                        Some(_) => returns_error(cx, c.obj),
                        None => !declared_here(cx, c.obj) && SERVERS.contains(&name),
                    },
                    // The model cannot say what `x.Serve` is (the receiver's type is
                    // declared in a package it could not load): a server method by its
                    // name, as for `pkg.Func` of another package above.
                    None => SERVERS.contains(&name) && unresolved(cx, *sel),
                };
                if hit {
                    hits.push((call, name.to_string()));
                }
            }
            _ => {}
        }
    }
    for (call, name) in hits {
        cx.report(
            file.expr(call).span,
            format!("`go` discards the error returned by `{name}`: if it fails, nothing ever knows"),
        )
        .help = Some(
            "wrap it: `go func() { if err := ...; err != nil { /* log, exit or report */ } }()`, or use an errgroup"
                .into(),
        );
    }
}

/// Whether function `obj` has an `error` result.
fn returns_error(cx: &Checker, obj: gotraps_semantic::ObjId) -> bool {
    let Some(m) = cx.semantic() else { return false };
    match m.prog.types.get(m.obj_type(obj)) {
        gotraps_semantic::TypeData::Signature(sig) => sig.results.contains(&gotraps_semantic::TypeId::ERROR),
        _ => false,
    }
}

/// Whether the model knows no object for selector `sel` (its receiver's type is declared
/// in a package it could not load).
fn unresolved(cx: &Checker, sel: gotraps_syntax::ast::Ident) -> bool {
    cx.semantic().is_some_and(|m| m.object_of(cx.file_index, sel).is_none())
}

/// Whether function or method `obj` is declared in the package being checked (one without a body
/// there, e.g. of an interface, is not a server of another package).
fn declared_here(cx: &Checker, obj: gotraps_semantic::ObjId) -> bool {
    cx.semantic().is_some_and(|m| m.prog.obj(obj).pkg == m.pkg.id)
}
