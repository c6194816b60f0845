//! Path facts over Go's structured control flow, computed on the AST: which `return`s
//! can be reached while an obligation is pending (a cancel not called, a ticker not
//! stopped), and whether a loop can be left at all. Go has no unstructured jumps besides
//! `goto` (a path with `goto` is given up on: no leak reported through it), so a walk
//! over blocks, branches and loops with break/continue targets is exact enough for
//! these questions without a CFG.

use crate::checker::Checker;
use crate::vars::is_exit_stmt;
use gotraps_syntax::ast::{BranchKind, ExprId, StmtId, StmtKind};

/// Where an obligation is still pending when the function ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leak {
    Return(StmtId),
    /// Control falls off the end of the body.
    End,
}

/// Runs the pending-obligation walk over `body`. `arms(stmt)` says a simple statement
/// creates the obligation (the definition); `discharges(expr)` says an expression
/// (not descending into literals) fulfils it; a `defer` whose call discharges fulfils it
/// for every later return; a `range` over an expression for which `endless_range` holds
/// only ends through break/return. Returns the leaking exits in source order.
pub fn pending_at_exits(
    cx: &Checker,
    body: StmtId,
    arms: &dyn Fn(StmtId) -> bool,
    discharges: &dyn Fn(ExprId) -> bool,
    defer_discharges: &dyn Fn(ExprId) -> bool,
    endless_range: &dyn Fn(ExprId) -> bool,
) -> Vec<Leak> {
    let mut w = Pending {
        cx,
        arms,
        discharges,
        defer_discharges,
        endless_range,
        targets: Vec::new(),
        leaks: Vec::new(),
        label: None,
    };
    if w.stmt(body, false) == Some(true) {
        w.leaks.push(Leak::End);
    }
    w.leaks
}

struct Target {
    label: Option<String>,
    is_loop: bool,
    breaks: Vec<bool>,
    continues: Vec<bool>,
}

struct Pending<'c, 'a> {
    cx: &'c Checker<'a>,
    arms: &'c dyn Fn(StmtId) -> bool,
    discharges: &'c dyn Fn(ExprId) -> bool,
    defer_discharges: &'c dyn Fn(ExprId) -> bool,
    /// A range over this expression never ends by itself (a ticker's channel).
    endless_range: &'c dyn Fn(ExprId) -> bool,
    targets: Vec<Target>,
    leaks: Vec<Leak>,
    /// Label of the statement about to be walked.
    label: Option<String>,
}

/// Join of two paths: pending if pending on either; `None` = unreachable.
fn join(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(x), Some(y)) => Some(x || y),
    }
}

impl Pending<'_, '_> {
    fn simple(&self, id: StmtId, exprs: &[ExprId], st: bool) -> bool {
        let st = st || (self.arms)(id);
        st && !exprs.iter().any(|&e| (self.discharges)(e))
    }

    fn block(&mut self, stmts: &[StmtId], mut st: Option<bool>) -> Option<bool> {
        for &s in stmts {
            st = self.stmt(s, st?);
        }
        st
    }

    fn push_target(&mut self, is_loop: bool) {
        let label = self.label.take();
        self.targets.push(Target { label, is_loop, breaks: Vec::new(), continues: Vec::new() });
    }

