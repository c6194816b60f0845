//! Lock detectors: re-entry through calls, lock order across functions, and a lock held
//! across a blocking operation whose partner needs it.

use super::{func_name, name, place, Finding, Site};
use crate::facts::{Analysis, Held, Loc, OpKind, Select};
use crate::graph::{CallKind, FuncId};
use crate::points_to::flag;
use rustc_hash::{FxHashMap, FxHashSet};

// ---- d. re-entrant locking -------------------------------------------------------

fn has_writer(sites: Option<&Vec<Site>>) -> bool {
    sites.is_some_and(|v| v.iter().any(|s| s.op.kind == OpKind::Lock))
}

pub(super) fn reentrant(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, out: &mut Vec<Finding>) {
    // Reported at the second Lock, where the goroutine blocks (where a dump shows it),
    // once per such Lock.
    let mut reported: FxHashSet<Loc> = FxHashSet::default();
    for (fi, facts) in a.facts.iter().enumerate() {
        for cf in &facts.calls {
            if cf.held.is_empty() {
                continue;
            }
            let call = &a.g.calls[cf.call];
            if call.kind != CallKind::Plain {
                continue;
            }
            for &c in &call.callees {
                for acq in &a.summaries[c as usize].acquires {
                    let p = acq.path.as_ref().and_then(|p| a.map_path(cf.call, c, p));
                    // A Once's function reaching a Once in the same field, named through
                    // a variable it captured (not mappable here), is taken to be the same
                    // Once: a once-function rarely runs another instance's. A Once in a
                    // plain variable is not (a recursive function has one per call).
                    let last_field = |p: Option<&crate::facts::APath>| p.and_then(|p| p.fields.last().copied());
                    let same = |h: &&Held| {
                        h.class == acq.class
                            && (match &p {
                                Some(p) => h.path.as_ref() == Some(p),
                                None => {
                                    h.once
                                        && acq.once
                                        && last_field(h.path.as_ref()).is_some()
                                        && last_field(h.path.as_ref()) == last_field(acq.path.as_ref())
                                }
                            } || read_through_back_pointer(a, h, acq, p.as_ref()))
                    };
                    let Some(h) = cf.held.iter().find(same) else { continue };
                    if h.read && acq.read && !has_writer(by_class.get(&a.g.u.root(h.class))) {
                        continue;
                    }
                    let call_at = Loc { file: call.file, span: a.g.m.files()[call.file as usize].expr(call.expr).span };
                    let last = *acq.chain.last().unwrap_or(&call_at);
                    if !reported.insert(last) {
                        continue;
                    }
                    out.push(reentry_finding(a, fi as FuncId, h, acq.read, call_at, &acq.chain));
                }
            }
        }
    }
}

/// A read lock held here, read-locked again in a callee on an object of the same class
/// and field that the callee named through a value loaded from another object (a
/// consumer's pointer back to its stream, `o.mset.mu` under `mset.mu`): the field path
/// is lost on the way, but the lock is the same field of an object of the same kind,
/// and nothing shows it is another instance. The same Lock statement reached again
/// (a recursive walk over a tree) is another instance and is not counted. Only read
/// locks: a recursive RLock deadlocks only with a writer queued in between, which the
/// caller checks.
fn read_through_back_pointer(a: &Analysis, h: &Held, acq: &crate::facts::Acq, p: Option<&crate::facts::APath>) -> bool {
    // The callee's lock in the caller's terms: unknown (only its field is), or named
    // from a local variable through another object (`l.reg.mu`, `l` an element).
    let field = match p {
        None => match &acq.path {
            None => acq.field,
            // Named from a local of the callee (`reg := w.reg; reg.mu`): unmappable here.
            Some(q) => match q.root {
                crate::facts::Root::Var(v) if !a.g.m.prog.obj(v).is_package_level() => q.fields.last().copied(),
                _ => None,
            },
        },
        Some(p) => match p.root {
            crate::facts::Root::Var(v)
                if p.fields.len() >= 2 && !a.g.m.prog.obj(v).is_package_level() && fields_coherent(a, &p.fields) =>
            {
                p.fields.last().copied()
            }
            _ => None,
        },
    };
    h.read
        && acq.read
        && !h.once
        && field.is_some()
        && field == h.path.as_ref().and_then(|p| p.fields.last().copied())
        && acq.chain.last() != Some(&h.at)
}

