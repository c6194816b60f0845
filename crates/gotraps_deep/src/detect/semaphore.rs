//! A semaphore permit kept on an exit path (GT435): a buffered channel used as a
//! counting semaphore (a send takes a slot, a receive whose value nobody reads gives it
//! back) whose slot a function takes and gives back on some paths but returns without
//! giving back on another. Each such return loses one slot for good; once all are lost
//! every later acquirer blocks forever. Modelled like a lock not released on a path
//! (T23): one structured walk per function, branches joined, a loop body walked once.

use super::syntax::{calls_in, contains};
use super::{name, place, Finding, Site};
use crate::facts::{Analysis, Loc, Op, OpKind, Select};
use crate::graph::{CallKind, FuncId};
use crate::points_to::flag;
use gotraps_syntax::ast::{ExprId, ExprKind, StmtId, StmtKind};
use rustc_hash::{FxHashMap, FxHashSet};

/// A slot a path holds: the semaphore class and where it was taken.
#[derive(Clone, Debug, PartialEq)]
struct Permit {
    class: u32,
    at: Loc,
}

type State = Option<Vec<Permit>>;

fn join(a: State, b: State) -> State {
    match (a, b) {
        (Some(mut a), Some(b)) => {
            for p in b {
                if !a.contains(&p) {
                    a.push(p);
                }
            }
            Some(a)
        }
        (a, None) => a,
        (None, b) => b,
    }
}

/// Channel classes used as counting semaphores: made buffered in the package, not
/// reachable from outside, never ranged over or closed, and every receive discards the
/// value (it only gives a slot back).
fn semaphores(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>) -> FxHashSet<u32> {
    let mut out = FxHashSet::default();
    for (&class, sites) in by_class {
        let flags = a.g.u.flags(class);
        if flags & flag::MADE_CHAN == 0 || flags & flag::BUFFERED == 0 || flags & (flag::OPEN | flag::RECV_OPEN) != 0 {
            continue;
        }
        let mut sends = false;
        let mut recvs = false;
        let mut ok = true;
        for s in sites {
            match s.op.kind {
                OpKind::Send => sends = true,
                // A receive among other select cases waits for a signal (a stop
                // channel), it does not give a slot back.
                OpKind::Recv if discards(a, s.op) && s.op.select == Select::No => recvs = true,
                _ => ok = false,
            }
        }
        // A select that both sends and receives on it is a handshake, not a slot.
        let handshake = sites.iter().any(|s| {
            s.op.select_at.is_some()
                && sites.iter().any(|o| o.func == s.func && o.op.select_at == s.op.select_at && o.op.kind != s.op.kind)
        });
        if ok && sends && recvs && !handshake {
            out.insert(class);
        }
    }
    out
}

/// Whether a receive is a statement of its own (`<-sem`), or a bare select case
/// (`case <-sem:`): the value is not read.
fn discards(a: &Analysis, op: &Op) -> bool {
    let src = &a.g.m.files()[op.at.file as usize].src;
    let start = op.at.span.start as usize;
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = src[line_start..start].trim();
    before.is_empty() || before == "case" || before == "defer func() {" || before.ends_with('{')
}

/// Whether `text` names function `name` without calling it (`l.release`, not
/// `l.release()`).
fn mentions_uncalled(text: &str, name: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(|c| ident(c) || c == '(')
    })
}

struct Walk<'a, 'm> {
    a: &'a Analysis<'m>,
    fi: FuncId,
    file: u32,
    sems: &'a FxHashSet<u32>,
    /// This function's own operations on semaphores.
    ops: Vec<&'a Op>,
    /// Classes a deferred call gives back (paid on every exit after the defer).
    deferred: FxHashSet<u32>,
    /// Classes this function gives back on some path.
    released: FxHashSet<u32>,
    /// Names of functions that give a slot back, by class: a return that hands one of
    /// them out uncalled (`&conn{release: l.release}`) hands the slot to its caller.
    releasers: &'a [(u32, String)],
    leaks: Vec<(Permit, Loc)>,
}

