//! Per-function facts and summaries. Each function body is walked once in structured
//! order, keeping the set of locks held on every path (must-held: branches meet by
//! intersection, a loop body runs once), and records its concurrency operations on
//! abstract objects and its calls, each with the locks held there. Summaries (locks
//! acquired at any call depth with the call chain to each, locks still held at exit,
//! locks of the caller released) are composed bottom-up over the call graph's strongly
//! connected components, so each function is walked a bounded number of times.

use crate::graph::{CallKind, FuncId, Graph};
use gotraps_semantic::{EventKind, ObjId, ObjKind};
use gotraps_syntax::ast::{ExprId, ExprKind, Spec, StmtId, StmtKind, UnaryOp};
use gotraps_syntax::Span;

/// A source location: file index in the package and span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Loc {
    pub file: u32,
    pub span: Span,
}

/// Where an access path starts: a parameter (receiver first) or a variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Root {
    Param(u16),
    Var(ObjId),
}

/// A must-alias name of an object: root plus field selections (`s.store.mu`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct APath {
    pub root: Root,
    pub fields: Vec<ObjId>,
}

#[derive(Clone, Debug)]
pub struct Held {
    pub class: u32,
    pub path: Option<APath>,
    pub read: bool,
    /// The Lock call.
    pub at: Loc,
    /// The lock expression (`s.mu`).
    pub obj: Loc,
    /// A `sync.Once` running its function (`once.Do(f)`, or a call of a function made by
    /// `sync.OnceFunc`/`OnceValue`/`OnceValues`): held until the function returns.
    pub once: bool,
}

impl Held {
    fn same(&self, o: &Held) -> bool {
        self.class == o.class && self.path == o.path && self.read == o.read
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OpKind {
    Send,
    Recv,
    Close,
    /// `for range ch`.
    Range,
    Lock,
    RLock,
    Unlock,
    RUnlock,
    WgAdd,
    WgDone,
    WgWait,
    CondWait,
    CondSignal,
    CondBroadcast,
    /// `<-ctx.Done()`.
    CtxDone,
    Cancel,
}

/// Whether a channel operation is a case of a select, and with what alternatives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Select {
    No,
    WithDefault,
    WithOthers,
}

#[derive(Clone, Debug)]
pub struct Op {
    pub kind: OpKind,
    pub class: u32,
    pub path: Option<APath>,
    pub at: Loc,
    /// The object expression (`s.ch`, `s.mu`).
    pub obj: Loc,
    pub held: Vec<Held>,
    pub select: Select,
    /// In a `defer` statement: runs when the function returns.
    pub deferred: bool,
    pub in_loop: bool,
    /// Lock classes acquired earlier in the function (on some path).
    pub acquired_before: Vec<u32>,
    /// For `range`: the loop body can leave the loop (break, return, goto). For a
    /// receive in a select: another case can end the receiving (it returns or leaves
    /// the loop, or the select is not in a loop).
    pub leaves_loop: bool,
    /// For a select case: where the select starts (identifies the cases of one select
    /// within the function), and whether this case itself ends the waiting (its body
    /// returns or leaves the loop, or the select is not in a loop).
    pub select_at: Option<u32>,
    pub case_leaves: bool,
    /// The innermost enclosing loop is a `for` without condition (a serving loop that
    /// ends only through a case that leaves it).
    pub forever_loop: bool,
    /// A `Lock` that is a `sync.Once` starting its function (see [`Held::once`]).
    pub once: bool,
}

#[derive(Clone, Debug)]
pub struct CallFact {
    /// Index into [`Graph::calls`].
    pub call: usize,
    pub held: Vec<Held>,
    pub acquired_before: Vec<u32>,
    pub in_loop: bool,
}

/// A call of code outside the package that the package's callers supply: a function
/// value from an exported field or an exported function's parameter. (An interface
/// implemented outside the package is as often a dependency, a store or a verifier,
/// that never calls back: not counted.)
#[derive(Clone, Debug)]
pub struct OutsideCall {
    pub at: Loc,
    pub held: Vec<Held>,
}

#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub ops: Vec<Op>,
    pub calls: Vec<CallFact>,
    pub outside_calls: Vec<OutsideCall>,
    /// Locks acquired here and still held when the function returns normally.
    pub exit_held: Vec<Held>,
    /// Locks released here that the function did not acquire (its caller's).
    pub releases: Vec<(u32, Option<APath>)>,
    /// `return` statements, and whether the end of the body is reachable.
    pub returns: Vec<Loc>,
    pub falls_off_end: bool,
    /// `range` loops over a map: the iteration order differs from run to run.
    pub map_ranges: Vec<MapRange>,
}

/// A `range` over a map, with the operations and calls of its body (index ranges into
/// [`Facts::ops`] and [`Facts::calls`]).
#[derive(Clone, Debug)]
pub struct MapRange {
    /// The ranged expression.
    pub at: Loc,
    /// The value variable (`v` in `for _, v := range m`).
    pub value: Option<ObjId>,
    pub ops: std::ops::Range<usize>,
    pub calls: std::ops::Range<usize>,
    /// Locks held when the loop starts.
    pub entry_held: Vec<Held>,
}

/// A lock a function acquires, directly or in a callee.
#[derive(Clone, Debug)]
pub struct Acq {
    pub class: u32,
    pub path: Option<APath>,
    pub read: bool,
    /// A `sync.Once` (see [`Held::once`]).
    pub once: bool,
    /// Call sites from the function to the one that locks, then the lock call.
    pub chain: Vec<Loc>,
    /// When `path` is unknown here (the lock was named through a value loaded from
    /// another object): the last field of the path it had where it was known, so a lock
    /// reached through a back pointer can still be told to be the same field.
    pub field: Option<ObjId>,
}