/// Whether each field of a path is a field of the struct (or pointer to struct) the
/// previous one holds: a path joined through an imprecise interface dispatch
/// (`o.s.mu` with `o.s` a map) names no object.
fn fields_coherent(a: &Analysis, fields: &[gotraps_semantic::ObjId]) -> bool {
    let prog = &a.g.m.prog;
    fields.windows(2).all(|w| {
        let mut t = prog.underlying(prog.obj_type(w[0]));
        if let gotraps_semantic::TypeData::Pointer(e) = prog.types.get(t) {
            t = prog.underlying(*e);
        }
        matches!(prog.types.get(t), gotraps_semantic::TypeData::Struct(st) if st.fields.contains(&w[1]))
    })
}

/// The finding for a lock `h` held in `func` and taken again at the end of `chain`, the
/// calls from `call_at` down to the second Lock.
fn reentry_finding(a: &Analysis, func: FuncId, h: &Held, read_again: bool, call_at: Loc, chain: &[Loc]) -> Finding {
    let lock = name(a, h.obj);
    let how = match (h.read, read_again) {
        _ if h.once => "a sync.Once waits for its function to return, and that function is the caller",
        (false, false) => "sync.Mutex is not re-entrant",
        (false, true) => "RLock waits for the held write lock",
        (true, false) => "Lock waits for the read lock this goroutine holds",
        (true, true) => {
            "a second RLock waits behind any writer queued since the first: recursive read locking deadlocks"
        }
    };
    let last = *chain.last().unwrap_or(&call_at);
    let (held_what, took) = if h.once {
        ("the Once `{lock}`, whose function this goroutine is running", "started it")
    } else {
        ("`{lock}`, which this goroutine already holds", "locked it")
    };
    let held_what = held_what.replace("{lock}", &lock);
    let mut labels = vec![
        (h.at, if h.once { format!("`{lock}` runs its function from here") } else { format!("`{lock}` locked here") }),
        (call_at, format!("step 1: calls `{}` with `{lock}` held", name(a, call_at))),
    ];
    for (i, &l) in chain.iter().enumerate().take(chain.len().saturating_sub(1)) {
        labels.push((l, format!("step {}: calls `{}`", i + 2, name(a, l))));
    }
    Finding {
        detector: crate::Detector::Reentrant,
        at: last,
        message: format!(
            "`{}` waits for {held_what}: `{}` {took} (at {}) and calls `{}` (at {}), which reaches here; {how}, so it blocks forever",
            short(a, last),
            func_name(a, func),
            place(a, h.at),
            name(a, call_at).split('(').next().unwrap_or(""),
            place(a, call_at),
        ),
        labels,
        help: format!(
            "release `{lock}` before calling `{}`, or call a variant that expects the lock to be held",
            name(a, call_at).split('(').next().unwrap_or("")
        ),
    }
}

/// A call's text, cut at its arguments when they are long (a function literal).
fn short(a: &Analysis, l: Loc) -> String {
    let n = name(a, l);
    if n.len() <= 48 {
        return n;
    }
    match n.find('(') {
        Some(i) => format!("{}(...)", &n[..i]),
        None => n,
    }
}

// ---- d'. a lock held across a call of outside code that can re-enter ---------------

