//! Counting detectors (issue 13, f): a channel's buffer against the sends its goroutines
//! can still make once the only receiver has stopped, and a WaitGroup's `Add` against
//! the `Done`s the paths after it can reach.
//!
//! Bounds: each function is walked once per detector, structurally (a loop body once,
//! branches joined), so the cost is linear in the size of the package.

use super::syntax::{calls_in, contains, Count, FuncText};
use super::{func_name, name, place, Finding, Site};
use crate::facts::{Analysis, Loc, Op, OpKind, Select};
use crate::graph::{CallKind, FuncId};
use crate::points_to::{flag, Slot};
use gotraps_semantic::{unparen, ChanBuffer};
use gotraps_syntax::ast::{AssignOp, BranchKind, ExprId, ExprKind, StmtId, StmtKind};
use gotraps_syntax::Span;
use rustc_hash::{FxHashMap, FxHashSet};

// ---- buffer against sends ------------------------------------------------------------

/// How many values the goroutines of one function send on a channel.
#[derive(Debug, PartialEq)]
enum Sends {
    Const(i128),
    /// One per trip of a loop whose trip count is this (not a constant).
    PerTrip(Count),
    /// More than a loop bound says: goroutines that send in a loop of their own.
    Many,
}

/// The `make` of a channel class in a function: where, and the buffer it gets.
fn make_in(a: &Analysis, t: &FuncText, class: u32) -> Option<(Loc, Count)> {
    let m = a.g.m;
    let mut found = None;
    for s in super::syntax::all_stmts(t.f, t.body) {
        let StmtKind::Assign { lhs, op: AssignOp::Define | AssignOp::Assign, rhs, .. } = &t.f.stmt(s).kind else {
            continue;
        };
        if lhs.len() != rhs.len() {
            continue;
        }
        for (&l, &r) in lhs.iter().zip(rhs.iter()) {
            let Some(buf) = m.make_chan_buffer(t.file as usize, r) else { continue };
            let ExprKind::Ident(id) = t.f.expr(unparen(t.f, l)).kind else { continue };
            let Some(obj) = m.object_of(t.file as usize, id) else { continue };
            if a.g.u.existing(Slot::Var(obj)) != Some(class) {
                continue;
            }
            if found.is_some() {
                return None; // made twice: which buffer a send meets is unclear
            }
            let cap = match buf {
                ChanBuffer::Unbuffered => Count::Const(0),
                ChanBuffer::Const(c) => Count::Const(c),
                ChanBuffer::Dynamic => match &t.f.expr(r).kind {
                    ExprKind::Call { args, .. } if args.len() > 1 => t.count(a, args[1]),
                    _ => Count::Unknown,
                },
            };
            found = Some((Loc { file: t.file, span: t.f.expr(r).span }, cap));
        }
    }
    found
}

/// The `go` calls that start each function.
fn go_calls_by_callee(a: &Analysis) -> FxHashMap<FuncId, Vec<usize>> {
    let mut started_by: FxHashMap<FuncId, Vec<usize>> = FxHashMap::default();
    for (ci, c) in a.g.calls.iter().enumerate() {
        if c.kind == CallKind::Go {
            for &g in &c.callees {
                started_by.entry(g).or_default().push(ci);
            }
        }
    }
    started_by
}

