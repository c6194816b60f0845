//! WaitGroup counting (T26) beyond what GT026 sees in one function literal:
//!
//! - **Add in the goroutine it counts.** A function or method started with `go` that calls
//!   `wg.Add` and then `wg.Done` on the same WaitGroup (it counts itself), while `Wait` on
//!   that WaitGroup is called elsewhere in the package and the spawner did not `Add` for
//!   it first: `Wait` can run before the `Add`, see zero and return while the goroutine
//!   works, or a later `Add` on a WaitGroup in `Wait` panics.
//! - **Done without any Add.** The package calls `Done` on a WaitGroup held in a field or
//!   package variable and `Wait` on WaitGroups, but never `Add` (nor `Go`): every `Done`
//!   drives the counter negative, which panics.

use super::Analysis;
use gotraps_semantic::{FuncNode, ObjId, ObjKind};
use gotraps_syntax::ast::{Decl, ExprKind};
use gotraps_syntax::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitGroupIssueKind {
    /// `Add` in a goroutine that also calls `Done` for itself; `Wait` elsewhere.
    AddInCountedGoroutine,
    /// `Done` in a package that never calls `Add`.
    DoneWithoutAdd,
}

#[derive(Clone, Debug)]
pub struct WaitGroupIssue {
    pub kind: WaitGroupIssueKind,
    /// File index and span of the `Add` or `Done` call reported.
    pub file: u32,
    pub span: Span,
    /// How the source names the WaitGroup (`s.wg`).
    pub name: String,
    /// A `Wait` on that WaitGroup (for `DoneWithoutAdd`: any `Wait` of the package).
    pub wait: Option<(u32, Span)>,
    /// The spawn (index in the race report's spawns) of the goroutine making the `Add`.
    pub spawn: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    Add,
    Done,
    Wait,
    Go,
}

struct WgCall {
    file: u32,
    span: Span,
    op: Op,
    /// The variable or field holding the WaitGroup.
    key: Option<ObjId>,
    /// `key` is a struct field or package variable (not a local or parameter).
    shared: bool,
    name: String,
}

fn wg_calls(a: &Analysis) -> Vec<WgCall> {
    let model = a.model;
    let mut out = Vec::new();
    for (fi, f) in model.files().iter().enumerate() {
        if !f.mentions("WaitGroup") && !f.mentions(".Done()") {
            continue;
        }
        for (ei, e) in f.exprs.iter().enumerate() {
            let ExprKind::Call { fun, .. } = &e.kind else { continue };
            let ExprKind::Selector { x, .. } = f.expr(super::strip(f, *fun)).kind else { continue };
            let call = gotraps_syntax::ast::ExprId(ei as u32);
            let Some(t) = model.call_target(fi, call) else { continue };
            if t.pkg != "sync" || t.recv != Some("WaitGroup") {
                continue;
            }
            let op = match t.name {
                "Add" => Op::Add,
                "Done" => Op::Done,
                "Wait" => Op::Wait,
                "Go" => Op::Go,
                _ => continue,
            };
            let x = super::strip(f, x);
            let key = match f.expr(x).kind {
                ExprKind::Ident(i) => model.object_of(fi, i),
                ExprKind::Selector { sel, .. } => model.object_of(fi, sel),
                ExprKind::Unary { x: inner, .. } | ExprKind::Star { x: inner } => {
                    match f.expr(super::strip(f, inner)).kind {
                        ExprKind::Ident(i) => model.object_of(fi, i),
                        ExprKind::Selector { sel, .. } => model.object_of(fi, sel),
                        _ => None,
                    }
                }
                _ => None,
            };
            let shared = key.is_some_and(|k| {
                let o = model.prog.obj(k);
                o.kind == ObjKind::Field || (o.kind == ObjKind::Var && o.is_package_level())
            });
            out.push(WgCall {
                file: fi as u32,
                span: e.span,
                op,
                key,
                shared,
                name: f.text(f.expr(x).span).to_string(),
            });
        }
    }
    out
}

/// Span (file, span) of a declared function's declaration.
fn decl_span(a: &Analysis, obj: ObjId) -> Option<(u32, Span)> {
    let &(fi, di) = a.decls.get(&obj)?;
    match a.file(fi).decls.get(di as usize)? {
        Decl::Func(fd) => Some((fi, fd.span)),
        _ => None,
    }
}

/// The declared function whose declaration contains `span` of file `fi`.
fn enclosing_decl(a: &Analysis, fi: u32, span: Span) -> Option<Span> {
    a.file(fi).decls.iter().find_map(|d| match d {
        Decl::Func(fd) if fd.span.start <= span.start && span.end <= fd.span.end => Some(fd.span),
        _ => None,
    })
}

fn inside(file: u32, outer: Span, c: &WgCall) -> bool {
    c.file == file && outer.start <= c.span.start && c.span.end <= outer.end
}

pub(super) fn detect(a: &mut Analysis) -> Vec<WaitGroupIssue> {
    if !a.model.files().iter().any(|f| f.mentions(".Done()")) {
        return Vec::new();
    }
    let calls = wg_calls(a);
    let mut out = Vec::new();

    // Add in the goroutine it counts, started by name (`go s.run()`): a literal is GT026's.
    for (g, sp) in a.spawns.iter().enumerate() {
        for &c in &sp.callees {
            let FuncNode::Func(obj) = c else { continue };
            let Some((fi, body)) = decl_span(a, obj) else { continue };
            let own: Vec<&WgCall> = calls.iter().filter(|c| inside(fi, body, c)).collect();
            for add in own.iter().filter(|c| c.op == Op::Add && c.key.is_some()) {
                let counts_itself = own.iter().any(|d| d.op == Op::Done && d.key == add.key);
                if !counts_itself {
                    continue;
                }
                // The spawner adding for it first keeps the counter above zero.
                let spawner = enclosing_decl(a, sp.file, sp.span);
                let added_before = spawner.is_some_and(|s| {
                    calls.iter().any(|c| {
                        c.op == Op::Add && c.key == add.key && inside(sp.file, s, c) && c.span.start < sp.span.start
                    })
                });
                if added_before {
                    continue;
                }
                let wait = calls.iter().find(|w| w.op == Op::Wait && w.key == add.key && !inside(fi, body, w));
                let Some(wait) = wait else { continue };
                if out.iter().any(|o: &WaitGroupIssue| o.file == add.file && o.span == add.span) {
                    continue;
                }
                out.push(WaitGroupIssue {
                    kind: WaitGroupIssueKind::AddInCountedGoroutine,
                    file: add.file,
                    span: add.span,
                    name: add.name.clone(),
                    wait: Some((wait.file, wait.span)),
                    spawn: Some(g),
                });
            }
        }
    }

    // Done without any Add (or Go) in the package, on a WaitGroup it keeps in a field or
    // package variable, while it waits on WaitGroups.
    let adds = calls.iter().any(|c| matches!(c.op, Op::Add | Op::Go));
    let wait = calls.iter().find(|c| c.op == Op::Wait);
    if let (false, Some(wait)) = (adds, wait) {
        for d in calls.iter().filter(|c| c.op == Op::Done && c.shared) {
            out.push(WaitGroupIssue {
                kind: WaitGroupIssueKind::DoneWithoutAdd,
                file: d.file,
                span: d.span,
                name: d.name.clone(),
                wait: Some((wait.file, wait.span)),
                spawn: None,
            });
        }
    }
    out.sort_by_key(|o| (o.file, o.span.start));
    out
}