    fn stmt(&mut self, id: StmtId, st: bool) -> Option<bool> {
        let file = self.cx.file;
        let kind = &file.stmt(id).kind;
        if !matches!(
            kind,
            StmtKind::For { .. }
                | StmtKind::Range { .. }
                | StmtKind::Switch { .. }
                | StmtKind::TypeSwitch { .. }
                | StmtKind::Select { .. }
                | StmtKind::Labeled { .. }
        ) {
            self.label = None;
        }
        match kind {
            StmtKind::Expr(e) => {
                if is_exit_stmt(self.cx, id) {
                    return None;
                }
                Some(self.simple(id, &[*e], st))
            }
            StmtKind::Assign { lhs, rhs, .. } => {
                let exprs: Vec<ExprId> = lhs.iter().chain(rhs).copied().collect();
                Some(self.simple(id, &exprs, st))
            }
            StmtKind::Send { chan, value, .. } => Some(self.simple(id, &[*chan, *value], st)),
            StmtKind::IncDec { x, .. } => Some(self.simple(id, &[*x], st)),
            StmtKind::Decl(g) => {
                let mut exprs = Vec::new();
                for spec in &g.specs {
                    if let gotraps_syntax::ast::Spec::Value(vs) = spec {
                        exprs.extend(vs.values.iter().copied());
                    }
                }
                Some(self.simple(id, &exprs, st))
            }
            StmtKind::Go { .. } | StmtKind::Empty { .. } | StmtKind::Bad => Some(st || (self.arms)(id)),
            StmtKind::Defer { call } => {
                if (self.defer_discharges)(*call) {
                    Some(false)
                } else {
                    Some(st)
                }
            }
            StmtKind::Return { results } => {
                if self.simple(id, results, st) {
                    self.leaks.push(Leak::Return(id));
                }
                None
            }
            StmtKind::Branch { kind, label } => {
                let label = label.map(|l| file.name(l).to_string());
                let target = match &label {
                    Some(l) => self.targets.iter_mut().rev().find(|t| t.label.as_deref() == Some(l)),
                    None => match kind {
                        BranchKind::Continue => self.targets.iter_mut().rev().find(|t| t.is_loop),
                        _ => self.targets.last_mut(),
                    },
                };
                match (kind, target) {
                    (BranchKind::Break, Some(t)) => t.breaks.push(st),
                    (BranchKind::Continue, Some(t)) => t.continues.push(st),
                    // fallthrough: the next clause starts from this state; joining it
                    // into the switch's exit is a safe over-approximation.
                    (BranchKind::Fallthrough, Some(t)) => t.breaks.push(st),
                    _ => {}
                }
                None
            }
            StmtKind::Labeled { label, stmt } => {
                self.label = Some(file.name(*label).to_string());
                let out = self.stmt(*stmt, st);
                self.label = None;
                out
            }
            StmtKind::Block { stmts } => self.block(stmts, Some(st)),
            StmtKind::If { init, cond, then, els } => {
                let st = match init {
                    Some(i) => self.stmt(*i, st)?,
                    None => st,
                };
                let st = self.simple(id, &[*cond], st);
                let t = self.stmt(*then, st);
                let e = match els {
                    Some(e) => self.stmt(*e, st),
                    None => Some(st),
                };
                join(t, e)
            }
            StmtKind::Switch { init, tag, body } => {
                let label = self.label.take();
                let mut st = match init {
                    Some(i) => self.stmt(*i, st)?,
                    None => st,
                };
                if let Some(t) = tag {
                    st = self.simple(id, &[*t], st);
                }
                self.label = label;
                self.clauses(*body, st)
            }
            StmtKind::TypeSwitch { init, assign, body } => {
                let label = self.label.take();
                let st = match init {
                    Some(i) => self.stmt(*i, st)?,
                    None => st,
                };
                let st = self.stmt(*assign, st)?;
                self.label = label;
                self.clauses(*body, st)
            }
            StmtKind::Select { body } => {
                self.push_target(false);
                let mut out = None;
                for &c in file.stmt(*body).kind.block_stmts() {
                    if let StmtKind::CommClause { comm, body, .. } = &file.stmt(c).kind {
                        let s = match comm {
                            Some(cs) => self.stmt(*cs, st),
                            None => Some(st),
                        };
                        out = join(out, self.block(body, s));
                    }
                }
                let t = self.targets.pop().unwrap();
                t.breaks.into_iter().fold(out, |acc, b| join(acc, Some(b)))
            }
            StmtKind::For { init, cond, post, body } => {
                let st = match init {
                    Some(i) => self.stmt(*i, st)?,
                    None => st,
                };
                let st = match cond {
                    Some(c) => self.simple(id, &[*c], st),
                    None => st,
                };
                self.push_target(true);
                let mut end = self.stmt(*body, st);
                if let (Some(p), Some(e)) = (post, end) {
                    end = self.stmt(*p, e);
                }
                let t = self.targets.pop().unwrap();
                let mut out = if cond.is_some() { join(Some(st), end) } else { None };
                if cond.is_some() {
                    out = t.continues.iter().fold(out, |acc, &c| join(acc, Some(c)));
                }
                t.breaks.into_iter().fold(out, |acc, b| join(acc, Some(b)))
            }
            StmtKind::Range { x, body, .. } => {
                let st = self.simple(id, &[*x], st);
                self.push_target(true);
                let end = self.stmt(*body, st);
                let t = self.targets.pop().unwrap();
                let natural = if (self.endless_range)(*x) { None } else { join(Some(st), end) };
                let out = t.continues.iter().fold(natural, |acc, &c| join(acc, Some(c)));
                t.breaks.into_iter().fold(out, |acc, b| join(acc, Some(b)))
            }
            StmtKind::CaseClause { body, .. } | StmtKind::CommClause { body, .. } => self.block(body, Some(st)),
        }
    }