pub(super) fn buffer_against_sends(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, out: &mut Vec<Finding>) {
    let started_by = go_calls_by_callee(a);
    for (&class, sites) in by_class {
        let flags = a.g.u.flags(class);
        if flags & flag::OPEN != 0 || flags & flag::MADE_CHAN == 0 {
            continue;
        }
        let recvs: Vec<&Site> = sites.iter().filter(|s| matches!(s.op.kind, OpKind::Recv | OpKind::Range)).collect();
        let sends: Vec<&Site> = sites.iter().filter(|s| s.op.kind == OpKind::Send).collect();
        if recvs.is_empty() || sends.is_empty() || recvs.iter().any(|r| r.op.kind == OpKind::Range) {
            continue;
        }
        // One function receives; only goroutines it starts send.
        let owner = recvs[0].func;
        if recvs.iter().any(|r| r.func != owner) {
            continue;
        }
        let senders_started_here = sends.iter().all(|s| {
            s.func != owner
                && started_by.get(&s.func).is_some_and(|cs| cs.iter().all(|&ci| a.g.calls[ci].caller == owner))
        });
        if !senders_started_here {
            continue;
        }
        let blocking: Vec<&Site> =
            sends.iter().copied().filter(|s| s.op.select == Select::No && !s.op.deferred).collect();
        if blocking.is_empty() {
            continue;
        }
        let t = FuncText::new(a, owner);
        let Some((made, cap)) = make_in(a, &t, class) else { continue };
        let Count::Const(cap_n) = cap else { continue };

        // Sends: each goroutine sends once, or many times when it sends in a loop.
        let mut goroutines: Vec<FuncId> = blocking.iter().map(|s| s.func).collect();
        goroutines.sort_unstable();
        goroutines.dedup();
        let mut total = Sends::Const(0);
        let mut spawn_at = None;
        let mut unknown_trips = false;
        for &g in &goroutines {
            let per_many = blocking.iter().any(|s| s.func == g && s.op.in_loop && !returns_after(a, g, s.op.at));
            for &ci in &started_by[&g] {
                let call = &a.g.calls[ci];
                let span = t.f.expr(call.expr).span;
                spawn_at.get_or_insert(Loc { file: t.file, span });
                // A loop that also makes the channel makes a fresh one per trip.
                let loops: Vec<_> = t.loops_around(span).into_iter().filter(|l| !contains(l.span, made.span)).collect();
                unknown_trips |= loops.len() > 1 || loops.first().is_some_and(|l| l.trips == Count::Unknown);
                let trips = match loops.len() {
                    0 => Count::Const(1),
                    1 => loops[0].trips.clone(),
                    _ => Count::Unknown,
                };
                total = match (total, trips, per_many) {
                    (_, _, true) | (_, Count::Unknown, _) | (Sends::Many, _, _) => Sends::Many,
                    (Sends::Const(k), Count::Const(n), false) => Sends::Const(k + n),
                    (Sends::Const(0), c, false) => Sends::PerTrip(c),
                    _ => Sends::Many,
                };
            }
        }

        // Goroutines started by a loop of unknown trips cannot be counted.
        if unknown_trips {
            continue;
        }
        // The receiver: a bounded loop that can stop early, or a fixed number of receives.
        let mut early_exit = None;
        let mut plain_receives = 0i128;
        let mut recv_loop_trips = None;
        // A receive loop with no exit whose trips match the sends drains them all
        // (also when another receive can leave first: `case <-quit:` then drain).
        let drains = |trips: &Count| match (&total, trips) {
            (Sends::Const(k), Count::Const(n)) => n >= k,
            (Sends::PerTrip(c), n) => c == n,
            _ => false,
        };
        let mut ok = true;
        for r in &recvs {
            let loops: Vec<_> =
                t.loops_around(r.op.at.span).into_iter().filter(|l| !contains(l.span, made.span)).collect();
            match loops.first() {
                Some(l) if l.trips == Count::Unknown => ok = false,
                Some(l) => {
                    if l.can_leave {
                        early_exit = Some(r.op.at);
                    } else if recv_loop_trips.is_none() {
                        recv_loop_trips = Some(l.trips.clone());
                    } else {
                        ok = false;
                    }
                }
                None if r.op.select == Select::No => plain_receives += 1,
                None => {}
            }
        }
        if !ok || recv_loop_trips.as_ref().is_some_and(drains) {
            continue;
        }
        let short = if early_exit.is_some() {
            match &total {
                Sends::Const(k) => *k - 1 > cap_n,
                Sends::PerTrip(_) | Sends::Many => true,
            }
        } else if let Some(trips) = recv_loop_trips {
            // A receive loop without an exit takes as many values as it has trips.
            match (&total, &trips) {
                (Sends::Const(k), Count::Const(n)) => *k > n + cap_n,
                _ => false,
            }
        } else {
            plain_receives >= 1
                && match &total {
                    Sends::Const(k) => *k > plain_receives + cap_n,
                    Sends::PerTrip(_) | Sends::Many => true,
                }
        };
        if !short {
            continue;
        }
        let owner_name = func_name(a, owner);
        let who = match &total {
            Sends::Const(k) => format!("{k} goroutines started by `{owner_name}` each send on it"),
            Sends::PerTrip(_) => format!("`{owner_name}` starts one sending goroutine per trip of a loop"),
            Sends::Many => format!("goroutines started by `{owner_name}` send on it in a loop"),
        };
        let buffer = if cap_n == 0 { "it has no buffer".to_string() } else { format!("its buffer holds {cap_n}") };
        let first_recv = recvs.iter().map(|r| r.op.at).min_by_key(|l| l.span.start).unwrap_or(made);
        let receiver = match early_exit {
            Some(at) => format!(
                "its only receiver, in `{owner_name}`, can leave its loop after one receive (at {})",
                place(a, at)
            ),
            None => format!(
                "its only receiver, `{owner_name}`, receives {plain_receives} time{} (at {})",
                if plain_receives == 1 { "" } else { "s" },
                place(a, first_recv)
            ),
        };
        for s in &blocking {
            let obj = name(a, s.op.obj);
            let mut labels = vec![(made, format!("`{obj}` made here with room for {cap_n}"))];
            labels.push((early_exit.unwrap_or(first_recv), "the only receiver".to_string()));
            if let Some(sp) = spawn_at {
                labels.push((sp, "sending goroutines started here".to_string()));
            }
            out.push(Finding {
                detector: crate::Detector::BufferTooSmall,
                at: s.op.at,
                message: format!("send on `{obj}` can block forever: {who}, {buffer}, and {receiver}"),
                labels,
                help: format!(
                    "give `{obj}` a buffer for every send (made at {}), or have the senders also select on a done channel the receiver closes",
                    place(a, made)
                ),
            });
        }
    }
}

