//! GT015 exit-after-defer (T15).

use crate::checker::Checker;
use crate::funcs::{called_func_lit, for_each_call, for_each_stmt, functions};
use crate::rule::Rule;
use crate::semantic;
use gotraps_diagnostics::Severity;
use gotraps_syntax::ast::{ExprId, ExprKind, StmtId, StmtKind};

pub static EXIT_AFTER_DEFER: Rule = Rule {
    code: "GT015",
    name: "exit-after-defer",
    traps: &["T15"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "`os.Exit`/`log.Fatal` skips deferred calls already registered",
    doc: r#"## What it does
Flags `os.Exit` and `log.Fatal*` calls made after a `defer` registered on the same path of
the same function, and exits from a goroutine started after the function registered
defers (typically a signal handler in `main`).

## Why is this bad?
`os.Exit` ends the process at once: no deferred call runs, in any goroutine. Buffered
writers are not flushed, transactions not rolled back, lock files and temporary
directories stay behind, and the shutdown logic in `main`'s defers never runs.

## Example
```go
func main() {
	db := mustOpen()
	defer db.Close()
	if err := run(db); err != nil {
		log.Fatal(err) // db.Close never runs
	}
}
```

## Use instead
```go
func main() {
	if err := run(); err != nil {
		log.Print(err)
		os.Exit(1)
	}
}

func run() error {
	db := mustOpen()
	defer db.Close()
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
    // A finding needs a defer and a call of a function named Exit or Fatal*: a static
    // callee is always named at the call site, through aliases and embedding too.
    if !file.mentions("defer") || !(file.mentions("Exit") || file.mentions("Fatal")) {
        return;
    }
    let mut hits: Vec<(ExprId, &'static str, StmtId, bool)> = Vec::new();
    for func in functions(file) {
        // Defers by the block they sit in: a defer counts for everything after it in that
        // block, nested statements included.
        let mut defers: Vec<(StmtId, Option<StmtId>)> = Vec::new();
        for_each_stmt(file, func.body, |id, enclosing| {
            if let StmtKind::Defer { .. } = file.stmt(id).kind {
                defers.push((id, enclosing.last().copied()));
            }
        });
        if defers.is_empty() {
            continue;
        }
        let mut exits: Vec<(ExprId, &'static str, Vec<StmtId>, bool)> = Vec::new();
        for_each_stmt(file, func.body, |id, enclosing| {
            match file.stmt(id).kind {
                StmtKind::Go { call } => {
                    if let Some(lit) = called_func_lit(file, call) {
                        let ExprKind::FuncLit { body, .. } = file.expr(lit).kind else {
                            return;
                        };
                        let mut chain = enclosing.to_vec();
                        chain.push(id);
                        for_each_stmt(file, body, |inner, _| {
                            for_each_exit_call(cx, inner, |call, what| exits.push((call, what, chain.clone(), true)));
                        });
                    }
                }
                _ => {}
            }
            if !matches!(file.stmt(id).kind, StmtKind::Go { .. } | StmtKind::Defer { .. }) {
                for_each_exit_call(cx, id, |call, what| {
                    let mut chain = enclosing.to_vec();
                    chain.push(id);
                    exits.push((call, what, chain, false));
                });
            }
        });
        for (call, what, chain, in_goroutine) in exits {
            let at = file.expr(call).span.start;
            let pending = defers.iter().find(|(d, block)| {
                file.stmt(*d).span.end <= at && block.is_some_and(|b| chain.contains(&b)) && !moot_at_exit(cx, *d)
            });
            if let Some(&(d, _)) = pending {
                hits.push((call, what, d, in_goroutine));
            }
        }
    }
    hits.sort_by_key(|h| h.0);
    hits.dedup_by_key(|h| h.0);
    for (call, what, defer, in_goroutine) in hits {
        let span = file.expr(call).span;
        let d = file.stmt(defer).span;
        let deferred = cx.text(d).trim_start_matches("defer").trim();
        let msg = if in_goroutine {
            format!("`{what}` in a goroutine ends the process without running the deferred `{deferred}` of the function that started it")
        } else {
            format!("`{what}` exits without running the deferred `{deferred}`")
        };
        cx.report(span, msg).with_label_mut(d.start, d.end, "deferred here, never runs").help =
            Some("return an error (or exit code) to the caller and exit only where no defers are pending, e.g. `os.Exit(run())` in main".into());
    }
}

/// Exit calls directly in `stmt` (not in nested statements or function literals).
fn for_each_exit_call(cx: &Checker, stmt: StmtId, mut f: impl FnMut(ExprId, &'static str)) {
    let file = cx.file;
    let direct = match &file.stmt(stmt).kind {
        StmtKind::Expr(_) | StmtKind::Assign { .. } | StmtKind::Return { .. } => true,
        _ => false,
    };
    if !direct {
        return;
    }
    for_each_call(file, stmt, |call| {
        if let Some(what) = exit_call(cx, call) {
            f(call, what);
        }
    });
}

/// `os.Exit`, `log.Fatal*` and `(*log.Logger).Fatal*`: by the semantic model when it
/// resolves the call (aliases, shadowing, loggers in variables and fields), else by the
/// import names.
fn exit_call(cx: &Checker, call: ExprId) -> Option<&'static str> {
    if let Some(c) = semantic::callee(cx, call) {
        return match (c.pkg, c.recv, c.name) {
            ("os", None, "Exit") => Some("os.Exit"),
            ("log", None, "Fatal") => Some("log.Fatal"),
            ("log", None, "Fatalf") => Some("log.Fatalf"),
            ("log", None, "Fatalln") => Some("log.Fatalln"),
            ("log", Some("Logger"), "Fatal") => Some("Logger.Fatal"),
            ("log", Some("Logger"), "Fatalf") => Some("Logger.Fatalf"),
            ("log", Some("Logger"), "Fatalln") => Some("Logger.Fatalln"),
            _ => None,
        };
    }
    if cx.semantic().is_some() && resolved_elsewhere(cx, call) {
        return None;
    }
    if cx.pkg_func_call(call, "os", &["Exit"]).is_some() {
        return Some("os.Exit");
    }
    cx.pkg_func_call(call, "log", &["Fatal", "Fatalf", "Fatalln"]).map(|name| match name {
        "Fatal" => "log.Fatal",
        "Fatalf" => "log.Fatalf",
        _ => "log.Fatalln",
    })
}

/// The model knows what the call's name refers to, and it is not a function.
fn resolved_elsewhere(cx: &Checker, call: ExprId) -> bool {
    let Some(model) = cx.semantic() else { return false };
    let ExprKind::Call { fun, .. } = &cx.file.expr(call).kind else { return false };
    let ident = match &cx.file.expr(*fun).kind {
        ExprKind::Selector { sel, .. } => *sel,
        ExprKind::Ident(i) => *i,
        _ => return false,
    };
    model.object_of(cx.file_index, ident).is_some()
}

/// A deferred call whose effect ends with the process anyway: the kernel drops locks,
/// contexts, timers and descriptors when the process exits, so skipping these loses
/// nothing (a cancel func, a `sync` Unlock/RUnlock/Done, `(*os.File).Close`, closing a
/// `net` connection or listener, `signal.Stop`, stopping a timer or ticker). Known only
/// through the semantic model; anything else (flushes, syncs, removals, unknown
/// `Close` methods) still counts.
fn moot_at_exit(cx: &Checker, defer: StmtId) -> bool {
    let file = cx.file;
    let StmtKind::Defer { call } = file.stmt(defer).kind else { return false };
    let ExprKind::Call { fun, .. } = &file.expr(call).kind else { return false };
    if matches!(semantic::named_type_of(cx, *fun), Some(("context", "CancelFunc" | "CancelCauseFunc"))) {
        return true;
    }
    let Some(c) = semantic::callee(cx, call) else { return false };
    matches!(
        (c.pkg, c.recv, c.name),
        ("sync", _, "Unlock" | "RUnlock" | "Done")
            | ("os", Some("File"), "Close")
            | ("net", _, "Close")
            | ("os/signal", None, "Stop")
            | ("time", Some("Timer" | "Ticker"), "Stop")
    )
}
