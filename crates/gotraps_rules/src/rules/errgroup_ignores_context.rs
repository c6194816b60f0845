//! GT036 errgroup-ignores-context (T36).

use crate::checker::Checker;
use crate::funcs::{for_each_stmt, functions, is_loop};
use crate::rule::Rule;
use crate::semantic::{method_call, Method};
use crate::vars::{uses_of, Var};
use gotraps_diagnostics::Severity;
use gotraps_semantic::unparen;
use gotraps_syntax::ast::{AssignOp, ExprKind, StmtId, StmtKind};
use gotraps_syntax::Span;

pub static ERRGROUP_IGNORES_CONTEXT: Rule = Rule {
    code: "GT036",
    name: "errgroup-ignores-context",
    traps: &["T36"],
    severity: Severity::Warning,
    default_on: false,
    fixable: false,
    summary: "errgroup worker that never looks at the group's context",
    doc: r#"## What it does
For `g, gctx := errgroup.WithContext(parent)`, flags a `g.Go(func() error {...})` whose
function never mentions `gctx` while it loops, blocks on a channel or `select`, or uses the
parent context instead.

## Why is this bad?
The group cancels `gctx` as soon as one worker fails. Workers that ignore it keep running
— they loop through the rest of their input, wait on channels, or make calls under the
parent context — so `g.Wait()` returns the first error only after all that work is done,
and a failure meant to stop the batch stops nothing.

## Example
```go
g, gctx := errgroup.WithContext(ctx)
for _, u := range urls {
	g.Go(func() error {
		return fetch(ctx, u) // parent ctx: not cancelled when a sibling fails
	})
}
```

## Use instead
```go
	g.Go(func() error {
		return fetch(gctx, u)
	})
```

## Go versions
All. No vet or staticcheck check covers it.

## Default
Opt-in: on the Debian Go sources its 3 findings were all workers that do stop when a
sibling fails, through another path the rule does not follow (an iterator stopped by a
goroutine waiting on the group's context; a status stream cancelled a few seconds after
the solve ends; a bounded wait). See `docs/triage/errgroup-ignores-context.md`.
"#,
    check,
};

/// `g.Go(f)` of an `errgroup.Group`.
const GROUP_GO: Method = Method::of("golang.org/x/sync/errgroup", "Group", &["Go"]);