/// Calls of code the package's callers supply (a callback from an exported field or
/// setter, an interface of the package implemented elsewhere), made while a lock is
/// held, when an exported method or function of the package takes that same lock: the
/// callback, holding a reference to the object, can call it and wait for itself.
pub(super) fn callback_under_lock(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, out: &mut Vec<Finding>) {
    // Entry points a callback can call: exported functions and methods that take a lock
    // named through their receiver or parameters (so on the object handed to them).
    let mut entries: FxHashMap<u32, Vec<(FuncId, &crate::facts::Acq)>> = FxHashMap::default();
    for (fi, f) in a.g.funcs.iter().enumerate() {
        if !f.exported {
            continue;
        }
        for acq in &a.summaries[fi].acquires {
            if !acq.once && acq.path.as_ref().is_some_and(|p| matches!(p.root, crate::facts::Root::Param(_))) {
                entries.entry(acq.class).or_default().push((fi as FuncId, acq));
            }
        }
    }
    if entries.is_empty() {
        return;
    }
    let mut reported: FxHashSet<Loc> = FxHashSet::default();
    for facts in &a.facts {
        let mut candidates: Vec<(&[Held], Vec<Loc>)> = Vec::new();
        for oc in &facts.outside_calls {
            if !oc.held.is_empty() {
                candidates.push((&oc.held, vec![oc.at]));
            }
        }
        for cf in &facts.calls {
            let call = &a.g.calls[cf.call];
            if cf.held.is_empty() || call.kind != CallKind::Plain {
                continue;
            }
            let at = Loc { file: call.file, span: a.g.m.files()[call.file as usize].expr(call.expr).span };
            for &c in &call.callees {
                for chain in &a.summaries[c as usize].outside_calls {
                    let mut full = vec![at];
                    full.extend_from_slice(chain);
                    candidates.push((&cf.held, full));
                }
            }
        }
        for (held, chain) in candidates {
            if reported.contains(&chain[0]) {
                continue;
            }
            for h in held.iter().filter(|h| !h.once && h.path.is_some()) {
                let Some(es) = entries.get(&h.class) else { continue };
                let writer = has_writer(by_class.get(&a.g.u.root(h.class)));
                let Some(&(ef, acq)) = es.iter().find(|(_, acq)| !(h.read && acq.read && !writer)) else { continue };
                reported.insert(chain[0]);
                let lock = name(a, h.obj);
                let entry = func_name(a, ef);
                let how = match (h.read, acq.read) {
                    (false, false) => "sync.Mutex is not re-entrant",
                    (false, true) => "its RLock waits for the write lock held here",
                    (true, false) => "its Lock waits for the read lock held here",
                    (true, true) => "its RLock queues behind any writer waiting since this read lock",
                };
                let outside = *chain.last().unwrap_or(&chain[0]);
                let mut labels = vec![(h.at, format!("`{lock}` locked here"))];
                for (i, &l) in chain.iter().enumerate().take(chain.len().saturating_sub(1)) {
                    labels.push((l, format!("step {}: calls `{}`", i + 1, short(a, l))));
                }
                labels.push((outside, "calls code supplied from outside the package".to_string()));
                labels.push((*acq.chain.last().unwrap_or(&outside), format!("`{entry}` takes `{lock}` here")));
                out.push(Finding {
                    detector: crate::Detector::CallbackUnderLock,
                    at: chain[0],
                    message: format!(
                        "`{}` runs a callback supplied from outside the package (`{}`, at {}) while `{lock}` is held; if it calls back `{entry}`, which takes `{lock}` (at {}), {how}, and this goroutine blocks forever",
                        short(a, chain[0]),
                        short(a, outside),
                        place(a, outside),
                        place(a, *acq.chain.last().unwrap_or(&outside)),
                    ),
                    labels,
                    help: format!(
                        "release `{lock}` before running the callback (copy what it needs under the lock); a callback cannot see that it must not call `{entry}`"
                    ),
                });
                break;
            }
        }
    }
}

// ---- c. lock order -----------------------------------------------------------------

struct Edge {
    /// The held lock.
    held: Held,
    /// Call sites then the Lock call of the second lock.
    chain: Vec<Loc>,
    taken_obj: String,
    read: bool,
    /// Other lock classes held at the same time (a common one serialises both orders).
    gates: Vec<u32>,
    func: FuncId,
}

