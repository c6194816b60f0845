//! Naming the mechanism behind lock and channel suspects: which goroutines wait on the same
//! primitive, who holds it, and what kind of deadlock that makes.
//!
//! Evidence, strongest first:
//! - the primitive's address: the argument of `lockSlow` / `RWMutex.Lock` frames, when the
//!   runtime printed it exactly (no `?`);
//! - a holder: a goroutine not waiting on the lock with a frame argument pointing into the
//!   same object (`p <= addr < p + 256`: the receiver of a method on the struct holding the
//!   mutex), or, with `--source`, a frame whose function holds the lock at the frame's line:
//!   the semantic model's must-held locks, which the CLI adds to the [`SourceMap`] (a
//!   line-level scan of the text only for files the model could not analyse);
//! - the shape of the dump: two goroutines each waiting on a different lock that nobody else
//!   holds form a lock-order cycle; a lone waiter that holds its own lock is a self-deadlock.
//!
//! Without addresses or source the naming falls back on shapes and says so ("likely").

use crate::classify::{package_of, Block, BucketInfo, Category, Classifier, Origin};
use crate::intern::FrameId;
use crate::snapshot::Snapshot;
use crate::source::SourceMap;
use crate::suspects::short;

/// A frame argument that was not printed or not exact.
pub const NO_ARG: u64 = u64::MAX;
/// Goroutines kept with per-goroutine detail (the rest only count in their buckets).
pub const MAX_GOROUTINES: usize = 20_000;
/// How far into an object a field may lie from the object's address.
const OBJECT_SPAN: u64 = 256;

/// One goroutine of a text dump, as needed to link waiters and holders.
#[derive(Clone, Debug)]
pub struct Goroutine {
    pub goid: u64,
    pub bucket: u32,
    /// Leaf first.
    pub frames: Box<[FrameId]>,
    /// First argument word of each frame, [`NO_ARG`] when unknown.
    pub args: Box<[u64]>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mechanism {
    /// Two or more goroutines each hold a lock the next one waits for.
    AbBaCycle,
    /// A goroutine waits for a lock it already holds (double lock, often through a helper).
    SelfDeadlock,
    /// A reader holding a read lock calls RLock again while a writer waits: both block.
    RecursiveRLock,
    /// Many goroutines queue on a lock whose holder is blocked or slow.
    LockConvoy,
    /// A lock waited on whose holder is blocked elsewhere (fewer waiters than a convoy).
    HeldLock,
    /// Waiters on a lock nobody in the dump holds: a path returned without Unlock.
    LockNeverReleased,
    /// A channel operation whose counterpart is gone: no goroutine of the package waits on
    /// the other side.
    PartnerlessChannel,
    /// A send or receive on a nil channel (a channel never made, `context.Background().Done()`):
    /// nothing can ever complete it.
    NilChannel,
    /// `WaitGroup.Wait` while no goroutine of its package is blocked: the counted goroutines
    /// are gone (a path skipped `Done`) or loop forever.
    WaitGroupNeverDone,
    /// `Cond.Wait` with no signal to come: the state change was made without
    /// `Signal`/`Broadcast`, or the signal came before the wait.
    CondNeverSignalled,
}

impl Mechanism {
    pub fn as_str(self) -> &'static str {
        match self {
            Mechanism::AbBaCycle => "ab_ba_cycle",
            Mechanism::SelfDeadlock => "self_deadlock",
            Mechanism::RecursiveRLock => "recursive_rlock",
            Mechanism::LockConvoy => "lock_convoy",
            Mechanism::HeldLock => "held_lock",
            Mechanism::LockNeverReleased => "lock_never_released",
            Mechanism::PartnerlessChannel => "partnerless_channel",
            Mechanism::NilChannel => "nil_channel",
            Mechanism::WaitGroupNeverDone => "waitgroup_never_done",
            Mechanism::CondNeverSignalled => "cond_never_signalled",
        }
    }

    /// Whether the goroutines involved can never proceed on their own.
    pub fn is_deadlock(self) -> bool {
        matches!(self, Mechanism::AbBaCycle | Mechanism::SelfDeadlock | Mechanism::RecursiveRLock)
    }
}