// ---- WaitGroup paths -------------------------------------------------------------------

/// A `Done` a path still owes.
#[derive(Clone, Debug, PartialEq)]
struct Owe {
    class: u32,
    /// The `Add`, or the goroutine's own `Done` for a counted goroutine.
    at: Loc,
    /// Loop depth where the debt began (a `continue` at that depth leaves it unpaid).
    depth: u32,
    from_add: bool,
}

type State = Option<Vec<Owe>>;

fn join(a: State, b: State) -> State {
    match (a, b) {
        (Some(mut a), Some(b)) => {
            for o in b {
                if !a.contains(&o) {
                    a.push(o);
                }
            }
            Some(a)
        }
        (a, None) => a,
        (None, b) => b,
    }
}

struct Unpaid {
    owe: Owe,
    /// The return, break or continue that leaves with the debt.
    exit: Loc,
}

struct PathWalk<'a, 'm> {
    a: &'a Analysis<'m>,
    fi: FuncId,
    file: u32,
    /// WaitGroup operations of the function by the span of their call.
    ops: FxHashMap<(u32, u32), &'a Op>,
    /// Classes whose `Add` this function tracks.
    tracked: FxHashSet<u32>,
    /// Classes whose `Done` is deferred (paid on every exit after the defer).
    deferred_done: FxHashSet<u32>,
    /// Classes this function hands over somewhere (a `go`, a send, a `Done`).
    handed: FxHashSet<u32>,
    depth: u32,
    unpaid: Vec<Unpaid>,
    /// Classes with a `Wait` in another function.
    waited_elsewhere: FxHashSet<u32>,
}

impl<'a, 'm> PathWalk<'a, 'm> {
    fn loc(&self, s: StmtId) -> Loc {
        Loc { file: self.file, span: self.a.g.m.files()[self.file as usize].stmt(s).span }
    }

    fn pay(&mut self, state: &mut State, class: Option<u32>) {
        if let Some(st) = state.as_mut() {
            st.retain(|o| {
                let paid = class.is_none_or(|c| c == o.class);
                if paid {
                    self.handed.insert(o.class);
                }
                !paid
            });
        }
    }

    /// Classes whose `Done` a call's callees (one level) call.
    fn callee_dones(&self, call: ExprId) -> Vec<u32> {
        let mut out = Vec::new();
        for &ci in self.a.g.call_at.get(&(self.file, call)).map_or(&[][..], |v| &v[..]) {
            let c = &self.a.g.calls[ci];
            if c.caller != self.fi {
                continue;
            }
            for &callee in &c.callees {
                for op in &self.a.facts[callee as usize].ops {
                    if op.kind == OpKind::WgDone {
                        out.push(self.a.g.u.root(op.class));
                    }
                }
            }
        }
        out
    }