impl<'a, 'm> Walk<'a, 'm> {
    fn file(&self) -> &'m gotraps_syntax::File {
        &self.a.g.m.files()[self.file as usize]
    }

    /// Semaphore classes whose slot the callees of `call` take (`Send`) or give back
    /// (`Recv`), one call level down.
    fn callee_ops(&self, call: ExprId, kind: OpKind) -> Vec<(u32, Loc)> {
        let mut out = Vec::new();
        for &ci in self.a.g.call_at.get(&(self.file, call)).map_or(&[][..], |v| &v[..]) {
            let c = &self.a.g.calls[ci];
            if c.caller != self.fi || c.kind == CallKind::Go {
                continue;
            }
            for &callee in &c.callees {
                for op in &self.a.facts[callee as usize].ops {
                    let class = self.a.g.u.root(op.class);
                    if op.kind == kind && self.sems.contains(&class) {
                        out.push((class, op.at));
                    }
                }
            }
        }
        out
    }

    fn take(&self, state: &mut State, class: u32, at: Loc) {
        if let Some(st) = state.as_mut() {
            let p = Permit { class, at };
            if !self.deferred.contains(&class) && !st.contains(&p) {
                st.push(p);
            }
        }
    }

    fn give(&mut self, state: &mut State, class: u32) {
        self.released.insert(class);
        if let Some(st) = state.as_mut() {
            st.retain(|p| p.class != class);
        }
    }

    /// Effects of an expression: releases by receives and calls, acquires by calls.
    fn expr(&mut self, e: ExprId, state: &mut State) {
        let f = self.file();
        let span = f.expr(e).span;
        let recvs: Vec<u32> = self
            .ops
            .iter()
            .filter(|o| o.kind == OpKind::Recv && contains(span, o.at.span))
            .map(|o| self.a.g.u.root(o.class))
            .collect();
        for c in recvs {
            self.give(state, c);
        }
        let mut calls = Vec::new();
        calls_in(f, e, &mut calls);
        for call in calls {
            for (c, _) in self.callee_ops(call, OpKind::Recv) {
                self.give(state, c);
            }
            for (c, _) in self.callee_ops(call, OpKind::Send) {
                let at = Loc { file: self.file, span: f.expr(call).span };
                self.take(state, c, at);
            }
            if matches!(
                self.a.g.m.call_event(self.file as usize, call),
                Some(gotraps_semantic::EventKind::Panic | gotraps_semantic::EventKind::Exit)
            ) {
                *state = None;
            }
        }
    }

    fn stmts(&mut self, list: &[StmtId], mut state: State) -> State {
        for &s in list {
            state = self.stmt(s, state);
        }
        state
    }

    fn stmt(&mut self, s: StmtId, state: State) -> State {
        state.as_ref()?;
        let f = self.file();
        let mut state = state;
        let span = f.stmt(s).span;
        match &f.stmt(s).kind {
            StmtKind::Block { stmts } => self.stmts(stmts, state),
            StmtKind::Labeled { stmt, .. } => self.stmt(*stmt, state),
            StmtKind::Expr(e) | StmtKind::IncDec { x: e, .. } => {
                self.expr(*e, &mut state);
                state
            }
            StmtKind::Assign { lhs, rhs, .. } => {
                for &e in rhs.iter().chain(lhs.iter()) {
                    self.expr(e, &mut state);
                }
                state
            }
            StmtKind::Send { chan, value, .. } => {
                self.expr(*chan, &mut state);
                self.expr(*value, &mut state);
                let taken: Vec<u32> = self
                    .ops
                    .iter()
                    .filter(|o| o.kind == OpKind::Send && o.at.span == span)
                    .map(|o| self.a.g.u.root(o.class))
                    .collect();
                for c in taken {
                    self.take(&mut state, c, Loc { file: self.file, span });
                }
                state
            }
            // A goroutine started while a slot is held takes the slot over (it gives it
            // back when its work is done).
            StmtKind::Go { .. } => state.map(|_| Vec::new()),
            StmtKind::Defer { call } => {
                let call = *call;
                let mut gives: Vec<u32> = self.callee_ops(call, OpKind::Recv).into_iter().map(|(c, _)| c).collect();
                let cs = f.expr(call).span;
                gives.extend(
                    self.ops
                        .iter()
                        .filter(|o| o.kind == OpKind::Recv && contains(cs, o.at.span))
                        .map(|o| self.a.g.u.root(o.class)),
                );
                // `defer func() { <-sem }()`: the literal's own receive.
                if let ExprKind::Call { fun, .. } = &f.expr(call).kind {
                    if let ExprKind::FuncLit { .. } = &f.expr(*fun).kind {
                        for &ci in self.a.g.call_at.get(&(self.file, call)).map_or(&[][..], |v| &v[..]) {
                            for &callee in &self.a.g.calls[ci].callees {
                                for op in &self.a.facts[callee as usize].ops {
                                    let c = self.a.g.u.root(op.class);
                                    if op.kind == OpKind::Recv && self.sems.contains(&c) {
                                        gives.push(c);
                                    }
                                }
                            }
                        }
                    }
                }
                for c in gives {
                    self.deferred.insert(c);
                    self.give(&mut state, c);
                }
                state
            }
            StmtKind::Return { results } => {
                for &e in results.iter() {
                    self.expr(e, &mut state);
                    let text = f.text(f.expr(e).span);
                    let handed: Vec<u32> =
                        self.releasers.iter().filter(|(_, n)| mentions_uncalled(text, n)).map(|(c, _)| *c).collect();
                    for c in handed {
                        self.give(&mut state, c);
                    }
                }
                for p in state.iter().flatten() {
                    self.leaks.push((p.clone(), Loc { file: self.file, span }));
                }
                None
            }
            StmtKind::Branch { kind, .. } => {
                if *kind == gotraps_syntax::ast::BranchKind::Fallthrough {
                    state
                } else {
                    // Leaving a loop body: what it holds is the loop's business (not
                    // followed further).
                    None
                }
            }
            StmtKind::If { init, cond, then, els } => {
                // Slots taken in the condition (`if err := sem.Acquire(ctx); err != nil`)
                // are not held on the `then` branch: that is the acquire's failure path.
                let before: Vec<Permit> = state.clone().unwrap_or_default();
                if let Some(i) = init {
                    state = self.stmt(*i, state);
                }
                self.expr(*cond, &mut state);
                let failed = state.clone().map(|v| v.into_iter().filter(|p| before.contains(p)).collect::<Vec<_>>());
                let t = self.stmt(*then, failed);
                let e = match els {
                    Some(e) => self.stmt(*e, state),
                    None => state,
                };
                join(t, e)
            }
            StmtKind::Switch { init, tag, body } => {
                if let Some(i) = init {
                    state = self.stmt(*i, state);
                }
                if let Some(t) = tag {
                    self.expr(*t, &mut state);
                }
                self.clauses(*body, state)
            }
            StmtKind::TypeSwitch { init, assign, body } => {
                if let Some(i) = init {
                    state = self.stmt(*i, state);
                }
                state = self.stmt(*assign, state);
                self.clauses(*body, state)
            }
            StmtKind::Select { body } => {
                let clauses = f.stmt(*body).kind.block_stmts().to_vec();
                let mut out = None;
                for c in clauses {
                    let StmtKind::CommClause { comm, body, .. } = &f.stmt(c).kind else { continue };
                    let mut st = state.clone();
                    if let Some(cs) = comm {
                        st = self.stmt(*cs, st);
                    }
                    out = join(out, self.stmts(body, st));
                }
                out
            }
            StmtKind::For { init, cond, post, body } => {
                if let Some(i) = init {
                    state = self.stmt(*i, state);
                }
                if let Some(c) = cond {
                    self.expr(*c, &mut state);
                }
                let end = self.stmt(*body, state.clone());
                if let Some(p) = post {
                    self.stmt(*p, end);
                }
                // A slot taken and kept inside the body is handed on across trips (not
                // followed); after the loop the state from before it continues.
                if cond.is_none() {
                    None
                } else {
                    state
                }
            }
            StmtKind::Range { x, body, .. } => {
                self.expr(*x, &mut state);
                self.stmt(*body, state.clone());
                state
            }
            _ => state,
        }
    }

    fn clauses(&mut self, body: StmtId, state: State) -> State {
        let f = self.file();
        let clauses = f.stmt(body).kind.block_stmts().to_vec();
        let mut has_default = false;
        let mut out = None;
        for c in clauses {
            let StmtKind::CaseClause { list, body, .. } = &f.stmt(c).kind else { continue };
            has_default |= list.is_none();
            let mut st = state.clone();
            for &e in list.iter().flatten() {
                self.expr(e, &mut st);
            }
            out = join(out, self.stmts(body, st));
        }
        if !has_default {
            out = join(out, state);
        }
        out
    }
}