pub(super) fn lock_order(a: &Analysis, out: &mut Vec<Finding>) {
    let mut edges: FxHashMap<(u32, u32), Edge> = FxHashMap::default();
    for (fi, facts) in a.facts.iter().enumerate() {
        let mut add = |held: &[Held], class: u32, read: bool, chain: Vec<Loc>, taken_obj: String| {
            for h in held {
                if h.class == class {
                    continue;
                }
                let gates = held.iter().filter(|o| o.class != h.class).map(|o| o.class).collect();
                edges.entry((h.class, class)).or_insert(Edge {
                    held: h.clone(),
                    chain: chain.clone(),
                    taken_obj: taken_obj.clone(),
                    read: read && h.read,
                    gates,
                    func: fi as FuncId,
                });
            }
        };
        for op in &facts.ops {
            if matches!(op.kind, OpKind::Lock | OpKind::RLock) && !op.deferred && !op.held.is_empty() {
                add(&op.held, op.class, op.kind == OpKind::RLock, vec![op.at], name(a, op.obj));
            }
        }
        for cf in &facts.calls {
            let call = &a.g.calls[cf.call];
            if cf.held.is_empty() || call.kind != CallKind::Plain {
                continue;
            }
            let at = Loc { file: call.file, span: a.g.m.files()[call.file as usize].expr(call.expr).span };
            for &c in &call.callees {
                for acq in &a.summaries[c as usize].acquires {
                    let mut chain = vec![at];
                    chain.extend_from_slice(&acq.chain);
                    let obj = a.text(*acq.chain.last().unwrap_or(&at)).trim_end_matches("()").to_string();
                    let obj = obj.trim_end_matches(".Lock").trim_end_matches(".RLock").to_string();
                    add(&cf.held, acq.class, acq.read, chain, obj);
                }
            }
        }
    }
    let mut keys: Vec<&(u32, u32)> = edges.keys().collect();
    keys.sort();
    for &(x, y) in keys {
        let (Some(e), Some(r)) = (edges.get(&(x, y)), edges.get(&(y, x))) else { continue };
        if e.gates.iter().any(|g| r.gates.contains(g)) || (e.read && r.read) {
            continue;
        }
        let held = name(a, e.held.obj);
        let other_held = name(a, r.held.obj);
        let mut labels = vec![(e.held.at, format!("`{held}` held since here"))];
        for (i, l) in e.chain.iter().enumerate().take(e.chain.len().saturating_sub(1)) {
            labels.push((*l, format!("step {}: calls `{}`", i + 1, name(a, *l))));
        }
        labels.push((r.held.at, format!("elsewhere (`{}`) `{other_held}` is held first", func_name(a, r.func))));
        for l in &r.chain {
            labels.push((*l, format!("and `{}` is taken under it here", r.taken_obj)));
        }
        out.push(Finding {
            detector: crate::Detector::LockOrder,
            at: e.chain[0],
            message: format!(
                "`{}` is taken while `{held}` is held, but `{}` takes them in the opposite order (at {}): two goroutines doing both deadlock",
                e.taken_obj,
                func_name(a, r.func),
                place(a, r.chain[0])
            ),
            labels,
            help: format!("take `{held}` and `{}` in one order everywhere, or release one before taking the other", e.taken_obj),
        });
    }
}

// ---- c'. locks of a map's values taken in iteration order ----------------------------

