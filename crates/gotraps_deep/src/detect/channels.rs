//! Channel detectors: an operation nothing can complete (no partner), and a send whose
//! only receiver may stop receiving first (the partner exits).

use super::{func_name, name, place, Finding, Site};
use crate::facts::{APath, Analysis, Loc, Op, OpKind, Root, Select};
use crate::graph::{CallKind, FuncId};
use crate::points_to::flag;
use gotraps_semantic::ObjId;
use gotraps_syntax::ast::ExprKind;
use rustc_hash::{FxHashMap, FxHashSet};

/// Functions visited at most when walking the call graph up from an operation (to the
/// goroutines that run it, or to the functions that lead to it): beyond this the
/// operation is taken to be reachable from anywhere and nothing is reported.
const MAX_WALK: usize = 32;

/// For each function, the calls that reach it other than `go` statements, as (calling
/// function, index of the call in its facts): where a caller's locks at the call are read.
pub(super) fn call_sites_by_callee(a: &Analysis) -> FxHashMap<FuncId, Vec<(FuncId, usize)>> {
    let mut callers: FxHashMap<FuncId, Vec<(FuncId, usize)>> = FxHashMap::default();
    for (fi, facts) in a.facts.iter().enumerate() {
        for (k, cf) in facts.calls.iter().enumerate() {
            let call = &a.g.calls[cf.call];
            if call.kind == CallKind::Go {
                continue;
            }
            for &c in &call.callees {
                callers.entry(c).or_default().push((fi as FuncId, k));
            }
        }
    }
    callers
}

/// The call graph walked backwards: for each function, the calls that reach it.
pub(super) struct Callers {
    pub(super) by_callee: Vec<Vec<usize>>,
    /// Go calls made inside a loop of their caller.
    go_in_loop: FxHashSet<usize>,
    /// Calls of any kind made inside a loop of their caller.
    pub(super) in_loop: FxHashSet<usize>,
}

impl Callers {
    pub(super) fn new(a: &Analysis) -> Callers {
        let mut by_callee = vec![Vec::new(); a.g.funcs.len()];
        for (ci, c) in a.g.calls.iter().enumerate() {
            for &f in &c.callees {
                by_callee[f as usize].push(ci);
            }
        }
        let mut go_in_loop = FxHashSet::default();
        let mut in_loop = FxHashSet::default();
        for facts in &a.facts {
            for cf in &facts.calls {
                if cf.in_loop {
                    in_loop.insert(cf.call);
                    if a.g.calls[cf.call].kind == CallKind::Go {
                        go_in_loop.insert(cf.call);
                    }
                }
            }
        }
        Callers { by_callee, go_in_loop, in_loop }
    }
}

/// A goroutine that runs some operation: the function it starts with and the `go` call.
struct Goroutine {
    body: FuncId,
    go_call: usize,
}

/// The goroutines that run the functions `from` (walking up plain calls to the `go`
/// statements that start them), or `None` when one of them may run in a caller's own
/// flow: an exported function, a function without callers in the package (called by
/// code the analysis does not see), or a walk beyond [`MAX_WALK`].
fn goroutines_running(a: &Analysis, callers: &Callers, from: &[FuncId]) -> Option<Vec<Goroutine>> {
    let mut seen: FxHashSet<FuncId> = FxHashSet::default();
    let mut work: Vec<FuncId> = from.to_vec();
    let mut out: Vec<Goroutine> = Vec::new();
    while let Some(f) = work.pop() {
        if !seen.insert(f) {
            continue;
        }
        if seen.len() > MAX_WALK || a.g.funcs[f as usize].exported {
            return None;
        }
        let calls = &callers.by_callee[f as usize];
        if calls.is_empty() {
            return None;
        }
        for &ci in calls {
            let c = &a.g.calls[ci];
            if c.kind == CallKind::Go {
                if !out.iter().any(|g| g.go_call == ci) {
                    out.push(Goroutine { body: f, go_call: ci });
                }
            } else {
                work.push(c.caller);
            }
        }
    }
    Some(out)
}

/// Functions from which one of `from` can be reached through calls of any kind
/// (including `from`), up to [`MAX_WALK`] of them.
fn leading_to(callers: &Callers, a: &Analysis, from: &[FuncId]) -> FxHashSet<FuncId> {
    let mut seen: FxHashSet<FuncId> = FxHashSet::default();
    let mut work: Vec<FuncId> = from.to_vec();
    while let Some(f) = work.pop() {
        if seen.len() >= MAX_WALK || !seen.insert(f) {
            continue;
        }
        for &ci in &callers.by_callee[f as usize] {
            work.push(a.g.calls[ci].caller);
        }
    }
    seen
}

