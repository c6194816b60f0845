//! GT026 waitgroup-add-in-goroutine (T26).

use crate::checker::Checker;
use crate::funcs::{called_func_lit, for_each_stmt};
use crate::locks::norm;
use crate::rule::Rule;
use crate::semantic::{method_call, Method};
use crate::vars::Place;
use gotraps_diagnostics::{Edit, Fix, Severity};
use gotraps_semantic::{ObjId, PackageModel};
use gotraps_syntax::ast::{Decl, ExprId, ExprKind, File, StmtId, StmtKind};
use gotraps_syntax::visit::{self, Visitor};
use gotraps_syntax::Span;

pub static WAITGROUP_ADD_IN_GOROUTINE: Rule = Rule {
    code: "GT026",
    name: "waitgroup-add-in-goroutine",
    traps: &["T26"],
    severity: Severity::Error,
    default_on: false,
    fixable: true,
    summary: "`WaitGroup.Add` inside the goroutine it counts: `Wait` can return before it runs",
    doc: r#"## What it does
Flags `wg.Add(n)` executed inside the goroutine it is meant to count (`go func() {
wg.Add(1); defer wg.Done(); ... }()`), anywhere in the goroutine's body, where `wg` is a
`sync.WaitGroup` of the starting function (a local, a field, a package variable).
Also flags `wg.Add(n)` in a goroutine that starts the goroutines it counts (they call
`wg.Done`, it does not) while the function that started it already calls `wg.Wait()`
after the `go` statement, unless that goroutine is itself counted by an earlier `Add`.

## Why is this bad?
Nothing orders the goroutine's `Add` before the parent's `Wait`. If `Wait` runs first it
sees a zero counter and returns while the work is still running (results read too early,
shutdown that does not wait), and a later `Add` on a reused WaitGroup can panic
("WaitGroup is reused before previous Wait has returned").

## Example
```go
for i := 0; i < n; i++ {
	go func() {
		wg.Add(1)
		defer wg.Done()
		work()
	}()
}
wg.Wait()
```

## Use instead
```go
for i := 0; i < n; i++ {
	wg.Add(1)
	go func() {
		defer wg.Done()
		work()
	}()
}
wg.Wait()
```
(or `wg.Go(work)` from Go 1.25).

## Fix
Moves the `Add` statement to just before the `go` statement, when it is a top-level
statement of the goroutine and its argument uses nothing declared inside the goroutine.

## Go versions
All. `go vet` (waitgroup analyzer, Go 1.25) and staticcheck SA2000 report only an `Add`
that is the first statement of the goroutine; this rule also finds it later in the
body, and offers the fix.

## Precision
Opt-in. On the validation set (real code nobody tuned the rules on, docs/triage/validation.md)
0 of its 2 findings were real traps (0%: 2 FP), below the 9 in 10 a default-on rule
needs. Turn it on with `--extend-select GT026` or `extend-select = ["GT026"]` in `gotraps.toml`.
"#,
    check,
};

fn check(cx: &mut Checker) {
    if !cx.file.mentions(".Add(") || !cx.file.mentions("go func") {
        return;
    }
    let file = cx.file;
    let Some(model) = cx.semantic() else { return };
    let wg = Wg { cx, model, fi: cx.file_index, file };
    let mut hits = Vec::new();
    // Every `go` statement of the file, in source order, found once: each declaration
    // takes the range inside its body.
    let mut all_gos: Vec<StmtId> = (0..file.stmts.len() as u32)
        .map(StmtId)
        .filter(|&s| matches!(file.stmt(s).kind, StmtKind::Go { .. }))
        .collect();
    all_gos.sort_by_key(|&s| file.stmt(s).span.start);
    for d in &file.decls {
        let Decl::Func(fd) = d else { continue };
        let Some(body) = fd.body else { continue };
        let span = file.stmt(body).span;
        let from = all_gos.partition_point(|&s| file.stmt(s).span.start < span.start);
        let to = all_gos.partition_point(|&s| file.stmt(s).span.start < span.end);
        if from == to {
            continue;
        }
        scan(&wg, body, &all_gos[from..to], &mut hits);
    }
    for (go, add, x, movable, own) in hits {
        let name = norm(file, x).unwrap_or_else(|| "wg".into());
        let add_span = file.stmt(add).span;
        let go_span = file.stmt(go).span;
        let msg = if own {
            format!("`{name}.Add` inside the goroutine it counts: `{name}.Wait` can return before this runs")
        } else {
            format!("`{name}.Add` in a goroutine for goroutines it starts, while the parent already waits: `{name}.Wait` can return before this runs")
        };
        let d = cx.report(add_span, msg);
        d.with_label_mut(go_span.start, go_span.start + 2, "goroutine started here");
        d.help = Some(if own {
            format!("call `{name}.Add` before the `go` statement")
        } else {
            format!(
                "count this goroutine too: `{name}.Add(1)` before its `go` statement and `defer {name}.Done()` in it"
            )
        });
        if movable {
            if let Some(fix) = move_before(file, add, go) {
                d.fix = Some(fix);
            }
        }
    }
}

