//! GT033 hardcoded-gomaxprocs (T33).

use crate::checker::Checker;
use crate::rule::Rule;
use gotraps_diagnostics::Severity;
use gotraps_syntax::ast::{ExprId, ExprKind, File, LitKind, StmtKind};
use gotraps_workspace::GoVersion;

pub static HARDCODED_GOMAXPROCS: Rule = Rule {
    code: "GT033",
    name: "hardcoded-gomaxprocs",
    traps: &["T33"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "`runtime.GOMAXPROCS` set to a hard-coded number (or to NumCPU, overriding the cgroup-aware default)",
    doc: r#"## What it does
Flags `runtime.GOMAXPROCS(n)` where `n` is a constant other than 0 (0 only queries)
and 1 (deliberate single-threading), outside `_test.go` files and test helpers
(functions taking a `*testing.T`/`B`/`TB`), unless it only applies when the `GOMAXPROCS`
environment variable is unset (`if os.Getenv("GOMAXPROCS") == "" { ... }`).
In modules with `go 1.25` or later it also flags
`runtime.GOMAXPROCS(runtime.NumCPU())`. The save-and-restore idiom
`defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))` is left alone.

## Why is this bad?
A hard-coded value is right for one machine only. In a container limited to 2 CPUs,
`GOMAXPROCS(16)` makes the scheduler run 16 threads that the kernel throttles (CFS quota),
adding tail latency; on a 64-core host `GOMAXPROCS(4)` wastes the machine. Since Go 1.25
the runtime sets GOMAXPROCS from the cgroup CPU limit and updates it when the limit
changes; `NumCPU()` ignores the limit, so setting it undoes that.

## Example
```go
func main() {
	runtime.GOMAXPROCS(8)
	...
}
```

## Use instead
Leave GOMAXPROCS alone (Go 1.25+), or let operators set the `GOMAXPROCS` environment
variable; before 1.25 use `go.uber.org/automaxprocs`.

## Go versions
All for constants; `NumCPU()` only from `go 1.25` (cgroup-aware default).

## Precision
Opt-in. On the validation set (real code nobody tuned the rules on, docs/triage/validation.md)
0 of its 1 findings were real traps (0%: 1 debatable), below the 9 in 10 a default-on rule
needs. Turn it on with `--extend-select GT033` or `extend-select = ["GT033"]` in `gotraps.toml`.
"#,
    check,
};

fn check(cx: &mut Checker) {
    if !cx.imports_path("runtime") || cx.package.files[cx.file_index].path.ends_with("_test.go") {
        return;
    }
    let file = cx.file;
    let modern = cx.go_version() >= GoVersion::new(1, 25);
    // Calls that are the argument of a deferred GOMAXPROCS (save and restore).
    let mut restore_args = Vec::new();
    for s in &file.stmts {
        if let StmtKind::Defer { call } = s.kind {
            if cx.pkg_func_call(call, "runtime", &["GOMAXPROCS"]).is_some() {
                if let ExprKind::Call { args, .. } = &file.expr(call).kind {
                    restore_args.extend(args.iter().copied());
                }
            }
        }
    }
    let mut hits = Vec::new();
    for (i, e) in file.exprs.iter().enumerate() {
        let id = ExprId(i as u32);
        if !matches!(e.kind, ExprKind::Call { .. }) || restore_args.contains(&id) {
            continue;
        }
        if cx.pkg_func_call(id, "runtime", &["GOMAXPROCS"]).is_none() {
            continue;
        }
        let ExprKind::Call { args, .. } = &e.kind else { continue };
        let Some(&arg) = args.first() else { continue };
        // Only when the operator left GOMAXPROCS unset: a default, not a hard-coded value.
        let env_guarded = file.stmts.iter().any(|st| match &st.kind {
            StmtKind::If { cond, then, .. } => {
                file.stmt(*then).span.contains(e.span.start)
                    && file.text(file.expr(*cond).span).contains("Getenv(\"GOMAXPROCS\")")
            }
            _ => false,
        });
        match const_int(file, arg) {
            // 1 serialises on purpose (single-threaded init, lock-step tests of a
            // scheduler): a design choice, not a guess of the CPU count.
            Some(0) | Some(1) => {}
            Some(_) if env_guarded => {}
            Some(n) => hits.push((
                id,
                format!("GOMAXPROCS hard-coded to {n}: wrong on every machine or container with a different CPU limit"),
            )),
            None => {
                if modern && cx.pkg_func_call(arg, "runtime", &["NumCPU"]).is_some() {
                    hits.push((id, "GOMAXPROCS set to NumCPU(): overrides the Go 1.25+ default, which follows the container's CPU limit".into()));
                }
            }
        }
    }
    // Test helpers (a `*testing.T`/`B`/`TB` parameter) pin GOMAXPROCS for determinism.
    let tests: Vec<gotraps_syntax::Span> = crate::funcs::functions(file)
        .iter()
        .filter(|f| {
            f.typ
                .params
                .list
                .iter()
                .any(|p| matches!(file.text(file.expr(p.typ).span), "*testing.T" | "*testing.B" | "testing.TB"))
        })
        .map(|f| file.stmt(f.body).span)
        .collect();
    hits.retain(|(id, _)| !tests.iter().any(|s| s.contains(file.expr(*id).span.start)));
    for (id, msg) in hits {
        let span = file.expr(id).span;
        cx.report(span, msg).help =
            Some("remove the call and let the runtime (Go 1.25+) or the GOMAXPROCS environment variable decide".into());
    }
}

/// An integer literal, possibly negated or parenthesised.
fn const_int(file: &File, e: ExprId) -> Option<i64> {
    match &file.expr(e).kind {
        ExprKind::BasicLit { kind: LitKind::Int } => file.text(file.expr(e).span).replace('_', "").parse().ok(),
        ExprKind::Paren { x } => const_int(file, *x),
        _ => None,
    }
}
