//! A goroutine that waits for itself: the only receiver of an unbuffered channel sends
//! on it from inside its own receive loop, directly or through calls (GT404). And the
//! callback variant: the only receive loop runs a callback its callers supply, while an
//! exported method of the same type sends on the channel (a callback that calls that
//! method waits for the loop that is running it).

use super::channels::Callers;
use super::syntax::{contains, FuncText};
use super::{func_name, name, Finding, Site};
use crate::facts::{Analysis, Loc, Op, OpKind, Select};
use crate::graph::{CallKind, FuncId};
use crate::points_to::flag;
use gotraps_semantic::{ObjId, TypeData, TypeId};
use gotraps_syntax::ast::ExprKind;
use rustc_hash::{FxHashMap, FxHashSet};

/// Functions visited at most when walking down the calls made inside the receive loop.
const MAX_DOWN: usize = 32;

/// The single receive loop of a channel: the function, the loop's span, the receive.
struct ReceiveLoop<'a> {
    func: FuncId,
    loop_span: gotraps_syntax::Span,
    recv: &'a Op,
}

pub(super) fn self_send(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, callers: &Callers, out: &mut Vec<Finding>) {
    for (&class, sites) in by_class {
        let flags = a.g.u.flags(class);
        // Outside code may receive (or make a buffered one): another receiver may exist.
        if flags & flag::MADE_CHAN == 0 || flags & (flag::BUFFERED | flag::OPEN | flag::RECV_OPEN) != 0 {
            continue;
        }
        if !sites.iter().any(|s| blocking_send(s.op)) {
            continue;
        }
        let Some(rl) = receive_loop(a, sites, callers) else { continue };
        let mut reported = false;
        for (send, chain) in sends_inside(a, &rl, sites) {
            reported = true;
            let obj = name(a, rl.recv.obj);
            let mut labels = vec![(rl.recv.at, format!("the only receive of `{obj}`, in this loop"))];
            for (i, &c) in chain.iter().enumerate() {
                let what = if i == 0 { "the receive loop calls" } else { "which calls" };
                labels.push((c, what.to_string()));
            }
            out.push(Finding {
                detector: crate::Detector::SelfSend,
                at: send.at,
                message: format!(
                    "send on `{}` blocks forever: it runs inside the loop of `{}`, the only goroutine receiving from that unbuffered channel, so the goroutine waits for itself",
                    name(a, send.obj),
                    func_name(a, rl.func)
                ),
                labels,
                help: "send from a new goroutine (`go ...`), or give the receive loop a queue it appends to instead of sending to itself".to_string(),
            });
        }
        if !reported {
            callback_in_loop(a, &rl, sites, callers, out);
        }
    }
}

fn blocking_send(op: &Op) -> bool {
    op.kind == OpKind::Send && op.select != Select::WithDefault && !op.deferred
}