/// One named mechanism.
#[derive(Clone, Debug)]
pub struct Named {
    pub mechanism: Mechanism,
    /// The goroutines involved, waiters first.
    pub goids: Vec<u64>,
    /// Their buckets.
    pub buckets: Vec<usize>,
    /// Each involved goroutine's blocking site (same order as `goids`, where known).
    pub sites: Vec<FrameId>,
    /// Holder of the lock (convoy, held lock), its site.
    pub holder: Option<(u64, Option<FrameId>)>,
    /// Backed by addresses or source rather than the dump's shape alone.
    pub confirmed: bool,
    pub explanation: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LockOp {
    Mutex,
    Write,
    Read,
}

struct Waiter {
    g: usize,
    op: LockOp,
    addr: Option<u64>,
    /// Index of the first user frame in the goroutine's frames.
    user: usize,
    site: FrameId,
    /// Lock expression on the site's line (`c.mu`), with --source.
    expr: Option<String>,
}

fn is_lock_frame(func: &str) -> bool {
    matches!(
        func,
        "internal/sync.(*Mutex).lockSlow"
            | "internal/sync.(*Mutex).Lock"
            | "sync.(*Mutex).lockSlow"
            | "sync.(*Mutex).Lock"
            | "sync.(*RWMutex).Lock"
            | "sync.(*RWMutex).RLock"
    )
}

/// Names the mechanisms visible in `s`. `keep` filters buckets like the report does.
pub fn name(
    s: &Snapshot,
    c: &Classifier,
    info: &[BucketInfo],
    mut src: Option<&mut SourceMap>,
    keep: &dyn Fn(usize) -> bool,
) -> Vec<Named> {
    let t = &s.tables;
    let gs: Vec<&Goroutine> = s.goroutines.iter().filter(|g| keep(g.bucket as usize)).collect();
    let mut out = Vec::new();

    // Lock waiters.
    let mut waiters: Vec<Waiter> = Vec::new();
    for (gi, g) in gs.iter().enumerate() {
        let inf = &info[g.bucket as usize];
        let op = match inf.block {
            Block::Mutex => LockOp::Mutex,
            Block::Lock => LockOp::Write,
            Block::RLock => LockOp::Read,
            _ => continue,
        };
        let Some(user) = g.frames.iter().position(|&f| c.origin(f) == Origin::User) else { continue };
        let addr = g.frames[..user]
            .iter()
            .zip(&g.args[..user])
            .find(|(&f, &a)| a != NO_ARG && is_lock_frame(t.func(f)))
            .map(|(_, &a)| a);
        let site = g.frames[user];
        let expr = src.as_deref_mut().and_then(|m| lock_expr_at(m, t.file(site), t.line(site)));
        waiters.push(Waiter { g: gi, op, addr, user, site, expr });
    }
    // Locks held per goroutine (by source), for every goroutine with user frames.
    let held: Vec<Vec<String>> = match src.as_deref_mut() {
        Some(m) if gs.len() <= 2000 => gs
            .iter()
            .map(|g| {
                let mut v = Vec::new();
                for &f in g.frames.iter().filter(|&&f| c.origin(f) == Origin::User) {
                    v.extend(held_at(m, t.file(f), t.line(f)));
                }
                v
            })
            .collect(),
        _ => vec![Vec::new(); gs.len()],
    };
    let same_lock = |a: &Waiter, b: &Waiter| match (a.addr, b.addr) {
        (Some(x), Some(y)) => x == y,
        _ => match (&a.expr, &b.expr) {
            (Some(x), Some(y)) => last_component(x) == last_component(y) && (x == y || a.addr.is_none()),
            _ => a.site == b.site,
        },
    };
    // Group waiters per lock.
    let mut locks: Vec<Vec<usize>> = Vec::new();
    for i in 0..waiters.len() {
        match locks.iter_mut().find(|l| same_lock(&waiters[l[0]], &waiters[i])) {
            Some(l) => l.push(i),
            None => locks.push(vec![i]),
        }
    }
    let mut is_waiter = vec![false; gs.len()];
    for w in &waiters {
        is_waiter[w.g] = true;
    }
    // Who holds each lock: a goroutine not waiting on it, by source or by object address.
    let holds = |gi: usize, lock: &[usize]| -> Option<bool> {
        let w0 = &waiters[lock[0]];
        if let Some(e) = &w0.expr {
            if held[gi].iter().any(|h| last_component(h) == last_component(e)) {
                return Some(true);
            }
        }
        let g = gs[gi];
        let user = g.frames.iter().position(|&f| c.origin(f) == Origin::User)?;
        match w0.addr {
            Some(a) => g.args[user..].iter().any(|&p| p != NO_ARG && p <= a && a - p < OBJECT_SPAN).then_some(false),
            // No lock address (the runtime printed `...`): a goroutine blocked elsewhere (not on
            // a lock) inside a method of the object the waiter locks, likely holds it.
            None => {
                let obj = gs[w0.g].args[w0.user..].iter().copied().find(|&a| a != NO_ARG)?;
                let elsewhere = !is_waiter[gi];
                (elsewhere && g.args[user..].contains(&obj)).then_some(false)
            }
        }
    };
    let waiting_on = |gi: usize| waiters.iter().position(|w| w.g == gi);
    let mut holder_of: Vec<Option<(usize, bool)>> = vec![None; locks.len()];
    let mut self_held: Vec<bool> = vec![false; locks.len()];
    for (li, lock) in locks.iter().enumerate() {
        let members: Vec<usize> = lock.iter().map(|&w| waiters[w].g).collect();
        // A waiter that holds the very lock it waits for (source: same expression held
        // by an outer frame or earlier in its function; address: an outer frame's receiver).
        for &wi in lock {
            let w = &waiters[wi];
            let g = gs[w.g];
            let by_src = w.expr.as_ref().is_some_and(|e| held[w.g].iter().any(|h| h == e || same_field(h, e)));
            let by_addr = w
                .addr
                .is_some_and(|a| g.args.iter().skip(w.user + 1).any(|&p| p != NO_ARG && p <= a && a - p < OBJECT_SPAN));
            if by_src || by_addr || reenters(t, c, g, w.user) {
                self_held[li] = true;
            }
        }
        let mut best: Option<(usize, bool)> = None;
        for gi in 0..gs.len() {
            if members.contains(&gi) {
                continue;
            }
            if let Some(by_src) = holds(gi, lock) {
                // Prefer source evidence, then a holder that is itself stuck on a lock.
                let better = match best {
                    None => true,
                    Some((_, bs)) => by_src && !bs,
                };
                if better {
                    best = Some((gi, by_src));
                }
            }
        }
        holder_of[li] = best;
    }

    let mut used = vec![false; locks.len()];
    let lock_of_goroutine = |gi: usize| -> Option<usize> {
        let wi = waiting_on(gi)?;
        locks.iter().position(|l| l.contains(&wi))
    };

    // Recursive RLock: readers and a writer queued on one RWMutex.
    for li in 0..locks.len() {
        let readers: Vec<usize> = locks[li].iter().copied().filter(|&w| waiters[w].op == LockOp::Read).collect();
        if readers.is_empty() {
            continue;
        }
        let writer = (0..waiters.len()).find(|&w| {
            waiters[w].op == LockOp::Write && {
                let (a, b) = (&waiters[w], &waiters[readers[0]]);
                match (a.addr, b.addr) {
                    (Some(x), Some(y)) => x == y,
                    _ => shares_object(gs[a.g], gs[b.g], a.user, b.user) || a.expr.is_some() && a.expr == b.expr,
                }
            }
        });
        let Some(wr) = writer else { continue };
        used[li] = true;
        if let Some(lw) = lock_of_goroutine(waiters[wr].g) {
            used[lw] = true;
        }
        let r = &waiters[readers[0]];
        let w = &waiters[wr];
        let (rg, wg) = (gs[r.g].goid, gs[w.g].goid);
        out.push(Named {
            mechanism: Mechanism::RecursiveRLock,
            goids: vec![rg, wg],
            buckets: vec![gs[r.g].bucket as usize, gs[w.g].bucket as usize],
            sites: vec![r.site, w.site],
            holder: None,
            confirmed: self_held[li] || r.addr.is_some() && w.addr.is_some(),
            explanation: format!(
                "Recursive read lock with a pending writer: goroutine {rg} waits in RLock at {} while goroutine {wg} waits in Lock at {}. Goroutine {rg} already holds the read lock further up its stack; once a writer is waiting, new RLock calls block, and the writer waits for that read lock: neither can proceed. Do not call RLock while holding it (pass the locked state down, or split a locked and an unlocked variant of the function).",
                at(s, r.site),
                at(s, w.site)
            ),
        });
    }

    // Lock-order cycles: waiter -> holder edges.
    let next = |li: usize| -> Option<usize> { holder_of[li].and_then(|(h, _)| lock_of_goroutine(h)) };
    for li in 0..locks.len() {
        if used[li] {
            continue;
        }
        let mut path = vec![li];
        let mut cur = li;
        let cycle = loop {
            match next(cur) {
                Some(n) if n == li => break path.len() >= 2,
                Some(n) if !path.contains(&n) && !used[n] => {
                    path.push(n);
                    cur = n;
                }
                _ => break false,
            }
        };
        if cycle {
            for &p in &path {
                used[p] = true;
            }
            out.push(cycle_named(s, &gs, &waiters, &locks, &path, true));
        }
    }
    // Shape fallback: two or more distinct locks, one waiter each, no holder seen and no
    // waiter holding its own lock: most likely a lock-order cycle among the waiters.
    // A lock whose only seen holder is itself such a waiter belongs to the cycle too (the
    // holder's own lock shows no holder: frames record only their first argument).
    let single = |li: usize| !used[li] && locks[li].len() == 1 && !self_held[li];
    let lonely: Vec<usize> = (0..locks.len())
        .filter(|&li| {
            single(li)
                && match holder_of[li] {
                    None => true,
                    Some((h, _)) => {
                        lock_of_goroutine(h).is_some_and(|l| l != li && single(l) && holder_of[l].is_none())
                    }
                }
        })
        .collect();
    if lonely.len() >= 2 {
        let distinct = lonely.iter().all(|&a| {
            lonely.iter().all(|&b| {
                a == b || {
                    let (x, y) = (&waiters[locks[a][0]], &waiters[locks[b][0]]);
                    x.addr.is_none() || y.addr.is_none() || x.addr != y.addr
                }
            })
        });
        if distinct {
            for &p in &lonely {
                used[p] = true;
            }
            out.push(cycle_named(s, &gs, &waiters, &locks, &lonely, false));
        }
    }
    // Self-deadlocks, convoys, held and never-released locks.
    for li in 0..locks.len() {
        if used[li] {
            continue;
        }
        let lock = &locks[li];
        let w0 = &waiters[lock[0]];
        let goids: Vec<u64> = lock.iter().map(|&w| gs[waiters[w].g].goid).collect();
        let buckets: Vec<usize> = lock.iter().map(|&w| gs[waiters[w].g].bucket as usize).collect();
        let sites: Vec<FrameId> = lock.iter().map(|&w| waiters[w].site).collect();
        let n = lock.len();
        let what = w0.expr.clone().map(|e| format!("`{e}`")).unwrap_or_else(|| match w0.addr {
            Some(a) => format!("the lock at {a:#x}"),
            None => "the lock".into(),
        });
        let named = if self_held[li] && holder_of[li].is_none() {
            Named {
                mechanism: Mechanism::SelfDeadlock,
                confirmed: true,
                explanation: format!(
                    "Self-deadlock (double lock): goroutine {} waits for {what} at {}, which it already holds further up its stack (taken by a caller or earlier in the function). sync locks are not reentrant: release it before the call, or call a variant that expects the lock held.",
                    goids[0],
                    at(s, w0.site)
                ),
                goids,
                buckets,
                sites,
                holder: None,
            }
        } else if let Some((h, by_src)) = holder_of[li] {
            let hg = gs[h];
            let hinf = &info[hg.bucket as usize];
            let hsite = hinf.user_site;
            let mech = if n >= 3 { Mechanism::LockConvoy } else { Mechanism::HeldLock };
            let head = if n >= 3 {
                format!("Lock convoy: {n} goroutines queue on {what}")
            } else {
                format!("{n} goroutine(s) wait for {what}")
            };
            Named {
                mechanism: mech,
                confirmed: by_src || w0.addr.is_some(),
                explanation: format!(
                    "{head} at {}; goroutine {} holds it at {} while it waits ({}). Release the lock before blocking or slow work in the holder.",
                    at(s, w0.site),
                    hg.goid,
                    hsite.map(|f| at(s, f)).unwrap_or_else(|| "an unknown site".into()),
                    hinf.reason
                ),
                goids,
                buckets,
                sites,
                holder: Some((hg.goid, hsite)),
            }
        } else {
            Named {
                mechanism: Mechanism::LockNeverReleased,
                confirmed: w0.addr.is_some(),
                explanation: format!(
                    "{n} goroutine(s) wait for {what} at {}, and no goroutine in the dump holds it: a path returned (or a goroutine exited or panicked) without Unlock, or the lock is taken twice in one function. Look for a return between Lock and Unlock, or use defer Unlock.",
                    at(s, w0.site)
                ),
                goids,
                buckets,
                sites,
                holder: None,
            }
        };
        out.push(named);
    }

    // Nil channels, Cond waits and WaitGroup waits with nothing upstream.
    let blocked = blocked_per_package(s, info, keep);
    for (bi, b) in s.buckets.iter().enumerate() {
        let inf = &info[bi];
        if !keep(bi) {
            continue;
        }
        let Some(site) = inf.user_site else { continue };
        let pkg = package_of(t.func(site));
        let (mechanism, explanation) = match inf.block {
            Block::NilChan => (
                Mechanism::NilChannel,
                format!(
                    "{} goroutine(s) wait on a nil channel at {}: a channel variable or field that was never made (or was set to nil), or the Done() of a context that can never be cancelled (context.Background()). Nothing can ever complete it: make the channel before use, or derive the context with WithCancel/WithTimeout.",
                    b.count,
                    at(s, site)
                ),
            ),
            Block::Cond => (
                Mechanism::CondNeverSignalled,
                format!(
                    "{} goroutine(s) wait in Cond.Wait at {} and no goroutine is positioned to wake them: the state change that ends the wait was made without Signal/Broadcast, or the signal came before the wait (signalled without holding cond.L, or no predicate loop around Wait). Broadcast after every change to the predicate, with cond.L held, and wait in `for !predicate {{ Wait() }}`.",
                    b.count,
                    at(s, site)
                ),
            ),
            Block::WaitGroup if blocked.get(pkg).copied().unwrap_or(0) == 0 => (
                Mechanism::WaitGroupNeverDone,
                format!(
                    "{} goroutine(s) wait in WaitGroup.Wait at {} while no goroutine of {pkg} is blocked: the counted goroutines have returned without Done (an early return, an Add on a path that starts no goroutine) or loop forever (a ticker loop waiting on a context nobody cancels). Call Done with defer at the top of each counted goroutine, and Add only where the goroutine is started.",
                    b.count,
                    at(s, site)
                ),
            ),
            _ => continue,
        };
        out.push(Named {
            mechanism,
            goids: b.goids.clone(),
            buckets: vec![bi],
            sites: vec![site],
            holder: None,
            confirmed: mechanism == Mechanism::NilChannel,
            explanation,
        });
    }

    // Channels whose partner is gone.
    for (bi, b) in s.buckets.iter().enumerate() {
        let inf = &info[bi];
        // io.Pipe is a channel in disguise: its read and write wait in a select inside io.
        let pipe = b.frames.iter().any(|&f| t.func(f).starts_with("io.(*pipe)."));
        if !keep(bi) || !matches!(inf.block, Block::ChanSend | Block::ChanRecv | Block::Select) || !(inf.direct || pipe)
        {
            continue;
        }
        let Some(site) = inf.user_site else { continue };
        let pkg = package_of(t.func(site));
        // Goroutines of the package that could be the other side: the opposite operation or a
        // select (any channel wait, for a select).
        let could_partner = |b: Block| match inf.block {
            Block::ChanSend => matches!(b, Block::ChanRecv | Block::Select),
            Block::ChanRecv => matches!(b, Block::ChanSend | Block::Select),
            _ => matches!(b, Block::ChanSend | Block::ChanRecv | Block::Select),
        };
        // The goroutine's own parent, blocked on a channel, waits for it (its result or its
        // exit): downstream, not the other side.
        let partner_waits = s.buckets.iter().enumerate().any(|(j, other)| {
            j != bi
                && could_partner(info[j].block)
                && info[j].user_site.is_some_and(|f| package_of(t.func(f)) == pkg)
                && !other.goids.iter().any(|g| b.parents.contains(g))
        });
        if partner_waits {
            continue;
        }
        let (op, other) = match inf.block {
            Block::ChanSend => ("send", "receiver"),
            Block::ChanRecv => ("receive", "sender"),
            _ => ("select", "sender or closer of every case"),
        };
        let partner = match inf.block {
            Block::Select => None,
            b => src.as_deref_mut().and_then(|m| partner_site(m, t.file(site), t.line(site), b)),
        };
        let served = match &partner {
            Some((at, text)) => format!(" The {other} that should have served it is at {at} (`{text}`), and it is no longer waiting: it returned (timeout, error, early exit) without a matching {}.", if op == "send" { "receive" } else { "send or close" }),
            None => format!(" No goroutine of {pkg} waits on the other side: if the {other} has returned (timeout, error, early exit), they wait forever."),
        };
        out.push(Named {
            mechanism: Mechanism::PartnerlessChannel,
            goids: b.goids.clone(),
            buckets: vec![bi],
            sites: vec![site],
            holder: None,
            confirmed: partner.is_some(),
            explanation: format!(
                "Channel {op} with no partner in sight: {} goroutine(s) blocked at {}.{served} Give the channel a buffer of 1, close it on every exit path, or select on ctx.Done() in the blocked goroutine.",
                b.count,
                at(s, site)
            ),
        });
    }
    out
}

/// Per package, how many kept buckets with a user frame there are parked on a channel, lock
/// or Cond (WaitGroup waits not counted): a WaitGroup.Wait of a package where this is
/// non-zero waits for those goroutines, downstream of the real cause.
pub fn blocked_per_package<'s>(
    s: &'s Snapshot,
    info: &[BucketInfo],
    keep: &dyn Fn(usize) -> bool,
) -> rustc_hash::FxHashMap<&'s str, usize> {
    let t = &s.tables;
    let mut m = rustc_hash::FxHashMap::default();
    for (j, inf) in info.iter().enumerate() {
        if inf.block != Block::WaitGroup
            && matches!(inf.block.category(), Category::Channel | Category::Sync | Category::Lock)
            && keep(j)
        {
            if let Some(f) = inf.user_site {
                *m.entry(package_of(t.func(f))).or_insert(0) += 1;
            }
        }
    }
    m
}

