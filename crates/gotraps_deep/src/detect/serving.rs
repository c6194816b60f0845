//! Serving loops and their waiters: a select whose every case is fed only by goroutines
//! that return on a stop signal the select itself does not watch ("partner exits
//! first", detector b, for receivers).
//!
//! Cost: one pass over the select cases of each function; per case, its channel's
//! senders (already grouped by class) and each sender function's own select cases.
//! Nothing walks paths or pairs of functions beyond that.

use super::{func_name, name, place, Finding, Site};
use crate::facts::{Analysis, Loc, Op, OpKind, Select};
use crate::graph::{CallKind, FuncId};
use crate::points_to::flag;
use gotraps_semantic::{unparen, ObjId};
use gotraps_syntax::ast::{ExprKind, GenTok, Spec, StmtId, StmtKind, UnaryOp};
use gotraps_syntax::{File, Span};
use rustc_hash::FxHashMap;

/// Why one case of the waiting select can stop firing for good.
enum DeadCase<'a> {
    /// Nothing in the package sends on or closes the channel.
    NoSender,
    /// A local channel variable declared without a value and set only on some paths
    /// (an optional timeout): nil, so never ready, on the others.
    MaybeNil,
    /// Every sender returns when a stop channel is closed.
    SendersStop { sender: &'a Site<'a>, stop_case: &'a Op, stop_close: &'a Site<'a> },
}

pub(super) fn select_outlives_senders<'a>(
    a: &'a Analysis,
    by_class: &'a FxHashMap<u32, Vec<Site<'a>>>,
    out: &mut Vec<Finding>,
) {
    let mut by_caller: FxHashMap<FuncId, Vec<usize>> = FxHashMap::default();
    for (ci, c) in a.g.calls.iter().enumerate() {
        by_caller.entry(c.caller).or_default().push(ci);
    }
    for (fi, facts) in a.facts.iter().enumerate() {
        let fi = fi as FuncId;
        let mut selects: FxHashMap<(u32, u32), Vec<&Op>> = FxHashMap::default();
        for op in &facts.ops {
            if let Some(at) = op.select_at {
                selects.entry((op.at.file, at)).or_default().push(op);
            }
        }
        let mut keys: Vec<(u32, u32)> = selects.keys().copied().collect();
        keys.sort_unstable();
        for key in keys {
            let cases = &selects[&key];
            if let Some(f) = check_select(a, by_class, &by_caller, fi, key.1, cases) {
                out.push(f);
            }
        }
    }
}

