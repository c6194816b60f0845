//! Close while another thread may still send (T27): a `close(ch)` of a channel held in a
//! struct field or package variable, in one thread, and a send on the same channel in
//! another thread that can run at the same time. A send on a closed channel panics.
//!
//! The close and the send are the reads of the channel field recorded by the access
//! summaries, recognised by their position (the operand of `close`, the channel of a send
//! statement), so they carry the locks held and the thread that makes them. A close is
//! ordered after the senders when its thread (or the function making it) waited for
//! something first: a `Wait`, or a receive (the usual "wait for the workers, then close").

use super::{protected, Access, Analysis, Join, Side, Summary, Target, Thread};
use gotraps_semantic::{FuncNode, ObjKind};
use gotraps_syntax::ast::{ExprKind, StmtKind};
use rustc_hash::{FxHashMap, FxHashSet};
use std::rc::Rc;

/// A close racing with a send.
#[derive(Clone, Debug)]
pub struct CloseRace {
    /// `Type.field` or the package variable holding the channel.
    pub channel: String,
    pub close: Side,
    pub send: Side,
}

/// Occurrences kept per channel and per kind: bounds the pairing.
const MAX_SITES: usize = 64;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Close,
    Send,
}

pub(super) fn detect(a: &Analysis, threads: &[(Thread, Rc<Summary>)]) -> Vec<CloseRace> {
    if !a.model.files().iter().any(|f| f.mentions("close(")) {
        return Vec::new();
    }
    let (ops, deferred_closes) = channel_ops(a);
    if !ops.values().any(|&o| o == Op::Close) || !ops.values().any(|&o| o == Op::Send) {
        return Vec::new();
    }
    // Close and send sites per channel.
    let mut sites: FxHashMap<Target, (Vec<(Side, &Summary)>, Vec<(Side, &Summary)>)> = FxHashMap::default();
    let mut seen: FxHashSet<(u32, u32, Thread)> = FxHashSet::default();
    for (t, s) in threads {
        for acc in &s.accesses {
            if acc.elem || acc.write {
                continue;
            }
            let Some(&op) = ops.get(&(acc.file, acc.span.start, acc.span.end)) else { continue };
            if !seen.insert((acc.file, acc.span.start, *t)) {
                continue;
            }
            let e = sites.entry(acc.target).or_default();
            let list = if op == Op::Close { &mut e.0 } else { &mut e.1 };
            if list.len() < MAX_SITES {
                list.push((Side { access: acc.clone(), thread: *t }, &**s));
            }
        }
    }
    let shared = shared_types(a, threads);
    let mut values: Option<FxHashSet<ObjId>> = None;
    let mut out = Vec::new();
    let mut targets: Vec<_> = sites.into_iter().filter(|(_, (c, s))| !c.is_empty() && !s.is_empty()).collect();
    targets.sort_by_key(|(_, (c, _))| (c[0].0.access.file, c[0].0.access.span.start));
    for (target, (closes, sends)) in targets {
        let owner = match target {
            Target::Field(f) => a.field_owner.get(&f).copied(),
            Target::Global(_) => None,
        };
        let intent = owner.is_some_and(|o| shared.contains(&o));
        let mut reported: FxHashSet<(u32, u32)> = FxHashSet::default();
        let chan_obj = match target {
            Target::Field(o) | Target::Global(o) => o,
        };
        for (c, csum) in &closes {
            let deferred = deferred_closes.contains(&(c.access.file, c.access.span.start));
            let mut hit: Option<&Side> = None;
            for (s, ssum) in &sends {
                if s.access.func == c.access.func || protected(a.locks.get(c.access.locks), a.locks.get(s.access.locks))
                {
                    continue;
                }
                if waited_before(a, csum, &c.access, deferred, ssum, chan_obj) {
                    continue;
                }
                if !may_overlap(a, c, csum, s, ssum, intent, &mut values) {
                    continue;
                }
                let earlier = match hit {
                    Some(h) => (s.access.file, s.access.span.start) < (h.access.file, h.access.span.start),
                    None => true,
                };
                if earlier {
                    hit = Some(s);
                }
            }
            if let Some(s) = hit {
                if reported.insert((c.access.file, c.access.span.start)) {
                    out.push(CloseRace { channel: a.target_name(target, owner), close: c.clone(), send: s.clone() });
                }
            }
        }
    }
    out.sort_by_key(|r| (r.close.access.file, r.close.access.span.start));
    out
}

/// Whether the thread making the close (or the function whose code closes) waits for the
/// sender before it: a `Wait`, or a receive on a channel the sender's thread sends on or
/// closes (other than the closed channel itself). A deferred close runs after every wait
/// of its function.
fn waited_before(a: &Analysis, csum: &Summary, close: &Access, deferred: bool, ssum: &Summary, chan: ObjId) -> bool {
    let waits_for_sender = |j: Join| match j {
        Join::All => true,
        Join::Chan(k) => k != chan && (ssum.signals.contains(&j) || ssum.signals.contains(&Join::AnyChan)),
        Join::AnyChan => false,
    };
    if csum.joins.iter().any(|&(p, j)| (p < close.pos || (deferred && p == close.pos)) && waits_for_sender(j)) {
        return true;
    }
    let Some(own) = a.summaries.get(&close.func) else { return false };
    let Some(at) = own.accesses.iter().find(|x| x.file == close.file && x.span == close.span) else { return false };
    own.joins.iter().any(|&(p, j)| (p < at.pos || deferred) && waits_for_sender(j))
}