fn cycle_named(
    s: &Snapshot,
    gs: &[&Goroutine],
    waiters: &[Waiter],
    locks: &[Vec<usize>],
    path: &[usize],
    confirmed: bool,
) -> Named {
    let ws: Vec<&Waiter> = path.iter().map(|&li| &waiters[locks[li][0]]).collect();
    let goids: Vec<u64> = ws.iter().map(|w| gs[w.g].goid).collect();
    let parts: Vec<String> = ws
        .iter()
        .map(|w| {
            let what = w
                .expr
                .clone()
                .map(|e| format!("`{e}`"))
                .or(w.addr.map(|a| format!("{a:#x}")))
                .unwrap_or("a lock".into());
            format!("goroutine {} waits for {what} at {}", gs[w.g].goid, at(s, w.site))
        })
        .collect();
    Named {
        mechanism: Mechanism::AbBaCycle,
        buckets: ws.iter().map(|w| gs[w.g].bucket as usize).collect(),
        sites: ws.iter().map(|w| w.site).collect(),
        holder: None,
        confirmed,
        explanation: format!(
            "{}lock-order (AB-BA) deadlock: {}; each holds the lock the other waits for. Take the locks in one order everywhere, or release one before taking the other.",
            if confirmed { "" } else { "Likely " },
            parts.join(", while ")
        ),
        goids,
    }
}