fn check_select<'a>(
    a: &'a Analysis,
    by_class: &'a FxHashMap<u32, Vec<Site<'a>>>,
    by_caller: &FxHashMap<FuncId, Vec<usize>>,
    fi: FuncId,
    select_at: u32,
    cases: &[&Op],
) -> Option<Finding> {
    // A select with a default never blocks; a send case, or a context case, is another
    // way out this detector does not judge.
    if cases.iter().any(|o| o.kind != OpKind::Recv || o.select == Select::WithDefault) {
        return None;
    }
    let func = &a.g.funcs[fi as usize];
    let f = &a.g.m.files()[func.file as usize];
    let body = a.g.m.bodies()[func.body].body;
    // The facts name a select by where its block starts.
    let select = super::syntax::all_stmts(f, body).into_iter().find(|&s| match f.stmt(s).kind {
        StmtKind::Select { body } => f.stmt(body).span.start == select_at,
        _ => false,
    })?;
    let StmtKind::Select { body: clauses } = &f.stmt(select).kind else { return None };
    let clauses = f.stmt(*clauses).kind.block_stmts();
    let keyword = f.stmt(select).span.start;
    // Every case must be a receive the analysis modelled (one operation per clause).
    if clauses.len() != cases.len() || clauses.len() < 2 {
        return None;
    }
    let mut dead: Vec<(&Op, DeadCase)> = Vec::new();
    for &op in cases {
        let class = a.g.u.root(op.class);
        let flags = a.g.u.flags(class);
        let sites = by_class.get(&class).map_or(&[][..], |v| &v[..]);
        // An optional timer (often another package's channel): nil on the paths that
        // did not set it, whoever else could send.
        if flags & flag::MADE_CHAN == 0
            && !sites.iter().any(|s| matches!(s.op.kind, OpKind::Send | OpKind::Close))
            && maybe_nil_local(a, fi, f, body, op)
        {
            dead.push((op, DeadCase::MaybeNil));
            continue;
        }
        if flags & flag::OPEN != 0 {
            return None;
        }
        // A close wakes every receiver for good.
        if sites.iter().any(|s| s.op.kind == OpKind::Close) {
            return None;
        }
        let senders: Vec<&Site> = sites.iter().filter(|s| s.op.kind == OpKind::Send).collect();
        // A timer's or another package's channel that is always set may fire.
        if flags & flag::MADE_CHAN == 0 {
            return None;
        }
        if flags & flag::SIGNAL != 0 {
            return None;
        }
        if senders.is_empty() {
            dead.push((op, DeadCase::NoSender));
            continue;
        }
        let mut first = None;
        for s in &senders {
            if s.func == fi {
                return None;
            }
            let (stop_case, stop_close) = stops_on(a, by_class, by_caller, s.func, class, fi)?;
            first.get_or_insert((*s, stop_case, stop_close));
        }
        let (sender, stop_case, stop_close) = first?;
        dead.push((op, DeadCase::SendersStop { sender, stop_case, stop_close }));
    }
    // Only a select fed by goroutines that stop is this detector's: with no live sender
    // at all, it is a missing partner (GT403).
    let (fed, sender, stop_case, stop_close) = dead.iter().find_map(|(op, d)| match d {
        DeadCase::SendersStop { sender, stop_case, stop_close } => Some((*op, *sender, *stop_case, *stop_close)),
        _ => None,
    })?;
    let stop = name(a, stop_case.obj);
    let mut why = vec![format!(
        "`{}`'s sender `{}` returns once `{stop}` is closed",
        name(a, fed.obj),
        func_name(a, sender.func)
    )];
    for (op, d) in &dead {
        if std::ptr::eq(*op, fed) {
            continue;
        }
        let ch = name(a, op.obj);
        why.push(match d {
            DeadCase::NoSender => format!("nothing sends on `{ch}`"),
            DeadCase::MaybeNil => format!("`{ch}` is nil when it was not set"),
            DeadCase::SendersStop { sender, .. } => {
                format!("`{ch}`'s sender `{}` returns on the same stop", func_name(a, sender.func))
            }
        });
    }
    let labels = vec![
        (sender.op.at, format!("the sender, in `{}`", func_name(a, sender.func))),
        (stop_case.at, "the sender returns here when stopped".to_string()),
        (stop_close.op.at, format!("`{}` stops the senders", func_name(a, stop_close.func))),
    ];
    Some(Finding {
        detector: crate::Detector::SelectOutlivesSenders,
        // The `select` keyword: the line a goroutine dump shows.
        at: Loc { file: func.file, span: Span { start: keyword, end: keyword + 6 } },
        message: format!(
            "select blocks forever once `{}` closes `{stop}` (at {}): {}, and the select has no case for `{stop}`",
            func_name(a, stop_close.func),
            place(a, stop_close.op.at),
            why.join(", ")
        ),
        labels,
        help: format!("add a case for `{stop}` to this select, or close the channels it waits on when stopping"),
    })
}

/// The stop case by which function `sender` returns: a select case of its own that
/// returns (or leaves its loop) on receiving from another channel, which a function
/// outside the waiter's own flow closes.
fn stops_on<'a>(
    a: &'a Analysis,
    by_class: &'a FxHashMap<u32, Vec<Site<'a>>>,
    by_caller: &FxHashMap<FuncId, Vec<usize>>,
    sender: FuncId,
    fed: u32,
    waiter: FuncId,
) -> Option<(&'a Op, &'a Site<'a>)> {
    a.facts[sender as usize].ops.iter().find_map(|o| {
        if o.kind != OpKind::Recv || o.select_at.is_none() || !o.case_leaves {
            return None;
        }
        let s = a.g.u.root(o.class);
        if s == fed || a.g.u.flags(s) & flag::MADE_CHAN == 0 {
            return None;
        }
        let close = by_class.get(&s)?.iter().find(|c| {
            // A stop the waiter runs itself (through its own calls) comes after
            // its wait, not during it.
            c.op.kind == OpKind::Close
                && c.func != sender
                && !c.op.deferred
                && !runs_within(a, by_caller, waiter, c.func)
        })?;
        Some((o, close))
    })
}

