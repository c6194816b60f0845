//! GT012 deferred-release-used-by-goroutine (T12).

use crate::checker::Checker;
use crate::funcs::{called_func_lit, for_each_call, for_each_stmt, functions};
use crate::rule::Rule;
use crate::semantic;
use crate::semantic::{is_done_call, method_call, Method};
use crate::vars::{contains_receive, ident_name, mentions_expr, uses_of, Var};
use gotraps_diagnostics::Severity;
use gotraps_semantic::unparen;
use gotraps_syntax::ast::{AssignOp, ExprKind, StmtId, StmtKind};
use gotraps_syntax::Span;

pub static DEFERRED_RELEASE_USED_BY_GOROUTINE: Rule = Rule {
    code: "GT012",
    name: "deferred-release-used-by-goroutine",
    traps: &["T12"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "function defers `x.Close()`/`cancel()` while a goroutine it starts still uses `x`/the ctx",
    doc: r#"## What it does
Flags a `go` statement that hands a goroutine something the function releases in a
`defer` — `defer x.Close()` with `x` used by the goroutine, or `defer cancel()` with the
context derived alongside `cancel` used by the goroutine — when the function does not
wait for the goroutine (no `Wait()` call and no channel receive after the `go`).

Not flagged: goroutines that close `x` themselves, goroutines that watch `ctx.Done()`
(they are meant to stop when the function returns), and functions that wait.

## Why is this bad?
The deferred release runs when the function returns, which is usually right after the
`go` statement. The goroutine then works on a closed file or connection ("use of closed
network connection") or a cancelled context ("context canceled"): fire-and-forget work
from a handler silently fails every time, or only under load when timing changes.

## Example
```go
func (h *Handler) upload(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
	defer cancel()
	go h.store.Archive(ctx, id) // cancelled as soon as upload returns
}
```

## Use instead
```go
	go func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), time.Minute)
		defer cancel()
		h.store.Archive(ctx, id)
	}()
```

## Go versions
All. No vet or staticcheck check covers it.
"#,
    check,
};

/// `defer x.Close()` releases `x`, whatever its type: files, connections, bodies, any
/// `io.Closer` (any receiver on purpose).
const CLOSE: Method = Method::any(&["Close"]);
/// A join: `sync.WaitGroup.Wait`, `errgroup.Group.Wait`, or a service's own group. Any
/// receiver on purpose: a wait wrongly assumed only silences a finding.
const WAIT: Method = Method::any(&["Wait"]);
/// How a goroutine says it is done to a `WAIT`er; any receiver, to pair with `WAIT`.
const WG_DONE: Method = Method::any(&["Done"]);
/// `ctx.Err()` of a `context.Context`.
const CTX_ERR: Method = Method::of("context", "Context", &["Err"]);

fn check(cx: &mut Checker) {
    let file = cx.file;
    if !file.stmts.iter().any(|s| matches!(s.kind, StmtKind::Go { .. })) {
        return;
    }
    let mut hits: Vec<(Span, Span, String, &'static str)> = Vec::new();
    let in_main_pkg = file.name(file.package_name) == "main";
    for func in functions(file) {
        // When `main` returns the process ends, and every goroutine with it.
        if in_main_pkg && func.lit.is_none() && is_main_decl(file, func.body) {
            continue;
        }
        // (released variable, defer stmt, kind)
        let mut releases: Vec<(Var, StmtId, &'static str)> = Vec::new();
        // (cancel func, the context it cancels)
        let mut ctx_of_cancel: Vec<(Var, Var)> = Vec::new();
        let mut gos: Vec<StmtId> = Vec::new();
        for_each_stmt(file, func.body, |id, _| match &file.stmt(id).kind {
            StmtKind::Assign { lhs, op: AssignOp::Define, rhs, .. }
                if lhs.len() == 2
                    && rhs.len() == 1
                    && cx
                        .pkg_func_call(unparen(file, rhs[0]), "context", crate::vars::CANCELLABLE_CONTEXT_FUNCS)
                        .is_some() =>
            {
                if let (Some(c), Some(k)) = (Var::here(cx, lhs[0]), Var::here(cx, lhs[1])) {
                    ctx_of_cancel.push((k, c));
                }
            }
            StmtKind::Defer { call } => {
                if let Some((x, _)) = method_call(cx, *call, CLOSE) {
                    if let Some(v) = Var::here(cx, unparen(file, x)) {
                        releases.push((v, id, "close"));
                    }
                } else if let ExprKind::Call { fun, args, .. } = &file.expr(*call).kind {
                    if let (Some(v), true) = (Var::here(cx, unparen(file, *fun)), args.is_empty()) {
                        releases.push((v, id, "cancel"));
                    }
                }
            }
            StmtKind::Go { .. } => gos.push(id),
            _ => {}
        });
        if releases.is_empty() || gos.is_empty() {
            continue;
        }
        // Whether the function waits, after `at`, for a goroutine that signals through
        // `sig` (`None`: a goroutine whose body is not visible; any receive or `Wait()`
        // counts then).
        let waits_after = |at: u32, sig: Option<&Signals>| {
            let mut w = false;
            let mut check = |s: StmtId| match sig {
                None => {
                    w |= matches!(file.stmt(s).kind, StmtKind::Select { .. }) || contains_receive(file, s);
                    for_each_call(file, s, |c| w |= method_call(cx, c, WAIT).is_some());
                }
                Some(sig) => {
                    w |= receives_from(cx, s, &sig.chans)
                        || matches!(&file.stmt(s).kind, StmtKind::Range { x, .. }
                            if sig.chans.iter().any(|c| c.is_expr(cx, cx.file_index, file, *x)));
                    for_each_call(
                        file,
                        s,
                        |c| w |= matches!(method_call(cx, c, WAIT), Some((x, _)) if Var::here(cx, unparen(file, x)).is_some_and(|v| sig.wgs.contains(&v))),
                    );
                }
            };
            for_each_stmt(file, func.body, |id, _| {
                if file.stmt(id).span.end <= at {
                    return;
                }
                if let StmtKind::Defer { call } = file.stmt(id).kind {
                    // `defer func() { <-done }()`: a wait that runs before the earlier
                    // registered release.
                    if let Some(lit) = called_func_lit(file, call) {
                        if let ExprKind::FuncLit { body, .. } = file.expr(lit).kind {
                            for_each_stmt(file, body, |s, _| {
                                if matches!(
                                    file.stmt(s).kind,
                                    StmtKind::Expr(_)
                                        | StmtKind::Assign { .. }
                                        | StmtKind::Range { .. }
                                        | StmtKind::Select { .. }
                                ) {
                                    check(s);
                                }
                            });
                        }
                    }
                }
                if matches!(
                    file.stmt(id).kind,
                    StmtKind::Select { .. }
                        | StmtKind::Range { .. }
                        | StmtKind::Expr(_)
                        | StmtKind::Assign { .. }
                        | StmtKind::Defer { .. }
                        | StmtKind::Return { .. }
                ) {
                    check(id);
                }
            });
            w
        };
        for (released, defer, kind) in &releases {
            let watched = match *kind {
                "close" => *released,
                _ => match ctx_of_cancel.iter().find(|(k, _)| k == released) {
                    Some(&(_, c)) => c,
                    None => continue,
                },
            };
            for &g in &gos {
                let gs = file.stmt(g).span;
                if gs.start < file.stmt(*defer).span.end {
                    continue;
                }
                let StmtKind::Go { call } = file.stmt(g).kind else { continue };
                let sig = called_func_lit(file, call).and_then(|lit| match file.expr(lit).kind {
                    ExprKind::FuncLit { body, .. } => Some(signals(cx, body)),
                    _ => None,
                });
                if waits_after(gs.end, sig.as_ref()) {
                    continue;
                }
                let used = match called_func_lit(file, call) {
                    Some(lit) => {
                        let ExprKind::FuncLit { body, .. } = file.expr(lit).kind else { continue };
                        let u = uses_of(cx, cx.file_index, body, watched);
                        if u.defs > 0 || u.all().next().is_none() {
                            false
                        } else if *kind == "close" {
                            !u.selectors.iter().any(|s| matches!(&file.expr(s.expr).kind, ExprKind::Selector { sel, .. } if file.name(*sel) == "Close"))
                        } else {
                            !u.selectors.iter().any(|s| is_done_call_on(file, s.expr))
                                && !watches_done(cx, body)
                                && !polls_err(cx, body, watched)
                        }
                    }
                    None => {
                        mentions_expr(cx, call, watched)
                            && !(*kind == "cancel" && callee_watches_ctx_arg(cx, call, watched))
                    }
                };
                if used {
                    let d = file.stmt(*defer).span;
                    hits.push((Span::new(gs.start, gs.start + 2), d, watched.name.to_string(), kind));
                }
            }
        }
    }
    hits.sort_by_key(|h| h.0.start);
    hits.dedup_by_key(|h| h.0.start);
    for (go, defer, name, kind) in hits {
        let msg = if kind == "close" {
            format!("this goroutine uses `{name}`, which the deferred `Close` closes as soon as the function returns; nothing waits for the goroutine")
        } else {
            format!("this goroutine uses `{name}`, which the deferred cancel cancels as soon as the function returns; nothing waits for the goroutine")
        };
        cx.report(go, msg).with_label_mut(defer.start, defer.end, "released here when the function returns").help =
            Some(
                "let the goroutine own the resource (create or close it inside), or wait for it before returning"
                    .into(),
            );
    }
}

fn is_done_call_on(file: &gotraps_syntax::ast::File, sel: gotraps_syntax::ast::ExprId) -> bool {
    matches!(&file.expr(sel).kind, ExprKind::Selector { sel, .. } if file.name(*sel) == "Done")
}

/// `for ctx.Err() == nil { ... }`: the goroutine polls the context as its stop signal.
fn polls_err(cx: &Checker, body: StmtId, ctx: Var) -> bool {
    let file = cx.file;
    let mut found = false;
    for_each_stmt(file, body, |id, _| {
        if let StmtKind::For { cond: Some(c), .. } = file.stmt(id).kind {
            crate::vars::for_each_call_in_expr(file, c, &mut |call| {
                found |=
                    matches!(method_call(cx, call, CTX_ERR), Some((x, _)) if ctx.is_expr(cx, cx.file_index, file, x));
            });
        }
    });
    found
}

fn is_main_decl(file: &gotraps_syntax::ast::File, body: StmtId) -> bool {
    file.decls.iter().any(|d| {
        matches!(d, gotraps_syntax::ast::Decl::Func(f)
            if f.body == Some(body) && f.recv.is_none() && file.name(f.name) == "main")
    })
}

/// `go t.loop(ctx, ...)` where `loop` is a function or method of this package whose
/// parameter at `ctx`'s position is used as a stop signal (`.Done()` / `.Err()`).
fn callee_watches_ctx_arg(cx: &Checker, call: gotraps_syntax::ast::ExprId, ctx: Var) -> bool {
    let file = cx.file;
    let ExprKind::Call { args, .. } = &file.expr(call).kind else { return false };
    let Some(pos) = args.iter().position(|&a| ctx.is_expr(cx, cx.file_index, file, a)) else { return false };
    let Some(c) = semantic::callee(cx, call) else { return false };
    let Some((ofi, decl)) = cx.package.decl_of(c.obj) else { return false };
    let other = &cx.package.files[ofi].ast;
    let Some(body) = decl.body else { return false };
    let params: Vec<Option<gotraps_syntax::ast::Ident>> = decl
        .typ
        .params
        .list
        .iter()
        .flat_map(|f| if f.names.is_empty() { vec![None] } else { f.names.iter().map(|&n| Some(n)).collect() })
        .collect();
    let Some(&Some(param)) = params.get(pos) else { return false };
    let Some(param) = Var::of_ident(cx, ofi, param) else { return false };
    let u = uses_of(cx, ofi, body, param);
    u.defs == 0 && u.selectors.iter().any(|s| is_done_call_on(other, s.expr))
}

fn watches_done(cx: &Checker, body: StmtId) -> bool {
    let mut w = false;
    for_each_call(cx.file, body, |c| w |= is_done_call(cx, c));
    w
}

/// How a goroutine body tells the outside it is done: channels it closes or sends on,
/// WaitGroups (variables or fields) it calls `Done` on.
struct Signals<'a> {
    chans: Vec<Var<'a>>,
    wgs: Vec<Var<'a>>,
}

fn signals<'a>(cx: &Checker<'a>, body: StmtId) -> Signals<'a> {
    let file = cx.file;
    let mut sig = Signals { chans: Vec::new(), wgs: Vec::new() };
    for_each_stmt(file, body, |id, _| {
        if let StmtKind::Send { chan, .. } = &file.stmt(id).kind {
            if ident_name(file, *chan).is_some() {
                sig.chans.extend(Var::here(cx, unparen(file, *chan)));
            }
        }
        if matches!(file.stmt(id).kind, StmtKind::Expr(_) | StmtKind::Defer { .. }) {
            for_each_call(file, id, |c| {
                let ExprKind::Call { args, .. } = &file.expr(c).kind else { return };
                if let Some(ch) = crate::semantic::close_call_arg(cx, cx.file_index, c) {
                    if ident_name(file, ch).is_some() {
                        sig.chans.extend(Var::here(cx, unparen(file, ch)));
                    }
                } else if let Some((x, _)) = method_call(cx, c, WG_DONE) {
                    if args.is_empty() {
                        sig.wgs.extend(Var::here(cx, unparen(file, x)));
                    }
                }
            });
        }
    });
    sig
}

/// Whether statement tree `s` of the file being checked (function literals excluded)
/// receives from one of `chans`.
fn receives_from(cx: &Checker, s: StmtId, chans: &[Var]) -> bool {
    use gotraps_syntax::visit::{self, Visitor};
    struct Find<'c, 'a> {
        cx: &'c Checker<'a>,
        chans: &'c [Var<'a>],
        found: bool,
    }
    impl Visitor for Find<'_, '_> {
        fn visit_expr(&mut self, file: &gotraps_syntax::ast::File, id: gotraps_syntax::ast::ExprId) {
            match &file.expr(id).kind {
                _ if self.found => {}
                ExprKind::FuncLit { .. } => {}
                ExprKind::Unary { op: gotraps_syntax::ast::UnaryOp::Arrow, x, .. } => {
                    self.found |= self.chans.iter().any(|c| c.is_expr(self.cx, self.cx.file_index, file, *x));
                    visit::walk_expr(self, file, id);
                }
                _ => visit::walk_expr(self, file, id),
            }
        }
    }
    let mut f = Find { cx, chans, found: false };
    f.visit_stmt(cx.file, s);
    f.found
}