fn at(s: &Snapshot, f: FrameId) -> String {
    format!("{} ({})", short(s.tables.func(f)), s.tables.site(f))
}

/// The goroutine waiting in its frame `user` is already inside the same code or object further
/// out: the waiting function recurs (a `sync.Once` or helper re-entered through a call chain),
/// or a method of the same type runs on the same receiver (`(*Queue).IncAllocated(q)` ->
/// fmt -> `(*Queue).String(q)`). Such an outer frame is the likely holder of the lock the
/// inner one waits for.
fn reenters(t: &crate::intern::Tables, c: &Classifier, g: &Goroutine, user: usize) -> bool {
    let inner = t.func(g.frames[user]);
    let recv = g.args[user];
    let inner_type = method_type(inner);
    g.frames.iter().zip(g.args.iter()).skip(user + 1).any(|(&f, &a)| {
        let outer = t.func(f);
        c.origin(f) == Origin::User
            && (outer == inner
                || recv != NO_ARG && a == recv && inner_type.is_some() && method_type(outer) == inner_type)
    })
}

/// `pkg.(*T)` of a method `pkg.(*T).m`.
fn method_type(func: &str) -> Option<&str> {
    let i = func.find(").")?;
    func[..i].contains(".(").then(|| &func[..i + 1])
}