fn may_overlap(
    a: &Analysis,
    c: &Side,
    csum: &Summary,
    s: &Side,
    ssum: &Summary,
    intent: bool,
    values: &mut Option<FxHashSet<ObjId>>,
) -> bool {
    // A function the package never calls directly but hands out as a value (a callback)
    // runs on whichever goroutine calls it back, often the one that closes afterwards:
    // it does not count as a goroutine of its own.
    let mut handed_out = |t: Thread| match t {
        Thread::Api(FuncNode::Func(o)) if !a.model.prog.obj_name(o).starts_with(|ch: char| ch.is_uppercase()) => {
            values.get_or_insert_with(|| referenced_funcs(a)).contains(&o)
        }
        _ => false,
    };
    if handed_out(c.thread) || handed_out(s.thread) {
        return false;
    }
    match (c.thread, s.thread) {
        (Thread::Go(x), Thread::Go(y)) => x != y,
        (Thread::Api(_), Thread::Go(g)) => !a.ordered(csum, g, &c.access),
        (Thread::Go(g), Thread::Api(_)) => !a.ordered(ssum, g, &s.access),
        // Two entry points: only for a type that shows it is used concurrently (a lock,
        // an atomic), else "do not send after Close" is the caller's contract.
        (Thread::Api(x), Thread::Api(y)) => x != y && intent && !a.is_main(x) && !a.is_main(y),
    }
}

/// Struct types that show they are used from several goroutines: a lock or a sync/atomic
/// value among their fields, or fields accessed atomically or under a lock.
fn shared_types(a: &Analysis, threads: &[(Thread, Rc<Summary>)]) -> FxHashSet<ObjId> {
    let model = a.model;
    let mut out = FxHashSet::default();
    // Whether a struct type has a lock or an atomic field: asked once per type, not per
    // access (types recur in every summary that reaches them).
    let mut by_fields: FxHashMap<ObjId, bool> = FxHashMap::default();
    for (_, s) in threads {
        for acc in &s.accesses {
            let Target::Field(f) = acc.target else { continue };
            let Some(&o) = a.field_owner.get(&f) else { continue };
            if out.contains(&o) {
                continue;
            }
            if acc.atomic
                || !acc.locks.is_empty()
                || *by_fields.entry(o).or_insert_with(|| {
                    let t = model.obj_type(o);
                    let has_atomic_field = match model.prog.types.get(model.prog.underlying(t)) {
                        gotraps_semantic::TypeData::Struct(st) => st.fields.iter().any(|&fl| {
                            matches!(model.prog.types.get(model.prog.obj_type(fl)),
                                gotraps_semantic::TypeData::Named(n) if model.obj_pkg_path(n.obj) == Some("sync/atomic"))
                        }),
                        _ => false,
                    };
                    has_atomic_field
                        || model.contains_sync_type(t, "Mutex")
                        || model.contains_sync_type(t, "RWMutex")
                })
            {
                out.insert(o);
            }
        }
    }
    out
}

use gotraps_semantic::ObjId;

/// `(file, start, end)` of every channel operand of a builtin `close` call or a send
/// statement in the package, and `(file, start)` of the operands of deferred closes.
type ChannelOps = (FxHashMap<(u32, u32, u32), Op>, FxHashSet<(u32, u32)>);

fn channel_ops(a: &Analysis) -> ChannelOps {
    let model = a.model;
    let mut out = FxHashMap::default();
    let mut deferred = FxHashSet::default();
    for (fi, f) in model.files().iter().enumerate() {
        for s in &f.stmts {
            match s.kind {
                StmtKind::Send { chan, .. } => {
                    let sp = f.expr(super::strip(f, chan)).span;
                    out.insert((fi as u32, sp.start, sp.end), Op::Send);
                }
                StmtKind::Defer { call } => {
                    if let ExprKind::Call { fun, args, .. } = &f.expr(call).kind {
                        if matches!(f.expr(super::strip(f, *fun)).kind, ExprKind::Ident(i) if f.name(i) == "close")
                            && args.len() == 1
                        {
                            deferred.insert((fi as u32, f.expr(super::strip(f, args[0])).span.start));
                        }
                    }
                }
                _ => {}
            }
        }
        for e in &f.exprs {
            let ExprKind::Call { fun, args, .. } = &e.kind else { continue };
            let ExprKind::Ident(i) = f.expr(super::strip(f, *fun)).kind else { continue };
            if f.name(i) != "close" || args.len() != 1 {
                continue;
            }
            if !model.object_of(fi, i).is_some_and(|o| matches!(model.prog.obj(o).kind, ObjKind::Builtin(_))) {
                continue;
            }
            let sp = f.expr(super::strip(f, args[0])).span;
            out.insert((fi as u32, sp.start, sp.end), Op::Close);
        }
    }
    (out, deferred)
}

/// Functions of the package named anywhere in its code (for a function the package never
/// calls directly: used as a value).
fn referenced_funcs(a: &Analysis) -> FxHashSet<ObjId> {
    let model = a.model;
    let mut out = FxHashSet::default();
    for (fi, f) in model.files().iter().enumerate() {
        for e in &f.exprs {
            let id = match e.kind {
                ExprKind::Ident(i) => i,
                ExprKind::Selector { sel, .. } => sel,
                _ => continue,
            };
            if let Some(o) = model.object_of(fi, id) {
                if model.prog.obj(o).kind == ObjKind::Func {
                    out.insert(o);
                }
            }
        }
    }
    out
}
