//! `testing.T` used from a goroutine that can outlive its test (T38): a goroutine that
//! calls `t.Log*`, `t.Error*`, `t.Fatal*`, `t.Fail*` or `t.Skip*` on a `*testing.T` (or
//! `B`, `F`, `TB`), started by a function that returns without waiting for it: no `Wait`
//! and no receive on a channel the goroutine sends on or closes after the `go` statement
//! (a wait registered with `t.Cleanup` counts). After the test returns, `Log` and `Error`
//! panic ("Log in goroutine after Test... has completed"); before, `Fatal` from another
//! goroutine does not stop the test.

use super::{Analysis, Join};
use gotraps_semantic::FuncNode;
use gotraps_syntax::ast::{Decl, ExprId, ExprKind};
use gotraps_syntax::Span;

/// A use of `testing.T` in a goroutine its starter does not wait for.
#[derive(Clone, Debug)]
pub struct TestingAfterReturn {
    /// File index and span of the call on `t`.
    pub file: u32,
    pub span: Span,
    /// `t.Logf`.
    pub call: String,
    /// The spawn (index in the race report's spawns) of the goroutine.
    pub spawn: usize,
    /// The function that starts the goroutine and returns without waiting.
    pub starter: String,
}

const REPORTING: &[&str] =
    &["Log", "Logf", "Error", "Errorf", "Fatal", "Fatalf", "Fail", "FailNow", "Skip", "Skipf", "SkipNow"];

pub(super) fn detect(a: &mut Analysis) -> Vec<TestingAfterReturn> {
    let model = a.model;
    // The testing package runs tests on goroutines it manages itself.
    if &*model.pkg.path == "testing" || !model.files().iter().any(|f| f.mentions("\"testing\"")) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for g in 0..a.spawns.len() {
        let (sfile, sspan) = (a.spawns[g].file, a.spawns[g].span);
        let callees = a.spawns[g].callees.clone();
        let mut uses: Vec<(u32, Span, String)> = Vec::new();
        for c in &callees {
            let Some((fi, range)) = code_range(a, *c) else { continue };
            uses.extend(testing_calls(a, fi, range));
        }
        if uses.is_empty() {
            continue;
        }
        let Some((starter_obj, starter)) = starter(a, sfile, sspan) else { continue };
        let sum = a.summary(FuncNode::Func(starter_obj));
        let signals: Vec<Join> =
            callees.iter().filter_map(|c| a.summaries.get(c)).flat_map(|s| s.signals.iter().copied()).collect();
        let Some(&(at, _)) = sum.spawns.iter().find(|&&(_, s)| s == g) else { continue };
        let joined = sum.joins.iter().any(|&(p, j)| {
            p >= at
                && match j {
                    Join::All => true,
                    Join::Chan(_) => signals.contains(&j) || signals.contains(&Join::AnyChan),
                    Join::AnyChan => false,
                }
        });
        if joined {
            continue;
        }
        uses.sort_by_key(|u| (u.0, u.1.start));
        let (file, span, call) = uses.swap_remove(0);
        out.push(TestingAfterReturn { file, span, call, spawn: g, starter: starter.clone() });
    }
    out.sort_by_key(|o| (o.file, o.span.start));
    out
}

/// The source range of a function's code: a declaration or a literal.
fn code_range(a: &Analysis, n: FuncNode) -> Option<(u32, Span)> {
    match n {
        FuncNode::Func(obj) => {
            let &(fi, di) = a.decls.get(&obj)?;
            match a.file(fi).decls.get(di as usize)? {
                Decl::Func(fd) => Some((fi, fd.span)),
                _ => None,
            }
        }
        FuncNode::Lit { file, expr } => Some((file, a.file(file).expr(expr).span)),
    }
}

/// Reporting calls on a `testing` value inside `range` of file `fi`.
fn testing_calls(a: &Analysis, fi: u32, range: Span) -> Vec<(u32, Span, String)> {
    let model = a.model;
    let f = a.file(fi);
    let mut out = Vec::new();
    for (ei, e) in f.exprs.iter().enumerate() {
        if e.span.start < range.start || e.span.end > range.end {
            continue;
        }
        let ExprKind::Call { fun, .. } = &e.kind else { continue };
        let fun = super::strip(f, *fun);
        let ExprKind::Selector { .. } = f.expr(fun).kind else { continue };
        let Some(t) = model.call_target(fi as usize, ExprId(ei as u32)) else { continue };
        if t.pkg == "testing" && REPORTING.contains(&t.name) {
            out.push((fi, e.span, f.text(f.expr(fun).span).to_string()));
        }
    }
    out
}

/// The declared function whose code holds the `go` statement, and its name.
fn starter(a: &Analysis, fi: u32, span: Span) -> Option<(gotraps_semantic::ObjId, String)> {
    let f = a.file(fi);
    let di = f
        .decls
        .iter()
        .position(|d| matches!(d, Decl::Func(fd) if fd.span.start <= span.start && span.end <= fd.span.end))?;
    let Decl::Func(fd) = &f.decls[di] else { return None };
    let obj = a.decls.iter().find(|(_, &(file, d))| file == fi && d as usize == di).map(|(o, _)| *o)?;
    Some((obj, f.name(fd.name).to_string()))
}
