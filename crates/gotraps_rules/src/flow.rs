//! Path walking over one function body without building a CFG: statements are visited in
//! execution order with an abstract state that forks at branches and joins where paths
//! meet. Analyses (locks held, channels closed, response bodies open) implement
//! [`FlowVisitor`]; the walker handles `if`, `switch`, `select`, loops (a second pass over
//! the body with the back-edge state, so "locked in one iteration, locked again in the
//! next" is seen), `return`, `break`/`continue` (labelled too) and calls that never return.
//! A `goto` makes the walk give up: [`walk`] then returns `false` and callers drop what
//! they found in that function.
//!
//! When the semantic model's CFG lands this walker can take its blocks instead; the
//! visitor interface stays.

use gotraps_semantic::PackageModel;
use gotraps_syntax::ast::{BranchKind, ExprId, File, StmtId, StmtKind};

/// Abstract state carried along paths. `join` merges the state of another path that
/// reaches the same point.
pub trait FlowState: Clone {
    fn join(&mut self, other: &Self);
}

/// Hooks called by [`walk`]. Only `stmt` and `exit` are required.
pub trait FlowVisitor {
    type State: FlowState;
    /// A simple statement (expression, assignment, send, inc/dec, declaration, `go`,
    /// `defer`) or the `init` of an `if`/`switch`/`for`, executed on this path.
    fn stmt(&mut self, file: &File, id: StmtId, st: &mut Self::State);
    /// The function returns: at a `return` statement (`Some`) or by reaching the end of
    /// its body (`None`).
    fn exit(&mut self, file: &File, at: Option<StmtId>, st: &Self::State);
    /// An expression evaluated for control flow: an `if`/`for` condition, a switch tag,
    /// a range operand.
    fn cond(&mut self, _file: &File, _e: ExprId, _st: &mut Self::State) {}
    /// Entering the `then` (`taken`) or `else` branch of `if cond`.
    fn branch(&mut self, _file: &File, _cond: ExprId, _taken: bool, _st: &mut Self::State) {}
    /// A `select` statement is reached; `has_default` tells whether it can block.
    fn select(&mut self, _file: &File, _id: StmtId, _has_default: bool, _st: &mut Self::State) {}
    /// The communication of a select clause that was chosen (`None` for `default`).
    fn comm(&mut self, _file: &File, _comm: Option<StmtId>, _st: &mut Self::State) {}
    /// A `range` loop over `x` starts (each iteration receives from `x` if it is a channel).
    fn range(&mut self, _file: &File, _id: StmtId, _st: &mut Self::State) {}
    /// An iteration of loop `id` (a `for` or `range`) begins: range variables get new values.
    fn iteration(&mut self, _file: &File, _id: StmtId, _st: &mut Self::State) {}
    /// An iteration of loop `id` ends at a `break` or `continue` aimed at it (`Some`), or
    /// at the end of its body (`None`).
    fn leave_iteration(&mut self, _file: &File, _id: StmtId, _at: Option<StmtId>, _st: &Self::State) {}
}

/// Walks `body` from `entry`. Returns `false` when the walk gave up (a `goto`).
/// `model` (with the file's index in it) says which calls never return.
pub fn walk<V: FlowVisitor>(
    file: &File,
    body: StmtId,
    v: &mut V,
    entry: V::State,
    model: Option<(&PackageModel, usize)>,
) -> bool {
    let mut w = Walker { file, v, targets: Vec::new(), gave_up: false, depth: 0, model };
    let end = w.stmt(body, Some(entry));
    if let Some(st) = end {
        if !w.gave_up {
            w.v.exit(file, None, &st);
        }
    }
    !w.gave_up
}

struct Target<'f, S> {
    label: Option<&'f str>,
    /// The loop statement (accepts `continue`); `None` for switch/select (only `break`).
    is_loop: Option<StmtId>,
    breaks: Option<S>,
    /// Kept apart (up to a few) so a second iteration is walked once per way of getting
    /// there: "unlocked at the end of the body, still locked after `continue`" stays exact.
    continues: Vec<S>,
}

struct Walker<'f, 'v, V: FlowVisitor> {
    file: &'f File,
    v: &'v mut V,
    targets: Vec<Target<'f, V::State>>,
    gave_up: bool,
    /// Loop nesting, to bound the cost of second passes.
    depth: u32,
    model: Option<(&'f PackageModel<'f>, usize)>,
}