/// Two goroutines' user frames share an exact object argument.
fn shares_object(a: &Goroutine, b: &Goroutine, ua: usize, ub: usize) -> bool {
    a.args[ua..].iter().any(|&x| x != NO_ARG && b.args[ub..].contains(&x))
}

fn last_component(e: &str) -> &str {
    e.rsplit('.').next().unwrap_or(e)
}

/// `c.mu` and `s.mu` on receivers: the same field when only the receiver name differs.
fn same_field(a: &str, b: &str) -> bool {
    a.matches('.').count() == 1 && b.matches('.').count() == 1 && last_component(a) == last_component(b)
}

/// The receiver expression of the first `X.Lock()` / `X.RLock()` on a line.
fn lock_expr_at(m: &mut SourceMap, file: &str, line: u32) -> Option<String> {
    let lines = m.file_lines(file)?;
    let text = lines.get((line as usize).checked_sub(1)?)?;
    lock_calls(text).into_iter().find(|(_, op)| *op == "Lock" || *op == "RLock").map(|(e, _)| e)
}

/// `(receiver, method)` of every `.Lock()`, `.RLock()`, `.Unlock()`, `.RUnlock()` call.
fn lock_calls(text: &str) -> Vec<(String, &'static str)> {
    let code = text.split("//").next().unwrap_or(text);
    let mut v = Vec::new();
    for op in ["RUnlock", "Unlock", "RLock", "Lock"] {
        let pat = format!(".{op}()");
        let mut from = 0;
        while let Some(i) = code[from..].find(&pat) {
            let end = from + i;
            let start = code[..end]
                .rfind(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '.' || ch == '[' || ch == ']'))
                .map_or(0, |j| j + 1);
            let recv = &code[start..end];
            // `.Lock()` cannot match inside `.RLock()`: the byte before `Lock` is `R`.
            if !recv.is_empty() {
                let op: &'static str = match op {
                    "RUnlock" => "RUnlock",
                    "Unlock" => "Unlock",
                    "RLock" => "RLock",
                    _ => "Lock",
                };
                v.push((recv.to_string(), op));
            }
            from = end + pat.len();
        }
    }
    v
}