/// The checked file and what the model says about its WaitGroups.
struct Wg<'c, 'a> {
    cx: &'c Checker<'a>,
    model: &'a PackageModel<'a>,
    fi: usize,
    file: &'a File,
}

impl<'a> Wg<'_, 'a> {
    /// If `call` is `x.M(...)` of `sync.WaitGroup` (also promoted through embedding) for
    /// `M` in `names`: the WaitGroup `x`, with its place. A receiver the model does not
    /// know is no match.
    fn method(&self, call: ExprId, names: &'static [&'static str]) -> Option<(ExprId, Place<'a>)> {
        let (x, _) = method_call(self.cx, call, Method::of("sync", "WaitGroup", names).known_only())?;
        Some((x, Place::in_file(Some(self.model), self.fi, self.file, x)?))
    }

    /// Whether object `obj` (`None`: one the model does not know) is declared inside
    /// `span` of this file (a function literal: its parameters or its body). An unknown
    /// one counts as declared there: nothing can move out of the literal then, and a
    /// WaitGroup of unknown origin is not taken for the parent's.
    fn declared_within(&self, obj: Option<ObjId>, span: Span) -> bool {
        obj.is_none_or(|o| {
            let o = self.model.prog.obj(o);
            o.file == self.model.pkg.file_ids[self.fi] && span.contains(o.offset)
        })
    }

    /// Whether `e` mentions a variable declared inside literal `lit` (its parameters or
    /// locals): then the `Add` cannot move out of it.
    fn mentions_local(&self, e: ExprId, lit: ExprId) -> bool {
        struct Find<'w, 'c, 'a> {
            wg: &'w Wg<'c, 'a>,
            lit: Span,
            found: bool,
        }
        impl Visitor for Find<'_, '_, '_> {
            fn visit_expr(&mut self, file: &File, id: ExprId) {
                match &file.expr(id).kind {
                    _ if self.found => {}
                    ExprKind::Ident(i) => {
                        self.found = self.wg.declared_within(self.wg.model.object_of(self.wg.fi, *i), self.lit)
                    }
                    // Only the operand of `x.f` can be a local; `f` is a field or method.
                    ExprKind::Selector { x, .. } => self.visit_expr(file, *x),
                    _ => visit::walk_expr(self, file, id),
                }
            }
        }
        let mut f = Find { wg: self, lit: self.file.expr(lit).span, found: false };
        f.visit_expr(self.file, e);
        f.found
    }
}

/// `(go stmt, Add stmt, WaitGroup expr, fix is safe, the Add counts its own goroutine)`
/// for every goroutine of `body`.
fn scan(tc: &Wg, body: StmtId, gos: &[StmtId], hits: &mut Vec<(StmtId, StmtId, ExprId, bool, bool)>) {
    let file = tc.file;
    for &go in gos {
        let StmtKind::Go { call } = file.stmt(go).kind else { continue };
        let Some(lit) = called_func_lit(file, call) else { continue };
        let ExprKind::FuncLit { body: lbody, .. } = &file.expr(lit).kind else { continue };
        let top: Vec<StmtId> = file.stmt(*lbody).kind.block_stmts().to_vec();
        for_each_stmt(file, *lbody, |s, _| {
            let StmtKind::Expr(e) = file.stmt(s).kind else { return };
            let ExprKind::Call { args, .. } = &file.expr(e).kind else { return };
            if args.len() != 1 {
                return;
            }
            let Some((x, wg)) = tc.method(e, &["Add"]) else { return };
            // The Add counts this goroutine (it calls Done on the same WaitGroup itself),
            // or goroutines it starts while the parent already waits: then nothing
            // orders this Add before the parent's Wait either. (An Add for nested
            // goroutines is correct when this goroutine is counted or nobody waits yet.)
            let own = calls_done(tc, *lbody, &wg);
            if !own && !(done_in_nested_goroutine(tc, *lbody, &wg) && parent_waits_after(tc, body, go, lit, &wg)) {
                return;
            }
            // The goroutine is already counted by an Add before its `go` statement: the
            // counter stays above zero until its own Done, so an Add made inside it (for
            // goroutines it starts) cannot let Wait return early.
            if counted_before(tc, go, &wg) {
                return;
            }
            // A WaitGroup of the goroutine's own (a parameter or a local) is not the
            // parent's.
            if tc.declared_within(wg.root_obj(), file.expr(lit).span) {
                return;
            }
            let movable = own && top.contains(&s) && !tc.mentions_local(args[0], lit);
            hits.push((go, s, x, movable, own));
        });
    }
}

