//! GT116 shutdown-without-deadline (T16, T07).

use crate::checker::Checker;
use crate::rule::Rule;
use crate::semantic::{method_call, Method};
use crate::vars::ident_name;
use gotraps_diagnostics::Severity;
use gotraps_semantic::unparen;
use gotraps_syntax::ast::{AssignOp, ExprId, ExprKind, StmtKind};

pub static SHUTDOWN_WITHOUT_DEADLINE: Rule = Rule {
    code: "GT116",
    name: "shutdown-without-deadline",
    traps: &["T16", "T07"],
    severity: Severity::Warning,
    default_on: true,
    fixable: false,
    summary: "`Shutdown(context.Background())`: graceful shutdown that may wait forever",
    doc: r#"## What it does
Flags `x.Shutdown(ctx)` where `ctx` is `context.Background()` or `context.TODO()`, written
in the call or held in a local variable defined from one of them.

## Why is this bad?
`http.Server.Shutdown` (and the `Shutdown` of gRPC gateways, tracer providers, ...)
waits until every connection is idle. One stuck request or a client that keeps a
connection open makes it wait forever; the orchestrator's grace period then ends in
SIGKILL, without the deferred cleanup the graceful path was written for.

## Example
```go
<-stop
srv.Shutdown(context.Background())
```

## Use instead
```go
<-stop
ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
defer cancel()
if err := srv.Shutdown(ctx); err != nil {
	srv.Close()
}
```

## Go versions
All. No `go vet` or staticcheck check covers this.
"#,
    check,
};

fn check(cx: &mut Checker) {
    if !cx.imports_path("context") {
        return;
    }
    let file = cx.file;
    let mut hits: Vec<(ExprId, String)> = Vec::new();
    for (i, e) in file.exprs.iter().enumerate() {
        let ExprKind::Call { args, .. } = &e.kind else { continue };
        let call = ExprId(i as u32);
        // Only `http.Server.Shutdown` waits for connections; other `Shutdown(ctx)` methods
        // (tracer providers, span processors) have their own contracts, so a receiver the
        // model could not resolve is not taken for a server.
        if method_call(cx, call, Method::of("net/http", "Server", &["Shutdown"]).known_only()).is_none() {
            continue;
        }
        let [arg] = args[..] else { continue };
        let direct = is_background(cx, arg);
        let via_local = only_background_assigned(cx, arg);
        if direct || via_local {
            hits.push((arg, cx.text(file.expr(arg).span).to_string()));
        }
    }
    hits.sort_by_key(|h| h.0);
    hits.dedup_by_key(|h| h.0);
    for (arg, text) in hits {
        cx.report(
            file.expr(arg).span,
            format!("`Shutdown({text})` has no deadline: one stuck connection makes it wait forever"),
        )
        .help = Some(
            "pass `context.WithTimeout(context.Background(), grace)` and fall back to `Close()` when it expires".into(),
        );
    }
}

fn is_background(cx: &Checker, e: ExprId) -> bool {
    cx.pkg_func_call(unparen(cx.file, e), "context", &["Background", "TODO"]).is_some()
}

/// Whether `arg` is a local variable whose every assignment in the file is
/// `context.Background()`/`TODO()`: `ctx := context.Background()` later reassigned from
/// `context.WithTimeout(ctx, grace)` on the configured path has a deadline there.
fn only_background_assigned(cx: &Checker, arg: ExprId) -> bool {
    let file = cx.file;
    let arg = unparen(file, arg);
    if ident_name(file, arg).is_none() {
        return false;
    }
    let Some(target) = crate::vars::Var::here(cx, arg) else { return false };
    let is_target = |e: ExprId| target.is_expr(cx, cx.file_index, file, e);
    let (mut background, mut other) = (0, 0);
    for s in &file.stmts {
        let StmtKind::Assign { lhs, op, rhs, .. } = &s.kind else { continue };
        for (i, &l) in lhs.iter().enumerate() {
            if !is_target(l) {
                continue;
            }
            let from_background = lhs.len() == rhs.len() && is_background(cx, rhs[i]);
            if from_background && *op == AssignOp::Define {
                background += 1;
            } else {
                other += 1;
            }
        }
    }
    background > 0 && other == 0
}