/// A `range` over a map that locks each value's lock and keeps it locked into the next
/// iteration (directly, or in a callee that returns with it held): the locks are taken
/// in map iteration order, which Go randomises per loop, so two goroutines running the
/// loop take the same locks in different orders and each waits for one the other holds.
/// Not reported when an exclusive lock held around the loop serialises the callers, or
/// when the body releases the lock again.
pub(super) fn map_order(a: &Analysis, out: &mut Vec<Finding>) {
    for (fi, facts) in a.facts.iter().enumerate() {
        for mr in &facts.map_ranges {
            let Some(value) = mr.value else { continue };
            if mr.entry_held.iter().any(|h| !h.read) {
                continue;
            }
            let on_value = |p: &Option<crate::facts::APath>| {
                p.as_ref().is_some_and(|p| p.root == crate::facts::Root::Var(value) && !p.fields.is_empty())
            };
            let ops = &facts.ops[mr.ops.clone()];
            let calls = &facts.calls[mr.calls.clone()];
            let released = |class: u32| {
                ops.iter().any(|o| o.kind == OpKind::Unlock && !o.deferred && o.class == class)
                    || calls.iter().any(|cf| {
                        let call = &a.g.calls[cf.call];
                        call.kind == CallKind::Plain
                            && call
                                .callees
                                .iter()
                                .any(|&c| a.facts[c as usize].releases.iter().any(|(k, _)| *k == class))
                    })
            };
            // (the Lock call or the call that returns with it held, the Lock call, class)
            let mut taken: Option<(Loc, Loc, u32)> = None;
            for op in ops {
                if op.kind == OpKind::Lock && !op.deferred && !op.once && on_value(&op.path) {
                    taken = Some((op.at, op.at, op.class));
                    break;
                }
            }
            if taken.is_none() {
                'calls: for cf in calls {
                    let call = &a.g.calls[cf.call];
                    if call.kind != CallKind::Plain {
                        continue;
                    }
                    for &c in &call.callees {
                        for h in &a.facts[c as usize].exit_held {
                            if h.class == u32::MAX || h.read || h.once {
                                continue;
                            }
                            let p = h.path.as_ref().and_then(|p| a.map_path(cf.call, c, p));
                            if on_value(&p) {
                                let at = Loc {
                                    file: call.file,
                                    span: a.g.m.files()[call.file as usize].expr(call.expr).span,
                                };
                                taken = Some((at, h.at, h.class));
                                break 'calls;
                            }
                        }
                    }
                }
            }
            let Some((at, lock_at, class)) = taken else { continue };
            if released(class) {
                continue;
            }
            let map = name(a, mr.at);
            let lock = name(a, lock_at).trim_end_matches("()").trim_end_matches(".Lock").to_string();
            let mut labels = vec![(at, format!("`{}` locks `{lock}` of one value and keeps it locked", short(a, at)))];
            if lock_at != at {
                labels.push((lock_at, format!("`{lock}` locked here and still held on return")));
            }
            out.push(Finding {
                detector: crate::Detector::LockOrder,
                at: mr.at,
                message: format!(
                    "`{}` (in `{}`) locks each value of the map `{map}` and keeps the locks held across iterations: they are taken in map iteration order, which Go randomises, so two goroutines running it take the same locks in opposite orders and deadlock",
                    short(a, at),
                    func_name(a, fi as FuncId),
                ),
                labels,
                help: format!(
                    "take the locks in one fixed order (range over the keys sorted), or hold an exclusive lock around the loop so callers run it one at a time"
                ),
            });
        }
    }
}

// ---- e. lock held across a blocking operation ------------------------------------------

fn partners(k: OpKind) -> &'static [OpKind] {
    match k {
        OpKind::Send => &[OpKind::Recv, OpKind::Range],
        OpKind::Recv | OpKind::Range => &[OpKind::Send, OpKind::Close],
        OpKind::WgWait => &[OpKind::WgDone],
        OpKind::CondWait => &[OpKind::CondSignal, OpKind::CondBroadcast],
        _ => &[],
    }
}

/// Whether function `f` takes a lock of `class` inside a loop, directly or in a callee.
fn loop_takes(a: &Analysis, f: FuncId, class: u32) -> bool {
    let facts = &a.facts[f as usize];
    facts
        .ops
        .iter()
        .any(|o| o.in_loop && !o.deferred && matches!(o.kind, OpKind::Lock | OpKind::RLock) && o.class == class)
        || facts.calls.iter().any(|cf| {
            let call = &a.g.calls[cf.call];
            cf.in_loop
                && call.kind == CallKind::Plain
                && call.callees.iter().any(|&c| a.summaries[c as usize].acquires.iter().any(|acq| acq.class == class))
        })
}

/// The lock of `held` that blocking operation `op` (in `op_func`) waits under while
/// every partner that could complete it needs that lock first, with the first partner.
fn blocked_by<'s>(
    a: &Analysis,
    by_class: &'s FxHashMap<u32, Vec<Site>>,
    op_func: FuncId,
    op: &crate::facts::Op,
    held: &[Held],
) -> Option<(Held, &'s Site<'s>)> {
    let kinds = partners(op.kind);
    if kinds.is_empty() || held.is_empty() || op.select == Select::WithDefault || op.deferred {
        return None;
    }
    // A buffered channel may already hold the value (or the room) it waits for.
    if matches!(op.kind, OpKind::Send | OpKind::Recv | OpKind::Range) && a.g.u.flags(op.class) & flag::BUFFERED != 0 {
        return None;
    }
    if a.g.u.flags(op.class) & flag::OPEN != 0 {
        return None;
    }
    let sites = by_class.get(&a.g.u.root(op.class))?;
    let ps: Vec<&Site> = sites.iter().filter(|s| kinds.contains(&s.op.kind) && s.func != op_func).collect();
    if ps.is_empty() {
        return None;
    }
    for h in held {
        // Cond.Wait releases its own lock while it waits.
        if op.kind == OpKind::CondWait && a.g.u.elem_of(op.class) == Some(a.g.u.root(h.class)) {
            continue;
        }
        // The partner needs the lock first when it holds it at its operation, took
        // it earlier on some path, or waits in a loop that takes it (directly or
        // in a callee): the iteration that takes it blocks on the lock held here.
        let needs = |s: &&Site| {
            s.op.held.iter().any(|o| o.class == h.class)
                || s.op.acquired_before.contains(&h.class)
                || (s.op.in_loop && loop_takes(a, s.func, h.class))
        };
        if ps.iter().all(needs) {
            return Some((h.clone(), ps[0]));
        }
    }
    None
}