/// An earlier statement of the block holding `go` is `wg.Add(...)`.
fn counted_before(tc: &Wg, go: StmtId, wg: &Place) -> bool {
    let file = tc.file;
    file.stmts.iter().any(|b| {
        let stmts = b.kind.block_stmts();
        let Some(i) = stmts.iter().position(|&s| s == go) else { return false };
        stmts[..i].iter().any(|&s| {
            let StmtKind::Expr(e) = file.stmt(s).kind else { return false };
            tc.method(e, &["Add"]).is_some_and(|(_, p)| &p == wg)
        })
    })
}

/// Whether `body` (not nested literals) calls `wg.Done()`, directly or deferred.
fn calls_done(tc: &Wg, body: StmtId, wg: &Place) -> bool {
    let file = tc.file;
    let mut found = false;
    for_each_stmt(file, body, |s, _| {
        let call = match file.stmt(s).kind {
            StmtKind::Expr(e) | StmtKind::Defer { call: e } => e,
            _ => return,
        };
        if tc.method(call, &["Done"]).is_some_and(|(_, p)| &p == wg) {
            found = true;
        }
    });
    found
}

/// `go` statements of a body, including those inside nested function literals (only
/// asked for the rare goroutine that calls `Add` itself).
fn collect_gos(file: &File, body: StmtId, out: &mut Vec<StmtId>) {
    let span = file.stmt(body).span;
    for (i, s) in file.stmts.iter().enumerate() {
        if matches!(s.kind, StmtKind::Go { .. }) && span.start <= s.span.start && s.span.end <= span.end {
            out.push(StmtId(i as u32));
        }
    }
}

/// Edits moving statement `stmt` (alone on its line) to just before statement `before`.
fn move_before(file: &File, stmt: StmtId, before: StmtId) -> Option<Fix> {
    let s = file.stmt(stmt).span;
    let line_start = file.src[..s.start as usize].rfind('\n').map_or(0, |i| i + 1);
    if !file.src[line_start..s.start as usize].bytes().all(|b| b == b' ' || b == b'\t') {
        return None;
    }
    let line_end = file.src[s.end as usize..].find('\n').map(|i| s.end as usize + i + 1)?;
    // Only the statement and possibly a trailing line comment on that line; both move.
    let rest = file.src[s.end as usize..line_end - 1].trim();
    if !(rest.is_empty() || rest.starts_with("//")) {
        return None;
    }
    let b = file.stmt(before).span;
    let b_line_start = file.src[..b.start as usize].rfind('\n').map_or(0, |i| i + 1);
    let indent = &file.src[b_line_start..b.start as usize];
    if !indent.bytes().all(|c| c == b' ' || c == b'\t') {
        return None;
    }
    let text = file.src[s.start as usize..line_end - 1].trim_end();
    Some(Fix {
        message: "move the Add before the go statement".into(),
        edits: vec![
            Edit { span: Span::at(b.start), replacement: format!("{text}\n{indent}") },
            Edit { span: Span::new(line_start as u32, line_end as u32), replacement: String::new() },
        ],
    })
}

/// Whether a goroutine started inside `body` (a `go func(){...}()`) calls `wg.Done()`.
fn done_in_nested_goroutine(tc: &Wg, body: StmtId, wg: &Place) -> bool {
    let file = tc.file;
    let mut gos = Vec::new();
    collect_gos(file, body, &mut gos);
    gos.iter().any(|&g| {
        let StmtKind::Go { call } = file.stmt(g).kind else { return false };
        let Some(lit) = called_func_lit(file, call) else { return false };
        let ExprKind::FuncLit { body, .. } = file.expr(lit).kind else { return false };
        calls_done(tc, body, wg)
    })
}

/// Whether the function around `go` (the declaration `body`, outside the goroutine's
/// literal `lit`) calls `wg.Wait()` after the `go` statement.
fn parent_waits_after(tc: &Wg, body: StmtId, go: StmtId, lit: ExprId, wg: &Place) -> bool {
    let file = tc.file;
    let within = file.stmt(body).span;
    let after = file.stmt(go).span.end;
    let inside_lit = file.expr(lit).span;
    file.stmts.iter().any(|s| {
        let StmtKind::Expr(e) = s.kind else { return false };
        if !within.contains(s.span.start) || s.span.start < after || inside_lit.contains(s.span.start) {
            return false;
        }
        tc.method(e, &["Wait"]).is_some_and(|(_, p)| &p == wg)
    })
}
