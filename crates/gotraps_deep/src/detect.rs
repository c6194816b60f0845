//! The deep detectors: each reads the whole-package facts and reports findings that name
//! both sides (the blocked operation, and why nothing can complete it).

use crate::facts::{Analysis, Held, Loc, Op, OpKind, Select};
use crate::graph::{CallKind, FuncId};
use crate::points_to::flag;
use rustc_hash::{FxHashMap, FxHashSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Detector {
    /// A channel operation, `Cond.Wait` or `<-ctx.Done()` nothing in the package can
    /// complete.
    NoPartner,
    /// Two locks taken in opposite orders across functions.
    LockOrder,
    /// A lock taken again, through calls, by the goroutine that holds it.
    Reentrant,
    /// A lock held across a blocking operation whose partner needs that lock.
    HeldAcrossBlocking,
    /// A send whose only receivers may stop receiving first.
    PartnerExits,
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub detector: Detector,
    pub at: Loc,
    pub message: String,
    pub labels: Vec<(Loc, String)>,
    pub help: String,
}

/// An operation together with the function holding it.
struct Site<'a> {
    func: FuncId,
    op: &'a Op,
}

pub fn run(a: &Analysis) -> Vec<Finding> {
    let mut by_class: FxHashMap<u32, Vec<Site>> = FxHashMap::default();
    for (fi, facts) in a.facts.iter().enumerate() {
        for op in &facts.ops {
            by_class.entry(a.g.u.root(op.class)).or_default().push(Site { func: fi as FuncId, op });
        }
    }
    let mut spawned = vec![false; a.g.funcs.len()];
    for c in &a.g.calls {
        if c.kind == CallKind::Go {
            for &f in &c.callees {
                spawned[f as usize] = true;
            }
        }
    }
    let mut out = Vec::new();
    no_partner(a, &by_class, &spawned, &mut out);
    partner_exits(a, &by_class, &mut out);
    reentrant(a, &by_class, &mut out);
    lock_order(a, &mut out);
    held_across_blocking(a, &by_class, &mut out);
    out
}

