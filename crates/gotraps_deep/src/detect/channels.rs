//! Channel detectors: an operation nothing can complete (no partner), and a send whose
//! only receiver may stop receiving first (the partner exits).

use super::{func_name, name, place, Finding, Site};
use crate::facts::{Analysis, OpKind, Select};
use crate::graph::FuncId;
use crate::points_to::flag;
use rustc_hash::FxHashMap;

// ---- a. no partner -----------------------------------------------------------------

pub(super) fn no_partner(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, spawned: &[bool], out: &mut Vec<Finding>) {
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

// ---- b. the partner exits first ----------------------------------------------------

pub(super) fn partner_exits(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, out: &mut Vec<Finding>) {
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