/// Whether the case's channel is a local variable declared without a value (`var c
/// <-chan T`) that no statement directly in the function body assigns: it stays nil on
/// the paths that skip the conditional assignments.
fn maybe_nil_local(a: &Analysis, fi: FuncId, f: &File, body: StmtId, op: &Op) -> bool {
    let Some(obj) = case_object(a, fi, f, body, op) else { return false };
    let file = a.g.funcs[fi as usize].file as usize;
    let stmts = super::syntax::all_stmts(f, body);
    let declared_nil = stmts.iter().any(|&s| {
        let StmtKind::Decl(d) = &f.stmt(s).kind else { return false };
        d.tok == GenTok::Var
            && d.specs.iter().any(|sp| match sp {
                Spec::Value(v) => v.values.is_empty() && v.names.iter().any(|n| a.g.m.object_of(file, *n) == Some(obj)),
                _ => false,
            })
    });
    if !declared_nil {
        return false;
    }
    let top: &[StmtId] = match &f.stmt(body).kind {
        StmtKind::Block { stmts } => stmts,
        _ => return false,
    };
    !top.iter().any(|&s| match &f.stmt(s).kind {
        StmtKind::Assign { lhs, .. } => lhs.iter().any(|&l| ident_obj(a, file, f, l) == Some(obj)),
        _ => false,
    })
}

fn ident_obj(a: &Analysis, file: usize, f: &File, e: gotraps_syntax::ast::ExprId) -> Option<ObjId> {
    match f.expr(unparen(f, e)).kind {
        ExprKind::Ident(id) => a.g.m.object_of(file, id),
        _ => None,
    }
}

/// The variable a receive case reads from (`case <-c:`, `case v := <-c:`).
fn case_object(a: &Analysis, fi: FuncId, f: &File, body: StmtId, op: &Op) -> Option<ObjId> {
    let file = a.g.funcs[fi as usize].file as usize;
    super::syntax::all_stmts(f, body).into_iter().find_map(|s| {
        let StmtKind::CommClause { comm: Some(c), .. } = &f.stmt(s).kind else { return None };
        let e = match &f.stmt(*c).kind {
            StmtKind::Expr(e) => *e,
            StmtKind::Assign { rhs, .. } if rhs.len() == 1 => rhs[0],
            _ => return None,
        };
        let ExprKind::Unary { op: UnaryOp::Arrow, x, .. } = f.expr(unparen(f, e)).kind else { return None };
        if f.expr(x).span != op.obj.span {
            return None;
        }
        ident_obj(a, file, f, x)
    })
}

// ---- a receive loop counting on senders a dispatcher may never start ----------------

/// A plain receive, in a loop, from a channel fed only by goroutines that one dispatcher
/// starts in a loop it can leave on a stop signal (`case <-ctx.Done(): return`) before
/// starting them all: the receiving loop expects one value per sender, the dispatcher's
/// early return leaves it short, nothing closes the channel, and the receive does not
/// watch the stop.
///
/// Cost: per receive, its channel's senders and the `go` calls that start them (an index
/// of `go` calls by callee, built once), then the dispatcher's loops.
pub(super) fn dispatcher_stops_early<'a>(
    a: &'a Analysis,
    by_class: &'a FxHashMap<u32, Vec<Site<'a>>>,
    out: &mut Vec<Finding>,
) {
    let mut go_calls: FxHashMap<FuncId, Vec<usize>> = FxHashMap::default();
    let mut by_caller: FxHashMap<FuncId, Vec<usize>> = FxHashMap::default();
    for (ci, c) in a.g.calls.iter().enumerate() {
        by_caller.entry(c.caller).or_default().push(ci);
        if c.kind == CallKind::Go {
            for &f in &c.callees {
                go_calls.entry(f).or_default().push(ci);
            }
        }
    }
    let mut reported: Vec<Loc> = Vec::new();
    for (ri, facts) in a.facts.iter().enumerate() {
        let ri = ri as FuncId;
        for r in &facts.ops {
            if r.kind != OpKind::Recv || r.select != Select::No || !r.in_loop || r.deferred {
                continue;
            }
            let class = a.g.u.root(r.class);
            let flags = a.g.u.flags(class);
            if flags & flag::MADE_CHAN == 0 || flags & (flag::OPEN | flag::SIGNAL) != 0 {
                continue;
            }
            let Some(sites) = by_class.get(&class) else { continue };
            if sites.iter().any(|s| s.op.kind == OpKind::Close) {
                continue;
            }
            if let Some(f) = short_dispatch(a, &go_calls, &by_caller, ri, r, class, sites) {
                if !reported.contains(&f.at) {
                    reported.push(f.at);
                    out.push(f);
                }
            }
        }
    }
}