/// `the goroutine `run``, or `a goroutine` for a function literal.
fn goroutine_name(a: &Analysis, f: FuncId) -> String {
    let n = func_name(a, f);
    if n == "func literal" {
        "a goroutine (a function literal)".to_string()
    } else {
        format!("the goroutine `{n}`")
    }
}

fn call_loc(a: &Analysis, ci: usize) -> Loc {
    let c = &a.g.calls[ci];
    Loc { file: c.file, span: a.g.m.files()[c.file as usize].expr(c.expr).span }
}

/// Where a goroutine's function can return: its first `return`, or its end.
fn exit_of(a: &Analysis, f: FuncId) -> Option<Option<Loc>> {
    let facts = &a.facts[f as usize];
    if let Some(&r) = facts.returns.first() {
        return Some(Some(r));
    }
    facts.falls_off_end.then_some(None)
}

/// Whether a sending goroutine ends while a range in `ranger` still waits for it: it
/// returns, or falls off its end without first ranging over a channel of its own (a
/// forwarder that lives as long as its input), and the ranging loop does not start it
/// (a loop that re-queues its own items feeds itself).
fn sender_ends(a: &Analysis, callers: &Callers, g: &Goroutine, ranger: FuncId) -> bool {
    let facts = &a.facts[g.body as usize];
    let ends = !facts.returns.is_empty()
        || (facts.falls_off_end && !facts.ops.iter().any(|o| o.kind == OpKind::Range && !o.leaves_loop));
    ends && !leading_to(callers, a, &[a.g.calls[g.go_call].caller]).contains(&ranger)
}

/// Whether a select case operation can ever fire: something sends on or closes its
/// channel, cancels its context, or code the analysis does not see may.
fn can_fire(a: &Analysis, by_class: &FxHashMap<u32, Vec<Site>>, op: &Op) -> bool {
    let class = a.g.u.root(op.class);
    let flags = a.g.u.flags(class);
    let sites = by_class.get(&class).map_or(&[][..], |v| &v[..]);
    match op.kind {
        OpKind::Recv => {
            if flags & flag::OPEN != 0 || flags & flag::MADE_CHAN == 0 || receives_value(a, op) {
                return true;
            }
            sites.iter().any(|s| matches!(s.op.kind, OpKind::Send | OpKind::Close))
        }
        OpKind::CtxDone => {
            if flags & flag::LOCAL_CONTEXT == 0 || flags & (flag::ENDS_ITSELF | flag::OPEN) != 0 {
                return true;
            }
            let Some(cancel) = a.g.u.elem_of(class) else { return true };
            if a.g.u.flags(cancel) & flag::OPEN != 0 {
                return true;
            }
            by_class.get(&cancel).is_some_and(|v| v.iter().any(|c| c.op.kind == OpKind::Cancel))
        }
        _ => true,
    }
}

/// Whether a select case keeps the received value (`case v := <-ch:`). Only a pure
/// signal case (`case <-done:`) that nothing closes or sends on is taken never to fire:
/// a case that receives data is there to be fed, by code the analysis may not see.
fn receives_value(a: &Analysis, op: &Op) -> bool {
    let src = &a.g.m.files()[op.at.file as usize].src;
    let start = op.at.span.start as usize;
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    src[line_start..start].contains('=')
}

/// The other cases of `op`'s select that end the waiting.
fn other_leaving_cases<'a>(a: &'a Analysis, func: FuncId, op: &Op) -> Vec<&'a Op> {
    let Some(at) = op.select_at else { return Vec::new() };
    a.facts[func as usize]
        .ops
        .iter()
        .filter(|o| o.select_at == Some(at) && o.at.file == op.at.file && o.at != op.at && o.case_leaves)
        .collect()
}

/// Parameters of every function of the package: object -> (function, index in
/// `Func::params`).
fn params_by_object(a: &Analysis) -> FxHashMap<ObjId, (FuncId, usize)> {
    let mut out = FxHashMap::default();
    for (fi, f) in a.g.funcs.iter().enumerate() {
        for (i, p) in f.params.iter().enumerate() {
            if let Some(p) = p {
                out.insert(*p, (fi as FuncId, i));
            }
        }
    }
    out
}