    fn expr(&mut self, e: ExprId, state: &mut State) {
        let f = &self.a.g.m.files()[self.file as usize];
        let mut calls = Vec::new();
        calls_in(f, e, &mut calls);
        for call in calls {
            let span = f.expr(call).span;
            if let Some(op) = self.ops.get(&(span.start, span.end)).copied() {
                let class = self.a.g.u.root(op.class);
                match op.kind {
                    OpKind::WgAdd if self.tracked.contains(&class) && !self.deferred_done.contains(&class) => {
                        if let Some(st) = state.as_mut() {
                            let owe = Owe { class, at: op.at, depth: self.depth, from_add: true };
                            if !st.contains(&owe) {
                                st.push(owe);
                            }
                        }
                    }
                    OpKind::WgDone => self.pay(state, Some(class)),
                    _ => {}
                }
            }
            for c in self.callee_dones(call) {
                self.pay(state, Some(c));
            }
            if matches!(
                self.a.g.m.call_event(self.file as usize, call),
                Some(gotraps_semantic::EventKind::Panic | gotraps_semantic::EventKind::Exit)
            ) {
                *state = None;
            }
        }
    }

    fn leave(&mut self, state: &State, at: Loc, loop_exit: bool) {
        for o in state.iter().flatten() {
            // Returning with an `Add` unpaid blocks only a `Wait` of another function
            // (a local WaitGroup waited on here later has no waiter left).
            if !loop_exit && o.from_add && !self.waited_elsewhere.contains(&o.class) {
                continue;
            }
            if !loop_exit || (o.depth == self.depth && o.depth > 0) {
                self.unpaid.push(Unpaid { owe: o.clone(), exit: at });
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
        let f = &self.a.g.m.files()[self.file as usize];
        let mut state = state;
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
            StmtKind::Decl(_) => state,
            StmtKind::Send { chan, value, .. } => {
                self.expr(*chan, &mut state);
                self.expr(*value, &mut state);
                // Handing work to a channel hands its `Done` to the receiver.
                self.pay(&mut state, None);
                state
            }
            StmtKind::Go { call } => {
                if let ExprKind::Call { args, .. } = &f.expr(*call).kind {
                    for &e in args.iter() {
                        self.expr(e, &mut state);
                    }
                }
                self.pay(&mut state, None);
                state
            }
            StmtKind::Defer { call } => {
                let call = *call;
                let span = f.expr(call).span;
                let mut dones = self.callee_dones(call);
                if let Some(op) = self.ops.get(&(span.start, span.end)) {
                    if op.kind == OpKind::WgDone {
                        dones.push(self.a.g.u.root(op.class));
                    }
                }
                for c in dones {
                    self.deferred_done.insert(c);
                    self.pay(&mut state, Some(c));
                }
                state
            }
            StmtKind::Return { results } => {
                for &e in results.iter() {
                    self.expr(e, &mut state);
                }
                let at = self.loc(s);
                self.leave(&state, at, false);
                None
            }
            StmtKind::Branch { kind, .. } => {
                if matches!(kind, BranchKind::Break | BranchKind::Continue) {
                    let at = self.loc(s);
                    self.leave(&state, at, true);
                }
                if *kind == BranchKind::Fallthrough {
                    state
                } else {
                    None
                }
            }
            StmtKind::If { init, cond, then, els } => {
                if let Some(i) = init {
                    state = self.stmt(*i, state);
                }
                self.expr(*cond, &mut state);
                let t = self.stmt(*then, state.clone());
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
                self.depth += 1;
                let end = self.stmt(*body, state.clone());
                let end = match post {
                    Some(p) => self.stmt(*p, end),
                    None => end,
                };
                self.depth -= 1;
                self.after_loop(state, end, cond.is_none())
            }
            StmtKind::Range { x, body, .. } => {
                self.expr(*x, &mut state);
                self.depth += 1;
                let end = self.stmt(*body, state.clone());
                self.depth -= 1;
                self.after_loop(state, end, false)
            }
            _ => state,
        }
    }

    /// After a loop: a debt from before it stays only if the body did not pay it (the
    /// body is taken to run at least once when it pays, so `Add(n)` before a loop of
    /// `go` statements is not a debt after it).
    fn after_loop(&mut self, before: State, end: State, forever: bool) -> State {
        let handed = &self.handed;
        let before = before.map(|v| v.into_iter().filter(|o| !handed.contains(&o.class)).collect::<Vec<_>>());
        if forever {
            // `for {}` is left only by break/return; what those leave was recorded.
            return before.map(|_| Vec::new());
        }
        // A debt begun in the body and still open at its end is handed somewhere this
        // walk does not see (nothing to report); it does not outlive the loop.
        let depth = self.depth;
        let end = end.map(|v| v.into_iter().filter(|o| o.depth <= depth).collect::<Vec<_>>());
        join(before, end)
    }

    fn clauses(&mut self, body: StmtId, state: State) -> State {
        let f = &self.a.g.m.files()[self.file as usize];
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

pub(super) fn waitgroup_paths(
    a: &Analysis,
    by_class: &FxHashMap<u32, Vec<Site>>,
    spawned: &[bool],
    out: &mut Vec<Finding>,
) {
    // WaitGroups someone waits on, and nothing outside the package can reach.
    let waited: FxHashMap<u32, Loc> = by_class
        .iter()
        .filter(|(&c, _)| a.g.u.flags(c) & flag::OPEN == 0)
        .filter_map(|(&c, sites)| sites.iter().find(|s| s.op.kind == OpKind::WgWait).map(|s| (c, s.op.at)))
        .collect();
    if waited.is_empty() {
        return;
    }
    // Per class, two functions that wait on it (enough to tell "waited in another
    // function" for any one function), computed once: per function it would cost a pass
    // over every class of the package.
    let mut wait_funcs: FxHashMap<u32, (FuncId, Option<FuncId>)> = FxHashMap::default();
    for (&c, sites) in by_class {
        for s in sites.iter().filter(|s| s.op.kind == OpKind::WgWait) {
            match wait_funcs.get_mut(&c) {
                None => {
                    wait_funcs.insert(c, (s.func, None));
                }
                Some((first, second @ None)) if *first != s.func => *second = Some(s.func),
                _ => {}
            }
        }
    }
    let waiter = |c: u32| -> String {
        let s = by_class[&c].iter().find(|s| s.op.kind == OpKind::WgWait).map(|s| s.func).unwrap_or(0);
        func_name(a, s)
    };
    for (fi, facts) in a.facts.iter().enumerate() {
        let fi = fi as FuncId;
        let wg_ops: Vec<&Op> =
            facts.ops.iter().filter(|o| matches!(o.kind, OpKind::WgAdd | OpKind::WgDone | OpKind::WgWait)).collect();
        if wg_ops.is_empty() {
            continue;
        }
        let root = |o: &Op| a.g.u.root(o.class);
        let tracked: FxHashSet<u32> = wg_ops
            .iter()
            .filter(|o| o.kind == OpKind::WgAdd && !o.deferred && waited.contains_key(&root(o)))
            .map(|o| root(o))
            .collect();
        // A counted goroutine: it calls `Done` once, not deferred, not in a loop.
        let mut start: Vec<Owe> = Vec::new();
        if spawned[fi as usize] {
            for o in &wg_ops {
                let c = root(o);
                if o.kind == OpKind::WgDone
                    && !o.deferred
                    && !o.in_loop
                    && waited.contains_key(&c)
                    && !wg_ops.iter().any(|p| root(p) == c && (p.deferred || p.kind == OpKind::WgAdd || p.in_loop))
                    && !start.iter().any(|s| s.class == c)
                {
                    start.push(Owe { class: c, at: o.at, depth: 0, from_add: false });
                }
            }
        }
        if tracked.is_empty() && start.is_empty() {
            continue;
        }
        let mut w = PathWalk {
            a,
            fi,
            file: a.g.funcs[fi as usize].file,
            ops: wg_ops.iter().map(|o| ((o.at.span.start, o.at.span.end), *o)).collect(),
            tracked,
            deferred_done: FxHashSet::default(),
            handed: FxHashSet::default(),
            depth: 0,
            unpaid: Vec::new(),
            waited_elsewhere: wg_ops
                .iter()
                .map(|o| root(o))
                .filter(|c| wait_funcs.get(c).is_some_and(|&(first, second)| first != fi || second.is_some()))
                .collect(),
        };
        let body = a.g.m.bodies()[a.g.funcs[fi as usize].body].body;
        w.stmt(body, Some(start));
        let (unpaid, handed) = (std::mem::take(&mut w.unpaid), w.handed);
        let mut seen: FxHashSet<(u32, u32)> = FxHashSet::default();
        for u in unpaid {
            // An `Add` is a debt only where other paths of the same function pay it:
            // then this exit is the one path that forgot.
            if u.owe.from_add && !handed.contains(&u.owe.class) {
                continue;
            }
            if !seen.insert((u.exit.span.start, u.owe.class)) {
                continue;
            }
            let Some(wait_site) =
                by_class.get(&u.owe.class).and_then(|v| v.iter().find(|s| s.op.kind == OpKind::WgWait))
            else {
                continue;
            };
            let Some(&wait_at) = waited.get(&u.owe.class) else { continue };
            let wg = name(a, wait_site.op.obj);
            let (message, label, help) = if u.owe.from_add {
                (
                    format!(
                        "this exit leaves `{wg}.Add` (at {}) without its `Done`: no goroutine is started and nothing calls `{wg}.Done()` on this path, so `{wg}.Wait()` in `{}` never returns",
                        place(a, u.owe.at),
                        waiter(u.owe.class)
                    ),
                    "the `Add` this path does not pay back",
                    format!("call `{wg}.Done()` before leaving here, or move the `Add` to just before the `go` statement"),
                )
            } else {
                (
                    format!(
                        "this return skips `{wg}.Done()` (at {}) of a counted goroutine, so `{wg}.Wait()` in `{}` never returns",
                        place(a, u.owe.at),
                        waiter(u.owe.class)
                    ),
                    "the only `Done`, skipped by the early return",
                    format!("call `defer {wg}.Done()` first thing in the goroutine"),
                )
            };
            let _ = wait_at;
            out.push(Finding {
                detector: crate::Detector::DoneSkipped,
                at: u.exit,
                message,
                labels: vec![(u.owe.at, label.to_string()), (wait_at, "waits for the count to reach zero".to_string())],
                help,
            });
        }
    }
}

/// Spans of the select statements of a function, with their comm clauses.
pub(super) fn select_of(f: &gotraps_syntax::File, body: StmtId, at: Span) -> Option<(Span, Span)> {
    for s in super::syntax::all_stmts(f, body) {
        if let StmtKind::Select { body } = &f.stmt(s).kind {
            for &c in f.stmt(*body).kind.block_stmts() {
                if let StmtKind::CommClause { comm: Some(cs), .. } = &f.stmt(c).kind {
                    if contains(f.stmt(*cs).span, at) {
                        return Some((f.stmt(s).span, f.stmt(c).span));
                    }
                }
            }
        }
    }
    None
}

/// Whether the statement after send `at` in goroutine `g` is a `return` (the send is
/// the goroutine's last, even inside a loop).
fn returns_after(a: &Analysis, g: FuncId, at: Loc) -> bool {
    let t = FuncText::new(a, g);
    super::syntax::all_stmts(t.f, t.body).into_iter().any(|s| {
        let list = t.f.stmt(s).kind.block_stmts();
        list.iter().enumerate().any(|(i, &x)| {
            t.f.stmt(x).span == at.span
                && list.get(i + 1).is_some_and(|&n| matches!(t.f.stmt(n).kind, StmtKind::Return { .. }))
        })
    })
}

// ---- Wait before the drain ---------------------------------------------------------

/// `wg.Wait()` for goroutines that send on a channel the waiting function receives from
/// only after the `Wait`: once the buffer is full the senders block, so `Done` never
/// runs and the `Wait` never returns.
pub(super) fn wait_before_drain(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, out: &mut Vec<Finding>) {
    let started_by = go_calls_by_callee(a);
    for (&class, sites) in by_class {
        let flags = a.g.u.flags(class);
        if flags & flag::OPEN != 0 || flags & flag::MADE_CHAN == 0 {
            continue;
        }
        let recvs: Vec<&Site> = sites.iter().filter(|s| matches!(s.op.kind, OpKind::Recv | OpKind::Range)).collect();
        let blocking: Vec<&Site> =
            sites.iter().filter(|s| s.op.kind == OpKind::Send && s.op.select == Select::No && !s.op.deferred).collect();
        if recvs.is_empty() || blocking.is_empty() {
            continue;
        }
        let owner = recvs[0].func;
        if recvs.iter().any(|r| r.func != owner) {
            continue;
        }
        // Senders: goroutines only the owner starts.
        if !sites.iter().filter(|s| s.op.kind == OpKind::Send).all(|s| {
            s.func != owner
                && started_by.get(&s.func).is_some_and(|cs| cs.iter().all(|&ci| a.g.calls[ci].caller == owner))
        }) {
            continue;
        }
        let first_recv = recvs.iter().map(|r| r.op.at.span.start).min().unwrap_or(0);
        // A plain Wait of the owner, before every receive, on a WaitGroup each sending
        // goroutine counts down.
        let senders: FxHashSet<FuncId> = blocking.iter().map(|s| s.func).collect();
        let wait = a.facts[owner as usize].ops.iter().find(|o| {
            o.kind == OpKind::WgWait
                && !o.deferred
                && o.at.span.end <= first_recv
                && senders.iter().all(|&g| {
                    a.facts[g as usize]
                        .ops
                        .iter()
                        .any(|d| d.kind == OpKind::WgDone && a.g.u.root(d.class) == a.g.u.root(o.class))
                })
        });
        let Some(wait) = wait else { continue };
        let t = FuncText::new(a, owner);
        // The Wait and the receives are in the same run of the owner (not a loop that
        // receives on an earlier trip).
        if t.loops_around(wait.at.span).iter().any(|l| recvs.iter().any(|r| contains(l.span, r.op.at.span))) {
            continue;
        }
        let Some((made, cap)) = make_in(a, &t, class) else { continue };
        let Count::Const(cap_n) = cap else { continue };
        // Sends: more than the buffer holds (a goroutine sending in a loop, goroutines
        // started per trip of a loop, or a constant count above the buffer).
        let mut total: i128 = 0;
        let mut many = false;
        for &g in &senders {
            if blocking.iter().any(|s| s.func == g && s.op.in_loop && !returns_after(a, g, s.op.at)) {
                many = true;
            }
            for &ci in &started_by[&g] {
                let span = t.f.expr(a.g.calls[ci].expr).span;
                if t.loops_around(span).is_empty() {
                    total += 1;
                } else {
                    many = true;
                }
            }
        }
        if !many && total <= cap_n {
            continue;
        }
        let wg = name(a, wait.obj);
        let obj = name(a, blocking[0].op.obj);
        let buffer = if cap_n == 0 { "no buffer".to_string() } else { format!("a buffer of {cap_n}") };
        out.push(Finding {
            detector: crate::Detector::WaitBeforeDrain,
            at: wait.at,
            message: format!(
                "`{wg}.Wait()` waits for goroutines that send on `{obj}` (at {}), which has {buffer} and is received from only after this `Wait`: once the buffer is full the senders block before their `Done`, and neither side moves",
                place(a, blocking[0].op.at)
            ),
            labels: vec![
                (blocking[0].op.at, "blocks once the buffer is full".to_string()),
                (made, format!("made with room for {cap_n}")),
            ],
            help: format!(
                "receive from `{obj}` while the goroutines run, and close it from a goroutine that does `{wg}.Wait()` first"
            ),
        });
    }
}

/// `wg.Wait()` run inside the loop that is the only receiver of an unbuffered channel
/// (directly, or in a function that loop calls), when the goroutines counted by `wg` send
/// on that channel before their `Done`: while the loop waits it cannot receive, and the
/// senders cannot reach `Done` until it does.
pub(super) fn wait_inside_receive_loop(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, out: &mut Vec<Finding>) {
    // Functions reached by plain calls from `from`, at most this deep and this many: the
    // waits a receive loop runs itself.
    const DEPTH: usize = 3;
    const MAX_FUNCS: usize = 32;
    let mut reported: FxHashSet<Loc> = FxHashSet::default();
    for (&class, sites) in by_class {
        let flags = a.g.u.flags(class);
        if flags & (flag::OPEN | flag::RECV_OPEN | flag::BUFFERED) != 0 || flags & flag::MADE_CHAN == 0 {
            continue;
        }
        let recvs: Vec<&Site> = sites.iter().filter(|s| matches!(s.op.kind, OpKind::Recv | OpKind::Range)).collect();
        let Some(first) = recvs.first() else { continue };
        let owner = first.func;
        if recvs.iter().any(|r| r.func != owner) || sites.iter().any(|s| s.op.kind == OpKind::Close) {
            continue;
        }
        // Sends that block until the loop receives, by goroutines other than the loop's.
        let sends: Vec<&Site> = sites
            .iter()
            .filter(|s| s.op.kind == OpKind::Send && s.op.select == Select::No && !s.op.deferred && s.func != owner)
            .collect();
        if sends.is_empty() {
            continue;
        }
        let t = FuncText::new(a, owner);
        // The loops of the owner that receive from the channel.
        let recv_loops: Vec<Span> =
            t.loops.iter().filter(|l| recvs.iter().any(|r| contains(l.span, r.op.at.span))).map(|l| l.span).collect();
        if recv_loops.is_empty() {
            continue;
        }
        // Waits the loop runs: in the loop itself, or in functions called from it.
        let mut waits: Vec<(Loc, Loc, u32, Vec<Loc>)> = Vec::new();
        for o in &a.facts[owner as usize].ops {
            if o.kind == OpKind::WgWait && !o.deferred && recv_loops.iter().any(|&l| contains(l, o.at.span)) {
                waits.push((o.at, o.obj, a.g.u.root(o.class), Vec::new()));
            }
        }
        let mut seen: FxHashSet<FuncId> = FxHashSet::default();
        seen.insert(owner);
        let mut frontier: Vec<(FuncId, Vec<Loc>)> = Vec::new();
        for &ci in &a.g.calls_of[owner as usize] {
            let c = &a.g.calls[ci];
            if c.kind != CallKind::Plain {
                continue;
            }
            let span = t.f.expr(c.expr).span;
            if !recv_loops.iter().any(|&l| contains(l, span)) {
                continue;
            }
            for &g in &c.callees {
                if seen.insert(g) {
                    frontier.push((g, vec![Loc { file: c.file, span }]));
                }
            }
        }
        for _ in 0..DEPTH {
            let mut next = Vec::new();
            for (g, chain) in frontier {
                if seen.len() > MAX_FUNCS {
                    break;
                }
                for o in &a.facts[g as usize].ops {
                    if o.kind == OpKind::WgWait && !o.deferred {
                        waits.push((o.at, o.obj, a.g.u.root(o.class), chain.clone()));
                    }
                }
                for &ci in &a.g.calls_of[g as usize] {
                    let c = &a.g.calls[ci];
                    if c.kind != CallKind::Plain {
                        continue;
                    }
                    for &h in &c.callees {
                        if seen.insert(h) {
                            let mut longer = chain.clone();
                            longer.push(Loc { file: c.file, span: a.g.m.files()[c.file as usize].expr(c.expr).span });
                            next.push((h, longer));
                        }
                    }
                }
            }
            frontier = next;
        }
        for (wait_at, wg_obj, wg, chain) in waits {
            // A sender the WaitGroup counts: its goroutine calls `Done` on it, deferred
            // or after the send.
            let Some(send) = sends.iter().find(|s| {
                a.facts[s.func as usize].ops.iter().any(|d| {
                    d.kind == OpKind::WgDone
                        && a.g.u.root(d.class) == wg
                        && (d.deferred || d.at.span.start > s.op.at.span.start)
                })
            }) else {
                continue;
            };
            if !reported.insert(wait_at) {
                continue;
            }
            let wg_name = name(a, wg_obj);
            let ch = name(a, send.op.obj);
            let mut labels: Vec<(Loc, String)> = chain
                .iter()
                .enumerate()
                .map(|(i, &l)| (l, format!("step {}: the receive loop calls this", i + 1)))
                .collect();
            labels.push((send.op.at, "blocks until the loop receives, before `Done`".to_string()));
            labels.push((recvs[0].op.at, "the only receive, in the loop that is waiting".to_string()));
            out.push(Finding {
                detector: crate::Detector::WaitBeforeDrain,
                at: wait_at,
                message: format!(
                    "`{wg_name}.Wait()` runs inside the loop that is the only receiver of `{ch}` (at {}), and the goroutines it waits for send on `{ch}` (at {}) before their `Done`: the loop cannot receive while it waits, so neither side moves",
                    place(a, recvs[0].op.at),
                    place(a, send.op.at),
                ),
                labels,
                help: "do not wait for the senders inside their receiver's loop: let them report completion over the channel, or wait in another goroutine".to_string(),
            });
        }
    }
}