pub(super) fn permit_paths(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, out: &mut Vec<Finding>) {
    let sems = semaphores(a, by_class);
    if sems.is_empty() {
        return;
    }
    // Functions that take a slot of a semaphore, directly or one call down.
    let mut users: FxHashSet<FuncId> = FxHashSet::default();
    for &c in &sems {
        for s in &by_class[&c] {
            if s.op.kind == OpKind::Send {
                users.insert(s.func);
                for call in &a.g.calls {
                    if call.kind == CallKind::Plain && call.callees.contains(&s.func) {
                        users.insert(call.caller);
                    }
                }
            }
        }
    }
    let mut releasers: Vec<(u32, String)> = Vec::new();
    for &c in &sems {
        for s in &by_class[&c] {
            let n = super::func_name(a, s.func);
            if s.op.kind == OpKind::Recv && n != "func literal" && !releasers.iter().any(|(k, m)| *k == c && *m == n) {
                releasers.push((c, n));
            }
        }
    }
    let mut users: Vec<FuncId> = users.into_iter().collect();
    users.sort_unstable();
    for fi in users {
        let ops: Vec<&Op> =
            a.facts[fi as usize].ops.iter().filter(|o| sems.contains(&a.g.u.root(o.class)) && !o.deferred).collect();
        let mut w = Walk {
            a,
            fi,
            file: a.g.funcs[fi as usize].file,
            sems: &sems,
            ops,
            deferred: FxHashSet::default(),
            released: FxHashSet::default(),
            releasers: &releasers,
            leaks: Vec::new(),
        };
        let body = a.g.m.bodies()[a.g.funcs[fi as usize].body].body;
        w.stmt(body, Some(Vec::new()));
        let mut seen: FxHashSet<u32> = FxHashSet::default();
        for (p, exit) in std::mem::take(&mut w.leaks) {
            // A slot is leaked only where other paths of the same function give it
            // back: then this exit is the one that forgot (an `Acquire` helper that
            // returns holding the slot is doing its job).
            if !w.released.contains(&p.class) || !seen.insert(exit.span.start) {
                continue;
            }
            let Some(send) = by_class[&p.class].iter().find(|s| s.op.kind == OpKind::Send) else { continue };
            let sem = name(a, send.op.obj);
            out.push(Finding {
                detector: crate::Detector::PermitLeaked,
                at: exit,
                message: format!(
                    "this return keeps the slot of semaphore `{sem}` taken at {}: other paths give it back, this one never does, and once every slot is lost this way each later acquire blocks forever",
                    place(a, p.at)
                ),
                labels: vec![(p.at, "takes a slot".to_string())],
                help: format!(
                    "give the slot of `{sem}` back before this return, or release it with `defer` right after taking it"
                ),
            });
        }
    }
}