fn join_into<S: FlowState>(acc: &mut Option<S>, other: Option<S>) {
    match (acc.as_mut(), other) {
        (_, None) => {}
        (None, Some(o)) => *acc = Some(o),
        (Some(a), Some(o)) => a.join(&o),
    }
}

impl<'f, V: FlowVisitor> Walker<'f, '_, V> {
    fn block(&mut self, stmts: &[StmtId], mut st: Option<V::State>) -> Option<V::State> {
        for &s in stmts {
            if st.is_none() || self.gave_up {
                return None;
            }
            st = self.stmt(s, st);
        }
        st
    }

    fn simple(&mut self, id: StmtId, st: &mut V::State) {
        self.v.stmt(self.file, id, st);
    }

    fn stmt(&mut self, id: StmtId, st: Option<V::State>) -> Option<V::State> {
        self.stmt_labeled(id, st, None)
    }

    fn stmt_labeled(&mut self, id: StmtId, st: Option<V::State>, label: Option<&'f str>) -> Option<V::State> {
        let mut st = st?;
        let file = self.file;
        match &file.stmt(id).kind {
            StmtKind::Block { stmts } => self.block(stmts, Some(st)),
            StmtKind::Labeled { label, stmt } => self.stmt_labeled(*stmt, Some(st), Some(file.name(*label))),
            StmtKind::Return { .. } => {
                self.v.exit(file, Some(id), &st);
                None
            }
            StmtKind::Branch { kind, label: to } => {
                let to = to.map(|l| file.name(l));
                match kind {
                    BranchKind::Break | BranchKind::Continue => {
                        let is_continue = *kind == BranchKind::Continue;
                        let t = self.targets.iter_mut().rev().find(|t| match to {
                            Some(l) => t.label == Some(l),
                            None => t.is_loop.is_some() || !is_continue,
                        });
                        if let Some(lp) = t.as_ref().and_then(|t| t.is_loop) {
                            self.v.leave_iteration(file, lp, Some(id), &st);
                        }
                        match t {
                            Some(t) if is_continue => {
                                if t.continues.len() < 3 {
                                    t.continues.push(st);
                                } else {
                                    t.continues[2].join(&st);
                                }
                            }
                            Some(t) => join_into(&mut t.breaks, Some(st)),
                            None => self.gave_up = true,
                        }
                        None
                    }
                    BranchKind::Goto => {
                        self.gave_up = true;
                        None
                    }
                    // Handled by the switch: the clause's end state flows into the next.
                    BranchKind::Fallthrough => Some(st),
                }
            }
            StmtKind::If { init, cond, then, els } => {
                if let Some(i) = init {
                    st = self.stmt(*i, Some(st))?;
                }
                self.v.cond(file, *cond, &mut st);
                let mut t = st.clone();
                self.v.branch(file, *cond, true, &mut t);
                let mut out = self.stmt(*then, Some(t));
                let mut e = st;
                self.v.branch(file, *cond, false, &mut e);
                let e = match els {
                    Some(els) => self.stmt(*els, Some(e)),
                    None => Some(e),
                };
                join_into(&mut out, e);
                out
            }
            StmtKind::Switch { init, tag, body } => {
                if let Some(i) = init {
                    st = self.stmt(*i, Some(st))?;
                }
                if let Some(t) = tag {
                    self.v.cond(file, *t, &mut st);
                }
                self.clauses(*body, st, label)
            }
            StmtKind::TypeSwitch { init, assign, body } => {
                if let Some(i) = init {
                    st = self.stmt(*i, Some(st))?;
                }
                self.simple(*assign, &mut st);
                self.clauses(*body, st, label)
            }
            StmtKind::Select { body } => {
                let clauses = file.stmt(*body).kind.block_stmts();
                let has_default =
                    clauses.iter().any(|&c| matches!(file.stmt(c).kind, StmtKind::CommClause { comm: None, .. }));
                self.v.select(file, id, has_default, &mut st);
                self.targets.push(Target { label, is_loop: None, breaks: None, continues: Vec::new() });
                let mut out = None;
                for &c in clauses {
                    let StmtKind::CommClause { comm, body, .. } = &file.stmt(c).kind else { continue };
                    let mut cs = st.clone();
                    self.v.comm(file, *comm, &mut cs);
                    join_into(&mut out, self.block(body, Some(cs)));
                }
                let t = self.targets.pop().unwrap();
                join_into(&mut out, t.breaks);
                out
            }
            StmtKind::For { init, cond, post, body } => {
                if let Some(i) = init {
                    st = self.stmt(*i, Some(st))?;
                }
                if let Some(c) = cond {
                    self.v.cond(file, *c, &mut st);
                }
                // A `for` without condition leaves only through `break`.
                let falls_out = cond.is_some();
                self.looped(st, *body, *post, label, falls_out, id)
            }
            StmtKind::Range { x, body, .. } => {
                self.v.cond(file, *x, &mut st);
                self.v.range(file, id, &mut st);
                self.looped(st, *body, None, label, true, id)
            }
            StmtKind::Go { .. }
            | StmtKind::Defer { .. }
            | StmtKind::Assign { .. }
            | StmtKind::IncDec { .. }
            | StmtKind::Send { .. }
            | StmtKind::Decl(_) => {
                self.simple(id, &mut st);
                Some(st)
            }
            StmtKind::Expr(_) => {
                self.simple(id, &mut st);
                if crate::semantic::stmt_never_returns(self.model, file, id) {
                    None
                } else {
                    Some(st)
                }
            }
            StmtKind::Empty { .. } | StmtKind::Bad => Some(st),
            StmtKind::CaseClause { .. } | StmtKind::CommClause { .. } => Some(st),
        }
    }

    fn clauses(&mut self, body: StmtId, st: V::State, label: Option<&'f str>) -> Option<V::State> {
        let file = self.file;
        let clauses = file.stmt(body).kind.block_stmts();
        let has_default = clauses.iter().any(|&c| matches!(file.stmt(c).kind, StmtKind::CaseClause { list: None, .. }));
        self.targets.push(Target { label, is_loop: None, breaks: None, continues: Vec::new() });
        let mut out = if has_default { None } else { Some(st.clone()) };
        let mut carried: Option<V::State> = None;
        for &c in clauses {
            let StmtKind::CaseClause { body, .. } = &file.stmt(c).kind else { continue };
            let mut cs = Some(st.clone());
            if let Some(prev) = carried.take() {
                join_into(&mut cs, Some(prev));
            }
            let end = self.block(body, cs);
            let falls = body
                .last()
                .is_some_and(|&l| matches!(file.stmt(l).kind, StmtKind::Branch { kind: BranchKind::Fallthrough, .. }));
            if falls {
                carried = end;
            } else {
                join_into(&mut out, end);
            }
        }
        let t = self.targets.pop().unwrap();
        join_into(&mut out, t.breaks);
        out
    }

    /// A loop body run once from the entry state, then once more from the state at the
    /// back edge (end of body and `continue`s), which is what a second iteration sees.
    fn looped(
        &mut self,
        entry: V::State,
        body: StmtId,
        post: Option<StmtId>,
        label: Option<&'f str>,
        falls_out: bool,
        loop_id: StmtId,
    ) -> Option<V::State> {
        let mut exit = if falls_out { Some(entry.clone()) } else { None };
        let passes = if self.depth < 3 { 2 } else { 1 };
        self.depth += 1;
        let mut inputs = vec![entry];
        for pass in 0..passes {
            let mut backs: Vec<V::State> = Vec::new();
            for mut input in inputs.drain(..) {
                if self.gave_up {
                    break;
                }
                self.v.iteration(self.file, loop_id, &mut input);
                self.targets.push(Target { label, is_loop: Some(loop_id), breaks: None, continues: Vec::new() });
                let end = self.stmt(body, Some(input));
                if let Some(end) = &end {
                    self.v.leave_iteration(self.file, loop_id, None, end);
                }
                let t = self.targets.pop().unwrap();
                join_into(&mut exit, t.breaks);
                for mut b in end.into_iter().chain(t.continues) {
                    if let Some(p) = post {
                        self.v.stmt(self.file, p, &mut b);
                    }
                    if falls_out {
                        join_into(&mut exit, Some(b.clone()));
                    }
                    backs.push(b);
                }
            }
            if pass + 1 < passes {
                inputs = backs;
            }
        }
        self.depth -= 1;
        exit
    }
}