    /// The clauses of a switch body starting from `st`; a switch without `default` may
    /// run none of them.
    fn clauses(&mut self, body: StmtId, st: bool) -> Option<bool> {
        let file = self.cx.file;
        self.push_target(false);
        let mut out = None;
        let mut has_default = false;
        for &c in file.stmt(body).kind.block_stmts() {
            if let StmtKind::CaseClause { list, body, .. } = &file.stmt(c).kind {
                let s = match list {
                    Some(l) => self.simple(c, l, st),
                    None => {
                        has_default = true;
                        st
                    }
                };
                out = join(out, self.block(body, Some(s)));
            }
        }
        if !has_default {
            out = join(out, Some(st));
        }
        let t = self.targets.pop().unwrap();
        t.breaks.into_iter().fold(out, |acc, b| join(acc, Some(b)))
    }
}

/// Whether control can leave loop `lp` (a `for`/`range` statement): a condition, a range
/// over anything, a `return`, a `break` that targets it, a `goto`, or a call that ends the
/// path (`panic`, `os.Exit`, `log.Fatal`, `runtime.Goexit`) anywhere in its body
/// (function literals excluded). `label` is the loop's label, if any.
pub fn loop_can_exit(cx: &Checker, lp: StmtId, label: Option<&str>) -> bool {
    let file = cx.file;
    let body = match &file.stmt(lp).kind {
        StmtKind::For { cond: Some(_), .. } | StmtKind::Range { .. } => return true,
        StmtKind::For { cond: None, body, .. } => *body,
        _ => return true,
    };
    body_can_leave(cx, body, label)
}

/// Whether the body of an endless loop can leave it (see [`loop_can_exit`]).
pub fn body_can_leave(cx: &Checker, body: StmtId, label: Option<&str>) -> bool {
    let file = cx.file;
    let mut exits = false;
    crate::funcs::for_each_stmt(file, body, |id, enclosing| {
        if exits {
            return;
        }
        match &file.stmt(id).kind {
            StmtKind::Return { .. } => exits = true,
            StmtKind::Branch { kind: BranchKind::Goto, .. } => exits = true,
            StmtKind::Branch { kind: BranchKind::Break, label: Some(l) } => {
                // A labelled break leaves this loop unless it targets a statement inside it.
                let name = file.name(*l);
                let inner = enclosing.iter().any(
                    |&s| matches!(&file.stmt(s).kind, StmtKind::Labeled { label, .. } if file.name(*label) == name),
                );
                exits |= !inner || label == Some(name);
            }
            StmtKind::Branch { kind: BranchKind::Break, label: None } => {
                // Unlabelled: targets the innermost for/switch/select around it.
                let breakable = enclosing.iter().any(|&s| {
                    matches!(
                        file.stmt(s).kind,
                        StmtKind::For { .. }
                            | StmtKind::Range { .. }
                            | StmtKind::Switch { .. }
                            | StmtKind::TypeSwitch { .. }
                            | StmtKind::Select { .. }
                    )
                });
                exits |= !breakable;
            }
            _ => exits |= is_exit_stmt(cx, id),
        }
    });
    exits
}