fn name(a: &Analysis, l: Loc) -> String {
    a.text(l).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn place(a: &Analysis, l: Loc) -> String {
    let f = &a.g.m.files()[l.file as usize];
    let (line, _) = line_col(&f.src, l.span.start);
    format!(
        "{}:{line}",
        a.g.m
            .pkg
            .file_paths
            .get(l.file as usize)
            .and_then(|p| p.file_name())
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    )
}

fn line_col(src: &str, off: u32) -> (usize, usize) {
    let before = &src[..(off as usize).min(src.len())];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    (line, before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1)
}

fn func_name(a: &Analysis, f: FuncId) -> String {
    a.g.funcs[f as usize].name.clone()
}

// ---- a. no partner -----------------------------------------------------------------

fn no_partner(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, spawned: &[bool], out: &mut Vec<Finding>) {
    for (&class, sites) in by_class {
        let flags = a.g.u.flags(class);
        let has = |k: &[OpKind], except_deferred_in: Option<FuncId>| {
            sites.iter().any(|s| k.contains(&s.op.kind) && !(s.op.deferred && Some(s.func) == except_deferred_in))
        };
        for s in sites {
            let op = s.op;
            if op.select != Select::No {
                continue;
            }
            let obj = name(a, op.obj);
            let (message, help) = match op.kind {
                OpKind::Range => {
                    // A range ends only when the channel is closed.
                    if flags & flag::OPEN != 0 || flags & flag::MADE_CHAN == 0 || op.leaves_loop {
                        continue;
                    }
                    if has(&[OpKind::Close], Some(s.func)) {
                        continue;
                    }
                    let closes_late = has(&[OpKind::Close], None);
                    // A serving goroutine ranging forever over a long-lived channel is a
                    // design choice; a range in the caller's own flow is a hang.
                    if !closes_late && spawned[s.func as usize] {
                        continue;
                    }
                    let why = if closes_late {
                        "its only close is deferred by this same function, so it runs only after the loop ends"
                    } else {
                        "nothing in the package closes it"
                    };
                    (
                        format!("`range` over `{obj}` never ends: {why}"),
                        format!("close `{obj}` once every sender is done (for example after a WaitGroup.Wait in its own goroutine)"),
                    )
                }
                OpKind::Recv => {
                    if flags & flag::OPEN != 0 || flags & flag::MADE_CHAN == 0 {
                        continue;
                    }
                    if has(&[OpKind::Send], None) || has(&[OpKind::Close], Some(s.func)) {
                        continue;
                    }
                    let why = if has(&[OpKind::Close], None) {
                        "nothing in the package sends on it, and its only close is deferred by this same function, which never gets there"
                    } else {
                        "nothing in the package sends on it or closes it"
                    };
                    (
                        format!("receive from `{obj}` blocks forever: {why}"),
                        format!("send on or close `{obj}` where the work it waits for ends, or do not wait on it"),
                    )
                }
                OpKind::Send => {
                    if flags & (flag::OPEN | flag::BUFFERED) != 0 || flags & flag::MADE_CHAN == 0 {
                        continue;
                    }
                    if has(&[OpKind::Recv, OpKind::Range], None) {
                        continue;
                    }
                    (
                        format!("send on unbuffered `{obj}` blocks forever: nothing in the package receives from it"),
                        format!("receive from `{obj}` in the goroutine that should consume it, or drop the send"),
                    )
                }
                OpKind::WgWait => {
                    if flags & flag::OPEN != 0 || !has(&[OpKind::WgAdd], None) || has(&[OpKind::WgDone], None) {
                        continue;
                    }
                    (
                        format!("`{obj}.Wait()` never returns: `Add` is called on it but nothing in the package calls `Done`"),
                        format!("call `defer {obj}.Done()` at the start of each goroutine the `Add` counts"),
                    )
                }
                OpKind::CondWait => {
                    if flags & flag::OPEN != 0 || has(&[OpKind::CondSignal, OpKind::CondBroadcast], None) {
                        continue;
                    }
                    (
                        format!(
                            "`{obj}.Wait()` never wakes: nothing in the package calls `Signal` or `Broadcast` on it"
                        ),
                        format!("call `{obj}.Broadcast()` (or `Signal()`) after changing the condition it waits for"),
                    )
                }
                OpKind::CtxDone => {
                    if flags & flag::LOCAL_CONTEXT == 0 || flags & (flag::ENDS_ITSELF | flag::OPEN) != 0 {
                        continue;
                    }
                    let Some(cancel) = a.g.u.elem_of(class) else { continue };
                    if a.g.u.flags(cancel) & flag::OPEN != 0 {
                        continue;
                    }
                    let cancels = by_class.get(&cancel).map_or(&[][..], |v| &v[..]);
                    if cancels.iter().any(|c| c.op.kind == OpKind::Cancel && !(c.op.deferred && c.func == s.func)) {
                        continue;
                    }
                    (
                        format!("`<-{obj}.Done()` blocks forever: `{obj}` comes from `context.WithCancel` on a root context and nothing calls its cancel func before this wait"),
                        "call the cancel func where the work should stop, or derive the context from the caller's".to_string(),
                    )
                }
                _ => continue,
            };
            let mut labels = Vec::new();
            for c in sites.iter().filter(|c| c.op.kind == OpKind::Close && c.op.deferred && c.func == s.func) {
                labels.push((c.op.at, "the only close, deferred until this function returns".to_string()));
            }
            out.push(Finding { detector: crate::Detector::NoPartner, at: op.at, message, labels, help });
        }
    }
}

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

fn reentrant(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, out: &mut Vec<Finding>) {
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

fn lock_order(a: &Analysis, out: &mut Vec<Finding>) {
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

fn held_across_blocking(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, out: &mut Vec<Finding>) {
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

// ---- b. the partner exits first ----------------------------------------------------

fn partner_exits(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, out: &mut Vec<Finding>) {
    for (&class, sites) in by_class {
        let flags = a.g.u.flags(class);
        if flags & (flag::OPEN | flag::BUFFERED) != 0 || flags & flag::MADE_CHAN == 0 {
            continue;
        }
        let receivers: Vec<&Site> =
            sites.iter().filter(|s| matches!(s.op.kind, OpKind::Recv | OpKind::Range)).collect();
        // Every receive is a select case that another case can end (a timeout, a
        // cancellation, a stop signal): after that nothing receives again.
        if receivers.is_empty()
            || !receivers
                .iter()
                .all(|r| r.op.kind == OpKind::Recv && r.op.select == Select::WithOthers && r.op.leaves_loop)
        {
            continue;
        }
        if sites.iter().any(|s| s.op.kind == OpKind::Close) {
            continue;
        }
        let r = receivers[0];
        for s in sites {
            if s.op.kind != OpKind::Send || s.op.select != Select::No || s.op.deferred {
                continue;
            }
            let obj = name(a, s.op.obj);
            out.push(Finding {
                detector: crate::Detector::PartnerExits,
                at: s.op.at,
                message: format!(
                    "send on unbuffered `{obj}` blocks forever once its only receiver, a select in `{}` (at {}), has taken another case and stopped receiving",
                    func_name(a, r.func),
                    place(a, r.op.at)
                ),
                labels: vec![(r.op.at, "the only receive: another case of this select ends the receiving".to_string())],
                help: format!("make `{obj}` buffered for every send, or send in a select that also watches the receiver's stop signal"),
            });
        }
    }
}