/// An operation that can block (a send, receive, `range` over a channel, `Wait`) that a
/// function reaches, directly or in a callee.
#[derive(Clone, Debug)]
pub struct Blocking {
    /// The function holding the operation, and its index in that function's ops.
    pub func: FuncId,
    pub op: usize,
    /// Call sites from the function to the one holding the operation, then the operation.
    pub chain: Vec<Loc>,
}

#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub acquires: Vec<Acq>,
    /// Chains of calls (call sites, then the call itself) to code outside the package
    /// that callers supply (see [`OutsideCall`]).
    pub outside_calls: Vec<Vec<Loc>>,
    /// Blocking operations reached (see [`Blocking`]), at most [`MAX_BLOCKING`].
    pub blocking: Vec<Blocking>,
}

impl Summary {
    fn size(&self) -> usize {
        self.acquires.len() + self.outside_calls.len() + self.blocking.len()
    }
}

const MAX_ACQUIRES: usize = 24;
const MAX_BLOCKING: usize = 4;
const MAX_OUTSIDE_CALLS: usize = 4;
/// Rounds of summary propagation inside a recursive component (beyond chains of
/// `MAX_CHAIN` calls nothing new can arrive).
const MAX_SCC_ROUNDS: usize = MAX_CHAIN;
const MAX_CHAIN: usize = 8;
const MAX_FIELDS: usize = 6;

pub struct Analysis<'m> {
    pub g: Graph<'m>,
    pub facts: Vec<Facts>,
    pub summaries: Vec<Summary>,
}