fn check(cx: &mut Checker) {
    if !cx.imports_path("golang.org/x/sync/errgroup") {
        return;
    }
    let file = cx.file;
    let mut hits: Vec<(Span, String, String, Option<String>)> = Vec::new();
    for func in functions(file) {
        let mut groups: Vec<(Var, Var, Option<Var>)> = Vec::new();
        for_each_stmt(file, func.body, |id, _| {
            let StmtKind::Assign { lhs, op: AssignOp::Define | AssignOp::Assign, rhs, .. } = &file.stmt(id).kind else {
                return;
            };
            if lhs.len() != 2
                || rhs.len() != 1
                || cx.pkg_func_call(unparen(file, rhs[0]), "golang.org/x/sync/errgroup", &["WithContext"]).is_none()
            {
                return;
            }
            let (Some(g), Some(gctx)) = (Var::here(cx, lhs[0]), Var::here(cx, lhs[1])) else { return };
            let ExprKind::Call { args, .. } = &file.expr(unparen(file, rhs[0])).kind else { return };
            let parent = args.first().and_then(|&a| Var::here(cx, a)).filter(|p| *p != gctx);
            groups.push((g, gctx, parent));
        });
        if groups.is_empty() {
            continue;
        }
        // Channels each group's workers close with `defer close(ch)`: a sibling that
        // ranges over one ends when that worker ends (the closing worker is the one to
        // watch the context, and is checked itself).
        let mut closed_by_worker: Vec<(Var, Var)> = Vec::new();
        for_each_stmt(file, func.body, |id, _| {
            let StmtKind::Expr(e) = file.stmt(id).kind else { return };
            let Some((recv, _)) = method_call(cx, e, GROUP_GO) else { return };
            let Some(g) = Var::here(cx, recv) else { return };
            let ExprKind::Call { args, .. } = &file.expr(e).kind else { return };
            let Some(ExprKind::FuncLit { body, .. }) = args.first().map(|&a| &file.expr(a).kind) else { return };
            if let StmtKind::Block { stmts } = &file.stmt(*body).kind {
                for &s in stmts {
                    if let Some(ch) = deferred_close(cx, s) {
                        closed_by_worker.push((g, ch));
                    }
                }
            }
        });
        for_each_stmt(file, func.body, |id, _| {
            let StmtKind::Expr(e) = file.stmt(id).kind else { return };
            let Some((recv, _)) = method_call(cx, e, GROUP_GO) else { return };
            let Some(g) = Var::here(cx, recv) else { return };
            let Some(&(_, gctx, parent)) = groups.iter().find(|(group, ..)| *group == g) else { return };
            let ExprKind::Call { args, .. } = &file.expr(e).kind else { return };
            let Some(&lit) = args.first() else { return };
            let ExprKind::FuncLit { body, .. } = file.expr(lit).kind else { return };
            let gu = uses_of(cx, cx.file_index, body, gctx);
            if gu.all().next().is_some() || gu.defs > 0 {
                return;
            }
            // A context derived from the group's (`solveCtx, cancel := context.WithCancel(gctx)`)
            // is cancelled with it.
            if derived_contexts(cx, func.body, gctx)
                .into_iter()
                .any(|d| uses_of(cx, cx.file_index, body, d).all().next().is_some())
            {
                return;
            }
            let uses_parent = parent.is_some_and(|p| uses_of(cx, cx.file_index, body, p).all().next().is_some());
            let own_closes: Vec<Var> = match &file.stmt(body).kind {
                StmtKind::Block { stmts } => stmts.iter().filter_map(|&s| deferred_close(cx, s)).collect(),
                _ => Vec::new(),
            };
            let ends_with_sibling = |s: StmtId| match &file.stmt(s).kind {
                StmtKind::Range { x, .. } => Var::here(cx, unparen(file, *x)).is_some_and(|ch| {
                    !own_closes.contains(&ch) && closed_by_worker.iter().any(|&(gg, c)| gg == g && c == ch)
                }),
                _ => false,
            };
            let mut blocks = false;
            for_each_stmt(file, body, |s, _| {
                blocks |= (is_loop(file, s) && !ends_with_sibling(s))
                    || matches!(file.stmt(s).kind, StmtKind::Select { .. } | StmtKind::Send { .. });
            });
            blocks |= crate::vars::contains_receive(file, body);
            if uses_parent || blocks {
                let s = file.expr(lit).span;
                hits.push((
                    Span::new(s.start, s.start + 4),
                    g.name.to_string(),
                    gctx.name.to_string(),
                    parent.filter(|_| uses_parent).map(|p| p.name.to_string()),
                ));
            }
        });
    }
    for (at, g, gctx, parent) in hits {
        let msg = match &parent {
            Some(p) => format!("this `{g}.Go` worker uses `{p}`, not the group's `{gctx}`: a failing sibling does not stop it"),
            None => format!("this `{g}.Go` worker never checks the group's `{gctx}`: it keeps looping or waiting after a sibling failed"),
        };
        cx.report(at, msg).help = Some(format!("pass `{gctx}` to the calls and select on `<-{gctx}.Done()` in loops"));
    }
}

/// `defer close(ch)`: the channel.
fn deferred_close<'a>(cx: &Checker<'a>, s: StmtId) -> Option<Var<'a>> {
    let file = cx.file;
    let StmtKind::Defer { call } = file.stmt(s).kind else { return None };
    let ch = crate::semantic::close_call_arg(cx, cx.file_index, call)?;
    Var::here(cx, unparen(file, ch))
}

/// Variables of `body` assigned a context derived from `ctx` (`context.With*(ctx, ...)`),
/// and those derived from them in turn.
fn derived_contexts<'a>(cx: &Checker<'a>, body: StmtId, ctx: Var<'a>) -> Vec<Var<'a>> {
    let file = cx.file;
    let mut out = vec![ctx];
    // A few rounds follow chains of derivations; each round is one pass over the body.
    let mut grew = true;
    let mut rounds = 0;
    while grew && rounds < 4 {
        grew = false;
        rounds += 1;
        for_each_stmt(file, body, |id, _| {
            let StmtKind::Assign { lhs, rhs, .. } = &file.stmt(id).kind else { return };
            let (Some(&l), true) = (lhs.first(), rhs.len() == 1) else { return };
            let r = &rhs[0];
            let r = unparen(file, *r);
            if cx
                .pkg_func_call(
                    r,
                    "context",
                    &[
                        "WithCancel",
                        "WithTimeout",
                        "WithDeadline",
                        "WithCancelCause",
                        "WithTimeoutCause",
                        "WithDeadlineCause",
                        "WithValue",
                    ],
                )
                .is_none()
            {
                return;
            }
            let ExprKind::Call { args, .. } = &file.expr(r).kind else { return };
            let Some(&parent) = args.first() else { return };
            if !out.iter().any(|v| v.is_expr(cx, cx.file_index, file, parent)) {
                return;
            }
            if let Some(v) = Var::here(cx, l) {
                if !out.contains(&v) {
                    out.push(v);
                    grew = true;
                }
            }
        });
    }
    out.remove(0);
    out
}