/// The one loop that receives from the channel, in a function that runs as at most one
/// goroutine: every receive is in it, the function is not exported and is called (or
/// started) from at most one place, never from inside a loop.
fn receive_loop<'a>(a: &Analysis, sites: &'a [Site<'a>], callers: &Callers) -> Option<ReceiveLoop<'a>> {
    let recvs: Vec<&Site> =
        sites.iter().filter(|s| matches!(s.op.kind, OpKind::Recv | OpKind::Range) && !s.op.deferred).collect();
    let first = recvs.first()?;
    let func = first.func;
    if a.g.funcs[func as usize].exported || recvs.iter().any(|s| s.func != func) {
        return None;
    }
    let calls = &callers.by_callee[func as usize];
    if calls.len() > 1 || calls.iter().any(|ci| callers.in_loop.contains(ci)) {
        return None;
    }
    let text = FuncText::new(a, func);
    let loop_span = text.loops_around(first.op.at.span).first()?.span;
    if recvs.iter().any(|s| !contains(loop_span, s.op.at.span)) {
        return None;
    }
    Some(ReceiveLoop { func, loop_span, recv: first.op })
}

/// Sends on the channel that the receive loop itself runs: in its body, or in functions
/// it calls (plain calls, not `go`) from inside the loop, on the same instance (the
/// send's access path, mapped up the call chain, is the receive's). Each with the call
/// chain from the loop.
fn sends_inside<'a>(a: &Analysis, rl: &ReceiveLoop, sites: &'a [Site<'a>]) -> Vec<(&'a Op, Vec<Loc>)> {
    let Some(recv_path) = rl.recv.path.as_ref() else { return Vec::new() };
    let mut out = Vec::new();
    for s in sites {
        if s.func == rl.func && blocking_send(s.op) && contains(rl.loop_span, s.op.at.span) {
            if s.op.path.as_ref() == Some(recv_path) {
                out.push((s.op, Vec::new()));
            }
        }
    }
    // Breadth-first down the plain calls made in the loop; each function keeps the
    // first chain (of call indices) that reaches it.
    let mut chain_to: FxHashMap<FuncId, Vec<usize>> = FxHashMap::default();
    let mut queue: Vec<FuncId> = Vec::new();
    for cf in &a.facts[rl.func as usize].calls {
        let c = &a.g.calls[cf.call];
        if c.kind != CallKind::Plain || !contains(rl.loop_span, call_span(a, cf.call)) {
            continue;
        }
        for &f in &c.callees {
            if f != rl.func && !chain_to.contains_key(&f) {
                chain_to.insert(f, vec![cf.call]);
                queue.push(f);
            }
        }
    }
    let mut i = 0;
    while i < queue.len() && chain_to.len() <= MAX_DOWN {
        let f = queue[i];
        i += 1;
        let chain = chain_to[&f].clone();
        for cf in &a.facts[f as usize].calls {
            let c = &a.g.calls[cf.call];
            if c.kind != CallKind::Plain {
                continue;
            }
            for &g in &c.callees {
                if g != rl.func && !chain_to.contains_key(&g) {
                    let mut next = chain.clone();
                    next.push(cf.call);
                    chain_to.insert(g, next);
                    queue.push(g);
                }
            }
        }
    }
    for s in sites {
        if !blocking_send(s.op) {
            continue;
        }
        let Some(chain) = chain_to.get(&s.func) else { continue };
        let Some(mut path) = s.op.path.clone() else { continue };
        // Map the send's path up the chain, callee by callee, into the loop's terms.
        let mut callee = s.func;
        let mut ok = true;
        for &ci in chain.iter().rev() {
            match a.map_path(ci, callee, &path) {
                Some(p) => path = p,
                None => {
                    ok = false;
                    break;
                }
            }
            callee = a.g.calls[ci].caller;
        }
        if ok && &path == recv_path && !out.iter().any(|(o, _): &(&Op, Vec<Loc>)| o.at == s.op.at) {
            out.push((s.op, chain.iter().map(|&ci| call_loc(a, ci)).collect()));
        }
    }
    out
}

/// The receive loop runs, synchronously, a callback the package's callers supply (a
/// function value from an exported field or parameter), and an exported method of the
/// loop's own type sends on the channel: a callback given that value can call it.
fn callback_in_loop(a: &Analysis, rl: &ReceiveLoop, sites: &[Site], callers: &Callers, out: &mut Vec<Finding>) {
    let Some(owner) = receiver_type(a, rl.func) else { return };
    // The exported entry a callback would call: an exported method of the same type
    // that sends, directly or through unexported helpers.
    let mut entry: Option<(FuncId, &Op)> = None;
    for s in sites.iter().filter(|s| blocking_send(s.op)) {
        let mut seen: FxHashSet<FuncId> = FxHashSet::default();
        let mut work = vec![s.func];
        while let Some(f) = work.pop() {
            if seen.len() > MAX_DOWN || !seen.insert(f) {
                continue;
            }
            let func = &a.g.funcs[f as usize];
            if func.exported && func.is_method && receiver_type(a, f) == Some(owner) {
                entry = Some((f, s.op));
                break;
            }
            for &ci in &callers.by_callee[f as usize] {
                if a.g.calls[ci].kind == CallKind::Plain && !a.g.funcs[a.g.calls[ci].caller as usize].exported {
                    work.push(a.g.calls[ci].caller);
                }
            }
            // An exported method reaches the send through the helper.
            for &ci in &callers.by_callee[f as usize] {
                let caller = a.g.calls[ci].caller;
                let cf = &a.g.funcs[caller as usize];
                if a.g.calls[ci].kind == CallKind::Plain
                    && cf.exported
                    && cf.is_method
                    && receiver_type(a, caller) == Some(owner)
                {
                    entry = Some((caller, s.op));
                }
            }
            if entry.is_some() {
                break;
            }
        }
        if entry.is_some() {
            break;
        }
    }
    let Some((entry, send)) = entry else { return };
    // A callback called for its effect (it returns nothing) is a notification, the
    // kind that reacts by calling back; one whose result the loop uses is a dependency
    // (a clock, a dialer, a backoff policy) and is not counted.
    let Some(cb) = a.facts[rl.func as usize]
        .outside_calls
        .iter()
        .find(|c| contains(rl.loop_span, c.at.span) && returns_nothing(a, rl.func, c.at))
    else {
        return;
    };
    let obj = name(a, rl.recv.obj);
    out.push(Finding {
        detector: crate::Detector::SelfSend,
        at: cb.at,
        message: format!(
            "`{}` runs a callback supplied by callers inside the only loop receiving from `{obj}`: a callback that calls `{}` (which sends on `{obj}`, unbuffered) waits for this loop, which waits for the callback",
            name(a, cb.at),
            func_name(a, entry)
        ),
        labels: vec![
            (rl.recv.at, format!("the only receive of `{obj}`, in this loop")),
            (send.at, format!("`{}` sends here", func_name(a, entry))),
        ],
        help: format!(
            "run the callback in its own goroutine (`go {}`), or let `{}` queue without waiting for the loop",
            name(a, cb.at),
            func_name(a, entry)
        ),
    });
}

/// Whether the call of `func` at `at` calls a function value without results.
fn returns_nothing(a: &Analysis, func: FuncId, at: Loc) -> bool {
    let f = &a.g.m.files()[at.file as usize];
    a.g.calls_of[func as usize].iter().any(|&ci| {
        let c = &a.g.calls[ci];
        if c.file != at.file || f.expr(c.expr).span != at.span {
            return false;
        }
        let ExprKind::Call { fun, .. } = &f.expr(c.expr).kind else { return false };
        let t = a.g.m.prog.underlying(a.g.m.type_of(at.file as usize, *fun));
        matches!(a.g.m.prog.types.get(t), TypeData::Signature(sig) if sig.results.is_empty())
    })
}

/// The named type a method is declared on (pointer receivers included).
fn receiver_type(a: &Analysis, f: FuncId) -> Option<TypeId> {
    let func = &a.g.funcs[f as usize];
    if !func.is_method {
        return None;
    }
    let recv: ObjId = (*func.params.first()?)?;
    let t = a.g.m.obj_type(recv);
    Some(match a.g.m.prog.types.get(t) {
        TypeData::Pointer(el) => *el,
        _ => t,
    })
}

fn call_span(a: &Analysis, ci: usize) -> gotraps_syntax::Span {
    let c = &a.g.calls[ci];
    a.g.m.files()[c.file as usize].expr(c.expr).span
}

fn call_loc(a: &Analysis, ci: usize) -> Loc {
    Loc { file: a.g.calls[ci].file, span: call_span(a, ci) }
}