pub(super) fn held_across_blocking(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, out: &mut Vec<Finding>) {
    let mut reported: FxHashSet<Loc> = FxHashSet::default();
    for (fi, facts) in a.facts.iter().enumerate() {
        for op in &facts.ops {
            if let Some((h, p)) = blocked_by(a, by_class, fi as FuncId, op, &op.held) {
                reported.insert(op.at);
                out.push(held_finding(a, &h, op, p, &[]));
            }
        }
    }
    // The same, with the blocking operation reached through calls made under the lock.
    for facts in &a.facts {
        for cf in &facts.calls {
            let call = &a.g.calls[cf.call];
            if cf.held.is_empty() || call.kind != CallKind::Plain {
                continue;
            }
            let at = Loc { file: call.file, span: a.g.m.files()[call.file as usize].expr(call.expr).span };
            for &c in &call.callees {
                for b in &a.summaries[c as usize].blocking {
                    let op = &a.facts[b.func as usize].ops[b.op];
                    if reported.contains(&op.at) {
                        continue;
                    }
                    // A callee that releases the caller's lock (unlock, wait, relock) does
                    // not wait under it.
                    // A select blocks only when all its cases do: not judged through calls.
                    if op.select != Select::No {
                        continue;
                    }
                    // A Once running its function is not held across other instances'
                    // work the way a lock is (one class covers every instance).
                    let held: Vec<Held> = cf
                        .held
                        .iter()
                        .filter(|h| {
                            !h.once
                                && ![c, b.func]
                                    .iter()
                                    .any(|&f| a.facts[f as usize].releases.iter().any(|(k, _)| *k == h.class))
                        })
                        .cloned()
                        .collect();
                    if let Some((h, p)) = blocked_by(a, by_class, b.func, op, &held) {
                        reported.insert(op.at);
                        let mut chain = vec![at];
                        chain.extend_from_slice(&b.chain[..b.chain.len() - 1]);
                        out.push(held_finding(a, &h, op, p, &chain));
                    }
                }
            }
        }
    }
}

/// The finding for blocking operation `op` waiting while `h` is held, reached from the
/// lock holder through the calls `chain` (empty when in the same function); reported at
/// the call that enters the function holding the operation.
fn held_finding(a: &Analysis, h: &Held, op: &crate::facts::Op, p: &Site, chain: &[Loc]) -> Finding {
    let lock = name(a, h.obj);
    let what = match op.kind {
        OpKind::Send => "send",
        OpKind::Recv | OpKind::Range => "receive",
        OpKind::WgWait => "Wait",
        _ => "Cond.Wait",
    };
    let mut labels = vec![(h.at, format!("`{lock}` locked here"))];
    for (i, &l) in chain.iter().enumerate() {
        labels.push((l, format!("step {}: calls `{}` with `{lock}` held", i + 1, short(a, l))));
    }
    if !chain.is_empty() {
        labels.push((op.at, format!("the {what} that waits")));
    }
    let lock_step = a.facts[p.func as usize]
        .ops
        .iter()
        .find(|o| matches!(o.kind, OpKind::Lock | OpKind::RLock) && o.class == h.class)
        .map(|o| o.at);
    if let Some(l) = lock_step {
        labels.push((l, format!("the partner in `{}` needs `{lock}` here first", func_name(a, p.func))));
    }
    labels
        .push((p.op.at, format!("the only operation that could complete it; its goroutine takes `{lock}` on the way")));
    let (at, through) = match chain.last() {
        Some(&last) => (last, format!("`{}` blocks in a {what} (at {}): the ", short(a, last), place(a, op.at))),
        None => (op.at, String::new()),
    };
    Finding {
        detector: crate::Detector::HeldAcrossBlocking,
        at,
        message: format!(
            "{through}{what} on `{}` waits while `{lock}` is held, and its partner in `{}` (at {}) must take `{lock}` first: neither can proceed",
            name(a, op.obj),
            func_name(a, p.func),
            place(a, p.op.at)
        ),
        labels,
        help: format!("release `{lock}` before the {what}, or let the partner complete it without the lock"),
    }
}

