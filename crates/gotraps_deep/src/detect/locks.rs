//! Lock detectors: re-entry through calls, lock order across functions, and a lock held
//! across a blocking operation whose partner needs it.

use super::{func_name, name, place, Finding, Site};
use crate::facts::{Analysis, Held, Loc, OpKind, Select};
use crate::graph::{CallKind, FuncId};
use crate::points_to::flag;
use rustc_hash::{FxHashMap, FxHashSet};

// ---- d. re-entrant locking -------------------------------------------------------

fn chain_labels(a: &Analysis, chain: &[Loc], lock: &str) -> Vec<(Loc, String)> {
    let n = chain.len();
    chain
        .iter()
        .enumerate()
        .map(|(i, &l)| {
            if i + 1 == n {
                (l, format!("`{lock}` locked again here"))
            } else {
                (l, format!("step {}: calls `{}`", i + 1, name(a, l)))
            }
        })
        .collect()
}

fn has_writer(sites: Option<&Vec<Site>>) -> bool {
    sites.is_some_and(|v| v.iter().any(|s| s.op.kind == OpKind::Lock))
}

pub(super) fn reentrant(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, out: &mut Vec<Finding>) {
    for facts in &a.facts {
        for cf in &facts.calls {
            if cf.held.is_empty() {
                continue;
            }
            let call = &a.g.calls[cf.call];
            if call.kind != CallKind::Plain {
                continue;
            }
            let mut seen = FxHashSet::default();
            for &c in &call.callees {
                for acq in &a.summaries[c as usize].acquires {
                    let Some(p) = acq.path.as_ref().and_then(|p| a.map_path(cf.call, c, p)) else { continue };
                    let Some(h) = cf.held.iter().find(|h| h.class == acq.class && h.path.as_ref() == Some(&p)) else {
                        continue;
                    };
                    if h.read && acq.read && !has_writer(by_class.get(&a.g.u.root(h.class))) {
                        continue;
                    }
                    if !seen.insert(h.class) {
                        continue;
                    }
                    let lock = name(a, h.obj);
                    let how = match (h.read, acq.read) {
                        (false, false) => "sync.Mutex is not re-entrant".to_string(),
                        (false, true) => "RLock waits for the held write lock".to_string(),
                        (true, false) => "Lock waits for the read lock this goroutine holds".to_string(),
                        (true, true) => {
                            "a second RLock waits behind any writer queued since the first: recursive read locking deadlocks"
                                .to_string()
                        }
                    };
                    let last = *acq.chain.last().unwrap_or(&h.at);
                    let at = Loc { file: call.file, span: a.g.m.files()[call.file as usize].expr(call.expr).span };
                    let mut labels = vec![(h.at, format!("`{lock}` locked here"))];
                    labels.extend(chain_labels(a, &acq.chain, &lock));
                    out.push(Finding {
                        detector: crate::Detector::Reentrant,
                        at,
                        message: format!(
                            "`{}` locks `{lock}` again (at {}) while this goroutine already holds it: {how}, so it blocks forever",
                            name(a, at).split('(').next().unwrap_or(""),
                            place(a, last)
                        ),
                        labels,
                        help: format!("release `{lock}` before this call, or call a variant that expects the lock to be held"),
                    });
                }
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

pub(super) fn held_across_blocking(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, out: &mut Vec<Finding>) {
    for (fi, facts) in a.facts.iter().enumerate() {
        for op in &facts.ops {
            let kinds = partners(op.kind);
            if kinds.is_empty() || op.held.is_empty() || op.select == Select::WithDefault || op.deferred {
                continue;
            }
            // A buffered channel may already hold the value (or the room) it waits for.
            if matches!(op.kind, OpKind::Send | OpKind::Recv | OpKind::Range)
                && a.g.u.flags(op.class) & flag::BUFFERED != 0
            {
                continue;
            }
            if a.g.u.flags(op.class) & flag::OPEN != 0 {
                continue;
            }
            let Some(sites) = by_class.get(&a.g.u.root(op.class)) else { continue };
            let ps: Vec<&Site> =
                sites.iter().filter(|s| kinds.contains(&s.op.kind) && s.func != fi as FuncId).collect();
            if ps.is_empty() {
                continue;
            }
            for h in &op.held {
                // Cond.Wait releases its own lock while it waits.
                if op.kind == OpKind::CondWait && a.g.u.elem_of(op.class) == Some(a.g.u.root(h.class)) {
                    continue;
                }
                let needs =
                    |s: &&Site| s.op.held.iter().any(|o| o.class == h.class) || s.op.acquired_before.contains(&h.class);
                if !ps.iter().all(needs) {
                    continue;
                }
                let p = ps[0];
                let lock = name(a, h.obj);
                let what = match op.kind {
                    OpKind::Send => "send",
                    OpKind::Recv | OpKind::Range => "receive",
                    OpKind::WgWait => "Wait",
                    _ => "Cond.Wait",
                };
                let mut labels = vec![(h.at, format!("`{lock}` locked here"))];
                let lock_step = a.facts[p.func as usize]
                    .ops
                    .iter()
                    .find(|o| matches!(o.kind, OpKind::Lock | OpKind::RLock) && o.class == h.class)
                    .map(|o| o.at);
                if let Some(l) = lock_step {
                    labels.push((l, format!("the partner in `{}` needs `{lock}` here first", func_name(a, p.func))));
                }
                labels.push((p.op.at, "the only operations that could complete it come after that".to_string()));
                out.push(Finding {
                    detector: crate::Detector::HeldAcrossBlocking,
                    at: op.at,
                    message: format!(
                        "{what} on `{}` waits while `{lock}` is held, and its partner in `{}` (at {}) must take `{lock}` first: neither can proceed",
                        name(a, op.obj),
                        func_name(a, p.func),
                        place(a, p.op.at)
                    ),
                    labels,
                    help: format!("release `{lock}` before the {what}, or let the partner complete it without the lock"),
                });
                break;
            }
        }
    }
}