// ---- a. no partner -----------------------------------------------------------------

pub(super) fn no_partner(
    a: &Analysis,
    by_class: &FxHashMap<u32, Vec<Site>>,
    spawned: &[bool],
    callers: &Callers,
    out: &mut Vec<Finding>,
) {
    let mut params: Option<FxHashMap<ObjId, (FuncId, usize)>> = None;
    for (&class, sites) in by_class {
        let flags = a.g.u.flags(class);
        let has = |k: &[OpKind], except_deferred_in: Option<FuncId>| {
            sites.iter().any(|s| k.contains(&s.op.kind) && !(s.op.deferred && Some(s.func) == except_deferred_in))
        };
        single_send_many_receivers(a, sites, flags, callers, out);
        for s in sites {
            let op = s.op;
            if op.select != Select::No {
                continue;
            }
            let obj = name(a, op.obj);
            let mut labels = Vec::new();
            let (message, help) = match op.kind {
                OpKind::Range => {
                    // A range ends only when the channel is closed. Signal delivery
                    // sends for as long as the process lives.
                    if flags & (flag::OPEN | flag::SIGNAL) != 0 || flags & flag::MADE_CHAN == 0 || op.leaves_loop {
                        continue;
                    }
                    if has(&[OpKind::Close], Some(s.func)) {
                        continue;
                    }
                    let closes_late = has(&[OpKind::Close], None);
                    let sends: Vec<&Site> = sites.iter().filter(|c| c.op.kind == OpKind::Send).collect();
                    // An accessor (`w.Events()`) is named by what it returns.
                    let chan = sends.first().map_or_else(|| obj.clone(), |c| name(a, c.op.obj));
                    let why = if closes_late {
                        "its only close is deferred by this same function, so it runs only after the loop ends"
                            .to_string()
                    } else if sends.is_empty() {
                        // A serving goroutine ranging forever over a long-lived channel
                        // is a design choice; a range in the caller's own flow is a hang.
                        if spawned[s.func as usize] {
                            continue;
                        }
                        "nothing in the package sends on it or closes it".to_string()
                    } else {
                        // Every send runs in goroutines that can end: after their last
                        // send nothing can close the channel.
                        let funcs: Vec<FuncId> = sends.iter().map(|c| c.func).collect();
                        let Some(senders) = goroutines_running(a, callers, &funcs) else { continue };
                        let Some(g) = senders.first() else { continue };
                        if senders.iter().any(|g| !sender_ends(a, callers, g, s.func)) {
                            continue;
                        }
                        let exit = exit_of(a, g.body).flatten();
                        labels.push((sends[0].op.at, "a send of the sending goroutine".to_string()));
                        labels.push((call_loc(a, g.go_call), "the sending goroutine starts here".to_string()));
                        if let Some(r) = exit {
                            labels.push((r, "it returns here without closing the channel".to_string()));
                        }
                        format!(
                            "its only senders run in {} started at {}, which {} without closing it",
                            goroutine_name(a, g.body),
                            place(a, call_loc(a, g.go_call)),
                            exit.map_or_else(|| "ends".to_string(), |r| format!("can return at {}", place(a, r)))
                        )
                    };
                    (
                        format!("`range` over `{obj}` never ends: {why}"),
                        format!("close `{chan}` once every sender is done (for example with a `defer close` in the goroutine that sends last)"),
                    )
                }
                OpKind::Recv => {
                    // A struct field no channel value ever flows into (no make, nothing
                    // from outside) is nil or set by code the analysis does not see
                    // (tests): a receive on it has no partner in the package either.
                    // Only for a helper goroutine parked on it directly.
                    let never_made = flags == 0
                        && op.path.as_ref().is_some_and(|p| !p.fields.is_empty())
                        && callers.by_callee[s.func as usize].iter().any(|&c| a.g.calls[c].kind == CallKind::Go);
                    if flags & flag::OPEN != 0 || (flags & flag::MADE_CHAN == 0 && !never_made) {
                        continue;
                    }
                    if has(&[OpKind::Send], None) || has(&[OpKind::Close], Some(s.func)) {
                        continue;
                    }
                    if flags & flag::SIGNAL != 0 {
                        if let Some(f) = signal_stopped(a, callers, class, s) {
                            out.push(f);
                        }
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
                    if flags & (flag::OPEN | flag::RECV_OPEN | flag::BUFFERED) != 0 || flags & flag::MADE_CHAN == 0 {
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
                    let params = params.get_or_insert_with(|| params_by_object(a));
                    if let Some(f) = root_context_argument(a, callers, params, s) {
                        out.push(f);
                        continue;
                    }
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
            for c in sites.iter().filter(|c| c.op.kind == OpKind::Close && c.op.deferred && c.func == s.func) {
                labels.push((c.op.at, "the only close, deferred until this function returns".to_string()));
            }
            out.push(Finding { detector: crate::Detector::NoPartner, at: op.at, message, labels, help });
        }
    }
}

/// A receive, in a goroutine, from a channel whose only sender is signal delivery, when
/// the function that started the goroutine stops the delivery (`defer signal.Stop(c)`)
/// as it returns: unless a signal came first, nothing sends on it again.
fn signal_stopped(a: &Analysis, callers: &Callers, class: u32, s: &Site) -> Option<Finding> {
    let goroutines = goroutines_running(a, callers, &[s.func])?;
    for &(stopper, c, call, file, deferred) in &a.g.signal_stops {
        // When `main` returns the process ends: nothing is left waiting.
        let main = &*a.g.m.pkg.name == "main" && func_name(a, stopper) == "main";
        if a.g.u.root(c) != class || !deferred || main {
            continue;
        }
        let Some(g) = goroutines.iter().find(|g| a.g.calls[g.go_call].caller == stopper) else { continue };
        let stop_at = Loc { file, span: a.g.m.files()[file as usize].expr(call).span };
        let obj = name(a, s.op.obj);
        return Some(Finding {
            detector: crate::Detector::NoPartner,
            at: s.op.at,
            message: format!(
                "receive from `{obj}` can wait forever: its only sender is signal delivery, which the deferred `signal.Stop` in `{}` ({}) ends when it returns, and nothing else sends on or closes `{obj}`",
                func_name(a, stopper),
                place(a, stop_at)
            ),
            labels: vec![
                (stop_at, "signal delivery stops here when the function returns".to_string()),
                (call_loc(a, g.go_call), "the waiting goroutine starts here".to_string()),
            ],
            help: "also wait on a done channel that the function closes as it returns, in a select".to_string(),
        });
    }
    None
}

/// `<-ctx.Done()` (not in a select) where `ctx` is a parameter that a call in the
/// package passes `context.Background()` or `context.TODO()`: on that path nothing can
/// cancel it.
fn root_context_argument(
    a: &Analysis,
    callers: &Callers,
    params: &FxHashMap<ObjId, (FuncId, usize)>,
    s: &Site,
) -> Option<Finding> {
    // A context derived in the package (`ctx, cancel := context.WithCancel(ctx)`) can
    // end whatever the caller passed.
    if a.g.u.flags(s.op.class) & (flag::LOCAL_CONTEXT | flag::ENDS_ITSELF) != 0 {
        return None;
    }
    // The context is a parameter of this function or of one it is nested in.
    let path = s.op.path.as_ref().filter(|p| p.fields.is_empty())?;
    let (f, i) = match path.root {
        Root::Param(i) => (s.func, i as usize),
        Root::Var(obj) => *params.get(&obj)?,
    };
    let func = &a.g.funcs[f as usize];
    let arg_index = if func.is_method { i.checked_sub(1)? } else { i };
    for &ci in callers.by_callee[f as usize].iter().take(MAX_WALK) {
        let c = &a.g.calls[ci];
        let Some(&arg) = c.args.get(arg_index) else { continue };
        let cf = &a.g.m.files()[c.file as usize];
        if !matches!(cf.expr(arg).kind, ExprKind::Call { .. }) {
            continue;
        }
        let Some(t) = a.g.m.call_target(c.file as usize, arg) else { continue };
        if t.pkg != "context" || !matches!(t.name, "Background" | "TODO") {
            continue;
        }
        let obj_name = name(a, s.op.obj);
        let at_call = call_loc(a, ci);
        let root = format!("context.{}()", t.name);
        return Some(Finding {
            detector: crate::Detector::NoPartner,
            at: s.op.at,
            message: format!(
                "`<-{obj_name}.Done()` blocks forever when `{}` is called from `{}` ({}): `{obj_name}` is then `{root}`, which nothing can cancel",
                func.name,
                func_name(a, c.caller),
                place(a, at_call)
            ),
            labels: vec![(at_call, format!("passes `{root}` here"))],
            help: format!(
                "also stop waiting when the work is done (a `select` with a done channel), or check `{obj_name}.Err()` instead of waiting on `Done()`"
            ),
        });
    }
    None
}

/// One send on a channel that several goroutines receive from as their signal to end
/// (each started by a `go` in a loop): the send wakes one of them, the others wait
/// forever.
fn single_send_many_receivers(a: &Analysis, sites: &[Site], flags: u16, callers: &Callers, out: &mut Vec<Finding>) {
    // A buffered channel with one value taken by many goroutines is a token (a
    // semaphore), not a signal.
    if flags & (flag::OPEN | flag::RECV_OPEN | flag::BUFFERED | flag::SIGNAL) != 0 || flags & flag::MADE_CHAN == 0 {
        return;
    }
    let mut send = None;
    for s in sites {
        match s.op.kind {
            OpKind::Close | OpKind::Range => return,
            OpKind::Send => {
                if send.is_some() || s.op.in_loop || s.op.select != Select::No || s.op.deferred {
                    return;
                }
                send = Some(s);
            }
            OpKind::Recv => {
                // The receive is the goroutine's signal to end.
                let ends = match s.op.select {
                    Select::No => !s.op.in_loop,
                    Select::WithOthers => s.op.case_leaves,
                    Select::WithDefault => false,
                };
                if !ends {
                    return;
                }
            }
            _ => return,
        }
    }
    let Some(send) = send else { return };
    let receivers: Vec<&Site> = sites.iter().filter(|s| s.op.kind == OpKind::Recv).collect();
    if receivers.is_empty() {
        return;
    }
    let funcs: Vec<FuncId> = receivers.iter().map(|r| r.func).collect();
    let Some(goroutines) = goroutines_running(a, callers, &funcs) else { return };
    // The signal must come from outside the receiving goroutines.
    let sender_side = leading_to(callers, a, &[send.func]);
    if goroutines.iter().any(|g| sender_side.contains(&g.body)) || funcs.contains(&send.func) {
        return;
    }
    let Some(many) = goroutines.iter().find(|g| callers.go_in_loop.contains(&g.go_call)) else { return };
    let obj = name(a, send.op.obj);
    let go_at = call_loc(a, many.go_call);
    out.push(Finding {
        detector: crate::Detector::NoPartner,
        at: send.op.at,
        message: format!(
            "one send on `{obj}` wakes only one of the goroutines running {} (started in a loop at {}): every other one waits on `{obj}` forever",
            match func_name(a, many.body).as_str() {
                "func literal" => "a function literal".to_string(),
                n => format!("`{n}`"),
            },
            place(a, go_at)
        ),
        labels: vec![
            (go_at, "goroutines started here, in a loop".to_string()),
            (receivers[0].op.at, "each of them waits here for the signal".to_string()),
        ],
        help: format!("close `{obj}` to signal every receiver at once"),
    });
}

// ---- b. the partner exits first ----------------------------------------------------

pub(super) fn partner_exits(
    a: &Analysis,
    by_class: &FxHashMap<u32, Vec<Site>>,
    callers: &Callers,
    out: &mut Vec<Finding>,
) {
    let closes: Vec<&Site> = by_class.values().flatten().filter(|s| s.op.kind == OpKind::Close).collect();
    'class: for (&class, sites) in by_class {
        let flags = a.g.u.flags(class);
        outside_receiver_left(a, &closes, class, sites, callers, out);
        if flags & (flag::OPEN | flag::RECV_OPEN | flag::BUFFERED) != 0 || flags & flag::MADE_CHAN == 0 {
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
        for r in &receivers {
            let others = other_leaving_cases(a, r.func, r.op);
            let firing: Vec<&&Op> = others.iter().filter(|o| can_fire(a, by_class, o)).collect();
            // The cases that would end the receiving never fire: it goes on.
            if !others.is_empty() && firing.is_empty() {
                continue 'class;
            }
            // A serving loop that ends only when its caller's context is cancelled
            // lives as long as the caller wants its service; sends during shutdown are
            // the caller's to stop.
            if r.op.forever_loop && !firing.is_empty() && firing.iter().all(|o| o.kind == OpKind::CtxDone) {
                continue 'class;
            }
        }
        let senders: Vec<FuncId> = sites.iter().filter(|s| s.op.kind == OpKind::Send).map(|s| s.func).collect();
        if senders.is_empty() {
            continue;
        }
        // A close by the senders' own side (their goroutine, or the code that starts
        // them and closes after they are done) does not complete a blocked send.
        let sender_side = leading_to(callers, a, &senders);
        if sites.iter().any(|s| s.op.kind == OpKind::Close && !sender_side.contains(&s.func)) {
            continue;
        }
        let r = receivers[0];
        let others = other_leaving_cases(a, r.func, r.op);
        for s in sites {
            if s.op.kind != OpKind::Send || s.op.select != Select::No || s.op.deferred {
                continue;
            }
            let obj = name(a, s.op.obj);
            let mut labels =
                vec![(r.op.at, "the only receive: another case of this select ends the receiving".to_string())];
            if let Some(o) = others.first() {
                labels.push((o.at, "this case ends the receiving".to_string()));
            }
            out.push(Finding {
                detector: crate::Detector::PartnerExits,
                at: s.op.at,
                message: format!(
                    "send on unbuffered `{obj}` blocks forever once its only receiver, a select in `{}` (at {}), has taken another case and stopped receiving",
                    func_name(a, r.func),
                    place(a, r.op.at)
                ),
                labels,
                help: format!("make `{obj}` buffered for every send, or send in a select that also watches the receiver's stop signal"),
            });
        }
    }
}

/// The type an access path starts from (pointers removed).
fn root_type(a: &Analysis, func: FuncId, p: &APath) -> Option<gotraps_semantic::TypeId> {
    let obj = match p.root {
        Root::Param(i) => (*a.g.funcs[func as usize].params.get(i as usize)?)?,
        Root::Var(o) => o,
    };
    let t = a.g.m.obj_type(obj);
    Some(match a.g.m.prog.types.get(t) {
        gotraps_semantic::TypeData::Pointer(el) => *el,
        _ => t,
    })
}

/// A plain send, in a goroutine the package starts, on an unbuffered channel that only
/// code outside the package receives from (it hands the channel out as `<-chan T`),
/// while the same object has a stop channel the package closes: once the consumer
/// stopped receiving and called the stop, nothing ends the send.
fn outside_receiver_left(
    a: &Analysis,
    closes: &[&Site],
    class: u32,
    sites: &[Site],
    callers: &Callers,
    out: &mut Vec<Finding>,
) {
    let flags = a.g.u.flags(class);
    if flags & flag::RECV_OPEN == 0 || flags & (flag::OPEN | flag::BUFFERED) != 0 || flags & flag::MADE_CHAN == 0 {
        return;
    }
    if sites.iter().any(|s| matches!(s.op.kind, OpKind::Recv | OpKind::Range | OpKind::Close) && !s.op.deferred) {
        return;
    }
    for s in sites {
        if s.op.kind != OpKind::Send || s.op.select != Select::No || s.op.deferred {
            continue;
        }
        let Some(path) = s.op.path.as_ref().filter(|p| !p.fields.is_empty()) else { continue };
        let Some(owner) = root_type(a, s.func, path) else { continue };
        // The stop channel: a sibling field of the same object, closed in the package.
        let prefix = &path.fields[..path.fields.len() - 1];
        let stop = closes.iter().find(|c| {
            a.g.u.root(c.op.class) != class
                && c.op.path.as_ref().is_some_and(|p| {
                    p.fields.len() == path.fields.len()
                        && p.fields[..prefix.len()] == *prefix
                        && root_type(a, c.func, p) == Some(owner)
                })
        });
        let Some(stop) = stop else { continue };
        let Some(goroutines) = goroutines_running(a, callers, &[s.func]) else { continue };
        if goroutines.is_empty() {
            continue;
        }
        let obj = name(a, s.op.obj);
        let stop_obj = name(a, stop.op.obj);
        out.push(Finding {
            detector: crate::Detector::PartnerExits,
            at: s.op.at,
            message: format!(
                "send on unbuffered `{obj}` can block forever: only code outside the package receives from it, and once that code stops receiving and `{}` closes `{stop_obj}` ({}), nothing ends this send",
                func_name(a, stop.func),
                place(a, stop.op.at)
            ),
            labels: vec![(stop.op.at, "the stop signal this send does not watch".to_string())],
            help: format!("send in a select that also receives from `{stop_obj}`"),
        });
    }
}
