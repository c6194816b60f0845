//! GT019 go-discards-error (T19).

use crate::checker::Checker;
use crate::rule::Rule;
use crate::semantic;
use crate::vars::ident_name;
use gotraps_diagnostics::Severity;
use gotraps_semantic::unparen;
use gotraps_syntax::ast::{Decl, ExprId, ExprKind, File, FuncDecl, StmtKind};

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
method declared in the package with an `error` result (every method of that name in the
package must return one), or `ListenAndServe`/`ListenAndServeTLS`/`Serve`/`ServeTLS`.

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
                let name = file.name(*i);
                if let Some(&(fi, decl)) = cx.package.funcs.get(name) {
                    if returns_error(&cx.package.files[fi].ast, decl) {
                        hits.push((call, name.to_string()));
                    }
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
                if let Some(c) = semantic::callee(cx, call) {
                    let ours = semantic::func_decl(cx, c.obj);
                    let hit = match ours {
                        Some((other, decl)) => returns_error(other, decl),
                        None => !is_package_method(cx, c.obj) && SERVERS.contains(&name),
                    };
                    if hit {
                        hits.push((call, name.to_string()));
                    }
                    continue;
                }
                let declared = method_declared(cx, name);
                if (declared && all_methods_return_error(cx, name)) || (!declared && SERVERS.contains(&name)) {
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

fn returns_error(file: &File, decl: &FuncDecl) -> bool {
    decl.typ.results.as_ref().is_some_and(|r| r.list.iter().any(|f| ident_name(file, f.typ) == Some("error")))
}

/// Every method named `name` declared in the package returns an `error` (and there is one).
fn all_methods_return_error(cx: &Checker, name: &str) -> bool {
    let mut seen = false;
    for sf in cx.package.files {
        for d in &sf.ast.decls {
            let Decl::Func(fd) = d else { continue };
            if fd.recv.is_none() || sf.ast.name(fd.name) != name {
                continue;
            }
            if !returns_error(&sf.ast, fd) {
                return false;
            }
            seen = true;
        }
    }
    seen
}

fn method_declared(cx: &Checker, name: &str) -> bool {
    cx.package.files.iter().any(|sf| {
        sf.ast.decls.iter().any(|d| matches!(d, Decl::Func(fd) if fd.recv.is_some() && sf.ast.name(fd.name) == name))
    })
}

/// Whether `obj` is declared in the package being checked (a method without a body
/// there, e.g. of an interface, is not a server of another package).
fn is_package_method(cx: &Checker, obj: gotraps_semantic::ObjId) -> bool {
    cx.semantic().is_some_and(|m| m.prog.obj(obj).pkg == m.pkg.id)
}