fn indent(l: &str) -> usize {
    l.len() - l.trim_start().len()
}

/// The lines of the function around `line` (1-based), from its `func` line to `line`
/// (exclusive): the nearest enclosing line that opens a function (top-level `func`, or a
/// less indented line with a function literal ending in `{`).
fn function_before(lines: &[String], line: usize) -> Option<(usize, usize)> {
    let i = line.checked_sub(1)?;
    let body_indent = indent(lines.get(i)?);
    for j in (0..i).rev() {
        let l = &lines[j];
        let opens = l.trim_end().ends_with('{') && (l.starts_with("func ") || l.contains("func("));
        if opens && (indent(l) < body_indent || l.starts_with("func ")) {
            return Some((j, i));
        }
    }
    None
}

/// Locks held at `line` by the function containing it: taken before the line and not
/// released on the straight path (a `defer` keeps the lock; an unlock nested deeper than both
/// the lock and the line is an early-return path). The line's own lock call is the one being
/// waited for and does not count.
fn held_at(m: &mut SourceMap, file: &str, line: u32) -> Vec<String> {
    if let Some(facts) = m.model_line(file, line) {
        return facts.map(|f| f.held.clone()).unwrap_or_default();
    }
    // The model could not analyse this file: read the text.
    let Some(lines) = m.file_lines(file) else { return Vec::new() };
    let Some((start, end)) = function_before(lines, line as usize) else { return Vec::new() };
    let line_indent = lines.get(end).map_or(0, |l| indent(l));
    let mut held: Vec<(String, usize)> = Vec::new();
    for l in &lines[start + 1..end] {
        let deferred = l.trim_start().starts_with("defer ");
        for (recv, op) in lock_calls(l) {
            match op {
                "Lock" | "RLock" => held.push((recv, indent(l))),
                _ if deferred => {}
                _ => {
                    if let Some(k) =
                        held.iter().rposition(|(r, ind)| *r == recv && !(indent(l) > *ind && indent(l) > line_indent))
                    {
                        held.remove(k);
                    }
                }
            }
        }
    }
    held.into_iter().map(|(r, _)| r).collect()
}