fn short_dispatch(
    a: &Analysis,
    go_calls: &FxHashMap<FuncId, Vec<usize>>,
    by_caller: &FxHashMap<FuncId, Vec<usize>>,
    receiver: FuncId,
    r: &Op,
    class: u32,
    sites: &[Site],
) -> Option<Finding> {
    let senders: Vec<&Site> = sites.iter().filter(|s| s.op.kind == OpKind::Send).collect();
    if senders.is_empty() {
        return None;
    }
    let mut dispatcher: Option<(FuncId, usize)> = None;
    for s in &senders {
        let calls = go_calls.get(&s.func)?;
        for &ci in calls {
            let d = a.g.calls[ci].caller;
            match dispatcher {
                None => dispatcher = Some((d, ci)),
                Some((d0, _)) if d0 == d => {}
                Some(_) => return None,
            }
        }
    }
    let (d, go_call) = dispatcher?;
    let func = &a.g.funcs[d as usize];
    let f = &a.g.m.files()[func.file as usize];
    let body = a.g.m.bodies()[func.body].body;
    let go_span = f.expr(a.g.calls[go_call].expr).span;
    // The innermost loop of the dispatcher that starts the senders.
    let lp = super::syntax::all_stmts(f, body)
        .into_iter()
        .filter(|&s| matches!(f.stmt(s).kind, StmtKind::For { .. } | StmtKind::Range { .. }))
        .map(|s| f.stmt(s).span)
        .filter(|sp| super::syntax::contains(*sp, go_span))
        .min_by_key(|sp| sp.end - sp.start)?;
    let stop = a.facts[d as usize].ops.iter().find(|o| {
        matches!(o.kind, OpKind::CtxDone | OpKind::Recv)
            && o.select_at.is_some()
            && o.case_leaves
            && !o.deferred
            && a.g.u.root(o.class) != class
            && o.at.file == func.file
            && super::syntax::contains(lp, o.at.span)
    })?;
    // A receive the dispatcher runs itself (directly or through its calls and defers)
    // is sequenced with its early return, not left waiting by it.
    if runs_within(a, by_caller, d, receiver) {
        return None;
    }
    let ch = name(a, r.obj);
    let disp = dispatcher_name(a, go_calls, d);
    let stop_name = match stop.kind {
        OpKind::CtxDone => format!("{}.Done()", name(a, stop.obj)),
        _ => name(a, stop.obj),
    };
    Some(Finding {
        detector: crate::Detector::DispatcherStopsEarly,
        at: r.at,
        message: format!(
            "receive from `{ch}` expects one send per worker, but the dispatcher ({disp}) returns on `{stop_name}` (at {}) before starting them all; nothing closes `{ch}` and this receive does not watch that stop",
            place(a, stop.at)
        ),
        labels: vec![
            (Loc { file: func.file, span: go_span }, "the senders are started here, one per trip".to_string()),
            (stop.at, "the dispatcher returns here, leaving the rest unstarted".to_string()),
        ],
        help: format!("receive in a select that also watches `{stop_name}`, or close `{ch}` when the dispatcher stops early"),
    })
}

/// Functions visited at most when following a dispatcher's own calls.
const MAX_WITHIN: usize = 32;

/// Whether `target` runs in `from`'s own flow: `from` itself, or a function it reaches
/// through plain and deferred calls (not `go`), within [`MAX_WITHIN`] functions; a
/// walk beyond the bound answers yes (no report).
fn runs_within(a: &Analysis, by_caller: &FxHashMap<FuncId, Vec<usize>>, from: FuncId, target: FuncId) -> bool {
    let mut seen = vec![from];
    let mut work = vec![from];
    while let Some(f) = work.pop() {
        if f == target {
            return true;
        }
        for &ci in by_caller.get(&f).map_or(&[][..], |v| &v[..]) {
            let c = &a.g.calls[ci];
            if c.kind == CallKind::Go {
                continue;
            }
            for &g in &c.callees {
                if !seen.contains(&g) {
                    if seen.len() >= MAX_WITHIN {
                        return true;
                    }
                    seen.push(g);
                    work.push(g);
                }
            }
        }
    }
    false
}

/// How to name a dispatcher: a named function by its name, a function literal by the
/// function that starts it.
fn dispatcher_name(a: &Analysis, go_calls: &FxHashMap<FuncId, Vec<usize>>, d: FuncId) -> String {
    let n = func_name(a, d);
    if n != "func literal" {
        return format!("`{n}`");
    }
    match go_calls.get(&d).and_then(|c| c.first()) {
        Some(&ci) => format!("the goroutine started in `{}`", func_name(a, a.g.calls[ci].caller)),
        None => "a function literal".to_string(),
    }
}