// ---- a Cond signalled outside its lock ----------------------------------------------

/// A `Signal`/`Broadcast` that nothing orders after a waiter's `Wait`: neither the
/// signalling function before it nor every caller of that function takes the Cond's
/// lock `c.L`. The waiter checks its condition under `c.L` and then waits; a state
/// change and signal made without `c.L` can fall between the two, and the wakeup is
/// lost (the waiter sleeps until a signal that may never come).
pub(super) fn cond_signal_unlocked(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, out: &mut Vec<Finding>) {
    // Callers of each function: whether each call site holds or took a given lock.
    let callers = super::channels::call_sites_by_callee(a);
    let mut reported: FxHashSet<u32> = FxHashSet::default();
    for (fi, facts) in a.facts.iter().enumerate() {
        for op in &facts.ops {
            if !matches!(op.kind, OpKind::CondSignal | OpKind::CondBroadcast) || op.deferred {
                continue;
            }
            if a.g.u.flags(op.class) & flag::OPEN != 0 {
                continue;
            }
            let Some(l) = a.g.u.elem_of(op.class) else { continue };
            let takes = |held: &[Held], before: &[u32]| {
                held.iter().any(|h| a.g.u.root(h.class) == l) || before.iter().any(|&c| a.g.u.root(c) == l)
            };
            if takes(&op.held, &op.acquired_before) {
                continue;
            }
            // Callers that took `c.L` before calling order the signal too.
            let cs = callers.get(&(fi as FuncId)).map(Vec::as_slice).unwrap_or(&[]);
            if !cs.is_empty()
                && cs.iter().all(|&(cf_func, k)| {
                    let cf = &a.facts[cf_func as usize].calls[k];
                    takes(&cf.held, &cf.acquired_before)
                })
            {
                continue;
            }
            // The lost wakeup matters when a waiter does not re-check a condition (its
            // Wait is in no loop), or when the signaller changed state under another
            // lock than `c.L` (it took one earlier): the waiter's check, under `c.L`,
            // is not ordered with that change. A bare wakeup to waiters that loop on
            // their condition changes nothing when lost.
            let Some(sites) = by_class.get(&a.g.u.root(op.class)) else { continue };
            let waits = || sites.iter().filter(|s| s.op.kind == OpKind::CondWait);
            let other_lock = op.acquired_before.iter().any(|&c| a.g.u.root(c) != l);
            let Some(wait) = waits().find(|s| !s.op.in_loop).or_else(|| waits().find(|_| other_lock)) else {
                continue;
            };
            if !reported.insert(a.g.u.root(op.class)) {
                continue;
            }
            let cond = name(a, op.obj);
            let what = if op.kind == OpKind::CondSignal { "Signal" } else { "Broadcast" };
            out.push(Finding {
                detector: crate::Detector::CondSignalUnlocked,
                at: op.at,
                message: format!(
                    "`{cond}.{what}()` is made without `{cond}.L`: nothing before it in `{}` takes the Cond's lock, so it can fall between a waiter's check of its condition and its `Wait` (in `{}`, at {}), and that wakeup is lost",
                    func_name(a, fi as FuncId),
                    func_name(a, wait.func),
                    place(a, wait.op.at)
                ),
                labels: vec![(wait.op.at, format!("a waiter that checked its condition before this {what} sleeps here"))],
                help: format!(
                    "make the state change and the {what} while holding `{cond}.L` (lock it around them), and have the waiter re-check its condition in a loop around `Wait`"
                ),
            });
        }
    }
}