/// Where the other side of the channel operation at `line` is, in the same file: the first
/// receive (`<-ch`, `range ch`) for a send, or send for a receive, of the same channel.
fn partner_site(m: &mut SourceMap, file: &str, line: u32, block: Block) -> Option<(String, String)> {
    let own = m.resolve(file).map(|p| m.relative(&p));
    if let Some(facts) = m.model_line(file, line) {
        let facts = facts?;
        let (path, at, text) = facts.partners.iter().find(|(p, l, _)| !(Some(p) == own.as_ref() && *l == line))?;
        let loc = if Some(path) == own.as_ref() { format!("line {at}") } else { format!("{path}:{at}") };
        return Some((loc, text.clone()));
    }
    let lines = m.file_lines(file)?;
    let text = lines.get((line as usize).checked_sub(1)?)?.trim();
    let ch = if block == Block::ChanSend {
        text.split("<-").next()?.trim().to_string()
    } else {
        let after = text.split("<-").nth(1).or_else(|| text.split("range ").nth(1))?;
        after
            .trim()
            .trim_end_matches(['{', ' '])
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .next()?
            .to_string()
    };
    if ch.is_empty() || ch.contains(' ') {
        return None;
    }
    let (recv_pat, range_pat, send_pat) = (format!("<-{ch}"), format!("range {ch}"), format!("{ch} <-"));
    lines.iter().enumerate().find_map(|(i, l)| {
        if i + 1 == line as usize {
            return None;
        }
        let found = if block == Block::ChanSend {
            l.contains(&recv_pat) || l.contains(&range_pat)
        } else {
            l.contains(&send_pat) || l.contains(&format!("close({ch})"))
        };
        found.then(|| (format!("line {}", i + 1), l.trim().to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::ModelLine;

    #[test]
    fn lock_calls_on_a_line() {
        assert_eq!(lock_calls("\tc.mu.Lock()"), [("c.mu".to_string(), "Lock")]);
        assert_eq!(lock_calls("\tdefer s.rw.RUnlock()"), [("s.rw".to_string(), "RUnlock")]);
        assert_eq!(lock_calls("\tmuA.RLock() // not muB.Lock()"), [("muA".to_string(), "RLock")]);
        assert!(lock_calls("x := 1").is_empty());
    }

    #[test]
    fn held_locks_in_a_function() {
        let dir = std::env::temp_dir().join(format!("gotraps-mech-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let src = "package p\n\nfunc (s *S) Put() {\n\ts.mu.Lock()\n\tif s.x {\n\t\ts.mu.Unlock()\n\t\treturn\n\t}\n\ts.evict()\n\ts.mu.Unlock()\n}\n\nfunc f() {\n\tmuA.Lock()\n\tdefer muA.Unlock()\n\tmuB.Lock()\n\tmuB.Unlock()\n\tg()\n}\n";
        std::fs::write(dir.join("p.go"), src).unwrap();
        let mut m = SourceMap::new(&dir);
        assert_eq!(held_at(&mut m, "/x/p.go", 9), ["s.mu"]);
        assert_eq!(held_at(&mut m, "/x/p.go", 18), ["muA"]);
        assert!(held_at(&mut m, "/x/p.go", 4).is_empty());

        // Once the model has analysed the file, its facts answer, also where the text
        // scan would say otherwise (a lock taken in a helper, a lock the scan sees held).
        let facts = vec![
            ModelLine { line: 9, held: vec!["s.mu".into(), "s.store.mu".into()], partners: Vec::new() },
            ModelLine { line: 16, held: Vec::new(), partners: vec![("q.go".into(), 7, "<-s.ch".into())] },
        ];
        m.add_model_facts(&dir.join("p.go"), facts);
        assert_eq!(held_at(&mut m, "/x/p.go", 9), ["s.mu", "s.store.mu"]);
        assert!(held_at(&mut m, "/x/p.go", 18).is_empty(), "no fact at the line: nothing held");
        assert_eq!(
            partner_site(&mut m, "/x/p.go", 16, Block::ChanSend),
            Some(("q.go:7".to_string(), "<-s.ch".to_string()))
        );
        assert_eq!(partner_site(&mut m, "/x/p.go", 18, Block::ChanSend), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
