//! GT216 server-without-signal-handling (T16).

use crate::checker::Checker;
use crate::rule::Rule;
use crate::semantic::{method_call, Method};
use gotraps_diagnostics::Severity;
use gotraps_syntax::ast::{Decl, ExprId, ExprKind};

pub static SERVER_WITHOUT_SIGNAL_HANDLING: Rule = Rule {
    code: "GT216",
    name: "server-without-signal-handling",
    traps: &["T16"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "server `main` serves HTTP without handling SIGTERM",
    doc: r#"## What it does
Flags `ListenAndServe`/`ListenAndServeTLS`/`Serve` called from `func main()` of a `main`
package in which no file calls `signal.Notify` or `signal.NotifyContext`.

## Why is this bad?
Orchestrators stop a process with SIGTERM, then SIGKILL after a grace period. Without a
handler SIGTERM kills the process at once: in-flight requests are cut, responses lost,
keep-alive clients see resets, and no deferred cleanup (flushes, deregistration) runs.

## Example
```go
func main() {
	srv := &http.Server{Addr: ":8080", Handler: api}
	log.Fatal(srv.ListenAndServe())
}
```

## Use instead
```go
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	srv := &http.Server{Addr: ":8080", Handler: api}
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(shutdownCtx)
	}()
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		log.Fatal(err)
	}
}
```

## Go versions
All. No `go vet` or staticcheck check covers this.
"#,
    check,
};

/// `ListenAndServe` is Go's name for "serve until stopped" well beyond `net/http`
/// (`http3.ListenAndServe`, `(*http3.Server).ListenAndServeTLS`, fasthttp): any receiver
/// or package on purpose.
const LISTEN_AND_SERVE: Method = Method::any(&["ListenAndServe", "ListenAndServeTLS"]);

fn check(cx: &mut Checker) {
    let file = cx.file;
    if file.name(file.package_name) != "main" || !cx.imports_path("net/http") {
        return;
    }
    let Some(body) = file.decls.iter().find_map(|d| match d {
        Decl::Func(f) if f.recv.is_none() && file.name(f.name) == "main" => f.body,
        _ => None,
    }) else {
        return;
    };
    let main_span = file.stmt(body).span;
    let Some(model) = cx.semantic() else { return };
    let handles = cx.package.files.iter().enumerate().any(|(fi, f)| {
        f.ast.mentions("Notify")
            && f.ast.exprs.iter().enumerate().any(|(i, e)| {
                matches!(e.kind, ExprKind::Call { .. })
                    && model.call_target(fi, ExprId(i as u32)).is_some_and(|t| {
                        t.pkg == "os/signal" && t.recv.is_none() && matches!(t.name, "Notify" | "NotifyContext")
                    })
            })
    });
    if handles {
        return;
    }
    let mut hits: Vec<ExprId> = Vec::new();
    for (i, e) in file.exprs.iter().enumerate() {
        if !matches!(e.kind, ExprKind::Call { .. }) || !main_span.contains(e.span.start) {
            continue;
        }
        let id = ExprId(i as u32);
        let serves =
            cx.pkg_func_call(id, "net/http", &["ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS"]).is_some()
                || method_call(cx, id, LISTEN_AND_SERVE).is_some();
        if serves {
            hits.push(id);
        }
    }
    for id in hits {
        cx.report(file.expr(id).span, "serves HTTP from `main` but the program never handles SIGTERM: a stop cuts in-flight requests and skips cleanup").help =
            Some("use `signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt)` and call `srv.Shutdown` with a deadline when it fires".into());
    }
}