impl<'m> Analysis<'m> {
    pub fn run(g: Graph<'m>) -> Analysis<'m> {
        let n = g.funcs.len();
        let mut a = Analysis { facts: vec![Facts::default(); n], summaries: vec![Summary::default(); n], g };
        for scc in a.sccs() {
            let rounds = if scc.len() > 1 || a.self_recursive(scc[0]) { 2 } else { 1 };
            for _ in 0..rounds {
                for &f in &scc {
                    a.facts[f as usize] = Walker::walk(&mut a.g, &a.summaries, f);
                    a.summaries[f as usize] = a.summarise(f);
                }
            }
            // Inside a recursive component a lock taken k calls away needs k rounds to
            // reach every member: propagate summaries (not walks) until they stop
            // growing. Summaries are capped, so this ends; the cap bounds the cost.
            if rounds > 1 {
                for _ in 0..MAX_SCC_ROUNDS {
                    let before: usize = scc.iter().map(|&f| a.summaries[f as usize].size()).sum();
                    for &f in &scc {
                        a.summaries[f as usize] = a.summarise(f);
                    }
                    let after: usize = scc.iter().map(|&f| a.summaries[f as usize].size()).sum();
                    if after == before {
                        break;
                    }
                }
            }
        }
        a
    }

    fn self_recursive(&self, f: FuncId) -> bool {
        self.g.calls_of[f as usize].iter().any(|&c| self.g.calls[c].callees.contains(&f))
    }

    /// Strongly connected components of the call graph (plain and deferred calls), callees
    /// before callers (Tarjan, iterative).
    fn sccs(&self) -> Vec<Vec<FuncId>> {
        let n = self.g.funcs.len();
        let succ = |f: usize| -> Vec<FuncId> {
            self.g.calls_of[f]
                .iter()
                .map(|&c| &self.g.calls[c])
                .filter(|c| c.kind != CallKind::Go)
                .flat_map(|c| c.callees.iter().copied())
                .collect()
        };
        let mut index = vec![u32::MAX; n];
        let mut low = vec![0u32; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut out = Vec::new();
        let mut next = 0u32;
        for start in 0..n {
            if index[start] != u32::MAX {
                continue;
            }
            let mut work: Vec<(usize, Vec<FuncId>, usize)> = vec![(start, succ(start), 0)];
            index[start] = next;
            low[start] = next;
            next += 1;
            stack.push(start);
            on_stack[start] = true;
            while let Some((v, succs, i)) = work.last_mut() {
                let v = *v;
                if *i < succs.len() {
                    let w = succs[*i] as usize;
                    *i += 1;
                    if index[w] == u32::MAX {
                        index[w] = next;
                        low[w] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        let s = succ(w);
                        work.push((w, s, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                } else {
                    work.pop();
                    if let Some((p, _, _)) = work.last() {
                        low[*p] = low[*p].min(low[v]);
                    }
                    if low[v] == index[v] {
                        let mut scc = Vec::new();
                        while let Some(w) = stack.pop() {
                            on_stack[w] = false;
                            scc.push(w as FuncId);
                            if w == v {
                                break;
                            }
                        }
                        out.push(scc);
                    }
                }
            }
        }
        out
    }

    fn summarise(&self, f: FuncId) -> Summary {
        let facts = &self.facts[f as usize];
        let mut acq: Vec<Acq> = Vec::new();
        let push = |acq: &mut Vec<Acq>, a: Acq| {
            if acq.len() < MAX_ACQUIRES
                && !acq.iter().any(|b| b.class == a.class && b.path == a.path && b.read == a.read && b.once == a.once)
            {
                acq.push(a);
            }
        };
        // A function that releases its caller's lock and takes it again (unlock, work,
        // relock) does not take it while the caller holds it.
        let released = |class: u32, path: &Option<APath>| {
            facts.releases.iter().any(|(c, p)| *c == class && (p.is_none() || path.is_none() || p == path))
        };
        for op in &facts.ops {
            if matches!(op.kind, OpKind::Lock | OpKind::RLock) && !op.deferred && !released(op.class, &op.path) {
                push(
                    &mut acq,
                    Acq {
                        class: op.class,
                        path: op.path.clone(),
                        read: op.kind == OpKind::RLock,
                        once: op.once,
                        chain: vec![op.at],
                        field: None,
                    },
                );
            }
        }
        for cf in &facts.calls {
            let call = &self.g.calls[cf.call];
            if call.kind == CallKind::Go {
                continue;
            }
            for &c in &call.callees {
                for a in &self.summaries[c as usize].acquires {
                    if a.chain.len() >= MAX_CHAIN {
                        continue;
                    }
                    let path = a.path.as_ref().and_then(|p| self.map_path(cf.call, c, p));
                    if released(a.class, &path) {
                        continue;
                    }
                    let field = match (&path, &a.path) {
                        (None, Some(p)) => p.fields.last().copied(),
                        (None, None) => a.field,
                        _ => None,
                    };
                    let mut chain =
                        vec![Loc { file: call.file, span: self.g.m.files()[call.file as usize].expr(call.expr).span }];
                    chain.extend_from_slice(&a.chain);
                    push(&mut acq, Acq { class: a.class, path, read: a.read, once: a.once, chain, field });
                }
            }
        }
        let mut outside: Vec<Vec<Loc>> = Vec::new();
        for oc in &facts.outside_calls {
            if outside.len() < MAX_OUTSIDE_CALLS && !outside.iter().any(|c| c[0] == oc.at) {
                outside.push(vec![oc.at]);
            }
        }
        for cf in &facts.calls {
            let call = &self.g.calls[cf.call];
            if call.kind != CallKind::Plain {
                continue;
            }
            for &c in &call.callees {
                for chain in &self.summaries[c as usize].outside_calls {
                    if outside.len() >= MAX_OUTSIDE_CALLS || chain.len() >= MAX_CHAIN {
                        break;
                    }
                    if outside.iter().any(|o| o.last() == chain.last()) {
                        continue;
                    }
                    let at = Loc { file: call.file, span: self.g.m.files()[call.file as usize].expr(call.expr).span };
                    let mut full = vec![at];
                    full.extend_from_slice(chain);
                    outside.push(full);
                }
            }
        }
        Summary { acquires: acq, outside_calls: outside, blocking: self.blocking(f) }
    }

    /// The blocking operations `f` reaches: its own (not in a select with a default,
    /// not deferred), then its plain callees', each with the call chain to it.
    fn blocking(&self, f: FuncId) -> Vec<Blocking> {
        let facts = &self.facts[f as usize];
        let mut out: Vec<Blocking> = Vec::new();
        for (i, op) in facts.ops.iter().enumerate() {
            if out.len() >= MAX_BLOCKING {
                return out;
            }
            if matches!(op.kind, OpKind::Send | OpKind::Recv | OpKind::Range | OpKind::WgWait | OpKind::CondWait)
                && op.select != Select::WithDefault
                && !op.deferred
            {
                out.push(Blocking { func: f, op: i, chain: vec![op.at] });
            }
        }
        for cf in &facts.calls {
            let call = &self.g.calls[cf.call];
            if call.kind != CallKind::Plain {
                continue;
            }
            for &c in &call.callees {
                for b in &self.summaries[c as usize].blocking {
                    if out.len() >= MAX_BLOCKING {
                        return out;
                    }
                    if b.chain.len() >= MAX_CHAIN || out.iter().any(|o| o.func == b.func && o.op == b.op) {
                        continue;
                    }
                    let at = Loc { file: call.file, span: self.g.m.files()[call.file as usize].expr(call.expr).span };
                    let mut chain = vec![at];
                    chain.extend_from_slice(&b.chain);
                    out.push(Blocking { func: b.func, op: b.op, chain });
                }
            }
        }
        out
    }

    /// A callee's access path in the caller's terms, at call `ci`.
    pub fn map_path(&self, ci: usize, callee: FuncId, p: &APath) -> Option<APath> {
        map_path(&self.g, ci, callee, p)
    }

    /// Source text of a location.
    pub fn text(&self, l: Loc) -> &str {
        self.g.m.files()[l.file as usize].text(l.span)
    }
}

fn map_path(g: &Graph, ci: usize, callee: FuncId, p: &APath) -> Option<APath> {
    match p.root {
        Root::Var(obj) => g.m.prog.obj(obj).is_package_level().then(|| p.clone()),
        Root::Param(i) => {
            let call = &g.calls[ci];
            let f = &g.funcs[callee as usize];
            let arg = if f.is_method {
                if i == 0 {
                    call.recv?
                } else {
                    *call.args.get(i as usize - 1)?
                }
            } else {
                *call.args.get(i as usize)?
            };
            let caller = &g.funcs[call.caller as usize];
            let mut base = apath(g, call.file, &caller.params, arg)?;
            base.fields.extend_from_slice(&p.fields);
            (base.fields.len() <= MAX_FIELDS).then_some(base)
        }
    }
}

/// The must-alias access path of an expression, relative to the function's parameters.
pub fn apath(g: &Graph, file: u32, params: &[Option<ObjId>], e: ExprId) -> Option<APath> {
    let f = &g.m.files()[file as usize];
    match &f.expr(e).kind {
        ExprKind::Paren { x } | ExprKind::Star { x } | ExprKind::Unary { op: UnaryOp::And, x, .. } => {
            apath(g, file, params, *x)
        }
        ExprKind::Ident(id) => {
            let obj = g.m.object_of(file as usize, *id)?;
            if g.m.prog.obj(obj).kind != ObjKind::Var || g.reassigned.contains(&obj) {
                return None;
            }
            let root = match params.iter().position(|&p| p == Some(obj)) {
                Some(i) => Root::Param(i as u16),
                None => Root::Var(obj),
            };
            Some(APath { root, fields: Vec::new() })
        }
        ExprKind::Selector { x, sel } => {
            let obj = g.m.object_of(file as usize, *sel)?;
            match g.m.prog.obj(obj).kind {
                ObjKind::Field => {
                    let mut p = apath(g, file, params, *x)?;
                    if p.fields.len() >= MAX_FIELDS {
                        return None;
                    }
                    p.fields.push(obj);
                    Some(p)
                }
                ObjKind::Var => Some(APath { root: Root::Var(obj), fields: Vec::new() }),
                _ => None,
            }
        }
        _ => None,
    }
}

struct Walker<'a, 'm> {
    g: &'a mut Graph<'m>,
    summaries: &'a [Summary],
    fi: FuncId,
    file: u32,
    params: Vec<Option<ObjId>>,
    facts: Facts,
    acquired: Vec<u32>,
    loops: u32,
    /// Per enclosing loop, innermost last: whether it is a `for` without condition.
    forever: Vec<bool>,
    deferred_unlocks: Vec<(u32, Option<APath>)>,
}

type HeldSet = Vec<Held>;

fn join(a: Option<HeldSet>, b: Option<HeldSet>) -> Option<HeldSet> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.into_iter().filter(|h| b.iter().any(|o| o.same(h))).collect()),
        (a, None) => a,
        (None, b) => b,
    }
}

impl<'a, 'm> Walker<'a, 'm> {
    fn walk(g: &'a mut Graph<'m>, summaries: &'a [Summary], fi: FuncId) -> Facts {
        let func = &g.funcs[fi as usize];
        let (file, params) = (func.file, func.params.clone());
        let body = g.m.bodies()[func.body].body;
        let mut w = Walker {
            g,
            summaries,
            fi,
            file,
            params,
            facts: Facts::default(),
            acquired: Vec::new(),
            loops: 0,
            forever: Vec::new(),
            deferred_unlocks: Vec::new(),
        };
        let end = w.stmt(body, Some(Vec::new()));
        w.facts.falls_off_end = end.is_some();
        let mut exit = end;
        for h in std::mem::take(&mut w.facts.exit_held) {
            exit = join(exit, Some(vec![h]));
        }
        let deferred = std::mem::take(&mut w.deferred_unlocks);
        w.facts.exit_held = exit
            .unwrap_or_default()
            .into_iter()
            .filter(|h| !deferred.iter().any(|(c, p)| *c == h.class && (p.is_none() || *p == h.path)))
            .collect();
        w.facts
    }

    fn loc(&self, e: ExprId) -> Loc {
        Loc { file: self.file, span: self.g.m.files()[self.file as usize].expr(e).span }
    }

    fn sloc(&self, s: StmtId) -> Loc {
        Loc { file: self.file, span: self.g.m.files()[self.file as usize].stmt(s).span }
    }

    fn stmts(&mut self, list: &[StmtId], mut held: Option<HeldSet>) -> Option<HeldSet> {
        for &s in list {
            held = self.stmt(s, held);
        }
        held
    }

    /// Walks a statement from the locks held before it; `None` = unreachable.
    fn stmt(&mut self, s: StmtId, held: Option<HeldSet>) -> Option<HeldSet> {
        // Code after a return is still walked (for its operations), from nothing held.
        let mut h = held.clone().unwrap_or_default();
        let reachable = held.is_some();
        // The file outlives the walker: its lists are read in place while `self` changes.
        let m: &'m gotraps_semantic::PackageModel<'m> = self.g.m;
        let f = &m.files()[self.file as usize];
        let kind = &f.stmt(s).kind;
        let out: Option<HeldSet> = match kind {
            StmtKind::Block { stmts } => {
                return self.stmts(&stmts[..], held);
            }
            StmtKind::Labeled { stmt, .. } => return self.stmt(*stmt, held),
            StmtKind::Expr(e) => {
                let e = *e;
                let ends = self.expr(e, &mut h, Select::No);
                (!ends).then_some(h)
            }
            StmtKind::Send { chan, value, .. } => {
                let (chan, value) = (*chan, *value);
                self.expr(chan, &mut h, Select::No);
                self.expr(value, &mut h, Select::No);
                let at = self.sloc(s);
                self.chan_op(OpKind::Send, chan, at, &h, Select::No, false);
                Some(h)
            }
            StmtKind::Assign { lhs, rhs, .. } => {
                let all: Vec<ExprId> = rhs.iter().chain(lhs.iter()).copied().collect();
                for e in all {
                    self.expr(e, &mut h, Select::No);
                }
                Some(h)
            }
            StmtKind::IncDec { x, .. } => {
                let x = *x;
                self.expr(x, &mut h, Select::No);
                Some(h)
            }
            StmtKind::Decl(gd) => {
                let vals: Vec<ExprId> = gd
                    .specs
                    .iter()
                    .filter_map(|sp| if let Spec::Value(vs) = sp { Some(vs.values.clone()) } else { None })
                    .flatten()
                    .collect();
                for e in vals {
                    self.expr(e, &mut h, Select::No);
                }
                Some(h)
            }
            StmtKind::Go { call } => {
                let call = *call;
                self.call_operands(call, &mut h);
                self.record_calls(call, &h, CallKind::Go);
                Some(h)
            }
            StmtKind::Defer { call } => {
                let call = *call;
                self.call_operands(call, &mut h);
                self.deferred_call(call, &h);
                Some(h)
            }
            StmtKind::Return { results } => {
                for &e in results.iter() {
                    self.expr(e, &mut h, Select::No);
                }
                let at = self.sloc(s);
                self.facts.returns.push(at);
                if reachable {
                    // Exit lock sets are met at the end of the walk.
                    self.facts.exit_held.extend(h.iter().cloned());
                    if h.is_empty() {
                        self.facts.exit_held.push(Held {
                            class: u32::MAX,
                            path: None,
                            read: false,
                            at,
                            obj: at,
                            once: false,
                        });
                    }
                }
                None
            }
            StmtKind::Branch { .. } => None,
            StmtKind::If { init, cond, then, els } => {
                let (init, cond, then, els) = (*init, *cond, *then, *els);
                let mut cur = Some(h);
                if let Some(i) = init {
                    cur = self.stmt(i, cur);
                }
                let mut hc = cur.clone().unwrap_or_default();
                self.expr(cond, &mut hc, Select::No);
                let base = cur.map(|_| hc);
                let a = self.stmt(then, base.clone());
                let b = match els {
                    Some(e) => self.stmt(e, base),
                    None => base,
                };
                join(a, b)
            }
            StmtKind::Switch { init, tag, body } => {
                let (init, tag, body) = (*init, *tag, *body);
                let mut cur = Some(h);
                if let Some(i) = init {
                    cur = self.stmt(i, cur);
                }
                let mut hc = cur.clone().unwrap_or_default();
                if let Some(t) = tag {
                    self.expr(t, &mut hc, Select::No);
                }
                self.clauses(body, cur.map(|_| hc))
            }
            StmtKind::TypeSwitch { init, assign, body } => {
                let (init, assign, body) = (*init, *assign, *body);
                let mut cur = Some(h);
                if let Some(i) = init {
                    cur = self.stmt(i, cur);
                }
                cur = self.stmt(assign, cur);
                self.clauses(body, cur)
            }
            StmtKind::Select { body } => {
                let body = *body;
                self.select(body, Some(h))
            }
            StmtKind::For { init, cond, post, body } => {
                let (init, cond, post, body) = (*init, *cond, *post, *body);
                let mut cur = Some(h);
                if let Some(i) = init {
                    cur = self.stmt(i, cur);
                }
                let mut hc = cur.clone().unwrap_or_default();
                if let Some(c) = cond {
                    self.expr(c, &mut hc, Select::No);
                }
                let entry = cur.map(|_| hc);
                self.loops += 1;
                self.forever.push(cond.is_none());
                let after = self.stmt(body, entry.clone());
                if let Some(p) = post {
                    self.stmt(p, after.clone().or_else(|| entry.clone()));
                }
                self.forever.pop();
                self.loops -= 1;
                // `for {}` without a condition leaves only through break (or return).
                let breaks = cond.is_some() || self.has_break(body);
                if breaks {
                    join(entry, after)
                } else {
                    None
                }
            }
            StmtKind::Range { x, body, value, .. } => {
                let (x, body, value) = (*x, *body, *value);
                self.expr(x, &mut h, Select::No);
                let xt = self.g.m.type_of(self.file as usize, x);
                if self.g.m.chan_of(xt).is_some() {
                    let at = self.loc(x);
                    self.chan_op(OpKind::Range, x, at, &h, Select::No, false);
                    let leaves = self.has_break(body) || self.has_return(body);
                    if let Some(op) = self.facts.ops.last_mut().filter(|o| o.kind == OpKind::Range) {
                        op.leaves_loop = leaves;
                    }
                }
                self.loops += 1;
                self.forever.push(false);
                let (first_op, first_call) = (self.facts.ops.len(), self.facts.calls.len());
                let entry_held = h.clone();
                let entry = Some(h);
                let after = self.stmt(body, entry.clone());
                self.forever.pop();
                self.loops -= 1;
                let m = self.g.m;
                if matches!(m.prog.types.get(m.prog.underlying(xt)), gotraps_semantic::TypeData::Map(..)) {
                    let f = &m.files()[self.file as usize];
                    let value = match value.map(|v| &f.expr(v).kind) {
                        Some(ExprKind::Ident(id)) => m.object_of(self.file as usize, *id),
                        _ => None,
                    };
                    self.facts.map_ranges.push(MapRange {
                        at: self.loc(x),
                        value,
                        ops: first_op..self.facts.ops.len(),
                        calls: first_call..self.facts.calls.len(),
                        entry_held,
                    });
                }
                join(entry, after)
            }
            StmtKind::CaseClause { body, .. } | StmtKind::CommClause { body, .. } => {
                return self.stmts(&body[..], held);
            }
            StmtKind::Bad | StmtKind::Empty { .. } => Some(h),
        };
        if reachable {
            out
        } else {
            None
        }
    }

    /// Whether a loop body has a `break` that leaves it (not one of a nested loop,
    /// switch or select, unless labelled).
    fn has_break(&self, body: StmtId) -> bool {
        let f = &self.g.m.files()[self.file as usize];
        let mut stack = vec![(body, false)];
        while let Some((s, nested)) = stack.pop() {
            match &f.stmt(s).kind {
                StmtKind::Branch { kind: gotraps_syntax::ast::BranchKind::Break, label } => {
                    if label.is_some() || !nested {
                        return true;
                    }
                }
                StmtKind::Branch { kind: gotraps_syntax::ast::BranchKind::Goto, .. } => return true,
                StmtKind::For { body, .. } | StmtKind::Range { body, .. } => stack.push((*body, true)),
                StmtKind::Switch { body, .. } | StmtKind::TypeSwitch { body, .. } | StmtKind::Select { body } => {
                    stack.push((*body, true))
                }
                StmtKind::Block { stmts } => stack.extend(stmts.iter().map(|&s| (s, nested))),
                StmtKind::If { then, els, .. } => {
                    stack.push((*then, nested));
                    if let Some(e) = els {
                        stack.push((*e, nested));
                    }
                }
                StmtKind::Labeled { stmt, .. } => stack.push((*stmt, nested)),
                StmtKind::CaseClause { body, .. } | StmtKind::CommClause { body, .. } => {
                    stack.extend(body.iter().map(|&s| (s, nested)))
                }
                _ => {}
            }
        }
        false
    }

    fn has_return(&self, body: StmtId) -> bool {
        let f = &self.g.m.files()[self.file as usize];
        let mut stack = vec![body];
        let mut exprs = Vec::new();
        while let Some(s) = stack.pop() {
            match &f.stmt(s).kind {
                StmtKind::Return { .. } => return true,
                k => crate::graph::stmt_children(k, &mut stack, &mut exprs),
            }
        }
        false
    }

    fn clauses(&mut self, body: StmtId, held: Option<HeldSet>) -> Option<HeldSet> {
        let m: &'m gotraps_semantic::PackageModel<'m> = self.g.m;
        let f = &m.files()[self.file as usize];
        let clauses: &[StmtId] = f.stmt(body).kind.block_stmts();
        let mut has_default = false;
        let mut out = None;
        for &c in clauses {
            let StmtKind::CaseClause { list, body, .. } = &f.stmt(c).kind else { continue };
            has_default |= list.is_none();
            let mut hc = held.clone();
            if let (Some(list), Some(h)) = (list, hc.as_mut()) {
                for &e in list.iter() {
                    self.expr(e, h, Select::No);
                }
            }
            let r = self.stmts(&body[..], hc);
            out = join(out, r);
        }
        if !has_default {
            out = join(out, held);
        }
        out
    }

    fn select(&mut self, body: StmtId, held: Option<HeldSet>) -> Option<HeldSet> {
        let m: &'m gotraps_semantic::PackageModel<'m> = self.g.m;
        let f = &m.files()[self.file as usize];
        let clauses: &[StmtId] = f.stmt(body).kind.block_stmts();
        let select_start = f.stmt(body).span.start;
        let has_default = clauses.iter().any(|&c| matches!(f.stmt(c).kind, StmtKind::CommClause { comm: None, .. }));
        let ctx = if has_default {
            Select::WithDefault
        } else if clauses.len() > 1 {
            Select::WithOthers
        } else {
            Select::No
        };
        let leaves: Vec<bool> =
            clauses.iter().map(|&c| self.loops == 0 || self.has_return(c) || self.has_break(c)).collect();
        let mut out = None;
        for (i, &c) in clauses.iter().enumerate() {
            let StmtKind::CommClause { comm, body, .. } = &f.stmt(c).kind else { continue };
            let comm = *comm;
            let mut hc = held.clone().unwrap_or_default();
            if let Some(cs) = comm {
                let first = self.facts.ops.len();
                self.comm(cs, &mut hc, ctx);
                let others_leave = leaves.iter().enumerate().any(|(j, &l)| j != i && l);
                for op in &mut self.facts.ops[first..] {
                    op.leaves_loop = others_leave;
                    op.select_at = Some(select_start);
                    op.case_leaves = leaves[i];
                }
            }
            let r = self.stmts(&body[..], held.as_ref().map(|_| hc));
            out = join(out, r);
        }
        out
    }

    /// The communication of a select case.
    fn comm(&mut self, s: StmtId, h: &mut HeldSet, ctx: Select) {
        let m: &'m gotraps_semantic::PackageModel<'m> = self.g.m;
        let f = &m.files()[self.file as usize];
        match &f.stmt(s).kind {
            StmtKind::Send { chan, value, .. } => {
                let (chan, value) = (*chan, *value);
                self.expr(chan, h, Select::No);
                self.expr(value, h, Select::No);
                let at = self.sloc(s);
                self.chan_op(OpKind::Send, chan, at, h, ctx, false);
            }
            StmtKind::Expr(e) => {
                let e = *e;
                self.expr(e, h, ctx);
            }
            StmtKind::Assign { lhs, rhs, .. } => {
                for &e in rhs.iter() {
                    self.expr(e, h, ctx);
                }
                for &e in lhs.iter() {
                    self.expr(e, h, Select::No);
                }
            }
            _ => {}
        }
    }

    /// Walks an expression in evaluation order; returns whether it ends the function
    /// (panic, os.Exit).
    fn expr(&mut self, e: ExprId, h: &mut HeldSet, sel: Select) -> bool {
        let m: &'m gotraps_semantic::PackageModel<'m> = self.g.m;
        let f = &m.files()[self.file as usize];
        let k = &f.expr(e).kind;
        match k {
            ExprKind::FuncLit { .. } => return false,
            ExprKind::Unary { op: UnaryOp::Arrow, x, .. } => {
                let x = *x;
                let mut ends = self.expr(x, h, Select::No);
                let at = self.loc(e);
                // `<-ctx.Done()`: waits for the context's cancellation.
                let mut inner = x;
                while let ExprKind::Paren { x } = f.expr(inner).kind {
                    inner = x;
                }
                if matches!(f.expr(inner).kind, ExprKind::Call { .. })
                    && self.g.m.call_event(self.file as usize, inner) == Some(EventKind::ContextDone)
                {
                    if let Some(r) = self.receiver(inner) {
                        self.op_on(OpKind::CtxDone, r, None, at, h, sel, false);
                    }
                } else {
                    self.chan_op(OpKind::Recv, x, at, h, sel, false);
                }
                ends |= false;
                return ends;
            }
            ExprKind::Call { fun, args, .. } => {
                let fun = *fun;
                let mut ends = self.expr(fun, h, Select::No);
                for &a in args.iter() {
                    ends |= self.expr(a, h, Select::No);
                }
                ends |= self.call(e, h);
                return ends;
            }
            _ => {}
        }
        let mut ends = false;
        for c in crate::graph::child_exprs(k) {
            ends |= self.expr(c, h, Select::No);
        }
        ends
    }

    fn call_operands(&mut self, call: ExprId, h: &mut HeldSet) {
        let m: &'m gotraps_semantic::PackageModel<'m> = self.g.m;
        let f = &m.files()[self.file as usize];
        if let ExprKind::Call { fun, args, .. } = &f.expr(call).kind {
            self.expr(*fun, h, Select::No);
            for &a in args.iter() {
                self.expr(a, h, Select::No);
            }
        }
    }

    /// The receiver expression of a method call.
    fn receiver(&self, call: ExprId) -> Option<ExprId> {
        let f = &self.g.m.files()[self.file as usize];
        let ExprKind::Call { fun, .. } = &f.expr(call).kind else { return None };
        let mut fun = *fun;
        while let ExprKind::Paren { x } = f.expr(fun).kind {
            fun = x;
        }
        match &f.expr(fun).kind {
            ExprKind::Selector { x, .. } => Some(*x),
            _ => None,
        }
    }

    fn sync_kind(ev: EventKind) -> Option<OpKind> {
        Some(match ev {
            EventKind::Lock => OpKind::Lock,
            EventKind::RLock => OpKind::RLock,
            EventKind::Unlock => OpKind::Unlock,
            EventKind::RUnlock => OpKind::RUnlock,
            EventKind::WaitGroupAdd => OpKind::WgAdd,
            EventKind::WaitGroupDone => OpKind::WgDone,
            EventKind::WaitGroupWait => OpKind::WgWait,
            EventKind::CondWait => OpKind::CondWait,
            EventKind::CondSignal => OpKind::CondSignal,
            EventKind::CondBroadcast => OpKind::CondBroadcast,
            _ => return None,
        })
    }

    /// A call in plain position; returns whether it ends the function.
    fn call(&mut self, call: ExprId, h: &mut HeldSet) -> bool {
        let ev = self.g.m.call_event(self.file as usize, call);
        match ev {
            Some(EventKind::Panic | EventKind::Exit) => return true,
            Some(EventKind::Close) => {
                let f = &self.g.m.files()[self.file as usize];
                if let ExprKind::Call { args, .. } = &f.expr(call).kind {
                    if let Some(&a) = args.first() {
                        let at = self.loc(call);
                        self.chan_op(OpKind::Close, a, at, h, Select::No, false);
                    }
                }
                return false;
            }
            Some(EventKind::Cancel) => {
                let f = &self.g.m.files()[self.file as usize];
                if let ExprKind::Call { fun, .. } = &f.expr(call).kind {
                    let fun = *fun;
                    let at = self.loc(call);
                    self.op_on(OpKind::Cancel, fun, None, at, h, Select::No, false);
                }
                return false;
            }
            Some(ev) => {
                if let Some(kind) = Self::sync_kind(ev) {
                    if let Some(r) = self.receiver(call) {
                        let at = self.loc(call);
                        self.op_on(kind, r, Some(call), at, h, Select::No, false);
                    }
                }
            }
            None => {}
        }
        if let Some(once_held) = self.once_start(call, h) {
            self.record_calls(call, &once_held, CallKind::Plain);
            return false;
        }
        self.record_calls(call, h, CallKind::Plain);
        self.note_outside_call(call, h);
        false
    }

    fn printf_like(&self, call: ExprId) -> bool {
        let m = self.g.m;
        let f = &m.files()[self.file as usize];
        let ExprKind::Call { fun, .. } = &f.expr(call).kind else { return false };
        let t = m.type_of(self.file as usize, *fun);
        let gotraps_semantic::TypeData::Signature(sig) = m.prog.types.get(m.prog.underlying(t)) else { return false };
        if !sig.variadic {
            return false;
        }
        let Some(&last) = sig.params.last() else { return false };
        let elem = match m.prog.types.get(m.prog.underlying(last)) {
            gotraps_semantic::TypeData::Slice(e) => *e,
            _ => return false,
        };
        matches!(m.prog.types.get(m.prog.underlying(elem)), gotraps_semantic::TypeData::Interface(_))
    }

    /// A call that runs a function under a `sync.Once` (`once.Do(f)`, or a call of a
    /// function made by `sync.OnceFunc`/`OnceValue`/`OnceValues`): records the Once as
    /// taken (a Lock op) and returns the locks held while the function runs.
    fn once_start(&mut self, call: ExprId, h: &HeldSet) -> Option<HeldSet> {
        let m = self.g.m;
        let f = &m.files()[self.file as usize];
        let ExprKind::Call { fun, .. } = &f.expr(call).kind else { return None };
        let fun = *fun;
        let is_do = m
            .call_target(self.file as usize, call)
            .is_some_and(|t| t.pkg == "sync" && t.recv == Some("Once") && t.name == "Do");
        let obj = if is_do {
            self.receiver(call)?
        } else {
            let cis = self.g.call_at.get(&(self.file, call))?;
            let once_value = cis.iter().any(|&ci| {
                self.g.value_class(ci).is_some_and(|c| self.g.u.flags(c) & crate::points_to::flag::ONCE_FUNC != 0)
            });
            if !once_value {
                return None;
            }
            fun
        };
        let at = self.loc(call);
        let mut held = h.clone();
        let first = self.facts.ops.len();
        if is_do {
            self.op_on(OpKind::Lock, obj, Some(call), at, &mut held, Select::No, false);
        } else {
            self.op_on(OpKind::Lock, obj, None, at, &mut held, Select::No, false);
        }
        if self.facts.ops.len() == first {
            return None;
        }
        self.facts.ops[first].once = true;
        if let Some(last) = held.last_mut() {
            last.once = true;
        }
        Some(held)
    }

    /// Records a call of code that the package's callers supply (see [`OutsideCall`]).
    /// A printf-style function value (a format string and `...any`) is a logging sink,
    /// not a callback that calls back.
    fn note_outside_call(&mut self, call: ExprId, h: &HeldSet) {
        let outside = self.g.call_at.get(&(self.file, call)).is_some_and(|cis| {
            cis.iter().any(|&ci| self.g.calls[ci].caller == self.fi && self.g.calls_outside_value(ci))
        });
        if outside && !self.printf_like(call) {
            let at = self.loc(call);
            self.facts.outside_calls.push(OutsideCall { at, held: h.clone() });
        }
    }

    fn deferred_call(&mut self, call: ExprId, h: &HeldSet) {
        let ev = self.g.m.call_event(self.file as usize, call);
        let f = &self.g.m.files()[self.file as usize];
        let at = self.loc(call);
        match ev {
            Some(EventKind::Close) => {
                if let ExprKind::Call { args, .. } = &f.expr(call).kind {
                    if let Some(&a) = args.first() {
                        self.chan_op(OpKind::Close, a, at, h, Select::No, true);
                    }
                }
            }
            Some(EventKind::Cancel) => {
                if let ExprKind::Call { fun, .. } = &f.expr(call).kind {
                    let fun = *fun;
                    let mut tmp = h.clone();
                    self.op_on(OpKind::Cancel, fun, None, at, &mut tmp, Select::No, true);
                }
            }
            Some(ev) => {
                if let (Some(kind), Some(r)) = (Self::sync_kind(ev), self.receiver(call)) {
                    if matches!(kind, OpKind::Unlock | OpKind::RUnlock) {
                        if let Some((class, path)) = self.lock_place(r, call) {
                            self.deferred_unlocks.push((class, path));
                        }
                    }
                    let mut tmp = h.clone();
                    self.op_on(kind, r, Some(call), at, &mut tmp, Select::No, true);
                }
            }
            None => {}
        }
        self.record_calls(call, h, CallKind::Defer);
    }

    fn record_calls(&mut self, call: ExprId, h: &HeldSet, kind: CallKind) {
        let Some(cis) = self.g.call_at.get(&(self.file, call)).cloned() else { return };
        for ci in cis {
            if self.g.calls[ci].caller != self.fi {
                continue;
            }
            let fact = CallFact {
                call: ci,
                held: if self.g.calls[ci].kind == CallKind::Go { Vec::new() } else { h.clone() },
                acquired_before: self.acquired.clone(),
                in_loop: self.loops > 0,
            };
            self.facts.calls.push(fact);
            let call_kind = self.g.calls[ci].kind;
            if call_kind == CallKind::Go || kind != CallKind::Plain {
                continue;
            }
            for &c in &self.g.calls[ci].callees.clone() {
                for a in &self.summaries[c as usize].acquires {
                    if !self.acquired.contains(&a.class) {
                        self.acquired.push(a.class);
                    }
                }
            }
        }
    }

    /// The class and path of the lock a Lock/Unlock call on receiver `r` operates on
    /// (a lock promoted from an embedded field is that field).
    fn lock_place(&mut self, r: ExprId, call: ExprId) -> Option<(u32, Option<APath>)> {
        let m = self.g.m;
        let file = self.file;
        let rt = m.type_of(file as usize, r);
        let name = {
            let f = &m.files()[file as usize];
            let ExprKind::Call { fun, .. } = &f.expr(call).kind else { return None };
            match &f.expr(*fun).kind {
                ExprKind::Selector { sel, .. } => f.name(*sel).to_string(),
                _ => return None,
            }
        };
        let promoted = m.select(rt, &name).map(|s| s.path).unwrap_or_default();
        let mut path = apath(self.g, file, &self.params, r);
        if let Some(&last) = promoted.last() {
            if let Some(p) = path.as_mut() {
                p.fields.extend_from_slice(&promoted);
            }
            let n = self.g.u.node(crate::points_to::Slot::Field(last));
            return Some((n, path));
        }
        let class = self.g.slot(file, r)?;
        Some((class, path))
    }

    fn op_on(
        &mut self,
        kind: OpKind,
        r: ExprId,
        call: Option<ExprId>,
        at: Loc,
        h: &mut HeldSet,
        sel: Select,
        deferred: bool,
    ) {
        let place = if let (true, Some(call)) =
            (matches!(kind, OpKind::Lock | OpKind::RLock | OpKind::Unlock | OpKind::RUnlock), call)
        {
            self.lock_place(r, call)
        } else {
            let p = apath(self.g, self.file, &self.params, r);
            self.g.slot(self.file, r).map(|c| (c, p))
        };
        let Some((class, path)) = place else { return };
        let class = self.g.u.find(class);
        let op = Op {
            kind,
            class,
            path: path.clone(),
            at,
            obj: self.loc(r),
            held: h.clone(),
            select: sel,
            deferred,
            in_loop: self.loops > 0,
            acquired_before: self.acquired.clone(),
            leaves_loop: false,
            select_at: None,
            case_leaves: false,
            forever_loop: self.forever.last().copied().unwrap_or(false),
            once: false,
        };
        self.facts.ops.push(op);
        if deferred {
            return;
        }
        match kind {
            OpKind::Lock | OpKind::RLock => {
                if !self.acquired.contains(&class) {
                    self.acquired.push(class);
                }
                h.push(Held { class, path, read: kind == OpKind::RLock, at, obj: self.loc(r), once: false });
            }
            OpKind::Unlock | OpKind::RUnlock => {
                let read = kind == OpKind::RUnlock;
                let before = h.len();
                h.retain(|x| !(x.class == class && x.read == read && (path.is_none() || x.path == path)));
                if h.len() == before {
                    self.facts.releases.push((class, path));
                }
            }
            _ => {}
        }
    }

    fn chan_op(&mut self, kind: OpKind, ch: ExprId, at: Loc, h: &HeldSet, sel: Select, deferred: bool) {
        let mut tmp = h.clone();
        self.op_on(kind, ch, None, at, &mut tmp, sel, deferred);
    }
}
