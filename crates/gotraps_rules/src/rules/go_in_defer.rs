//! GT011 go-in-defer (T11).

use crate::checker::Checker;
use crate::funcs::{called_func_lit, for_each_call, for_each_stmt, functions};
use crate::rule::Rule;
use crate::semantic;
use crate::semantic::{method_call_in, Method};
use crate::vars::contains_receive;
use gotraps_diagnostics::Severity;
use gotraps_syntax::ast::{ExprKind, File, StmtId, StmtKind};

pub static GO_IN_DEFER: Rule = Rule {
    code: "GT011",
    name: "go-in-defer",
    traps: &["T11"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "goroutine started by a deferred function, after the function has finished",
    doc: r#"## What it does
Flags a `go` statement executed by a deferred call: inside a deferred function literal,
or in a package-level function that is deferred.

## Why is this bad?
The deferred call runs while the function returns (or while a panic unwinds it). A
goroutine started there outlives everything the function owned: nobody waits for it,
nobody cancels it, and during shutdown or panic recovery it races with the teardown it
was meant to be part of. Cleanup that must finish belongs in the deferred call itself;
cleanup that may run in the background needs an owner that waits for it.

## Example
```go
func (s *Server) handle(conn net.Conn) {
	defer func() {
		go s.metrics.Flush() // runs after handle returned; nobody waits for it
		conn.Close()
	}()
	...
}
```

## Use instead
```go
func (s *Server) handle(conn net.Conn) {
	defer func() {
		s.metrics.Flush()
		conn.Close()
	}()
	...
}
```

## Go versions
All.
"#,
    check,
};

fn check(cx: &mut Checker) {
    let file = cx.file;
    if crate::checker::is_generated(file) {
        return;
    }
    // Every statement of the file belongs to one function body: without a `defer` among
    // them there is nothing to walk.
    if !file.stmts.iter().any(|s| matches!(s.kind, StmtKind::Defer { .. })) {
        return;
    }
    let mut hits: Vec<(StmtId, StmtId, Option<String>)> = Vec::new();
    for func in functions(file) {
        for_each_stmt(file, func.body, |id, _| {
            let StmtKind::Defer { call } = file.stmt(id).kind else {
                return;
            };
            if let Some(lit) = called_func_lit(file, call) {
                let ExprKind::FuncLit { body, .. } = file.expr(lit).kind else {
                    return;
                };
                for g in go_stmts(cx, cx.file_index, body) {
                    hits.push((g, id, None));
                }
            } else if let Some(c) = semantic::callee(cx, call) {
                // `defer cleanup()` / `defer s.shutdown()`: a function or method of the
                // module whose own body starts a goroutine.
                if let Some((ofi, decl)) = cx.package.decl_of(c.obj) {
                    if !go_stmts(cx, ofi, decl.body.unwrap()).is_empty() {
                        let name = match c.recv {
                            Some(r) => format!("{r}.{}", c.name),
                            None => c.name.to_string(),
                        };
                        hits.push((id, id, Some(name)));
                    }
                }
            }
        });
    }
    for (go, defer, callee) in hits {
        let defer_span = file.stmt(defer).span;
        match callee {
            None => {
                cx.report(go_keyword(file, go), "goroutine started inside a deferred function: it runs after the function has returned and nothing waits for it")
                    .with_label_mut(defer_span.start, defer_span.start + 5, "deferred here")
                    .help = Some("do the work synchronously in the deferred call, or hand it to a component that owns and waits for its goroutines".into());
            }
            Some(name) => {
                cx.report(
                    defer_span,
                    format!("deferred `{name}` starts a goroutine: it runs after the function has returned and nothing waits for it"),
                )
                .help = Some(format!("make `{name}` finish its work before returning, or give the goroutine an owner that waits for it"));
            }
        }
    }
}

/// `go` statements of a body, not inside nested function literals; none when the body
/// waits after its last `go` statement (a receive or a `Wait()` call follows it), as a
/// close-all-and-wait helper does.
fn go_stmts(cx: &Checker, fi: usize, body: StmtId) -> Vec<StmtId> {
    let file: &File = &cx.package.files[fi].ast;
    let mut out = Vec::new();
    for_each_stmt(file, body, |id, _| {
        if matches!(file.stmt(id).kind, StmtKind::Go { .. }) {
            out.push(id);
        }
    });
    let Some(last) = out.last().map(|&g| file.stmt(g).span.end) else { return out };
    let mut waits = false;
    for_each_stmt(file, body, |id, _| {
        if waits || file.stmt(id).span.start < last {
            return;
        }
        if matches!(file.stmt(id).kind, StmtKind::Expr(_) | StmtKind::Assign { .. } | StmtKind::Range { .. }) {
            waits |= contains_receive(file, id);
            // Any receiver's `Wait` on purpose: a join wrongly assumed only silences a finding.
            for_each_call(file, id, |c| waits |= method_call_in(cx, fi, c, Method::any(&["Wait"])).is_some());
        }
    });
    if waits {
        out.clear();
    }
    out
}

fn go_keyword(file: &File, go: StmtId) -> gotraps_syntax::Span {
    let s = file.stmt(go).span;
    gotraps_syntax::Span::new(s.start, s.start + 2)
}
